"""Fixtures for the schedule tests: audit logs kept out of the shared config directory."""

from __future__ import annotations

from pathlib import Path

from homeassistant.core import HomeAssistant
import pytest


@pytest.fixture(autouse=True)
def _config_dir(hass: HomeAssistant, tmp_path: Path) -> None:
    """Each test writes its files under its own temporary directory."""
    hass.config.config_dir = str(tmp_path)
