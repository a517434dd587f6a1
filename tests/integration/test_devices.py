"""Stale devices: what nothing configured stands behind is removed; current devices stay."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.identifiers import (
    inverter_identifier,
    plant_identifier,
    service_identifier,
)
from simulator import Simulator

from ..conftest import SERIAL
from .helpers import setup_entry


def _old_device(
    hass: HomeAssistant, entry: MockConfigEntry, identifier: tuple[str, str], name: str
) -> dr.DeviceEntry:
    """A device (with one entity) left by an earlier configuration."""
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={identifier}, name=name
    )
    er.async_get(hass).async_get_or_create(
        "sensor", DOMAIN, f"{identifier[1]}_old", config_entry=entry, device_id=device.id
    )
    return device


async def test_setup_removes_devices_nothing_configured_stands_behind(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """An inverter taken out of the list and a removed source lose their devices and entities."""
    mock_config_entry.add_to_hass(hass)
    _old_device(hass, mock_config_entry, inverter_identifier(SERIAL, 2), "Inverter 2")
    _old_device(hass, mock_config_entry, service_identifier(SERIAL, "amber"), "Amber Electric")
    await setup_entry(hass, mock_config_entry)
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), mock_config_entry.entry_id)
    kept = {identifier for device in devices for identifier in device.identifiers}
    assert plant_identifier(SERIAL) in kept
    assert inverter_identifier(SERIAL, 1) in kept
    assert inverter_identifier(SERIAL, 2) not in kept
    assert service_identifier(SERIAL, "amber") not in kept
    entities = er.async_entries_for_config_entry(er.async_get(hass), mock_config_entry.entry_id)
    assert entities, "the current entities are registered"
    assert not [e for e in entities if e.unique_id.endswith("_old")]


async def test_owner_may_delete_only_stale_devices(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Deleting from the device page works for a stale device and is refused for current ones."""
    assert await async_setup_component(hass, "config", {})
    await setup_entry(hass, mock_config_entry)
    registry = dr.async_get(hass)
    # A device that turns stale while the entry runs (its inverter left the plant's list).
    stale = registry.async_get_or_create(
        config_entry_id=mock_config_entry.entry_id,
        identifiers={inverter_identifier(SERIAL, 3)},
        name="Inverter 3",
    )
    plant = registry.async_get_device({plant_identifier(SERIAL)})
    assert plant is not None
    client = await hass_ws_client(hass)
    for device_id, allowed in ((plant.id, False), (stale.id, True)):
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove_config_entry",
                "config_entry_id": mock_config_entry.entry_id,
                "device_id": device_id,
            }
        )
        response = await client.receive_json()
        assert response["success"] is allowed, response
    assert registry.async_get(plant.id) is not None
    assert registry.async_get(stale.id) is None
