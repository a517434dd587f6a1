"""Equally cheap plans store PV sooner; the pass changes no cost and no deliberate choice."""

from __future__ import annotations

import numpy as np
import pytest

from custom_components.sigenstor.optimiser import Action, Horizon, Site, early_pv, plan

from .helpers import battery, horizon


def _without_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(early_pv, "front_load", lambda energy, _s, _ph: energy)


def _sunny_day(surplus: float, hours: float = 1.0) -> Horizon:
    # Six hours of surplus at a flat 5c feed-in, then six evening hours of load at 30c: the
    # battery fills whichever hours it charges in, so every split of the charge costs the same.
    pv = [surplus + 0.5] * 6 + [0.0] * 6
    load = [0.5] * 6 + [1.5] * 6
    return horizon([0.30] * 12, sell=[0.05] * 12, pv=pv, load=load, hours=hours)


@pytest.mark.parametrize(("surplus", "hours"), [(2.0, 1.0), (2.5, 1.0), (3.0, 0.5), (3.5, 0.5)])
def test_flat_feed_in_takes_the_whole_surplus_first(
    surplus: float, hours: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = _sunny_day(surplus, hours)
    p = plan(h, battery(), soc_now=0.1)
    first = p.steps[0]
    assert first.action is Action.SELF_CONSUMPTION
    assert first.battery_kw == pytest.approx(surplus, abs=1e-6)
    assert first.grid_kw == pytest.approx(0.0, abs=1e-6)
    _without_pass(monkeypatch)
    spread = plan(h, battery(), soc_now=0.1)
    assert spread.steps[0].battery_kw < surplus - 0.1  # the DP alone spreads the charge out
    assert p.total_cost == pytest.approx(spread.total_cost, abs=1e-9)
    assert p.steps[-1].soc_end == pytest.approx(spread.steps[-1].soc_end, abs=1e-9)


def test_a_better_feed_in_now_still_exports_first(monkeypatch: pytest.MonkeyPatch) -> None:
    # 12c now, 2c later: exporting now and charging later is worth more, so it is kept.
    pv, load = [4.5] * 6 + [0.0] * 6, [0.5] * 6 + [1.5] * 6
    h = horizon([0.30] * 12, sell=[0.12] * 2 + [0.02] * 10, pv=pv, load=load)
    p = plan(h, battery(), soc_now=0.1)
    _without_pass(monkeypatch)
    ref = plan(h, battery(), soc_now=0.1)
    for step in p.steps[:2]:
        assert step.battery_kw == pytest.approx(0.0, abs=0.01)
    assert p.total_cost == pytest.approx(ref.total_cost, abs=1e-9)


@pytest.mark.parametrize("seed", range(12))
def test_same_cost_and_limits_on_random_flat_feed_in(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(8, 60))
    dt = list(rng.choice([1 / 12, 0.5, 1.0], n))
    pv, load = rng.uniform(0, 7, n), rng.uniform(0.1, 3, n)
    buy = list(rng.choice([0.16, 0.21, 0.37], n))
    h = horizon(buy, sell=[0.05] * n, pv=list(pv), load=list(load), hours=dt)
    bat = battery(capacity_kwh=float(rng.uniform(5, 20)), max_charge_kw=float(rng.uniform(2, 6)))
    site = Site(export_limit_kw=float(rng.uniform(2, 8)))
    soc, ev = float(rng.uniform(0.1, 0.9)), float(rng.uniform(0.0, 0.2))
    p = plan(h, bat, soc, site, end_value_per_kwh=ev)
    for s in p.steps:
        assert bat.soc_floor - 1e-9 <= s.soc_end <= bat.soc_ceiling + 1e-9
        assert -bat.max_discharge_kw - 1e-6 <= s.battery_kw <= bat.max_charge_kw + 1e-6
        assert s.grid_kw >= -site.export_limit_kw - 1e-6
    _without_pass(monkeypatch)
    ref = plan(h, bat, soc, site, end_value_per_kwh=ev)
    assert p.total_cost - p.terminal_value == pytest.approx(
        ref.total_cost - ref.terminal_value, abs=1e-9
    )
    stored = np.cumsum([s.soc_end - s.soc_start for s in p.steps])
    ref_stored = np.cumsum([s.soc_end - s.soc_start for s in ref.steps])
    assert np.all(stored >= ref_stored - 1e-9)  # never later than the DP's own plan
