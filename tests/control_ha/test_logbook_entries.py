"""The logbook shows the control path's writes and alerts as sentences (a real recorder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.components.recorder.core import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.sigenstor.const import DOMAIN, EVENT_ALERT, EVENT_WRITE


# The recorder must start before `hass`, so this module's autouse fixtures ask for it first.
@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """Recorder first, then custom integrations."""


@pytest.fixture(autouse=True)
def _config_dir(recorder_mock: Recorder, hass: HomeAssistant, tmp_path: Path) -> None:
    """No audit logs are written here."""
    hass.config.config_dir = str(tmp_path)


async def test_writes_and_alerts_read_as_sentences_in_the_logbook(
    recorder_mock: Recorder, hass: HomeAssistant, hass_ws_client: Any
) -> None:
    """A refused optimiser write and an alert, as the logbook panel lists them."""
    assert await async_setup_component(hass, DOMAIN, {})
    # The logbook depends on the frontend, whose package is only installed with the demo: the
    # panel is not what is tested here, so the dependency is marked as met.
    hass.config.components.add("frontend")
    assert await async_setup_component(hass, "logbook", {})
    await hass.async_block_till_done()
    start = dt_util.utcnow()
    hass.bus.async_fire(
        EVENT_WRITE,
        {
            "origin": "optimiser",
            "result": "refused",
            "registers": {"grid_export_limit": 9.0},
            "reason": "above the rating",
        },
    )
    hass.bus.async_fire(
        EVENT_ALERT,
        {"entry_id": "e1", "kind": "emergency_stop", "message": "Emergency stop engaged."},
    )
    await hass.async_block_till_done()
    await async_wait_recording_done(hass)
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "logbook/get_events", "start_time": start.isoformat()})
    answer = await client.receive_json()
    assert answer["success"], answer
    ours = [(e["name"], e["message"]) for e in answer["result"] if e.get("domain") == DOMAIN]
    assert ours == [
        (
            "SigenStor",
            "Optimiser set the grid export limit to 9 kW: refused (above the rating)",
        ),
        ("SigenStor", "Emergency stop engaged."),
    ]
