"""Stale devices: a device of this entry that nothing configured stands behind goes away.

After the platforms are set up, the entry's current devices are the plant, the configured
inverters, the service device of each configured source and every device an entity of this run
sits on. Any other device of the entry (an inverter taken out of the unit-id list, a source
removed in the options) is detached from the entry, which removes it and its entities from the
registries. The owner may also delete such a device from its page; current ones refuse.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.entity_platform import async_get_platforms

from .const import DOMAIN
from .entity_sources import AmberEntity, SolarEntity
from .identifiers import inverter_identifier, plant_identifier, service_identifier
from .models import SigenConfigEntry

type Identifier = tuple[str, str]


@callback
def current_identifiers(hass: HomeAssistant, entry: SigenConfigEntry) -> set[Identifier]:
    """Identifiers of the devices the entry's present configuration stands behind."""
    data = entry.runtime_data
    serial = data.serial
    current = {plant_identifier(serial)}
    current |= {inverter_identifier(serial, unit) for unit in data.inverter_ids}
    if data.sources.prices is not None:
        current.add(service_identifier(serial, AmberEntity.device.suffix))
    if data.sources.solar is not None:
        current.add(service_identifier(serial, SolarEntity.device.suffix))
    registry = dr.async_get(hass)
    for platform in async_get_platforms(hass, DOMAIN):
        if platform.config_entry is None or platform.config_entry.entry_id != entry.entry_id:
            continue
        for entity in platform.entities.values():
            device_id = entity.registry_entry.device_id if entity.registry_entry else None
            device = registry.async_get(device_id) if device_id else None
            if device is not None:
                current |= device.identifiers
    return current


@callback
def async_remove_stale_devices(hass: HomeAssistant, entry: SigenConfigEntry) -> list[str]:
    """Detach every device of the entry that is not current; the names of those removed."""
    registry = dr.async_get(hass)
    current = current_identifiers(hass, entry)
    removed = []
    for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
        if not device.identifiers & current:
            removed.append(device.name_by_user or device.name or device.id)
            registry.async_update_device(device.id, remove_config_entry_id=entry.entry_id)
    return removed


def is_stale(hass: HomeAssistant, entry: SigenConfigEntry, device: dr.DeviceEntry) -> bool:
    """Whether the owner may delete this device (nothing configured stands behind it)."""
    return not device.identifiers & current_identifiers(hass, entry)
