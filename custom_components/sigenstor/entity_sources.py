"""Base entities of the price and solar sources: one service device each, via the plant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity, DataUpdateCoordinator

from .identifiers import plant_identifier, service_identifier
from .models import SigenConfigEntry
from .sources.price_coordinator import AmberCoordinator
from .sources.solar_coordinator import SolarCoordinator


@dataclass(frozen=True, slots=True)
class ServiceDevice:
    """The service device a source's entities sit on."""

    slug: str  # unique-id part of the entities
    suffix: str  # device identifier suffix after the plant's serial
    name: str
    manufacturer: str
    model: str
    url: str


class SourceEntity[CoordinatorT: DataUpdateCoordinator[Any]](CoordinatorEntity[CoordinatorT]):
    """An entity of a source's service device; unavailable only when that source fails."""

    _attr_has_entity_name = True
    device: ClassVar[ServiceDevice]

    def __init__(
        self, entry: SigenConfigEntry, coordinator: CoordinatorT, description: EntityDescription
    ) -> None:
        """Bind to the source's coordinator."""
        super().__init__(coordinator)
        serial = entry.runtime_data.serial
        device = self.device
        self.entity_description = description
        self._attr_unique_id = f"{serial}_{device.slug}_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={service_identifier(serial, device.suffix)},
            name=device.name,
            manufacturer=device.manufacturer,
            model=device.model,
            entry_type=DeviceEntryType.SERVICE,
            via_device=plant_identifier(serial),
            configuration_url=device.url,
        )

    @property
    def available(self) -> bool:
        """Unavailable while this source fails, independent of the plant."""
        return super().available and self.coordinator.data is not None


class AmberEntity(SourceEntity[AmberCoordinator]):
    """An entity on the "Amber Electric" service device."""

    device = ServiceDevice(
        "amber",
        "amber",
        "Amber Electric",
        "Amber Electric",
        "Price feed",
        "https://app.amber.com.au",
    )


class SolarEntity(SourceEntity[SolarCoordinator]):
    """An entity on the "Solar forecast" service device."""

    device = ServiceDevice(
        "solar",
        "solar_forecast",
        "Solar forecast",
        "Open-Meteo",
        "PV forecast",
        "https://open-meteo.com",
    )
