"""Hand-checkable horizons for the planner: arbitrage, negative prices, limits, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from custom_components.sigenstor.optimiser import (
    Action,
    DemandCharge,
    Horizon,
    PlanError,
    Site,
    plan,
)

from .helpers import START, battery, horizon


def test_arbitrage_cheap_then_expensive_step() -> None:
    bat = battery()
    p = plan(horizon([0.05, 0.40], sell=[-0.05, 0.30]), bat, soc_now=0.1)
    first, second = p.steps
    assert first.action is Action.CHARGE_GRID
    assert first.battery_kw == pytest.approx(5.0, abs=1e-6)
    assert second.action is Action.DISCHARGE
    # 5 kWh in stores 4.75 kWh; all of it comes back out as 4.75 * 0.95 kWh exported.
    assert second.grid_kw == pytest.approx(-4.75 * 0.95, abs=1e-6)
    assert p.total_cost == pytest.approx(0.05 * 5 - 0.30 * 4.75 * 0.95, abs=1e-6)
    assert second.soc_end == pytest.approx(0.1, abs=1e-9)
    assert first.reason == "charge: price 5c now vs 30c at 13:00"
    assert second.reason.startswith("export: feed-in 30c now")


def test_small_spread_does_not_pay_for_losses() -> None:
    # 10c -> 10.5c cannot cover a 9.75 % round-trip loss: the battery stays idle.
    p = plan(horizon([0.10, 0.105], sell=[0.0, 0.0], load=[1.0, 1.0]), battery(), soc_now=0.1)
    assert all(abs(s.battery_kw) < 1e-9 for s in p.steps)
    assert p.steps[0].action is Action.SELF_CONSUMPTION  # at the floor, following = idle


def test_negative_buy_price_charges_and_curtails() -> None:
    h = horizon([-0.05, 0.20], sell=[-0.10, 0.05], pv=[3.0, 0.0], load=[0.5, 0.5])
    p = plan(h, battery(), soc_now=0.3)
    step = p.steps[0]
    assert step.action is Action.CHARGE_GRID
    assert step.battery_kw == pytest.approx(5.0, abs=0.06)  # within one SoC cell of full power
    # Paid to import and charged to export: all PV is curtailed and the grid imports.
    assert step.curtailed_kw == pytest.approx(3.0, abs=1e-6)
    assert step.grid_kw == pytest.approx(0.5 + step.battery_kw, abs=1e-6)
    assert "paid 5c/kWh to import" in step.reason
    assert "curtail 3.0 kW solar (feed-in -10c)" in step.reason


def test_negative_feed_in_curtails_surplus_when_full() -> None:
    h = horizon([0.20, 0.20], sell=[-0.05, -0.05], pv=[4.0, 4.0], load=[1.0, 1.0])
    p = plan(h, battery(), soc_now=0.9)
    for step in p.steps:
        assert step.grid_kw == pytest.approx(0.0, abs=1e-6)
        assert step.curtailed_kw == pytest.approx(3.0, abs=1e-6)


def test_feed_in_above_buy_never_charges_and_discharges_at_once() -> None:
    rng = np.random.default_rng(3)
    n = 24
    buy = rng.uniform(0.05, 0.15, n)
    h = horizon(list(buy), sell=list(buy + 0.10), pv=list(rng.uniform(0, 4, n)), load=[1.0] * n)
    bat = battery()
    p = plan(h, bat, soc_now=0.5, site=Site(export_limit_kw=5.0))
    for s in p.steps:
        stored = (s.soc_end - s.soc_start) * bat.capacity_kwh
        # A single battery power explains the SoC change with one efficiency: no burn-off.
        if s.battery_kw >= 0:
            assert stored == pytest.approx(s.battery_kw * 0.95 * s.duration_h, abs=1e-6)
        else:
            assert stored == pytest.approx(s.battery_kw / 0.95 * s.duration_h, abs=1e-6)
        assert s.grid_kw >= -5.0 - 1e-9
        i = p.steps.index(s)
        balance = h.load_kw[i] - h.pv_kw[i] + s.battery_kw + s.curtailed_kw
        assert s.grid_kw == pytest.approx(balance, abs=1e-6)
        price = h.buy[i] if s.grid_kw > 0 else h.sell[i]
        assert s.cost == pytest.approx(price * s.grid_kw * s.duration_h, abs=1e-9)


def test_soc_and_power_limits_hold_on_random_horizons() -> None:
    rng = np.random.default_rng(7)
    for _ in range(20):
        n = int(rng.integers(2, 60))
        bat = battery(
            capacity_kwh=float(rng.uniform(4, 20)),
            max_charge_kw=float(rng.uniform(1, 6)),
            max_discharge_kw=float(rng.uniform(1, 6)),
        )
        buy = rng.uniform(-0.1, 1.0, n)
        h = horizon(
            list(buy),
            sell=list(buy - rng.uniform(0, 0.2, n)),
            pv=list(rng.uniform(0, 6, n)),
            load=list(rng.uniform(0, 3, n)),
            hours=list(rng.choice([1 / 12, 0.5], n)),
        )
        p = plan(h, bat, soc_now=float(rng.uniform(0.1, 0.9)), site=Site(export_limit_kw=8.0))
        for s in p.steps:
            assert bat.soc_floor - 1e-9 <= s.soc_end <= bat.soc_ceiling + 1e-9
            assert -bat.max_discharge_kw - 1e-6 <= s.battery_kw <= bat.max_charge_kw + 1e-6
            assert s.grid_kw >= -8.0 - 1e-6
        assert math.isfinite(p.total_cost)


def test_start_below_floor_recovers_and_never_goes_lower() -> None:
    h = horizon([0.5] * 6, sell=[0.4] * 6, load=[1.0] * 6)
    p = plan(h, battery(), soc_now=0.05)
    socs = [p.steps[0].soc_start] + [s.soc_end for s in p.steps]
    assert min(socs) >= 0.05 - 1e-9
    assert socs[-1] >= 0.1 - 1e-9  # back at the floor


def test_tiered_horizon_times_and_reasons() -> None:
    durations = [1 / 12] * 12 + [0.5] * 46
    n = len(durations)
    buy = [0.04 if i < 20 else (0.45 if 30 <= i < 36 else 0.2) for i in range(n)]
    h = Horizon.build(
        START,
        durations_h=durations,
        buy=buy,
        sell=[b - 0.08 for b in buy],
        pv_kw=[0.0] * n,
        load_kw=[0.8] * n,
    )
    p = plan(h, battery(), soc_now=0.2)
    assert p.steps[1].start == START.replace(minute=5)
    assert p.steps[13].start == START.replace(hour=13, minute=30)
    assert p.first.action is Action.CHARGE_GRID
    assert p.first.reason == "charge: price 4c now vs 37c at 22:00"  # exported at 45c - 8c
    assert all(s.reason for s in p.steps)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"soc_floor": 0.9, "soc_ceiling": 0.5}, "soc_floor < soc_ceiling"),
        ({"capacity_kwh": 0.0}, "capacity must be positive"),
        ({"charge_efficiency": 1.5}, "charge_efficiency"),
    ],
)
def test_bad_battery_rejected(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(PlanError, match=message):
        plan(horizon([0.1, 0.2]), battery(**kwargs), soc_now=0.5)


def test_bad_horizon_and_state_rejected() -> None:
    good = horizon([0.1, 0.2])
    with pytest.raises(PlanError, match="shape"):
        plan(
            Horizon.build(
                START, durations_h=[1, 1], buy=[0.1], sell=[0, 0], pv_kw=[0, 0], load_kw=[0, 0]
            ),
            battery(),
            0.5,
        )
    with pytest.raises(PlanError, match="NaN"):
        plan(horizon([0.1, math.nan]), battery(), 0.5)
    with pytest.raises(PlanError, match="positive, finite duration"):
        plan(horizon([0.1, 0.2], hours=[1.0, 0.0]), battery(), 0.5)
    with pytest.raises(PlanError, match="soc_now"):
        plan(good, battery(), 1.5)
    with pytest.raises(PlanError, match="demand_window"):
        plan(good, battery(), 0.5, demand=DemandCharge(rate_per_kw=1.0))


def test_impossible_load_names_the_step() -> None:
    h = horizon([0.1, 0.2], load=[1.0, 12.0])
    with pytest.raises(PlanError, match=r"at 2025-01-06 13:00 the load 12\.00 kW exceeds"):
        plan(h, battery(), 0.5, site=Site(import_limit_kw=3.0))


def test_not_enough_energy_for_an_import_cap_is_infeasible() -> None:
    h = horizon([0.1] * 4, load=[4.0] * 4)
    with pytest.raises(PlanError, match="cannot keep the house within the grid limits"):
        plan(h, battery(), 0.2, site=Site(import_limit_kw=1.0))


def test_demand_charge_flattens_peak_import() -> None:
    n = 4
    base = Horizon.build(
        START,
        durations_h=[1.0] * n,
        buy=[0.2] * n,
        sell=[0.0] * n,
        pv_kw=[0.0] * n,
        load_kw=[3.0, 3.0, 5.0, 3.0],
        demand_window=[True] * n,
    )
    plain = plan(base, battery(), 0.9)
    charged = plan(base, battery(), 0.9, demand=DemandCharge(rate_per_kw=10.0))
    # 8 kWh stored give 7.6 kWh: spread to flatten 14 kWh of load to (14 - 7.6) / 4 = 1.6 kW.
    assert charged.peak_import_kw == pytest.approx(1.6, abs=0.15)
    assert charged.peak_import_kw < plain.peak_import_kw - 1.0
    assert charged.demand_cost == pytest.approx(10.0 * charged.peak_import_kw, abs=1e-9)


def test_import_cap_respected_per_step() -> None:
    h = Horizon.build(
        START,
        durations_h=[1.0] * 4,
        buy=[0.05, 0.3, 0.3, 0.3],
        sell=[0.0] * 4,
        pv_kw=[0.0] * 4,
        load_kw=[2.0] * 4,
        import_cap_kw=[3.0, 1.0, 1.0, 1.0],
    )
    p = plan(h, battery(), 0.5)
    assert [s.grid_kw <= cap + 1e-6 for s, cap in zip(p.steps, [3.0, 1, 1, 1], strict=True)] == [
        True
    ] * 4


def test_identical_steps_merge_without_changing_the_plan() -> None:
    rng = np.random.default_rng(11)
    blocks = 16
    buy = np.repeat(rng.uniform(0.02, 0.6, blocks), 6)
    pv = np.repeat(rng.uniform(0, 5, blocks), 6)
    load = np.repeat(rng.uniform(0.3, 2, blocks), 6)
    merged = horizon(list(buy), sell=list(buy - 0.1), pv=list(pv), load=list(load), hours=1 / 12)
    # A 1e-9 kW wobble makes every step distinct, so nothing merges.
    wobble = load + 1e-9 * np.arange(buy.size)
    distinct = horizon(
        list(buy), sell=list(buy - 0.1), pv=list(pv), load=list(wobble), hours=1 / 12
    )
    bat = battery()
    a, b = plan(merged, bat, 0.3), plan(distinct, bat, 0.3)
    assert len(a.steps) == buy.size
    # Both are near-optimal: the distinct one within the fine grid's resolution (0.5 %).
    assert a.total_cost == pytest.approx(b.total_cost, rel=0.005)
    # Inside a merged run the power is constant.
    run = [s.battery_kw for s in a.steps[7:12]]
    assert max(run) - min(run) < 1e-9


def test_demand_already_set_this_month_is_not_paid_again() -> None:
    n = 4
    h = Horizon.build(
        START,
        durations_h=[1.0] * n,
        buy=[0.2] * n,
        sell=[0.0] * n,
        pv_kw=[0.0] * n,
        load_kw=[3.0, 3.0, 5.0, 3.0],
        demand_window=[True] * n,
    )
    p = plan(h, battery(), 0.9, demand=DemandCharge(rate_per_kw=10.0, peak_so_far_kw=3.0))
    # Importing up to the earlier 3 kW peak is free; only the 5 kW step needs the battery.
    assert p.peak_import_kw <= 3.0 + 0.05
    assert p.demand_cost <= 10.0 * 0.05
    assert p.steps[2].battery_kw <= -2.0 + 0.05


def test_demand_charge_with_an_empty_window_plans_without_it() -> None:
    """A horizon whose window has no step (e.g. past the month's end) charges no demand."""
    n = 4
    h = Horizon.build(
        START,
        durations_h=[1.0] * n,
        buy=[0.2, 0.1, 0.4, 0.3],
        sell=[0.0] * n,
        pv_kw=[0.0] * n,
        load_kw=[3.0, 3.0, 5.0, 3.0],
        demand_window=[False] * n,
    )
    p = plan(h, battery(), 0.5, demand=DemandCharge(rate_per_kw=10.0, peak_so_far_kw=1.0))
    q = plan(h, battery(), 0.5)
    assert p.demand_cost == 0.0
    assert p.total_cost == pytest.approx(q.total_cost)


@pytest.mark.parametrize("first_minutes", [1.2, 2.0, 3.0, 4.5])
def test_a_short_first_step_keeps_its_action(first_minutes: float) -> None:
    """A full-power export in a step of a minute or two is an export, not a rounding remainder.

    Half a storage cell is a large power over a short step (0.05 kWh in 72 s is 2.5 kW), so the
    tolerance that names sub-cell remainders is bounded by a share of the battery's power.
    """
    n = 12
    hours = [first_minutes / 60] + [5 / 60] * (n - 1)
    dear = horizon([0.45] * 6 + [0.03] * 6, sell=[0.40] * 6 + [0.0] * 6, hours=hours)
    p = plan(dear, battery(), soc_now=0.8)
    assert p.first.action == Action.DISCHARGE
    assert p.first.battery_kw == pytest.approx(-5.0, abs=0.3)


def test_a_short_first_step_does_not_shrink_the_grid() -> None:
    """The first step moves continuously, so its length (a run mid-step) leaves the grid alone.

    A 61 s first step set the grid's cell by its full-power move: 2-5x the cells for the whole
    horizon, and a plan taking seconds instead of milliseconds.
    """
    rest = [5 / 60] * 23
    prices = [0.30] * 12 + [0.10] * 12
    short = plan(horizon(prices, hours=[61 / 3600, *rest]), battery(), soc_now=0.5)
    whole = plan(horizon(prices, hours=[5 / 60, *rest]), battery(), soc_now=0.5)
    assert short.soc_cell_kwh == pytest.approx(whole.soc_cell_kwh)
