"""get_price_forecast when there is nothing to give: Amber not set up, or its prices failing."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.const import DOMAIN

from ..integration.helpers import setup_entry
from .conftest import Replay


async def _ask(hass: HomeAssistant, entry_id: str) -> object:
    return await hass.services.async_call(
        DOMAIN,
        "get_price_forecast",
        {"config_entry_id": entry_id},
        blocking=True,
        return_response=True,
    )


async def test_without_amber_the_action_says_it_is_not_set_up(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """A plant without an Amber token: a translated refusal, not an empty answer."""
    await setup_entry(hass, mock_config_entry)
    with pytest.raises(ServiceValidationError) as err:
        await _ask(hass, mock_config_entry.entry_id)
    assert err.value.translation_key == "amber_not_set_up"


async def test_while_amber_fails_the_action_says_there_are_no_prices(
    hass: HomeAssistant, sources_entry: MockConfigEntry, replay: Replay
) -> None:
    """Old prices are not handed out as current while Amber fails; they are once it answers."""
    await setup_entry(hass, sources_entry)
    sources = sources_entry.runtime_data.sources
    assert sources is not None
    assert sources.amber is not None
    replay.fail("amber", 503)
    await sources.amber.async_refresh()
    await hass.async_block_till_done()
    assert sources.amber.data is not None  # the last good prices are still held
    with pytest.raises(ServiceValidationError) as err:
        await _ask(hass, sources_entry.entry_id)
    assert err.value.translation_key == "amber_no_prices"
    await sources.amber.async_refresh()
    answer = await _ask(hass, sources_entry.entry_id)
    assert isinstance(answer, dict)
    assert answer["general"]
