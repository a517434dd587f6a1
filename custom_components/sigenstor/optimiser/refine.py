"""Refine a DP path on a finer grid in a narrow corridor around it (local DP, vectorised).

The coarse DP resolves power only to one cell per step (0.05 kWh is about 0.6 kW at 5 minutes),
so following the house exactly is impossible on it. Around the coarse path we place 2W+1 points
per step spaced delta/m apart; a move's cost then depends only on the offset difference, so one
(T, 4W+1) cost table serves the whole corridor. Each pass keeps the current path as a candidate
(offset 0 everywhere), so refining never makes the plan worse; with convex step costs repeated
passes settle on the fine grid's optimum.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
from numpy.lib.stride_tricks import as_strided
from numpy.typing import NDArray

from . import dp
from .model import FloatArray

HALF_WIDTH = 10  # corridor points either side of the path
SCHEDULE = (2.0, 8.0, 32.0)  # fine spacing per pass: delta divided by these
RECENTRE = 1  # passes per spacing at most (while the path runs along the corridor's edge)


@dataclass(frozen=True, slots=True)
class Corridor:
    """Where the refined states may lie: the storage limits and the penalised band."""

    lo: float
    hi: float
    band: tuple[float, float]
    end_value: float


def refine(
    s: dp.StepInputs, ph: dp.Physics, energy: FloatArray, delta: float, box: Corridor
) -> tuple[FloatArray, float]:
    """Improved path (T+1,) and its objective; energy[0] (the exact start) is kept."""
    path = energy.copy()
    best = _objective(s, ph, path, box)
    for div in SCHEDULE:
        fine = delta / div
        for _ in range(RECENTRE):
            new, obj, edge = _pass(s, ph, path, fine, box)
            if obj >= best - 1e-12:
                break
            path, best = new, obj
            if not edge:
                break
    return path, best


def _objective(s: dp.StepInputs, ph: dp.Physics, path: FloatArray, box: Corridor) -> float:
    """What the DP minimises along a path: step objectives, band penalties, end credit."""
    cost = float(dp.settle(np.diff(path), s, ph).objective.sum())
    return cost + float(_penalty(path[1:], box) @ s.dt) - box.end_value * float(path[-1])


def _penalty(e: FloatArray, box: Corridor) -> FloatArray:
    """Out-of-band penalty per hour at each energy (zero inside the band)."""
    outside = np.maximum(box.band[0] - e, 0.0) + np.maximum(e - box.band[1], 0.0)
    return np.asarray(dp.OUT_OF_BAND_PENALTY * outside, dtype=np.float64)


def _pass(
    s: dp.StepInputs, ph: dp.Physics, centre: FloatArray, fine: float, box: Corridor
) -> tuple[FloatArray, float, bool]:
    """One corridor DP around centre; returns the path, its objective and whether it hit an edge."""
    w = HALF_WIDTH
    n_steps = s.dt.shape[0]
    off = fine * np.arange(-w, w + 1)
    pts = centre[:, None] + off[None, :]  # (T+1, 2W+1)
    # Only the exact start at t=0; energies outside the storage limits are unreachable.
    bad = (pts < box.lo - 1e-9) | (pts > box.hi + 1e-9)
    bad[0] = True
    bad[0, w] = False
    rel = fine * np.arange(-2 * w, 2 * w + 1)
    moves = np.diff(centre)[:, None] + rel[None, :]  # (T, 4W+1)
    cost = dp.settle(moves, s, ph).objective
    cost = np.ascontiguousarray(cost)
    st_t, st_k = cost.strides
    # table[t, j, j'] = cost[t, j' - j + 2W]: a zero-copy view (negative stride over j).
    size = 2 * w + 1
    table = as_strided(cost[:, 2 * w :], shape=(n_steps, size, size), strides=(st_t, -st_k, st_k))
    pen = _penalty(pts, box)
    state = np.where(bad, np.inf, 0.0)
    state[1:] += pen[1:] * s.dt[:, None]
    state[-1] -= box.end_value * pts[-1]
    value = state[-1]
    rows = np.arange(2 * w + 1)
    # Rows that add nothing are skipped, and the moves kept in a list: this loop runs per step.
    penalised = cast(list[bool], np.any(state != 0, axis=1).tolist())
    policy: list[NDArray[np.intp]] = [rows] * n_steps
    total = np.empty((2 * w + 1, 2 * w + 1))
    for t in range(n_steps - 1, -1, -1):
        np.add(table[t], value, out=total)
        best = total.argmin(axis=1)
        policy[t] = best
        value = total[rows, best]
        if penalised[t]:
            value += state[t]
    obj = float(value[w])
    j = [w] * (n_steps + 1)
    for t in range(n_steps):
        j[t + 1] = int(policy[t][j[t]])
    path = pts[np.arange(n_steps + 1), j]
    return path, obj, 0 in j[1:] or 2 * w in j[1:]
