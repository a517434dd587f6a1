"""Options: the price source (rate plan, price entities, Amber) and every validation error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.sources.const import (
    CONF_PRICE_ENTITIES,
    CONF_PRICE_SOURCE,
    CONF_SELL_ENTITIES,
    CONF_TOU_PLAN,
)
from custom_components.sigenstor.sources.price_source import TariffCoordinator
from custom_components.sigenstor.sources.tariff import plan_from_dict

from ..integration.helpers import setup_entry

pytestmark = pytest.mark.usefixtures("socket_enabled")

FIXTURES = Path(__file__).parent.parent / "fixtures" / "price_entities"
ALL_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
NO_FORECAST = "price_entity_no_forecast"
YEAR = {"season_name": "All year", "season_start": "2025-01-01", "season_end": "2025-12-31"}


async def _open(hass: HomeAssistant, entry: MockConfigEntry, step: str) -> Any:
    """Options → price source → one of its entries."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "prices"}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["prices_tou", "prices_entity"]  # no Amber set up
    return await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": step}
    )


async def _send(hass: HomeAssistant, result: Any, data: dict[str, Any]) -> Any:
    return await hass.config_entries.options.async_configure(result["flow_id"], data)


def _season(name: str, first: str, last: str) -> dict[str, str]:
    return {"season_name": name, "season_start": f"2025-{first}", "season_end": f"2025-{last}"}


def _period(start: str, end: str, buy: float, nxt: str = "period", **extra: Any) -> dict[str, Any]:
    return {
        "days": ALL_DAYS,
        "period_start": start,
        "period_end": end,
        "buy": buy,
        "sell": 5.0,
        "next": nxt,
        **extra,
    }


