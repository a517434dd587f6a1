"""Grid caps, demand window and charge, backup reserve laid onto the live plan's inputs (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from custom_components.sigenstor.automation.grid_limits import (
    DemandTariff,
    GridFacts,
    apply_limits,
    plan_within_limits,
    reserve_floor,
    tariff_from_options,
    window_flags,
)
from custom_components.sigenstor.automation.inputs import PlanInputs, PlantFacts, build_inputs
from custom_components.sigenstor.optimiser import HourOfWeekProfile
from custom_components.sigenstor.sources.amber_models import PriceSnapshot
from custom_components.sigenstor.sources.amber_parse import parse_interval

from .conftest import amber_payload

TZ = ZoneInfo("Australia/Brisbane")
NOW = datetime(2026, 1, 15, 2, 3, 20, tzinfo=UTC)  # 12:03:20 in Brisbane
FACTS = PlantFacts(
    soc=50.0, capacity_kwh=16.0, charge_kw=5.0, discharge_kw=5.0, min_soc=5.0, max_soc=98.0
)
EVENING = (time(16), time(21))  # a network's demand window, local time


def evening_dear(minutes: float) -> float:
    """Buy: 10c, 45c from 16:00 to 21:00 Brisbane (NOW is 12:03)."""
    local = (NOW + timedelta(minutes=minutes)).astimezone(TZ)
    return 0.45 if 16 <= local.hour < 21 else 0.10


def evening_feed_in(minutes: float) -> float:
    """Feed-in earnings: 30c in the same evening hours, else 5c."""
    return 0.30 if evening_dear(minutes) > 0.2 else 0.05


def _snapshot(payload: list[dict[str, Any]]) -> PriceSnapshot:
    return PriceSnapshot("site", NOW, tuple(parse_interval(i) for i in payload))


def _inputs(soc: float = 50.0, prices: PriceSnapshot | None = None) -> tuple[PlanInputs, Any]:
    snapshot = prices or _snapshot(amber_payload(NOW, evening_dear, evening_feed_in, hours=30))
    facts = PlantFacts(
        soc=soc, capacity_kwh=16.0, charge_kw=5.0, discharge_kw=5.0, min_soc=5.0, max_soc=98.0
    )
    base = build_inputs(
        NOW, prices=snapshot, solar=None, load=HourOfWeekProfile(), facts=facts, tz=TZ
    )
    return base, snapshot


def _limited(tariff: DemandTariff, grid: GridFacts, soc: float = 50.0) -> PlanInputs:
    base, snapshot = _inputs(soc)
    return apply_limits(base, prices=snapshot, tariff=tariff, grid=grid, tz=TZ)


def _window_peak(inputs: PlanInputs) -> float:
    result, used = plan_within_limits(inputs)
    assert used.horizon.demand_window is not None
    grid = np.array([s.grid_kw for s in result.steps])
    return float(grid[used.horizon.demand_window].max())


def test_owner_window_in_local_time_and_amber_flag_first() -> None:
    """The owner's window is local time; where Amber flags intervals, its flag wins."""
    base, snapshot = _inputs()
    owner = DemandTariff(rate_per_kw=0.5, window=EVENING)
    flags = window_flags(base.horizon, snapshot, owner, TZ)
    hours = [
        (s + timedelta(hours=float(d) / 2)).astimezone(TZ).hour
        for s, d in zip(base.horizon.step_starts(), base.horizon.durations_h, strict=True)
    ]
    assert all(f == (16 <= h < 21) for f, h in zip(flags, hours, strict=True))
    # Amber flags 18:00-19:00 only: that is the window, whatever the owner entered.
    payload = amber_payload(NOW, evening_dear, evening_feed_in, hours=30)
    for item in payload:
        start = datetime.fromisoformat(item["startTime"]).astimezone(TZ)
        item["tariffInformation"] = {"demandWindow": start.hour == 18}
    flags = window_flags(base.horizon, _snapshot(payload), owner, TZ)
    assert all(f == (h == 18) for f, h in zip(flags, hours, strict=True))
    # No window from anyone: the charge applies all day.
    assert window_flags(base.horizon, None, DemandTariff(rate_per_kw=0.5), TZ).all()


def test_plant_caps_are_hard_limits_of_the_plan() -> None:
    """40040 caps grid charging at 2 kW, 40038 caps export at 1 kW; the plan keeps both."""
    free, _ = plan_within_limits(_inputs()[0])
    assert max(s.grid_kw for s in free.steps) > 3.0  # cheap noon: it charges from the grid
    limited = _limited(DemandTariff(), GridFacts(import_cap_kw=2.0, export_cap_kw=1.0))
    result, used = plan_within_limits(limited)
    assert used is limited  # held without relaxing
    grid = np.array([s.grid_kw for s in result.steps])
    allowed = np.maximum(2.0, limited.horizon.load_kw - limited.horizon.pv_kw - 5.0)
    assert np.all(grid <= allowed + 1e-6)
    assert grid.min() >= -1.0 - 1e-6
    assert limited.site.pv_curtailable  # the plant curtails PV to hold an export cap
    assert limited.limits is not None
    assert (limited.limits.import_cap_kw, limited.limits.export_cap_kw) == (2.0, 1.0)


