"""The Energy dialog offers our solar forecast: the queries its frontend makes find this entry."""

from __future__ import annotations

from homeassistant.components.recorder.core import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.sigenstor.const import DOMAIN

from ..integration.helpers import setup_entry


# The energy component needs the recorder, which must start before `hass`.
@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """Recorder first, then custom integrations."""


async def test_solar_dialog_lists_this_entry_and_charts_its_forecast(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    sources_entry: MockConfigEntry,
) -> None:
    """energy/info names our domain; config_entries/get with the dialog's filter finds us."""
    assert await async_setup_component(hass, "energy", {})
    assert await async_setup_component(hass, "config", {})
    await setup_entry(hass, sources_entry)
    client = await hass_ws_client(hass)

    await client.send_json_auto_id({"type": "energy/info"})
    info = await client.receive_json()
    assert DOMAIN in info["result"]["solar_forecast_domains"]

    # The 2025.4 frontend's dialog-energy-solar-settings asks exactly this (type ["service"]).
    await client.send_json_auto_id(
        {"type": "config_entries/get", "type_filter": ["service"], "domain": DOMAIN}
    )
    listed = await client.receive_json()
    assert [e["entry_id"] for e in listed["result"]] == [sources_entry.entry_id]

    # Chosen there, the Energy dashboard reads the forecast from our energy platform.
    solar = {
        "type": "solar",
        "stat_energy_from": "sensor.sigenstor_solar_energy",
        "config_entry_solar_forecast": [sources_entry.entry_id],
    }
    await client.send_json_auto_id({"type": "energy/save_prefs", "energy_sources": [solar]})
    assert (await client.receive_json())["success"]
    await client.send_json_auto_id({"type": "energy/solar_forecast"})
    forecast = (await client.receive_json())["result"][sources_entry.entry_id]["wh_hours"]
    assert forecast
    assert max(forecast.values()) > 0
