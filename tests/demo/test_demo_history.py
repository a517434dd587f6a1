"""The demo's simulated past: hourly rows that balance, join the live statistics and repeat."""

from __future__ import annotations

from datetime import datetime, timedelta
import itertools
from zoneinfo import ZoneInfo

import pytest

from replay.demo_history import COUNTERS, MEASUREMENTS, Plant, simulate, with_states

ZONE = ZoneInfo("Australia/Brisbane")
END = datetime(2026, 1, 10, 11, 0, tzinfo=ZONE)
START = END - timedelta(days=3)


def num(row: dict[str, float | datetime], key: str) -> float:
    """A numeric field of a row."""
    value = row[key]
    assert isinstance(value, float | int)
    return float(value)


def _changes(rows: list[dict[str, float | datetime]]) -> list[float]:
    """Energy per hour from consecutive sums (the first hour is not known: 0)."""
    sums = [num(r, "sum") for r in rows]
    return [0.0, *(b - a for a, b in itertools.pairwise(sums))]


def test_rows_cover_whole_hours_before_the_seam() -> None:
    """One row per whole hour in [start, end), starting on the hour, none at or after `end`."""
    rows = simulate(START + timedelta(minutes=20), END)
    for key in (*COUNTERS, *MEASUREMENTS):
        starts = [r["start"] for r in rows[key]]
        assert len(starts) == 72 - 1  # the partial first hour is dropped
        assert all(isinstance(s, datetime) and s.minute == 0 for s in starts)
        assert starts[-1] == END - timedelta(hours=1)


def test_counters_end_at_zero_and_never_fall() -> None:
    """Sums end at 0 at the seam (where the recorder's own begin) and only grow."""
    rows = simulate(START, END)
    for key in COUNTERS:
        sums = [num(r, "sum") for r in rows[key]]
        assert sums[-1] == pytest.approx(0.0, abs=1e-3)
        assert all(b >= a - 1e-9 for a, b in itertools.pairwise(sums))
    assert num(rows["pv_energy"][0], "sum") < -20  # three days of sun


def test_energy_balances_with_battery_losses() -> None:
    """PV + import + discharge = load + export + charge each hour (kWh)."""
    rows = simulate(START, END)
    change = {key: _changes(rows[key]) for key in COUNTERS}
    for hour in range(1, len(rows["pv_energy"])):
        supply = (
            change["pv_energy"][hour]
            + change["grid_import_energy"][hour]
            + change["battery_discharge_energy"][hour]
        )
        use = (
            change["load_energy"][hour]
            + change["grid_export_energy"][hour]
            + change["battery_charge_energy"][hour]
        )
        assert supply == pytest.approx(use, abs=2e-3)


def test_soc_stays_within_the_plant_window_and_night_has_no_sun() -> None:
    """SoC between 0 and 100; PV and its forecast are zero at 2 am and positive at noon."""
    plant = Plant()
    rows = simulate(START, END, soc=50.0, plant=plant)
    assert all(0.0 <= num(r, "min") <= num(r, "max") <= 100.0 for r in rows["battery_soc"])
    start = {id(r): r["start"] for r in rows["pv_power"] + rows["pv_forecast_power"]}
    by_hour = {getattr(start[id(r)], "hour", -1): r for r in rows["pv_power"]}
    forecast = {getattr(start[id(r)], "hour", -1): r for r in rows["pv_forecast_power"]}
    assert num(by_hour[2], "mean") == 0.0
    assert num(forecast[2], "mean") == 0.0
    assert num(by_hour[12], "mean") > 3.0
    assert num(forecast[12], "mean") > 3.0


def test_repeatable_so_a_second_import_writes_the_same_rows() -> None:
    """The same span gives the same rows (the recorder keeps one row per hour: no duplicates)."""
    assert simulate(START, END) == simulate(START, END)


def test_states_join_the_live_reading() -> None:
    """The meter reading of the last row is the live reading; earlier ones are lower by the sum."""
    rows = with_states(simulate(START, END), {"pv_energy": 1234.5})
    last = rows["pv_energy"][-1]
    assert last["state"] == pytest.approx(1234.5)
    first = rows["pv_energy"][0]
    assert first["state"] == pytest.approx(1234.5 + num(first, "sum"))
    assert "state" not in rows["load_energy"][0]
