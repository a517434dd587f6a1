"""Dynamic programme over a uniform grid of stored energy (vectorised numpy).

State: stored energy E (kWh, storage side) on grid points lo + i*delta. Action: move by k cells in
one step, i.e. store k*delta kWh (k > 0 charges, k < 0 discharges). Because a step's cost depends
only on the move k (not on where the battery starts), each backward step is a min-plus
convolution of the next value function with one cost row: a strided (K, N) view plus a min over K.
One battery power per step means charging and discharging at once is impossible by construction;
one net grid flow per step means importing and exporting at once is impossible too.
"""

from __future__ import annotations

from dataclasses import dataclass
import math

import numpy as np
from numpy.lib.stride_tricks import as_strided
from numpy.typing import NDArray

from .model import FloatArray

TIE_CURTAIL = 1e-5  # $/kWh
TIE_CYCLE = 1e-6  # $/kWh
# Cells x moves x steps of one DP solve at most (twice a 16 kWh / 5 kW battery's 576 5-minute
# steps at 0.1 kWh): a larger or stronger battery gets coarser cells, the refinement does the rest.
WORK_BUDGET = 2_000_000
OUT_OF_BAND_PENALTY = 100.0  # $/kWh per hour outside floor..ceiling (only when starting there)


@dataclass(frozen=True, slots=True)
class StepInputs:
    """Per-step arrays, shape (T,), in kW, hours and $/kWh."""

    dt: FloatArray
    load: FloatArray
    pv: FloatArray
    buy: FloatArray
    sell: FloatArray
    import_lim: FloatArray
    export_lim: FloatArray


@dataclass(frozen=True, slots=True)
class Physics:
    """Battery constants the cost function needs."""

    eta_c: float
    eta_d: float
    p_charge: float
    p_discharge: float
    wear: float
    curtailable: bool


@dataclass(frozen=True, slots=True)
class Flows:
    """Result of settling a storage move: cost and the AC flows that realise it."""

    cost: FloatArray
    battery_kw: FloatArray
    grid_kw: FloatArray
    curtailed_kw: FloatArray
    objective: FloatArray  # cost plus tiny tie-break terms; what the DP minimises


def _col(a: FloatArray, shape_ndim: int) -> FloatArray:
    """Reshape a (T,) array so it broadcasts against (T, K) moves."""
    return a.reshape(a.shape + (1,) * (shape_ndim - 1))


def settle(d_e: FloatArray, s: StepInputs, ph: Physics) -> Flows:
    """Cheapest way to realise storage change d_e (kWh) in each step; inf where impossible.

    d_e has shape (T,) or (T, K). PV may be curtailed to any level when allowed, so the grid flow
    g can be anywhere in [net, net + pv] within the grid limits; the cost of g is piecewise
    linear, so its minimum over that interval is at an end or at zero.
    """
    nd = d_e.ndim
    dt, load, pv = _col(s.dt, nd), _col(s.load, nd), _col(s.pv, nd)
    buy, sell = _col(s.buy, nd), _col(s.sell, nd)
    imp, exp = _col(s.import_lim, nd), _col(s.export_lim, nd)
    batt = np.where(d_e >= 0, d_e / (ph.eta_c * dt), d_e * ph.eta_d / dt)
    net = load - pv + batt
    lo = np.maximum(net, -exp)
    hi = np.minimum(net + pv, imp) if ph.curtailable else np.minimum(net, imp)
    feasible = lo <= hi + 1e-9
    hi = np.maximum(hi, lo)
    zero = np.clip(0.0, lo, hi)

    def price(g: FloatArray) -> FloatArray:
        return np.asarray(dt * np.where(g > 0, buy * g, sell * g), dtype=np.float64)

    # Prefer the least curtailment on ties: try lo first, move only when strictly cheaper.
    g, c = lo, price(lo)
    cz = price(zero)
    g = np.where(cz < c - 1e-12, zero, g)
    c = np.minimum(c, cz)
    ch = price(hi)
    g = np.where(ch < c - 1e-12, hi, g)
    c = np.minimum(c, ch)
    ok = feasible & (batt <= ph.p_charge + 1e-9) & (batt >= -ph.p_discharge - 1e-9)
    cost = np.where(ok, c + ph.wear * np.abs(batt) * dt, np.inf)
    curtailed = g - net
    # Tie-breaks worth far less than a cent a year: use PV before curtailing it, and do not move
    # energy through the battery for nothing.
    objective = cost + (TIE_CURTAIL * curtailed + TIE_CYCLE * np.abs(batt)) * dt
    return Flows(cost=cost, battery_kw=batt, grid_kw=g, curtailed_kw=curtailed, objective=objective)


