"""Pure parts: horizon building, hysteresis, the savings ledger on synthetic flows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from custom_components.sigenstor.automation.decision import (
    Decision,
    Hysteresis,
    Intent,
    command_for,
)
from custom_components.sigenstor.automation.inputs import (
    InputsError,
    PlantFacts,
    build_inputs,
    end_value,
    step_bounds,
)
from custom_components.sigenstor.automation.savings import (
    BatteryModel,
    Ledger,
    Sample,
    record,
)
from custom_components.sigenstor.control import ems
from custom_components.sigenstor.optimiser import HourOfWeekProfile
from custom_components.sigenstor.sources.amber_models import PriceSnapshot
from custom_components.sigenstor.sources.amber_parse import parse_interval
from custom_components.sigenstor.sources.pv_model import ForecastStep, SolarForecast

from .conftest import amber_payload

TZ = ZoneInfo("Australia/Brisbane")
NOW = datetime(2026, 1, 15, 2, 3, 20, tzinfo=UTC)  # 12:03:20 in Brisbane
FACTS = PlantFacts(
    soc=50.0, capacity_kwh=16.0, charge_kw=5.0, discharge_kw=5.0, min_soc=5.0, max_soc=98.0
)


def _snapshot(hours: float, now: datetime = NOW) -> PriceSnapshot:
    items = tuple(parse_interval(i) for i in amber_payload(now, hours=hours))
    return PriceSnapshot("site", now, items)


def test_step_bounds_fine_then_coarse() -> None:
    bounds = step_bounds(NOW, NOW + timedelta(hours=24))
    lengths = [(b - a).total_seconds() / 60 for a, b in pairwise(bounds)]
    assert bounds[1] == datetime(2026, 1, 15, 2, 5, tzinfo=UTC)
    assert set(lengths[1:-1]) == {5.0, 30.0}
    first_coarse = lengths.index(30.0)
    assert bounds[first_coarse] - NOW >= timedelta(hours=2)
    assert bounds[first_coarse].minute % 30 == 0
    assert bounds[-1] == NOW + timedelta(hours=24)


def test_step_bounds_just_after_a_boundary_end_without_a_sliver() -> None:
    """A run 2 s after a boundary: the last step is not 2 s long (it set the planner's grid)."""
    now = datetime(2026, 1, 15, 2, 30, 2, tzinfo=UTC)
    bounds = step_bounds(now, now + timedelta(hours=24))
    assert bounds[-1] == now + timedelta(hours=24)
    assert min(b - a for a, b in pairwise(bounds[1:])) >= timedelta(minutes=5)


def test_horizon_from_prices_pv_and_load() -> None:
    """Feed-in is earnings, PV comes from the forecast, load from the profile; 48 h at most."""
    pv = SolarForecast(
        tuple(
            ForecastStep(NOW + timedelta(hours=h), NOW + timedelta(hours=h + 1), 3000.0)
            for h in range(-1, 60)
        ),
        TZ,
    )
    profile = HourOfWeekProfile()
    inputs = build_inputs(NOW, prices=_snapshot(60), solar=pv, load=profile, facts=FACTS, tz=TZ)
    h = inputs.horizon
    assert sum(h.durations_h) == pytest.approx(48.0)
    assert h.sell.min() == pytest.approx(0.05)  # positive when earned
    assert h.buy[0] == pytest.approx(0.02, abs=1e-3)
    assert h.buy[-1] == pytest.approx(0.60)
    assert h.pv_kw == pytest.approx(3.0)
    assert h.load_kw.max() > h.load_kw.min() > 0  # the default day shape
    assert inputs.soc_now == pytest.approx(0.5)
    assert inputs.battery.soc_floor == pytest.approx(0.05)
    assert inputs.battery.soc_ceiling == pytest.approx(0.98)
    assert inputs.estimated_steps == 0
    assert inputs.end_value > 0


def test_short_prices_extend_to_a_day_by_repeating() -> None:
    """Amber reaching only 12 h: the plan still spans 24 h, later steps marked estimated."""
    inputs = build_inputs(
        NOW, prices=_snapshot(12), solar=None, load=HourOfWeekProfile(), facts=FACTS, tz=TZ
    )
    assert sum(inputs.horizon.durations_h) == pytest.approx(24.0)
    assert inputs.estimated_steps > 0
    assert float(inputs.horizon.pv_kw.max()) == 0.0


def test_missing_inputs_raise_translated_keys() -> None:
    profile = HourOfWeekProfile()
    with pytest.raises(InputsError) as err:
        build_inputs(NOW, prices=None, solar=None, load=profile, facts=FACTS, tz=TZ)
    assert err.value.key == "optimiser_no_prices"
    stale = _snapshot(1, NOW - timedelta(hours=3))
    with pytest.raises(InputsError) as err:
        build_inputs(NOW, prices=stale, solar=None, load=profile, facts=FACTS, tz=TZ)
    assert err.value.key == "optimiser_no_prices"
    no_soc = PlantFacts(None, 16.0, 5.0, 5.0, 5.0, 98.0)
    with pytest.raises(InputsError) as err:
        build_inputs(NOW, prices=_snapshot(24), solar=None, load=profile, facts=no_soc, tz=TZ)
    assert err.value.key == "optimiser_no_soc"


CHARGE = Intent(Decision.CHARGE_GRID, 5.0, 90.0, "charge")
EXPORT = Intent(Decision.EXPORT, 3.0, 20.0, "export")


def test_hysteresis_needs_two_runs_to_change() -> None:
    hyst = Hysteresis()
    assert hyst.update(CHARGE, soc=50, urgent=False) == CHARGE
    assert hyst.update(EXPORT, soc=50, urgent=False) == CHARGE  # once: not yet
    assert hyst.update(CHARGE, soc=50, urgent=False) == CHARGE  # flap back: candidate reset
    assert hyst.update(EXPORT, soc=50, urgent=False) == CHARGE
    assert hyst.update(EXPORT, soc=50, urgent=False) == EXPORT  # twice in a row: adopted


def test_hysteresis_adopts_at_once_when_urgent_or_unrunnable() -> None:
    hyst = Hysteresis()
    hyst.update(CHARGE, soc=50, urgent=False)
    assert hyst.update(EXPORT, soc=50, urgent=True) == EXPORT
    hyst.update(CHARGE, soc=50, urgent=True)
    assert hyst.update(EXPORT, soc=90.0, urgent=False) == EXPORT  # charge target reached


def test_hysteresis_power_deadband() -> None:
    hyst = Hysteresis()
    hyst.update(CHARGE, soc=50, urgent=False)
    small = Intent(Decision.CHARGE_GRID, 4.8, 90.0, "charge")
    assert hyst.update(small, soc=50, urgent=False).power_kw == 5.0
    big = Intent(Decision.CHARGE_GRID, 3.0, 90.0, "charge")
    assert hyst.update(big, soc=50, urgent=False).power_kw == 3.0


def test_commands_of_each_decision() -> None:
    assert command_for(CHARGE) == ems.ForceCharge(5.0, 90.0, source="grid")
    pv = Intent(Decision.CHARGE_PV, 2.0, 80.0)
    assert command_for(pv) == ems.ForceCharge(2.0, 80.0, source="pv")
    assert command_for(EXPORT) == ems.ForceExport(3.0, 20.0)
    assert command_for(Intent(Decision.HOLD)) == ems.ForceHold()
    assert command_for(Intent(Decision.SELF_CONSUMPTION)) == ems.Release()
    assert command_for(Intent(Decision.IDLE)) is None


MODEL = BatteryModel(10.0, 5.0, 5.0, 0.0, 1.0)
T0 = datetime(2026, 1, 15, 10, 0, tzinfo=TZ)


def _sample(minutes: float, **kw: object) -> Sample:
    base: dict[str, object] = {
        "at": T0 + timedelta(minutes=minutes),
        "pv_kw": 0.0,
        "load_kw": 1.0,
        "grid_kw": 1.0,
        "soc": 50.0,
        "buy": 0.30,
        "sell": 0.05,
        "in_control": False,
        "shadow": False,
    }
    base.update(kw)
    return Sample(**base)  # type: ignore[arg-type]


def test_savings_zero_while_the_plant_self_consumes() -> None:
    ledger = Ledger()
    for m in range(0, 61, 5):
        record(ledger, _sample(m, grid_kw=0.2), MODEL, CHARGE)
    assert ledger.today.actual == pytest.approx(0.2 * 0.30)
    assert ledger.today.savings == pytest.approx(0.0)


def test_savings_of_a_grid_charge_against_the_baseline() -> None:
    """One hour in control, charging 4 kW from the grid at 10c while the house draws 1 kW.

    The virtual self-consumption battery would have covered the house: baseline cost 0, and
    the measured 5 kW import cost 0.50: savings -0.50 that hour (the energy is stored for later).
    """
    ledger = Ledger()
    record(ledger, _sample(0, buy=0.10), MODEL, CHARGE)
    for m in range(5, 61, 5):
        record(ledger, _sample(m, grid_kw=5.0, buy=0.10, in_control=True), MODEL, CHARGE)
    assert ledger.today.actual == pytest.approx(0.50)
    assert ledger.today.baseline == pytest.approx(0.0)
    assert ledger.today.savings == pytest.approx(-0.50)
    assert ledger.baseline_kwh == pytest.approx(5.0 - 1.0 / 0.95)
    # Later at 50c the house draws 3 kW for two hours; the real battery covers it, the virtual
    # one runs dry and the baseline imports the rest.
    base_kwh = ledger.baseline_kwh
    assert base_kwh is not None
    for m in range(65, 3 * 60 + 1, 5):
        sample = _sample(m, load_kw=3.0, grid_kw=0.0, buy=0.50, in_control=True)
        record(ledger, sample, MODEL, CHARGE)
    left = base_kwh * 0.95  # house energy the virtual battery can still give
    expected_baseline = (6.0 - left) * 0.50
    assert ledger.today.baseline == pytest.approx(expected_baseline, rel=1e-6)
    assert ledger.this_month.savings == pytest.approx(ledger.today.savings)


def test_shadow_savings_follow_the_decision_not_the_plant() -> None:
    """In shadow the plant self-consumes (savings measured 0) but the shadow battery exports."""
    ledger = Ledger()
    export = Intent(Decision.EXPORT, 3.0, 10.0)
    for m in range(0, 61, 5):
        record(ledger, _sample(m, grid_kw=0.0, sell=0.40, shadow=True), MODEL, export)
    # Shadow: 3 kW discharge, 1 kW to the house, 2 kW exported at 40c for an hour.
    assert ledger.today.shadow == pytest.approx(-0.80)
    assert ledger.today.savings == pytest.approx(0.80)
    assert ledger.today.actual == pytest.approx(0.0)


def test_ledger_rolls_over_days_and_survives_storage() -> None:
    ledger = Ledger()
    record(ledger, _sample(0), MODEL, CHARGE)
    record(ledger, _sample(5), MODEL, CHARGE)
    restored = Ledger.from_dict(ledger.to_dict())
    assert restored == ledger
    nxt = _sample(24 * 60)
    record(restored, nxt, MODEL, CHARGE)
    assert restored.day == nxt.at.date().isoformat()
    assert restored.today.actual == 0.0
    assert restored.this_month.actual == pytest.approx(ledger.this_month.actual)
    assert Ledger.from_dict({"today": "junk"}) == Ledger()


def test_end_value_weighs_prices_by_time_not_by_step_count() -> None:
    """Two cheap hours in 24 five-minute steps are 4 % of 48 h, not 21 % of the steps."""
    buy = [0.02] * 24 + [0.60] * 92
    hours = [5 / 60] * 24 + [0.5] * 92
    sell = [0.05] * len(buy)
    assert end_value(buy, sell, hours) == pytest.approx(0.60 * 0.95)
    # Cheap for a fifth of the time or more: the stored energy is only worth the cheap price.
    cheap = [0.02] * 20 + [0.60] * 76
    assert end_value(cheap, [0.0] * 96, [0.5] * 96) == pytest.approx(0.02 * 0.95)


def test_end_value_ignores_a_feed_in_spike_of_the_last_day_only() -> None:
    """The evening peak of both days counts; a spike on the last day is sold inside the plan."""
    hours = [0.5] * 96
    sell = [0.05] * 96
    sell[36] = sell[84] = 0.30  # 18:00 on both days
    sell[82] = 10.0  # 17:00 on the second day only
    assert end_value([0.10] * 96, sell, hours) == pytest.approx(0.30 * 0.95)
