"""Fixtures for the control path: an entry with a short read-back delay."""

from __future__ import annotations

from pathlib import Path

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.control.controller import CONF_READBACK_DELAY

# Tests read back after 50 ms instead of 2 s.
READBACK_S = 0.05


@pytest.fixture
def control_entry(mock_config_entry: MockConfigEntry) -> MockConfigEntry:
    """The simulator's entry with a fast read-back."""
    return MockConfigEntry(
        domain=mock_config_entry.domain,
        title=mock_config_entry.title,
        unique_id=mock_config_entry.unique_id,
        data=dict(mock_config_entry.data),
        options={**mock_config_entry.options, CONF_READBACK_DELAY: READBACK_S},
    )


@pytest.fixture(autouse=True)
def _config_dir(hass: HomeAssistant, tmp_path: Path) -> None:
    """Keep audit logs out of the shared test config directory."""
    hass.config.config_dir = str(tmp_path)