def move_limits(dt: FloatArray, ph: Physics) -> tuple[FloatArray, FloatArray]:
    """Largest storage gain and loss (kWh) per step at full power."""
    gain = np.asarray(ph.p_charge * dt * ph.eta_c, dtype=np.float64)
    return gain, np.asarray(ph.p_discharge * dt / ph.eta_d, dtype=np.float64)


def choose_cells(span: float, dt: FloatArray, ph: Physics, target_kwh: float) -> int:
    """Number of grid cells: about span/target, tuned so full-power moves land on the grid.

    The loss from the grid is the fraction of a full-power move that does not fit a whole number
    of cells; discharge (usually the valuable move) counts double. Step lengths are weighted by
    how often they occur in the horizon.
    """
    if span <= 0:
        return 1
    lc, ld = move_limits(dt, ph)
    lengths, counts = np.unique(np.round(dt, 6), return_counts=True)
    weights = counts / counts.sum()
    lc_u = np.array([lc[np.round(dt, 6) == v][0] for v in lengths])
    ld_u = np.array([ld[np.round(dt, 6) == v][0] for v in lengths])
    smallest = float(min(lc_u.min(initial=math.inf), ld_u.min(initial=math.inf)))
    n0 = max(8, round(span / target_kwh))
    if smallest > 0:
        floor = math.ceil(4 * span / smallest)  # at least 4 cells per full-power move
        budget = _within_budget(span, lc_u, ld_u, counts.astype(np.float64), (floor, n0))
        n0 = max(min(n0, budget), floor)
    cand = np.arange(max(1, int(n0 * 0.85)), int(n0 * 1.15) + 2)
    delta = span / cand[:, None]

    def loss(lim: FloatArray) -> NDArray[np.float64]:
        if not np.all(lim > 0):
            return np.zeros(cand.shape)
        ratio = lim[None, :] / delta
        frac = ratio - np.floor(ratio + 1e-9)
        return np.asarray((frac / ratio) @ weights, dtype=np.float64)

    score = 2 * loss(ld_u) + loss(lc_u) + 1e-4 * cand / n0  # mild preference for fewer cells
    return int(cand[int(np.argmin(score))])


def _within_budget(
    span: float, lc: FloatArray, ld: FloatArray, counts: FloatArray, cells: tuple[int, int]
) -> int:
    """Most cells in the range given whose DP work (steps x cells x moves) stays within WORK_BUDGET.

    lc, ld are the full-power moves of each distinct step length, counts how often it occurs.
    """
    n = np.arange(cells[0], cells[1] + 1)
    moves = np.floor(np.outer(n / span, lc)) + np.floor(np.outer(n / span, ld)) + 3
    work = n * (moves @ counts)
    ok = np.flatnonzero(work <= WORK_BUDGET)
    return int(n[ok[-1]]) if ok.size else cells[0]


@dataclass(frozen=True, slots=True)
class DPResult:
    """Optimal grid path from the starting energy."""

    energy: FloatArray  # (T+1,) stored kWh along the plan
    objective: float  # cost + penalties - terminal value along the path


