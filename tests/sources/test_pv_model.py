"""PV power model and the SolarForecast series helpers."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.sigenstor.sources.pv_model import (
    ForecastStep,
    PvArray,
    SolarForecast,
    array_power_kw,
    cell_temperature,
    compass_to_open_meteo,
    sum_forecasts,
)

BRISBANE = ZoneInfo("Australia/Brisbane")
SYDNEY = ZoneInfo("Australia/Sydney")


@pytest.mark.parametrize(
    ("compass", "open_meteo"),
    [(180, 0), (90, -90), (270, 90), (0, 180), (360, 180), (45, -135), (315, 135), (200, 20)],
)
def test_compass_to_open_meteo(compass: float, open_meteo: float) -> None:
    assert compass_to_open_meteo(compass) == open_meteo
    array = PvArray("a", 5.0, 20, compass)
    assert array.open_meteo_azimuth == open_meteo


def test_power_by_hand() -> None:
    array = PvArray("north", kwp=5.0, tilt=20, azimuth=0, efficiency=0.9)
    # T_cell = 30 + 25/800 * 800 = 55 C -> derate 1 - 0.004 * 30 = 0.88
    assert cell_temperature(30.0, 800.0) == pytest.approx(55.0)
    assert array_power_kw(array, 800.0, 30.0) == pytest.approx(5.0 * 0.8 * 0.9 * 0.88)
    # Without a temperature the model uses no derating.
    assert array_power_kw(array, 800.0, None) == pytest.approx(3.6)
    # A cold cell produces a little more (linear model, both directions).
    assert array_power_kw(array, 400.0, 0.0) > 5.0 * 0.4 * 0.9


def test_clipping_and_negative_irradiance() -> None:
    array = PvArray("big", kwp=10.0, tilt=10, azimuth=0, ac_limit_kw=5.0, efficiency=1.0)
    assert array_power_kw(array, 1000.0, 20.0) == 5.0
    assert array_power_kw(array, -3.0, 20.0) == 0.0


@pytest.mark.parametrize(
    "kwargs",
    [{"kwp": 0}, {"tilt": 95}, {"efficiency": 0}, {"efficiency": 1.2}, {"ac_limit_kw": 0}],
)
def test_invalid_arrays(kwargs) -> None:
    args = {"name": "x", "kwp": 5.0, "tilt": 20.0, "azimuth": 0.0} | kwargs
    with pytest.raises(ValueError, match="x:"):
        PvArray(**args)


def _hourly(day: datetime, watts: list[float], tz=BRISBANE) -> SolarForecast:
    steps = [
        ForecastStep(day + timedelta(hours=h), day + timedelta(hours=h + 1), w)
        for h, w in enumerate(watts)
    ]
    return SolarForecast(tuple(steps), tz)


def test_series_helpers() -> None:
    day = datetime(2025, 2, 3, tzinfo=BRISBANE)
    watts = [0.0] * 6 + [500, 1500, 3000, 4000, 4500, 4600, 4500, 4000, 3000, 1500, 500] + [0] * 7
    watts += watts  # tomorrow the same
    fc = _hourly(day, watts)
    today_wh = sum(watts[:24])
    now = day + timedelta(hours=10, minutes=30)
    assert fc.energy_today(now) == pytest.approx(today_wh)
    assert fc.energy_tomorrow(now) == pytest.approx(today_wh)
    assert fc.energy_remaining_today(now) == pytest.approx(4500 / 2 + sum(watts[11:24]))
    assert fc.energy_next_hour(now) == pytest.approx(4500 / 2 + 4600 / 2)
    assert fc.power_at(now) == 4500
    assert fc.power_at(day - timedelta(hours=1)) == 0.0
    assert fc.power_at(day + timedelta(days=5)) == 0.0
    assert fc.energy_between(now, now) == 0.0
    assert fc.watts[day + timedelta(hours=9)] == 4000


def test_energy_dashboard_shape_from_quarter_hours() -> None:
    start = datetime(2025, 2, 3, 10, tzinfo=BRISBANE)
    steps = tuple(
        ForecastStep(start + timedelta(minutes=15 * k), start + timedelta(minutes=15 * (k + 1)), w)
        for k, w in enumerate([1000, 2000, 3000, 4000, 4000, 4000])
    )
    out = SolarForecast(steps, BRISBANE).as_energy_dashboard()
    assert set(out) == {"wh_hours"}
    assert out["wh_hours"] == {
        "2025-02-03T10:00:00+10:00": 2500.0,
        "2025-02-03T11:00:00+10:00": 2000.0,
    }
    for key in out["wh_hours"]:
        assert datetime.fromisoformat(key).tzinfo is not None


def test_wh_hours_follow_local_clock_across_dst() -> None:
    # Sydney leaves DST on 2025-04-06 at 03:00 -> 02:00: a 25-hour day.
    start = datetime(2025, 4, 5, 13, 0, tzinfo=ZoneInfo("UTC"))  # local midnight, +11:00
    steps = tuple(
        ForecastStep(start + timedelta(hours=h), start + timedelta(hours=h + 1), 100.0)
        for h in range(30)
    )
    fc = SolarForecast(steps, SYDNEY)
    hours = fc.wh_hours()
    assert len(hours) == 30
    assert sum(hours.values()) == pytest.approx(3000.0)
    day = datetime(2025, 4, 6, 12, tzinfo=SYDNEY)
    assert fc.energy_today(day) == pytest.approx(2500.0)


def test_overlapping_steps_rejected() -> None:
    t = datetime(2025, 2, 3, 10, tzinfo=BRISBANE)
    with pytest.raises(ValueError, match="overlapping"):
        SolarForecast(
            (
                ForecastStep(t, t + timedelta(hours=1), 1.0),
                ForecastStep(t + timedelta(minutes=30), t + timedelta(hours=2), 1.0),
            ),
            BRISBANE,
        )


def test_sum_and_scale() -> None:
    t = datetime(2025, 2, 3, 10, tzinfo=BRISBANE)
    a = [ForecastStep(t, t + timedelta(hours=1), 1000.0)]
    b = [ForecastStep(t, t + timedelta(hours=1), 250.0)]
    total = sum_forecasts([a, b], BRISBANE)
    assert total.power_at(t) == 1250.0
    assert total.scaled(lambda step: 0.5).power_at(t) == 625.0
