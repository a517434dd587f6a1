"""A recorder that fails to answer: the month's peak so far is taken as 0 kW, one INFO line."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Any

from homeassistant.components.recorder import statistics
from homeassistant.components.recorder.core import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from sqlalchemy.exc import OperationalError

from custom_components.sigenstor.automation.peak_history import PeakTracker
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


async def test_a_failing_statistics_query_plans_with_no_peak_and_says_so_once(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The database refuses the query: peak 0 kW (never a stale one), re-read an hour later."""
    er.async_get(hass).async_get_or_create(
        "sensor", DOMAIN, unique_id_for(SERIAL, PLANT_UNIT_ID, "grid_power")
    )
    calls: list[Any] = []

    def locked(*args: Any, **__: Any) -> Any:
        calls.append(args)
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setattr(statistics, "statistics_during_period", locked)
    caplog.set_level(logging.INFO)
    tracker = PeakTracker()
    tracker.peak_kw = 4.0  # what an earlier read found
    now = dt_util.utcnow()
    assert await tracker.async_update(hass, SERIAL, now, None) == 0.0
    assert tracker.peak_kw == 0.0
    lines = [r for r in caplog.records if "Grid import history unavailable" in r.getMessage()]
    assert [(r.levelno, "database is locked" in r.getMessage()) for r in lines] == [
        (logging.INFO, True)
    ]
    # Within the hour it is not asked again; after it, it is.
    await tracker.async_update(hass, SERIAL, now + timedelta(minutes=30), None)
    assert len(calls) == 1
    await tracker.async_update(hass, SERIAL, now + timedelta(hours=1), None)
    assert len(calls) == 2