def solve(
    s: StepInputs,
    ph: Physics,
    *,
    e_now: float,
    lo: float,
    hi: float,
    band: tuple[float, float],
    cells: int,
    end_value: float,
    offsets: FloatArray | None = None,
) -> DPResult | None:
    """Backward induction then forward read-out; None when no feasible path exists.

    offsets (T+1,) shift the grid at each time (state i at time t is lo + i*delta + offsets[t]);
    a move's cost still depends only on the cell move, so the convolution is unchanged.
    """
    n_steps = s.dt.shape[0]
    n = cells + 1
    delta = (hi - lo) / cells if cells > 0 else 0.0
    grid = lo + delta * np.arange(n)
    off = np.zeros(n_steps + 1) if offsets is None else offsets
    extra = 0 if offsets is None else 1  # an offset step can need one more cell either way
    lc, ld = move_limits(s.dt, ph)
    if delta > 0:
        kc = np.minimum(np.floor(lc / delta + 1e-9).astype(np.int64) + extra, cells)
        kd = np.minimum(np.floor(ld / delta + 1e-9).astype(np.int64) + extra, cells)
    else:
        kc = kd = np.zeros(n_steps, dtype=np.int64)
    kc_max, kd_max = int(kc.max()), int(kd.max())
    shifts = np.arange(-kd_max, kc_max + 1)
    moves = shifts[None, :] * delta + np.diff(off)[:, None]
    cost = settle(np.ascontiguousarray(moves), s, ph).objective
    state_cost, any_state_cost = _state_cost(grid, off, s.dt, lo=lo, hi=hi, band=band)
    width = kd_max + kc_max + 1
    # vpad[t, kd_max + i] is the value of state i at time t; inf either side stands for the moves
    # that leave the grid. win[t, m, i] = vpad[t, m + i] is a zero-copy (moves, cells) view, so a
    # step's min-plus convolution is one broadcast add and one min over the leading axis.
    vpad: FloatArray = np.full((n_steps + 1, n + width - 1), np.inf)
    vpad[-1, kd_max : kd_max + n] = -end_value * (grid + off[-1]) + state_cost[-1]
    st_t, st = vpad.strides
    win = as_strided(vpad, shape=(n_steps + 1, width, n), strides=(st_t, st, st))
    # Per-time views listed once: indexing a Python list is far cheaper than a numpy index.
    rows, cost_rows = list(vpad), list(cost)
    values = list(vpad[:, kd_max : kd_max + n])
    bounds = [(kd_max - a, kd_max + b + 1) for a, b in zip(kd.tolist(), kc.tolist(), strict=True)]
    if len(set(bounds)) == 1:  # one move range (the usual case): slice once, not per step
        m0, m1 = bounds[0]
        wins, cols = list(win[1:, m0:m1]), list(cost[:, m0:m1, None])
    else:
        wins = [win[t + 1, a:b] for t, (a, b) in enumerate(bounds)]
        cols = [cost[t, a:b, None] for t, (a, b) in enumerate(bounds)]
    states = list(state_cost)
    least = np.minimum.reduce
    for t in range(n_steps - 1, 0, -1):
        least(wins[t] + cols[t], 0, None, values[t])
        if any_state_cost:
            values[t] += states[t]
    value = values[1]
    after = values[min(2, n_steps)]  # value at the start of step 2

    def follow(path: list[int], t0: int) -> None:
        """Read the optimal moves forward from path[t0] (argmin of the same sums as above)."""
        for t in range(t0, n_steps):
            m0, m1 = bounds[t]
            i = path[t]
            k = int((rows[t + 1][m0 + i : m1 + i] + cost_rows[t][m0:m1]).argmin())
            path[t + 1] = i + k + m0 - kd_max

    # First step from the exact current energy to every grid point (continuous move).
    first = settle((grid + off[1] - e_now)[None, :], _row(s, 0), ph).objective[0]
    total0 = first + value
    j = int(np.argmin(total0))
    best = float(total0[j])
    if not math.isfinite(best):
        return None
    path = [0] * (n_steps + 1)
    path[1] = j
    follow(path, 1)
    energy = grid[path] + off
    energy[0] = e_now
    nxt = grid + off[min(2, n_steps)]
    first_off = _off_grid_first(
        s, ph, e_now=e_now, grid=nxt, band=band, after=after, end_value=end_value
    )
    if first_off is not None and first_off[0] < best - 1e-12:
        best, x1, j2 = first_off
        energy[1] = x1
        if n_steps > 1:
            path[2] = j2
            follow(path, 2)
            energy[2:] = grid[path[2:]] + off[2:]
    return DPResult(energy=energy, objective=best)


