"""Money sensors carry the price source's currency: AUD with Amber, Home Assistant's otherwise."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from ..conftest import SERIAL
from ..integration.helpers import entity_id, setup_entry

MONEY = ("expected_cost_today", "savings_today", "savings_month")


async def test_money_in_aud_when_amber_prices_the_plan(
    hass: HomeAssistant, sources_entry: MockConfigEntry
) -> None:
    """Amber bills in Australian dollars, whatever Home Assistant's own currency is."""
    await hass.config.async_update(currency="EUR")
    await setup_entry(hass, sources_entry)
    for key in MONEY:
        state = hass.states.get(entity_id(hass, "sensor", f"{SERIAL}_plant_{key}"))
        assert state is not None
        assert state.attributes["unit_of_measurement"] == "AUD", key


async def test_money_in_home_assistants_currency_without_amber(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """A rate plan or another integration's prices are in the currency Home Assistant uses."""
    await hass.config.async_update(currency="SEK")
    await setup_entry(hass, mock_config_entry)
    for key in MONEY:
        state = hass.states.get(entity_id(hass, "sensor", f"{SERIAL}_plant_{key}"))
        assert state is not None
        assert state.attributes["unit_of_measurement"] == "SEK", key
