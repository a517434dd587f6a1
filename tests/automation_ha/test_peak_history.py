"""The month's peak grid import so far comes from the recorder's hourly means."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any, cast

from homeassistant.components.recorder.core import Recorder
from homeassistant.components.recorder.models import (
    StatisticData,
    StatisticMeanType,
    StatisticMetaData,
)
from homeassistant.components.recorder.statistics import async_import_statistics
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.sigenstor.automation.peak_history import PeakTracker, month_start
from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.identifiers import unique_id_for
from custom_components.sigenstor.sigen import PLANT_UNIT_ID

from ..conftest import SERIAL


# The recorder must start before `hass`, so this module's autouse fixtures ask for it first.
@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """Recorder first, then custom integrations."""


@pytest.fixture(autouse=True)
def _config_dir(recorder_mock: Recorder) -> None:
    """No audit logs are written here."""


def _import(hass: HomeAssistant, statistic_id: str, rows: list[tuple[datetime, float]]) -> None:
    metadata = StatisticMetaData(
        mean_type=StatisticMeanType.ARITHMETIC,
        has_sum=False,
        name=None,
        source="recorder",
        statistic_id=statistic_id,
        unit_of_measurement="kW",
    )
    if "unit_class" in StatisticMetaData.__annotations__:  # newer releases require it
        cast(dict[str, Any], metadata)["unit_class"] = "power"
    async_import_statistics(
        hass, metadata, [StatisticData(start=start, mean=kw) for start, kw in rows]
    )


async def test_peak_of_this_month_inside_the_window(
    recorder_mock: Recorder, hass: HomeAssistant
) -> None:
    """Last month's 9 kW does not count; the owner's evening window sees 3 kW, all day 6 kW."""
    grid = er.async_get(hass).async_get_or_create(
        "sensor", DOMAIN, unique_id_for(SERIAL, PLANT_UNIT_ID, "grid_power")
    )
    first = month_start(dt_util.now() - timedelta(days=40))
    day = first + timedelta(days=1)
    rows = [
        (first - timedelta(hours=6), 9.0),  # the month before
        (day.replace(hour=10), 6.0),
        (day.replace(hour=18), 3.0),
        (day.replace(hour=22), 1.0),
    ]
    _import(hass, grid.entity_id, [(dt_util.as_utc(t), kw) for t, kw in rows])
    await async_wait_recording_done(hass)
    now = dt_util.as_utc(first + timedelta(days=2))
    evening = (time(16), time(21))
    tracker = PeakTracker()
    assert await tracker.async_update(hass, SERIAL, now, evening) == pytest.approx(3.0)
    assert await tracker.async_update(hass, SERIAL, now, None) == pytest.approx(6.0)
    assert tracker.peak_kw == pytest.approx(6.0)
    # Without a grid power sensor there is no history: no peak yet.
    assert await PeakTracker().async_update(hass, "other", now, None) == 0.0