def _state_cost(
    grid: FloatArray,
    off: FloatArray,
    dt: FloatArray,
    *,
    lo: float,
    hi: float,
    band: tuple[float, float],
) -> tuple[FloatArray, bool]:
    """Band penalty (inf beyond the storage limits) per time and state, and whether any is set.

    Only the cells that some offset moves out of the band can be penalised, so only those edge
    columns are computed; the rest stay zero.
    """
    cost = np.zeros((off.shape[0], grid.shape[0]))
    c0 = int(np.searchsorted(grid + off.min(), band[0] - 1e-9))
    c1 = max(c0, int(np.searchsorted(grid + off.max(), band[1] + 1e-9, side="right")))
    weight = np.append(dt, dt[-1])[:, None]  # ending outside the band counts too
    for cols in (slice(0, c0), slice(c1, None)):
        states = grid[None, cols] + off[:, None]
        outside = np.maximum(band[0] - states, 0) + np.maximum(states - band[1], 0)
        bad = (states < lo - 1e-9) | (states > hi + 1e-9)
        cost[:, cols] = np.where(bad, np.inf, OUT_OF_BAND_PENALTY * outside) * weight
    edges = np.concatenate((cost[1:-1, :c0], cost[1:-1, c1:]), axis=1)
    return cost, bool(np.any(edges != 0))


def follow_offsets(
    s: StepInputs, ph: Physics, *, e_now: float, lo: float, delta: float, band: tuple[float, float]
) -> FloatArray:
    """Grid offsets that put the self-consumption path (follow the house) exactly on the grid."""
    lc, ld = move_limits(s.dt, ph)
    surplus = s.pv - s.load
    gain = np.where(surplus >= 0, surplus * ph.eta_c * s.dt, surplus * s.dt / ph.eta_d)
    follow = [float(x) for x in np.clip(gain, -ld, lc)]
    path = [e_now]
    e = e_now
    low, high = min(band[0], e_now), max(band[1], e_now)
    for f in follow:  # scalar loop: a clipped running sum (the battery fills and empties)
        e = min(max(e + f, low), high)
        low, high = max(low, min(e, band[0])), min(high, max(e, band[1]))
        path.append(e)
    return np.asarray((np.asarray(path) - lo) % delta, dtype=np.float64)


def _off_grid_first(
    s: StepInputs,
    ph: Physics,
    *,
    e_now: float,
    grid: FloatArray,
    band: tuple[float, float],
    after: FloatArray,
    end_value: float,
) -> tuple[float, float, int] | None:
    """Best first move that leaves the grid: follow the house exactly, full power, or hold.

    Moves that follow the net load exactly are the commonest optimum and rarely land on a grid
    point; each candidate is valued exactly (its step-1 move back to the grid plus the value
    after), so the plan can only improve on the all-grid path and the error bound still holds.
    """
    dt = float(s.dt[0])
    lc, ld = ph.p_charge * dt * ph.eta_c, ph.p_discharge * dt / ph.eta_d
    surplus = float(s.pv[0] - s.load[0])
    follow = surplus * ph.eta_c * dt if surplus >= 0 else surplus * dt / ph.eta_d
    moves = np.array([min(max(follow, -ld), lc), lc, -ld, 0.0])
    x1 = e_now + moves
    x1 = x1[(x1 >= band[0] - 1e-9) & (x1 <= band[1] + 1e-9)]
    if x1.size == 0:
        return None
    c0 = settle((x1 - e_now)[None, :], _row(s, 0), ph).objective[0]
    if s.dt.shape[0] == 1:
        totals = c0 - end_value * x1  # x1 lies in the band: no penalty
        k = int(np.argmin(totals))
        return float(totals[k]), float(x1[k]), 0
    row = _row(s, 1)
    cont = settle((grid[None, :] - x1[:, None])[None], row, ph).objective[0] + after[None, :]
    j = np.argmin(cont, axis=1)
    totals = c0 + cont[np.arange(x1.size), j]
    k = int(np.argmin(totals))
    if not math.isfinite(float(totals[k])):
        return None
    return float(totals[k]), float(x1[k]), int(j[k])


def _row(s: StepInputs, t: int) -> StepInputs:
    """The inputs of step t alone, as length-1 arrays."""
    sl = slice(t, t + 1)
    return StepInputs(
        dt=s.dt[sl],
        load=s.load[sl],
        pv=s.pv[sl],
        buy=s.buy[sl],
        sell=s.sell[sl],
        import_lim=s.import_lim[sl],
        export_lim=s.export_lim[sl],
    )
