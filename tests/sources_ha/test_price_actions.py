"""Core Nord Pool and Tibber answer through actions: the reader calls them as Home Assistant would.

The two integrations are not set up here (their clouds have no local server); their actions are
registered with the recorded response shapes, so the reader's real service calls, area choice,
unit scaling and error paths run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.sources.const import ACTION_PRICE_REFRESH
from custom_components.sigenstor.sources.price_attrs import PriceShapeError
from custom_components.sigenstor.sources.price_source import (
    EntityPriceCoordinator,
    async_read_entity,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "price_entities"


def _fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


def _entity(hass: HomeAssistant, platform: str, unique_id: str, unit: str) -> str:
    """A registered price sensor of another integration, with a state and no forecast attribute."""
    source = MockConfigEntry(domain=platform)
    source.add_to_hass(hass)
    entry = er.async_get(hass).async_get_or_create(
        "sensor", platform, unique_id, config_entry=source
    )
    hass.states.async_set(entry.entity_id, "0.3", {"unit_of_measurement": unit})
    return entry.entity_id


def _serve(
    hass: HomeAssistant, domain: str, service: str, answers: list[Any]
) -> list[dict[str, Any]]:
    """Register an action answering each call with the next item (an exception is raised)."""
    calls: list[dict[str, Any]] = []

    async def _handle(call: ServiceCall) -> ServiceResponse:
        calls.append(dict(call.data))
        answer = answers[min(len(calls), len(answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        result: ServiceResponse = answer
        return result

    hass.services.async_register(domain, service, _handle, supports_response=SupportsResponse.ONLY)
    return calls


async def test_core_nord_pool_reads_the_entitys_area_per_kwh(hass: HomeAssistant) -> None:
    """Today's answer is used and tomorrow's refusal skipped; SE3 per MWh becomes per kWh."""
    hass.config.currency = "SEK"
    entity = _entity(hass, "nordpool", "SE3-current_price", "SEK/kWh")
    response = _fixture("nordpool_core_action.json")
    calls = _serve(
        hass, "nordpool", "get_prices_for_date", [response, HomeAssistantError("not yet")]
    )
    series = await async_read_entity(hass, entity)
    assert len(calls) == 2  # today and tomorrow
    assert [round(v, 5) for _, _, v in series] == [
        round(row["price"] / 1000, 5) for row in response["SE3"]
    ]


async def test_core_nord_pool_with_no_answer_has_no_forecast(hass: HomeAssistant) -> None:
    """Neither day answered: the reader says there is no forecast, in its own words."""
    hass.config.currency = "SEK"
    entity = _entity(hass, "nordpool", "SE3-current_price", "SEK/kWh")
    _serve(hass, "nordpool", "get_prices_for_date", [HomeAssistantError("down")])
    with pytest.raises(PriceShapeError) as err:
        await async_read_entity(hass, entity)
    assert err.value.key == "price_entity_no_forecast"


async def test_core_tibber_reads_the_first_home(hass: HomeAssistant) -> None:
    """The get_prices answer's first home, per kWh as sent."""
    hass.config.currency = "NOK"
    entity = _entity(hass, "tibber", "home-1-price", "NOK/kWh")
    response = _fixture("tibber_core_action.json")
    calls = _serve(hass, "tibber", "get_prices", [response])
    series = await async_read_entity(hass, entity)
    assert len(calls) == 1
    home = next(iter(response["prices"].values()))
    assert [v for _, _, v in series] == pytest.approx([row["price"] for row in home])


async def test_core_tibber_refusing_is_no_forecast(hass: HomeAssistant) -> None:
    """An action that fails leaves the optimiser without prices, said as such."""
    hass.config.currency = "NOK"
    entity = _entity(hass, "tibber", "home-1-price", "NOK/kWh")
    _serve(hass, "tibber", "get_prices", [HomeAssistantError("token")])
    with pytest.raises(PriceShapeError) as err:
        await async_read_entity(hass, entity)
    assert err.value.key == "price_entity_no_forecast"


async def test_action_backed_entities_refresh_at_the_actions_pace(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Nord Pool or Tibber entities set a slower refresh than attribute-carrying ones."""
    hass.config.currency = "NOK"
    mock_config_entry.add_to_hass(hass)
    entity = _entity(hass, "tibber", "home-1-price", "NOK/kWh")
    coordinator = EntityPriceCoordinator(hass, mock_config_entry, [entity], [])
    assert coordinator.update_interval == ACTION_PRICE_REFRESH
