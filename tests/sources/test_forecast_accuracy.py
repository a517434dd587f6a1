"""Forecast accuracy: learning a known per-hour bias from synthetic history."""

from __future__ import annotations

from datetime import date, datetime, timedelta
import json
import math
import random
from zoneinfo import ZoneInfo

import pytest

from custom_components.sigenstor.sources.forecast_accuracy import ForecastAccuracy
from custom_components.sigenstor.sources.pv_model import ForecastStep, SolarForecast

TZ = ZoneInfo("Australia/Brisbane")
START = date(2025, 1, 1)


def clear_day(day: date) -> SolarForecast:
    """A bell-shaped 5 kW day, 06:00-18:00, hourly steps."""
    base = datetime(day.year, day.month, day.day, tzinfo=TZ)
    steps = []
    for hour in range(24):
        watts = 5000.0 * max(0.0, math.sin(math.pi * (hour + 0.5 - 6) / 12)) ** 1.5
        steps.append(
            ForecastStep(base + timedelta(hours=hour), base + timedelta(hours=hour + 1), watts)
        )
    return SolarForecast(tuple(steps), TZ)


def bias(hour: int) -> float:
    """The plant's true behaviour: shaded mornings, slightly better afternoons."""
    return 0.6 if hour < 10 else 1.15 if hour >= 14 else 1.0


def measured(day: date, rnd: random.Random, *, clouds: bool = True) -> dict[datetime, float]:
    """Measured Wh per hour: bias x forecast x a cloud factor for the day and hour."""
    cloud_day = rnd.choice((1.0, 1.0, 0.95, 0.7)) if clouds else 1.0
    out = {}
    for hour, wh in clear_day(day).wh_hours().items():
        local_hour = hour.astimezone(TZ).hour
        out[hour] = wh * bias(local_hour) * cloud_day * rnd.uniform(0.9, 1.05)
    return out


def history(acc: ForecastAccuracy, days: int, seed: int = 4, *, clouds: bool = True) -> None:
    rnd = random.Random(seed)
    for k in range(days):
        day = START + timedelta(days=k)
        acc.record_forecast(clear_day(day), measured(day, rnd, clouds=clouds))


def test_not_ready_before_min_days() -> None:
    acc = ForecastAccuracy(TZ, min_days=3)
    history(acc, 2)
    assert not acc.ready
    assert set(acc.factors().values()) == {1.0}
    fc = clear_day(START + timedelta(days=2))
    assert acc.apply(fc) is fc


def test_learns_the_bias_per_hour() -> None:
    acc = ForecastAccuracy(TZ, min_days=3, window_days=14, prior_days=0.0)
    history(acc, 14, clouds=False)
    assert acc.ready
    factors = acc.factors()
    noise_mean = (0.9 + 1.05) / 2
    for hour in range(7, 10):
        assert factors[hour] == pytest.approx(0.6 * noise_mean, rel=0.05)
    for hour in range(10, 14):
        assert factors[hour] == pytest.approx(1.0 * noise_mean, rel=0.05)
    for hour in range(14, 18):
        assert factors[hour] == pytest.approx(1.15 * noise_mean, rel=0.05)
    assert factors[2] == 1.0  # night stays untouched


def test_correction_removes_a_known_bias_out_of_sample() -> None:
    acc = ForecastAccuracy(TZ, min_days=3, window_days=14)
    history(acc, 14)

    # Out-of-sample: the next fortnight's error drops once the correction is applied.
    rnd = random.Random(99)
    raw_err = fixed_err = total = 0.0
    for k in range(14, 28):
        day = START + timedelta(days=k)
        truth = measured(day, rnd)
        raw = clear_day(day).wh_hours()
        fixed = acc.apply(clear_day(day)).wh_hours()
        for hour, wh in truth.items():
            raw_err += abs(raw[hour] - wh)
            fixed_err += abs(fixed[hour] - wh)
            total += wh
    assert fixed_err / total < 0.6 * (raw_err / total)


def test_error_7d_is_nmae_over_daylight() -> None:
    acc = ForecastAccuracy(TZ)
    day = START
    t = datetime(day.year, day.month, day.day, 10, tzinfo=TZ)
    acc.record(t, forecast_wh=1000.0, measured_wh=800.0)
    acc.record(t + timedelta(hours=1), forecast_wh=1000.0, measured_wh=1200.0)
    acc.record(t + timedelta(hours=12), forecast_wh=0.0, measured_wh=0.0)  # night: ignored
    assert acc.error_7d(t + timedelta(days=1)) == pytest.approx(400.0 / 2000.0)
    # The shown (corrected) value is what the sensor judges, when given.
    acc.record(t, forecast_wh=1000.0, measured_wh=800.0, shown_wh=800.0)
    assert acc.error_7d(t + timedelta(days=1)) == pytest.approx(200.0 / 2000.0)
    # Older than 7 days falls out of the window.
    assert acc.error_7d(t + timedelta(days=9)) is None


def test_few_samples_shrink_toward_one_and_clamp() -> None:
    acc = ForecastAccuracy(TZ, min_days=3, prior_days=2.0, clamp=(0.5, 1.5))
    for k in range(3):
        t = datetime(2025, 1, 1 + k, 12, tzinfo=TZ)
        acc.record(t, forecast_wh=1000.0, measured_wh=800.0)  # ratio 0.8
        acc.record(t.replace(hour=8), forecast_wh=100.0, measured_wh=900.0)  # ratio 9
    factors = acc.factors()
    assert factors[12] == pytest.approx(1.0 + 3 / 5 * (0.8 - 1.0))
    assert factors[8] == 1.5


def test_one_cloudy_day_does_not_dominate() -> None:
    acc = ForecastAccuracy(TZ, min_days=3)
    for k in range(7):
        t = datetime(2025, 1, 1 + k, 12, tzinfo=TZ)
        acc.record(t, forecast_wh=4000.0, measured_wh=400.0 if k == 3 else 4000.0)
    assert acc.factors()[12] > 0.85


def test_state_round_trips_through_json() -> None:
    acc = ForecastAccuracy(TZ)
    history(acc, 5)
    data = json.loads(json.dumps(acc.to_dict()))
    again = ForecastAccuracy.from_dict(data, TZ)
    assert again.days == acc.days
    assert again.factors() == acc.factors()
    assert ForecastAccuracy.from_dict({"version": 99}, TZ).days == 0


def test_window_prunes_old_days() -> None:
    acc = ForecastAccuracy(TZ, window_days=10)
    history(acc, 30)
    assert acc.days == 10
