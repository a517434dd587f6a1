"""At 576 distinct 5-minute steps the planner keeps nearly all of the LP's battery value."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
import pytest

from custom_components.sigenstor.optimiser import Battery, Site, dp

pytest.importorskip("scipy")

from benchmarks._fine import Case, distinct_case, dp_vs_lp, value_shares


def _day_cases(seed: int, n: int) -> list[Case]:
    """Random 48 h horizons with a QLD-like shape: cheap sunny middays, dear evenings."""
    rng = np.random.default_rng(seed)
    hours = (np.arange(96) % 48) / 2
    sun = np.clip(np.sin(np.pi * (hours - 6) / 12), 0, None)
    cases = []
    for _ in range(n):
        evening = (hours >= 16) & (hours < 21)
        spot = (
            rng.uniform(0.02, 0.15)
            - 0.1 * sun * rng.uniform(0, 1)
            + evening * rng.uniform(0.05, 0.6)
        )
        buy = 1.1 * (1.06 * spot + np.where(evening, 0.19, 0.05) + 0.035)
        sell = spot - 0.005
        load = rng.uniform(0.2, 1.0) + evening * rng.uniform(0.5, 2.5) + rng.uniform(0, 0.5, 96)
        pv = rng.uniform(4, 10) * sun
        cases.append(distinct_case(rng, buy, sell, load, pv))
    return cases


@pytest.mark.parametrize(("cap", "power"), [(16.0, 5.0), (10.0, 3.0), (32.0, 10.0)])
def test_planner_keeps_995_of_the_lp_value(cap: float, power: float) -> None:
    bat = Battery(cap, 0.05, 0.98, power, power, 0.95, 0.95)
    site = Site(export_limit_kw=10.0)
    cases = _day_cases(int(cap), 4)
    for case in cases:
        dp_value, lp_value = value_shares(case, bat, site)
        assert lp_value > 0
        assert dp_value <= lp_value + 1e-6  # the LP is the exact continuous optimum here
    assert dp_vs_lp(cases, bat, site) >= 0.995


def _work(span: float, cells: int, dt: NDArray[np.float64], ph: dp.Physics) -> float:
    """Cells x moves x steps of one DP solve (the aligned grid adds a move either way)."""
    lc, ld = dp.move_limits(dt, ph)
    moves = np.floor(lc * cells / span) + np.floor(ld * cells / span) + 3
    return float(cells * moves.sum())


@pytest.mark.parametrize(("cap", "power"), [(16.0, 5.0), (32.0, 10.0), (32.0, 5.0)])
def test_cells_keep_the_dp_work_bounded(cap: float, power: float) -> None:
    ph = dp.Physics(0.95, 0.95, power, power, 0.0, True)
    span = 0.93 * cap
    dt = np.full(576, 1 / 12)
    cells = dp.choose_cells(span, dt, ph, 0.1)
    smallest = float(min(x.min() for x in dp.move_limits(dt, ph)))
    floor = 4 * span / smallest  # cells for 4 per full-power move, the least allowed
    assert cells >= 0.85 * floor
    # The budget binds unless the floor does (the count is tuned within 15 % of either).
    assert _work(span, cells, dt, ph) <= 1.15 * dp.WORK_BUDGET or cells <= 1.15 * floor
    if _work(span, round(span / 0.1), dt, ph) <= dp.WORK_BUDGET:
        assert span / cells <= 0.1 * 1.15  # within the budget the 0.1 kWh target holds
