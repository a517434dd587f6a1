"""The price-scenario probe: its stochastic DP against brute force, and a short replay."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

pytest.importorskip("scipy")

from benchmarks import price_scenarios as ps
from benchmarks._forecasts import BLENDED, FloatArray
from benchmarks.optimiser import KNOWN_STEPS
from custom_components.sigenstor.optimiser.dp import Physics

from .test_benchmark_pipeline import _write_data

PH = Physics(eta_c=1.0, eta_d=1.0, p_charge=2.0, p_discharge=2.0, wear=0.0, curtailable=True)


def _brute(cost: FloatArray, w: FloatArray, g: ps.Grid, terminal: FloatArray) -> FloatArray:
    """V_1 by plain recursion over cells: the mean over scenarios of the best move."""
    n, steps = g.energy.size, cost.shape[1]

    def value(t: int, i: int) -> float:
        if t == steps:
            return float(terminal[i])
        total = 0.0
        for j in range(cost.shape[0]):
            best = min(
                (cost[j, t, m] + value(t + 1, i + int(k)) for m, k in enumerate(g.moves)
                 if 0 <= i + k < n),
                default=np.inf,
            )  # fmt: skip
            total += w[j] * best
        return total

    return np.array([value(1, i) for i in range(n)])


def test_grid_moves_stay_within_power() -> None:
    g = ps.make_grid(0.0, 4.0, 0.5, PH, 0.5)
    assert g.energy.tolist() == pytest.approx([0.5 * i for i in range(9)])
    assert g.moves.tolist() == [-2, -1, 0, 1, 2]  # 2 kW for half an hour is 1 kWh = 2 cells
    assert g.d_e.tolist() == pytest.approx([-1.0, -0.5, 0.0, 0.5, 1.0])


def test_stochastic_value_matches_brute_force() -> None:
    rng = np.random.default_rng(7)
    g = ps.make_grid(0.0, 3.0, 0.5, PH, 0.5)
    cost = rng.normal(size=(3, 4, g.moves.size))
    w = np.array([0.5, 0.3, 0.2])
    terminal = -0.4 * g.energy
    assert ps.value_after_first(cost, w, g, terminal) == pytest.approx(_brute(cost, w, g, terminal))


def test_a_possible_spike_is_worth_holding_charge_for() -> None:
    """Selling now at 30c loses to keeping 1 kWh for a 1-in-4 chance of $2 (expected 50c)."""
    g = ps.make_grid(0.0, 1.0, 1.0, PH, 0.5)  # cells 0 and 1 kWh; moves -1..+1 cell
    sell_now = -0.30 * g.d_e.clip(max=0.0) * -1.0  # revenue is a negative cost
    later = np.stack([-2.0 * -g.d_e.clip(max=0.0), np.zeros(g.moves.size)])[:, None, :]
    cost = np.concatenate([np.repeat(sell_now[None, None, :], 2, axis=0), later], axis=1)
    cost = np.where(g.d_e > 0, 1.0, cost)  # buying costs too much in this test
    w = np.array([0.25, 0.75])
    v1 = ps.value_after_first(cost, w, g, np.zeros(2))
    assert v1.tolist() == pytest.approx([0.0, -0.5])
    assert ps.decide(1.0, cost[0, 0], v1, g) == 0.0  # hold
    w_rare = np.array([0.1, 0.9])  # expected 20c: selling now at 30c is better
    v1 = ps.value_after_first(cost, w_rare, g, np.zeros(2))
    assert ps.decide(1.0, cost[0, 0], v1, g) == pytest.approx(-1.0)


@pytest.mark.parametrize("mode", ["oracle", "excess"])
def test_short_replay_prints_its_share(
    mode: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_data(tmp_path)
    args = ["--data", str(tmp_path), "--year", "2023", "--mode", mode, "--limit", "192"]
    assert ps.main([*args, "--days", "7", "--cell", "0.5"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["steps"] == 192
    assert result["mode"] == mode
    # The LP bound is never beaten; on these repeating days both plans come close to it.
    assert 0.8 <= result["pf_share"] <= 1.0 + 1e-6


def test_scenarios_read_only_the_past_and_keep_the_known_hour() -> None:
    rrp = np.concatenate([np.full(48 * 3, 50.0), np.full(48 * 3, 5000.0)])
    fc = SimpleNamespace(h=96, cfg=BLENDED, level=np.full(rrp.size, 50.0), rrp=rrp)
    f = np.full(96, 60.0)
    t = 48 * 3  # the first 5000 step; history before it is all 50
    sc, w = ps.scenarios(fc, f, t, "excess", 3)  # type: ignore[arg-type]
    assert sc.shape == (3, 96)
    assert w.sum() == pytest.approx(1.0)
    assert sc[:, :KNOWN_STEPS].tolist() == [[5000.0] * KNOWN_STEPS] * 3  # the known hour is actual
    assert sc[:, KNOWN_STEPS:].tolist() == [[60.0] * (96 - KNOWN_STEPS)] * 3  # no past spike
    point, _ = ps.scenarios(fc, f, t, "point", 3)  # type: ignore[arg-type]
    assert point.shape == (1, 96)
