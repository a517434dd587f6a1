"""Diagnostics: useful, with host and serials redacted."""

from __future__ import annotations

import json

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from custom_components.sigenstor.diagnostics import async_get_config_entry_diagnostics
from simulator import Simulator

from ..conftest import SERIAL
from .helpers import setup_entry


async def test_diagnostics_redacts_host_and_serials(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """No host or serial appears anywhere in the dump."""
    await setup_entry(hass, mock_config_entry)
    diag = await async_get_config_entry_diagnostics(hass, mock_config_entry)
    text = json.dumps(diag, default=str)
    assert SERIAL not in text
    assert str(simulator.value("inv_serial", 1)) not in text
    assert simulator.host not in text
    assert diag["entry"]["data"]["host"] == "**REDACTED**"
    assert diag["coordinators"]["247/live"]["last_update_success"] is True
    assert "plant_ess_soc" in diag["coordinators"]["247/live"]["registers"]
    assert diag["coordinators"]["247/live"]["data"]["plant_ess_soc"] == simulator.value(
        "plant_ess_soc"
    )


async def test_diagnostics_snapshot(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """The whole dump, minus what changes between runs (port, timings)."""
    await setup_entry(hass, mock_config_entry)
    diag = await async_get_config_entry_diagnostics(hass, mock_config_entry)
    assert diag == snapshot(exclude=props("port", "client"))
