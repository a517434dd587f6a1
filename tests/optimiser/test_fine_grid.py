"""At 576 distinct 5-minute steps the planner keeps nearly all of the LP's battery value."""

from __future__ import annotations

import numpy as np
import pytest

from custom_components.sigenstor.optimiser import Battery, Site

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


@pytest.mark.parametrize(("cap", "power"), [(16.0, 5.0), (10.0, 3.0)])
def test_planner_keeps_995_of_the_lp_value(cap: float, power: float) -> None:
    bat = Battery(cap, 0.05, 0.98, power, power, 0.95, 0.95)
    site = Site(export_limit_kw=10.0)
    cases = _day_cases(int(cap), 4)
    for case in cases:
        dp_value, lp_value = value_shares(case, bat, site)
        assert lp_value > 0
        assert dp_value <= lp_value + 1e-6  # the LP is the exact continuous optimum here
    assert dp_vs_lp(cases, bat, site) >= 0.995
