"""A recorder that fails to answer leaves the default house-load shape, with one INFO line."""

from __future__ import annotations

import logging
from typing import Any

from homeassistant.components.recorder import statistics
from homeassistant.components.recorder.core import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from sqlalchemy.exc import OperationalError

from custom_components.sigenstor.automation.load_history import async_learn_load, profile_from_rows

HOUSE = "sensor.sigenstor_house_load"


# The recorder must start before `hass`, so this module's autouse fixtures ask for it first.
@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """Recorder first, then custom integrations."""


async def test_a_failing_statistics_query_gives_the_default_profile(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The database refuses the query (locked, corrupt): the plan goes on with the default."""

    def locked(*_: Any, **__: Any) -> Any:
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setattr(statistics, "statistics_during_period", locked)
    caplog.set_level(logging.INFO)
    now = dt_util.utcnow()
    profile = await async_learn_load(hass, HOUSE, now)
    default = profile_from_rows([])
    assert profile.history_hours == 0
    times = [now.replace(hour=h) for h in (3, 12, 18)]
    assert list(profile.predict(times)) == list(default.predict(times))
    lines = [r for r in caplog.records if "House-load history unavailable" in r.getMessage()]
    assert len(lines) == 1
    assert lines[0].levelno == logging.INFO
    assert "database is locked" in lines[0].getMessage()