def test_peak_shaving_cap_holds_in_the_window_only() -> None:
    """A 0.3 kW peak-shaving cap 16:00-21:00: the battery carries the evening, noon is free."""
    tariff = DemandTariff(window=EVENING, peak_cap_kw=0.3)
    limited = _limited(tariff, GridFacts())
    result, used = plan_within_limits(limited)
    assert used is limited
    window = limited.horizon.demand_window
    assert window is not None
    grid = np.array([s.grid_kw for s in result.steps])
    assert grid[window].max() <= 0.3 + 1e-6
    assert grid[~window].max() > 0.3  # outside the window the cap does not bind


def test_demand_charge_lowers_the_peak_in_the_window() -> None:
    """Flat prices, a $5/kW demand rate: the window peak falls; the peak so far is free."""
    flat = _snapshot(amber_payload(NOW, lambda _: 0.20, lambda _: 0.05, hours=30))
    base, snapshot = _inputs(soc=10.0, prices=flat)
    window_only = DemandTariff(window=EVENING, peak_cap_kw=1000.0)
    plain = apply_limits(base, prices=snapshot, tariff=window_only, grid=GridFacts(), tz=TZ)
    priced = apply_limits(
        base, prices=snapshot, tariff=DemandTariff(5.0, EVENING), grid=GridFacts(), tz=TZ
    )
    assert plain.demand is None
    assert priced.demand is not None
    assert priced.demand.rate_per_kw == 5.0
    assert _window_peak(priced) < _window_peak(plain) - 0.2
    already = apply_limits(
        base,
        prices=snapshot,
        tariff=DemandTariff(5.0, EVENING),
        grid=GridFacts(peak_so_far_kw=6.0),
        tz=TZ,
    )
    assert already.demand is not None
    assert already.demand.peak_so_far_kw == 6.0
    result, _ = plan_within_limits(already)
    assert result.demand_cost == 0.0  # under the month's peak: nothing more to pay


def test_demand_charge_stops_at_the_month_end_the_cap_does_not() -> None:
    """On the 31st the charge covers tonight's window only; the peak so far is this month's."""
    now = datetime(2026, 1, 31, 2, 3, 20, tzinfo=UTC)  # 12:03 on 31 January in Brisbane
    snapshot = _snapshot(amber_payload(now, lambda _: 0.20, lambda _: 0.05, hours=30))
    base = build_inputs(
        now, prices=snapshot, solar=None, load=HourOfWeekProfile(), facts=FACTS, tz=TZ
    )
    tariff = DemandTariff(5.0, EVENING, peak_cap_kw=3.0)
    limited = apply_limits(base, prices=snapshot, tariff=tariff, grid=GridFacts(), tz=TZ)
    evening = window_flags(base.horizon, snapshot, tariff, TZ)
    days = np.array([s.astimezone(TZ).day for s in base.horizon.step_starts()])
    assert evening[days == 1].any()  # 1 February's window lies in the horizon
    assert limited.horizon.demand_window is not None
    assert np.array_equal(limited.horizon.demand_window, evening & (days == 31))
    assert limited.horizon.import_cap_kw is not None
    assert np.all(limited.horizon.import_cap_kw[evening & (days == 1)] <= 3.0)


def test_backup_reserve_is_the_floor() -> None:
    """40046 = 30 %: the plan never goes below it; below it already, the floor is the SoC now."""
    limited = _limited(DemandTariff(), GridFacts(backup_soc=30.0))
    assert limited.battery.soc_floor == pytest.approx(0.30)
    assert limited.limits is not None
    assert limited.limits.reserve_soc == 30.0
    result, _ = plan_within_limits(limited)
    assert min(s.soc_end for s in result.steps) >= 0.30 - 1e-6
    free, _ = plan_within_limits(_inputs()[0])
    assert min(s.soc_end for s in free.steps) < 0.25  # without it the evening drains further
    low = _limited(DemandTariff(), GridFacts(backup_soc=30.0), soc=20.0)
    assert low.battery.soc_floor == pytest.approx(0.20)
    assert _limited(DemandTariff(), GridFacts(backup_soc=100.0)).battery.soc_floor < 0.98
    # A narrow safety window: the floor never drops below the safety minimum.
    assert reserve_floor(0.6, 0.50, 0.505, 100.0) == pytest.approx(0.50)
    assert reserve_floor(0.6, 0.05, 0.98, None) == pytest.approx(0.05)


def test_a_cap_the_battery_cannot_hold_binds_charging_only() -> None:
    """Peak cap 0 kW all day from a near-empty battery: plan anyway, never charging over it."""
    limited = _limited(DemandTariff(peak_cap_kw=0.0001), GridFacts(), soc=6.0)
    result, used = plan_within_limits(limited)
    assert used is not limited
    assert "import cap cannot be held over the whole horizon" in result.notes
    horizon = used.horizon
    grid = np.array([s.grid_kw for s in result.steps])
    assert np.all(grid <= np.maximum(horizon.load_kw - horizon.pv_kw, 0.0001) + 1e-6)


def test_options_parse_and_ignore_garbage() -> None:
    tariff = tariff_from_options(
        {
            "demand_rate": 0.35,
            "demand_window_start": "16:00:00",
            "demand_window_end": "21:00:00",
            "peak_shaving_kw": 4.0,
        }
    )
    assert tariff == DemandTariff(0.35, (time(16), time(21)), 4.0)
    assert tariff_from_options({"demand_rate": "x", "demand_window_start": "25:00"}) == (
        DemandTariff()
    )
    assert tariff_from_options({"demand_window_start": "22:00", "demand_window_end": "06:00"})
