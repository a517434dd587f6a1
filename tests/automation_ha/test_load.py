"""The house-load profile is learned from the recorder's hourly statistics."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from homeassistant.components.recorder.core import Recorder
from homeassistant.components.recorder.models import (
    StatisticData,
    StatisticMeanType,
    StatisticMetaData,
)
from homeassistant.components.recorder.statistics import async_import_statistics
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.sigenstor.automation.load_history import async_learn_load

HOUSE = "sensor.sigenstor_house_load"


# The recorder must start before `hass`, so this module's autouse fixtures ask for it first.
@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """Recorder first, then custom integrations."""


@pytest.fixture(autouse=True)
def _config_dir(recorder_mock: Recorder) -> None:
    """No audit logs are written here."""


def _evening_peak(hour: int) -> float:
    return 3.0 if hour == 18 else 0.4


async def test_profile_learned_from_hourly_means(
    recorder_mock: Recorder, hass: HomeAssistant
) -> None:
    """Two weeks of history: the evening hour stands out, other hours stay low."""
    now = dt_util.now().replace(minute=0, second=0, microsecond=0)
    start = now - timedelta(days=14)
    rows = [
        StatisticData(
            start=start + timedelta(hours=h),
            mean=_evening_peak(dt_util.as_local(start + timedelta(hours=h)).hour),
        )
        for h in range(14 * 24)
    ]
    metadata = StatisticMetaData(
        mean_type=StatisticMeanType.ARITHMETIC,
        has_sum=False,
        name=None,
        source="recorder",
        statistic_id=HOUSE,
        unit_of_measurement="kW",
    )
    if "unit_class" in StatisticMetaData.__annotations__:  # newer releases require it
        cast(dict[str, Any], metadata)["unit_class"] = "power"
    async_import_statistics(hass, metadata, rows)
    await async_wait_recording_done(hass)
    profile = await async_learn_load(hass, HOUSE, dt_util.utcnow())
    assert profile.history_hours == pytest.approx(14 * 24, abs=2)
    day = now + timedelta(days=1)
    evening = profile.predict([day.replace(hour=18, minute=30)])[0]
    night = profile.predict([day.replace(hour=3, minute=30)])[0]
    # Two samples per slot against a two-hour prior: half way from the default shape (scaled
    # to this house's mean) towards what was measured.
    assert 1.8 < evening < 3.0
    assert 0.2 < night < 0.6
    assert evening > 4 * night
