"""Money sensors carry the price source's currency: AUD with Amber, Home Assistant's otherwise."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from ..conftest import SERIAL
from ..integration.helpers import entity_id, setup_entry

MONEY = ("expected_cost_today", "savings_today", "savings_month")


async def _units(hass: HomeAssistant, entry: MockConfigEntry, ha_currency: str) -> set[str]:
    """Set Home Assistant's currency, set the entry up, and read the money sensors' units."""
    await hass.config.async_update(currency=ha_currency)
    await setup_entry(hass, entry)
    states = [hass.states.get(entity_id(hass, "sensor", f"{SERIAL}_plant_{k}")) for k in MONEY]
    return {str(s.attributes["unit_of_measurement"]) for s in states if s is not None}


async def test_money_in_aud_when_amber_prices_the_plan(
    hass: HomeAssistant, sources_entry: MockConfigEntry
) -> None:
    """Amber bills in Australian dollars, whatever Home Assistant's own currency is."""
    assert await _units(hass, sources_entry, "EUR") == {"AUD"}


async def test_money_in_home_assistants_currency_without_amber(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """A rate plan or another integration's prices are in the currency Home Assistant uses."""
    assert await _units(hass, mock_config_entry, "SEK") == {"SEK"}
