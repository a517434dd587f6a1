"""Options menu: Amber token and site, PV arrays, the optional Open-Meteo key."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.sources.const import (
    CONF_AMBER_BASE_URL,
    CONF_AMBER_SITE_ID,
    CONF_AMBER_TOKEN,
    CONF_OPEN_METEO_API_KEY,
    CONF_OPEN_METEO_BASE_URL,
    CONF_PV_ARRAYS,
)
from replay import DEMO_TOKEN, SITE_ID

from ..conftest import SERIAL
from ..integration.helpers import entity_id, setup_entry
from .conftest import ARRAY, Replay, with_options

WITHOUT_AMBER = ("polling", "amber", "solar", "prices", "demand")
WITH_AMBER = ("polling", "amber", "amber_remove", "solar", "prices", "demand")


async def _menu(
    hass: HomeAssistant, entry: MockConfigEntry, step: str, menu: tuple[str, ...] = WITHOUT_AMBER
) -> Any:
    """Open the options, check the menu and pick an entry."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == list(menu)
    return await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": step}
    )


async def _hidden(hass: HomeAssistant, base: MockConfigEntry, replay: Replay) -> MockConfigEntry:
    entry = with_options(
        base, **{CONF_AMBER_BASE_URL: replay.base_url, CONF_OPEN_METEO_BASE_URL: replay.base_url}
    )
    await setup_entry(hass, entry)
    return entry


async def test_amber_token_and_site(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, replay: Replay
) -> None:
    """A valid token lists the active sites; picking one stores token and site and adds prices."""
    entry = mock_config_entry
    await setup_entry(hass, entry)
    first = await _menu(hass, entry, "amber")
    assert first["step_id"] == "amber"
    # The base-URL override is not a field users see.
    assert CONF_AMBER_BASE_URL not in {str(k) for k in first["data_schema"].schema}
    # The demo passes the hidden base URLs along with the token (as the REST API allows).
    hidden = {CONF_AMBER_BASE_URL: replay.base_url, CONF_OPEN_METEO_BASE_URL: replay.base_url}
    result: Any = await hass.config_entries.options.async_configure(
        first["flow_id"], {CONF_AMBER_TOKEN: DEMO_TOKEN, **hidden, "junk": "x"}
    )
    assert result["step_id"] == "amber_site"
    site_field = next(iter(result["data_schema"].schema))
    options = result["data_schema"].schema[site_field].config["options"]
    assert [o["value"] for o in options] == [SITE_ID]  # the closed site is not offered
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_AMBER_SITE_ID: SITE_ID}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.options[CONF_AMBER_TOKEN] == DEMO_TOKEN
    assert entry.options[CONF_AMBER_SITE_ID] == SITE_ID
    assert entry.options[CONF_AMBER_BASE_URL] == replay.base_url
    assert entry.options[CONF_OPEN_METEO_BASE_URL] == replay.base_url
    assert "junk" not in entry.options
    state = hass.states.get(entity_id(hass, "sensor", f"{SERIAL}_amber_general_price"))
    assert state is not None
    assert state.state not in ("unavailable", "unknown")


async def test_amber_invalid_token_and_no_connection(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, replay: Replay
) -> None:
    """403 shows invalid_auth, a server error cannot_connect; nothing is stored."""
    entry = await _hidden(hass, mock_config_entry, replay)
    result = await _menu(hass, entry, "amber")
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_AMBER_TOKEN: "psk_wrong"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}
    replay.fail("amber", 503)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_AMBER_TOKEN: DEMO_TOKEN}
    )
    assert result["errors"] == {"base": "cannot_connect"}
    assert CONF_AMBER_TOKEN not in entry.options


async def test_an_empty_token_keeps_amber_and_removal_is_confirmed(
    hass: HomeAssistant, sources_entry: MockConfigEntry
) -> None:
    """Submitting the Amber step empty keeps the stored token; removing is its own entry."""
    entry = sources_entry
    await setup_entry(hass, entry)
    result = await _menu(hass, entry, "amber", WITH_AMBER)
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    assert result["step_id"] == "amber_site"  # checked again with the stored token
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_AMBER_SITE_ID: SITE_ID}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.options[CONF_AMBER_TOKEN] == DEMO_TOKEN
    result = await _menu(hass, entry, "amber_remove", WITH_AMBER)
    assert result["type"] is FlowResultType.FORM  # a confirmation first
    assert entry.options[CONF_AMBER_TOKEN] == DEMO_TOKEN
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done(wait_background_tasks=True)
    assert CONF_AMBER_TOKEN not in entry.options
    assert CONF_AMBER_SITE_ID not in entry.options


async def test_an_empty_token_without_amber_asks_for_one(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, replay: Replay
) -> None:
    """Nothing stored and nothing entered: a translated error, nothing saved."""
    entry = await _hidden(hass, mock_config_entry, replay)
    result = await _menu(hass, entry, "amber")
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    assert result["errors"] == {"base": "token_missing"}
    assert CONF_AMBER_TOKEN not in entry.options


async def test_pv_arrays_add_edit_remove(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, replay: Replay
) -> None:
    """Arrays are added, validated, edited and removed; the forecast follows."""
    entry = await _hidden(hass, mock_config_entry, replay)
    result = await _menu(hass, entry, "solar")
    assert result["menu_options"] == ["solar_add", "solar_api_key"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "solar_add"}
    )
    bad = {**ARRAY, "tilt": 20, "efficiency": 0.93, "kwp": 6.6, "azimuth": 0}
    bad["kwp"] = 0
    with pytest.raises(InvalidData):  # the form's ranges already refuse it
        await hass.config_entries.options.async_configure(result["flow_id"], bad)
    result = await hass.config_entries.options.async_configure(result["flow_id"], ARRAY)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.options[CONF_PV_ARRAYS] == [ARRAY]
    today = entity_id(hass, "sensor", f"{SERIAL}_solar_pv_forecast_tomorrow")
    first = float(hass.states.get(today).state)  # type: ignore[union-attr]
    assert first > 0

    result = await _menu(hass, entry, "solar")
    assert result["menu_options"] == ["solar_add", "solar_edit", "solar_remove", "solar_api_key"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "solar_add"}
    )
    result = await hass.config_entries.options.async_configure(result["flow_id"], ARRAY)
    assert result["errors"] == {"name": "duplicate_array"}

    result = await _menu(hass, entry, "solar")
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "solar_edit"}
    )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"array": ARRAY["name"]}
    )
    assert result["step_id"] == "solar_edit_array"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**ARRAY, "kwp": 13.2}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.options[CONF_PV_ARRAYS] == [{**ARRAY, "kwp": 13.2}]
    doubled = float(hass.states.get(today).state)  # type: ignore[union-attr]
    assert doubled > first * 1.5  # twice the panels, same sky (up to temperature derating)

    result = await _menu(hass, entry, "solar")
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "solar_api_key"}
    )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_OPEN_METEO_API_KEY: "  "}
    )
    assert CONF_OPEN_METEO_API_KEY not in entry.options
    await hass.async_block_till_done(wait_background_tasks=True)

    result = await _menu(hass, entry, "solar")
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "solar_remove"}
    )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"remove": [ARRAY["name"]]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.options[CONF_PV_ARRAYS] == []
    assert entry.runtime_data.sources.solar is None
