"""Hourly integration of measured PV power and learning from it (pure meter, real coordinator)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.sigenstor.sources.pv_meter import HourlyPvMeter

BRISBANE = ZoneInfo("Australia/Brisbane")
ADELAIDE = ZoneInfo("Australia/Adelaide")  # +09:30: local hours are not UTC hours


def test_constant_power_gives_kwh_per_hour() -> None:
    """3 kW for two full hours is 3000 Wh each, reported when each hour closes."""
    meter = HourlyPvMeter(BRISBANE)
    start = datetime(2026, 1, 15, 2, 0, tzinfo=UTC)  # 12:00 local
    done = []
    for minute in range(0, 121):
        done += meter.add(start + timedelta(minutes=minute), 3.0)
    assert [h.start.hour for h in done] == [12, 13]
    assert [round(h.wh) for h in done] == [3000, 3000]
    assert all(h.covered == timedelta(hours=1) for h in done)


def test_local_half_hour_zone_and_gaps() -> None:
    """Hours follow the local clock; a long gap is not counted as energy or coverage."""
    meter = HourlyPvMeter(ADELAIDE)
    start = datetime(2026, 1, 15, 2, 30, tzinfo=UTC)  # 13:00 local in Adelaide
    done = []
    for minute in range(0, 20):
        done += meter.add(start + timedelta(minutes=minute), 2.0)
    done += meter.add(start + timedelta(minutes=61), 2.0)  # 41-minute gap: an outage
    assert len(done) == 1
    hour = done[0]
    assert hour.start.astimezone(ADELAIDE).hour == 13
    assert hour.covered == timedelta(minutes=19)
    assert hour.wh == pytest.approx(2000 * 19 / 60)
    assert hour.scaled_wh() == pytest.approx(2000)


def test_unknown_power_breaks_the_integration() -> None:
    """A sample without a value (plant unreachable) ends the current segment."""
    meter = HourlyPvMeter(BRISBANE)
    start = datetime(2026, 1, 15, 2, 0, tzinfo=UTC)
    done = []
    for minute in range(61):
        kw = None if 10 <= minute < 20 else 1.0
        done += meter.add(start + timedelta(minutes=minute), kw)
    assert len(done) == 1
    assert done[0].covered == timedelta(minutes=50)
    assert done[0].wh == pytest.approx(1000 * 50 / 60)
