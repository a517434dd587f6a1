"""A stored rate plan that no longer validates gives no prices (said once); diagnostics show it."""

from __future__ import annotations

import logging

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.sigenstor.sources.const import CONF_PRICE_SOURCE, CONF_TOU_PLAN
from custom_components.sigenstor.sources.runtime import sources_diagnostics
from simulator import Simulator

from .helpers import start
from .test_price_sources import ALL_DAYS, entry_with

pytestmark = pytest.mark.usefixtures("socket_enabled")

FLAT = {"days": ALL_DAYS, "start": "00:00", "end": "00:00", "buy": 30.0, "sell": 5.0}


def _plan(*periods: dict[str, object]) -> dict[str, object]:
    return {"seasons": [{"name": "All year", "start": "01-01", "end": "12-31", "periods": periods}]}


async def test_an_invalid_stored_plan_leaves_the_optimiser_without_prices(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Two overlapping whole-day periods (hand-edited storage): one warning, no price source."""
    bad = _plan(FLAT, FLAT)
    entry = entry_with(mock_config_entry, **{CONF_PRICE_SOURCE: "tou", CONF_TOU_PLAN: bad})
    caplog.set_level(logging.WARNING, logger="custom_components.sigenstor")
    optimiser = await start(hass, entry)
    assert entry.runtime_data.sources.prices is None
    assert optimiser.plan is None
    warnings = [r for r in caplog.records if "rate plan is not valid" in r.getMessage()]
    assert len(warnings) == 1


async def test_diagnostics_name_the_price_source(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """A rate plan shows as the price source with its freshness, and no Amber section."""
    entry = entry_with(mock_config_entry, **{CONF_PRICE_SOURCE: "tou", CONF_TOU_PLAN: _plan(FLAT)})
    await start(hass, entry)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    text = str(diagnostics)
    assert "'price_source': {'source': 'Rate plan'" in text
    assert "'last_update_success': True" in text
    assert "'amber'" not in text
    assert sources_diagnostics(None) == {}
