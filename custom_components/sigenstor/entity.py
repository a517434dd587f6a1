"""Base entity: device info and unique ids shared by every SigenStor platform."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.core import CALLBACK_TYPE
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import MANUFACTURER
from .coordinator import SigenCoordinator, SigenData
from .identifiers import inverter_identifier, plant_identifier, unique_id_for
from .models import SigenConfigEntry
from .sigen import PLANT_UNIT_ID, Device, Tier, get


@dataclass(frozen=True, kw_only=True)
class SigenEntityDescription(EntityDescription):
    """What every SigenStor entity knows about where its values come from."""

    device: Device = Device.PLANT
    # Registers the entity reads; the poll plan is built from the enabled entities' keys.
    keys: tuple[str, ...] = ()

    @property
    def tier(self) -> Tier:
        """The polling tier: the register map's tier of the first register (one source)."""
        return get(self.keys[0]).tier


def device_info_for(entry: SigenConfigEntry, unit_id: int) -> DeviceInfo:
    """Device info for the plant or one of its inverters."""
    data = entry.runtime_data
    if unit_id == PLANT_UNIT_ID:
        return DeviceInfo(
            identifiers={plant_identifier(data.serial)},
            manufacturer=MANUFACTURER,
            model=data.model,
            name="SigenStor",
            serial_number=data.serial,
        )
    return DeviceInfo(
        identifiers={inverter_identifier(data.serial, unit_id)},
        manufacturer=MANUFACTURER,
        name=f"SigenStor inverter {unit_id}",
        via_device=plant_identifier(data.serial),
    )


def units_for(entry: SigenConfigEntry, device: Device) -> tuple[int, ...]:
    """Modbus unit ids that carry a description's device kind."""
    return (PLANT_UNIT_ID,) if device is Device.PLANT else entry.runtime_data.inverter_ids


class SigenEntity(CoordinatorEntity[SigenCoordinator]):
    """A SigenStor entity bound to one coordinator."""

    _attr_has_entity_name = True
    entity_description: SigenEntityDescription

    def __init__(
        self,
        entry: SigenConfigEntry,
        coordinator: SigenCoordinator,
        description: SigenEntityDescription,
    ) -> None:
        """Bind the description to its unit's coordinator and device."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = unique_id_for(
            entry.runtime_data.serial, coordinator.unit_id, description.key
        )
        self._attr_device_info = device_info_for(entry, coordinator.unit_id)


def build_entities[D: SigenEntityDescription, E: SigenEntity](
    entry: SigenConfigEntry,
    descriptions: tuple[D, ...],
    factory: Callable[[SigenConfigEntry, SigenCoordinator, D], E],
) -> list[E]:
    """One entity per description and unit that carries it."""
    return [
        factory(entry, entry.runtime_data.coordinator(unit_id, description.tier), description)
        for description in descriptions
        for unit_id in units_for(entry, description.device)
    ]


def single(key: str) -> Callable[[SigenData], object]:
    """Value function that returns one register's value."""
    return lambda data: data.get(key)


class FollowerEntity(Entity):
    """An entity of the plant device, written whenever the object it follows changes."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(
        self,
        entry: SigenConfigEntry,
        description: EntityDescription,
        follow: Callable[[CALLBACK_TYPE], CALLBACK_TYPE],
    ) -> None:
        """Describe the entity; `follow` registers a change callback and returns its remover."""
        self.entity_description = description
        self._follow = follow
        serial = entry.runtime_data.serial
        self._attr_unique_id = unique_id_for(serial, PLANT_UNIT_ID, description.key)
        self._attr_device_info = device_info_for(entry, PLANT_UNIT_ID)

    async def async_added_to_hass(self) -> None:
        """Follow every change."""
        await super().async_added_to_hass()
        self.async_on_remove(self._follow(self.async_write_ha_state))