async def test_rate_plan_entered_and_used(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """A season and two periods are stored; the reloaded entry prices with them."""
    entry = mock_config_entry
    await setup_entry(hass, entry)
    result = await _open(hass, entry, "prices_tou")
    assert result["step_id"] == "prices_tou"
    result = await _send(hass, result, {**YEAR, "supply_per_day": 99.5})
    assert result["step_id"] == "prices_tou_period"
    assert result["description_placeholders"]["season"] == "All year"
    result = await _send(hass, result, _period("00:00:00", "16:00:00", 20.0))
    assert result["errors"] == {}
    assert "00:00-16:00" in result["description_placeholders"]["periods"]
    result = await _send(hass, result, _period("16:00:00", "00:00:00", 50.0, "finish"))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.options[CONF_PRICE_SOURCE] == "tou"
    plan = plan_from_dict(entry.options[CONF_TOU_PLAN])
    assert plan.supply_per_day == 99.5
    assert [p.as_dict()["end"] for p in plan.seasons[0].periods] == ["16:00", "00:00"]
    prices = entry.runtime_data.sources.prices
    assert isinstance(prices, TariffCoordinator)
    assert prices.data is not None
    hour = dt_util.now().hour
    assert prices.data.general_price == pytest.approx(0.20 if hour < 16 else 0.50)
    assert prices.data.feed_in_earn == pytest.approx(0.05)


async def test_rate_plan_errors_name_the_problem_and_store_nothing(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Every refusal of the rate plan steps is a translated error; the options stay as they were."""
    entry = mock_config_entry
    await setup_entry(hass, entry)
    before = dict(entry.options)
    result = await _open(hass, entry, "prices_tou")
    result = await _send(hass, result, {**YEAR, "season_name": "  "})
    assert result["errors"] == {"base": "tou_season_name"}
    summer = {"season_name": "Summer", "season_start": "2025-11-01", "season_end": "2025-03-31"}
    result = await _send(hass, result, summer)
    assert result["step_id"] == "prices_tou_period"

    # Navigation only, with no period entered yet: the weekdays are asked for.
    result = await _send(hass, result, {"next": "period"})
    assert result["errors"] == {"base": "tou_period_no_days"}
    result = await _send(hass, result, {"days": ["mon"], "period_start": "07:00", "next": "period"})
    assert result["errors"] == {"base": "tou_period_incomplete"}
    result = await _send(hass, result, _period("10:00:00", "09:00:00", 30.0))
    assert result["errors"] == {"base": "tou_period_empty"}
    assert result["description_placeholders"]["start"] == "10:00"
    result = await _send(hass, result, _period("00:00:00", "17:00:00", 20.0))
    result = await _send(hass, result, _period("16:00:00", "18:00:00", 60.0))
    assert result["errors"] == {"base": "tou_period_overlap"}
    assert result["description_placeholders"]["day"] == "Monday"
    assert (
        result["description_placeholders"]["start"],
        result["description_placeholders"]["end"],
    ) == ("16:00", "17:00")
    result = await _send(hass, result, _period("17:00:00", "22:00:00", 60.0, "season"))
    assert result["errors"] == {"base": "tou_period_gap"}
    assert result["description_placeholders"]["start"] == "22:00"
    result = await _send(hass, result, _period("22:00:00", "00:00:00", 20.0, "season"))
    assert result["step_id"] == "prices_tou"  # summer is done: the next season
    assert "supply_per_day" not in {str(k) for k in result["data_schema"].schema}

    result = await _send(
        hass,
        result,
        {"season_name": "summer", "season_start": "2025-04-01", "season_end": "2025-10-31"},
    )
    assert result["errors"] == {"base": "tou_season_duplicate"}
    result = await _send(
        hass,
        result,
        {"season_name": "Winter", "season_start": "2025-03-15", "season_end": "2025-10-31"},
    )
    assert result["errors"] == {"base": "tou_season_overlap"}
    assert result["description_placeholders"]["date"] == "15 March"
    result = await _send(
        hass,
        result,
        {"season_name": "Winter", "season_start": "2025-04-01", "season_end": "2025-10-15"},
    )
    result = await _send(hass, result, _period("00:00:00", "00:00:00", 30.0, "finish"))
    assert result["errors"] == {"base": "tou_season_gap"}
    assert result["description_placeholders"]["date"] == "16 October"
    assert dict(entry.options) == before  # nothing stored by any refusal

    # Moving on without a new period: the gap is filled by a third season, then finished.
    result = await _send(hass, result, {"next": "season"})
    assert result["step_id"] == "prices_tou"
    result = await _send(
        hass,
        result,
        {"season_name": "Spring", "season_start": "2025-10-16", "season_end": "2025-10-31"},
    )
    result = await _send(hass, result, _period("00:00:00", "00:00:00", 25.0, "finish"))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done(wait_background_tasks=True)
    plan = plan_from_dict(entry.options[CONF_TOU_PLAN])
    assert [s.name for s in plan.seasons] == ["Summer", "Winter", "Spring"]


def _state(hass: HomeAssistant, name: str, **attrs: Any) -> str:
    """Put a recorded-shape fixture's entity into the state machine."""
    data = json.loads((FIXTURES / name).read_text())
    hass.states.async_set(data["entity_id"], data["state"], {**data["attributes"], **attrs})
    return str(data["entity_id"])


async def test_price_entities_validated_and_stored(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Missing, unit, currency and shape errors name the entity; a good pick is stored."""
    entry = mock_config_entry
    await setup_entry(hass, entry)
    hass.config.currency = "EUR"
    before = dict(entry.options)
    entsoe = _state(hass, "entsoe_average.json")
    nordpool = _state(hass, "nordpool_hacs.json")  # SEK/kWh
    hass.states.async_set("sensor.energy", "12.5", {"unit_of_measurement": "kWh"})
    hass.states.async_set("sensor.flat_price", "0.3", {"unit_of_measurement": "EUR/kWh"})
    result = await _open(hass, entry, "prices_entity")
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({CONF_PRICE_ENTITIES: ["sensor.nowhere"]}, CONF_PRICE_ENTITIES, "price_entity_missing"),
        ({CONF_PRICE_ENTITIES: ["sensor.energy"]}, CONF_PRICE_ENTITIES, "price_entity_unit"),
        ({CONF_PRICE_ENTITIES: [nordpool]}, CONF_PRICE_ENTITIES, "price_entity_currency"),
        (
            {CONF_PRICE_ENTITIES: ["sensor.flat_price"]},
            CONF_PRICE_ENTITIES,
            NO_FORECAST,
        ),
        (
            {CONF_PRICE_ENTITIES: [entsoe], CONF_SELL_ENTITIES: ["sensor.flat_price"]},
            CONF_SELL_ENTITIES,
            NO_FORECAST,
        ),
        ({CONF_PRICE_ENTITIES: []}, CONF_PRICE_ENTITIES, "price_entity_missing"),
    ]
    for data, field, key in cases:
        result = await _send(hass, result, data)
        assert result["type"] is FlowResultType.FORM, key
        assert result["errors"] == {field: key}
        assert dict(entry.options) == before
    assert result["type"] is FlowResultType.FORM
    result = await _send(hass, result, {CONF_PRICE_ENTITIES: [entsoe]})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.options[CONF_PRICE_SOURCE] == "entity"
    assert entry.options[CONF_PRICE_ENTITIES] == [entsoe]
    assert CONF_SELL_ENTITIES not in entry.options


async def test_amber_offered_when_set_up(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """With an Amber token the menu offers Amber, which switches back to it."""
    entry = MockConfigEntry(
        domain=mock_config_entry.domain,
        unique_id=mock_config_entry.unique_id,
        data=dict(mock_config_entry.data),
        options={
            **mock_config_entry.options,
            "amber_token": "token",
            "amber_site_id": "01SITE",
            CONF_PRICE_SOURCE: "tou",
        },
    )
    entry.add_to_hass(hass)
    # Amber is not reachable here and need not be: the options flow works on the stored options.
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await _send(hass, result, {"next_step_id": "prices"})
    assert result["menu_options"] == ["prices_amber", "prices_tou", "prices_entity"]
    assert result["description_placeholders"] == {"current": "tou"}
    result = await _send(hass, result, {"next_step_id": "prices_amber"})
    result = await _send(hass, result, {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_PRICE_SOURCE] == "amber"
