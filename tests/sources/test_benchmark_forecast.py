"""benchmarks/forecast.py on a synthetic plant in the Ausgrid CSV layout."""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta
import random

from benchmarks import forecast
from custom_components.sigenstor.sources.pv_model import PvArray


def _write_csv(path, days: int) -> None:
    """A plant that is shaded before 10:00 and sees a random cloudy day now and then."""
    array = PvArray("pv", kwp=1.04, tilt=20, azimuth=0)
    rnd = random.Random(3)
    rows = [",GC,GG"]
    start = date(2011, 10, 10)
    for k in range(days):
        day = start + timedelta(days=k)
        clear = forecast.clear_sky_forecast(day, array)
        cloud = rnd.choice((1.0, 1.0, 0.9, 0.5))
        for half in range(48):
            stamp = datetime(day.year, day.month, day.day, tzinfo=forecast.TZ) + timedelta(
                minutes=30 * half
            )
            shade = 0.5 if stamp.hour < 10 else 1.0
            kw = clear.power_at(stamp) / 1000 * shade * cloud
            rows.append(f"{stamp.strftime('%Y-%m-%d %H:%M:%S')},0.5,{kw}")
    (path / forecast.CSV_NAME).write_text("\n".join(rows) + "\n")


def test_benchmark_learns_a_synthetic_bias(tmp_path) -> None:
    _write_csv(tmp_path, days=35)
    args = argparse.Namespace(
        data=str(tmp_path),
        start="2011-10-31",
        days=7,
        history=14,
        kwp=1.04,
        tilt=20.0,
        azimuth=0.0,
        floor=0.05,
    )
    figures = forecast.run(args)
    assert figures["days"] == 7
    assert figures["site"] == forecast.SITE
    before = figures["pv_forecast_mape_before"]
    after = figures["pv_forecast_mape_after"]
    assert isinstance(before, float)
    assert isinstance(after, float)
    assert before > 0.1
    assert after < 0.8 * before
    assert isinstance(figures["all_weeks"], int)
    assert figures["all_weeks"] >= 1
