"""Base entities of the price and solar sources: one service device each, via the plant."""

from __future__ import annotations

from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import SigenConfigEntry
from .entity import plant_identifier
from .price_coordinator import AmberCoordinator
from .solar_coordinator import SolarCoordinator


class AmberEntity(CoordinatorEntity[AmberCoordinator]):
    """An entity on the "Amber Electric" service device."""

    _attr_has_entity_name = True

    def __init__(
        self, entry: SigenConfigEntry, coordinator: AmberCoordinator, description: EntityDescription
    ) -> None:
        """Bind to the price coordinator."""
        super().__init__(coordinator)
        serial = entry.runtime_data.serial
        self.entity_description = description
        self._attr_unique_id = f"{serial}_amber_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, f"{serial}_amber")},
            name="Amber Electric",
            manufacturer="Amber Electric",
            model="Price feed",
            entry_type=DeviceEntryType.SERVICE,
            via_device=plant_identifier(serial),
            configuration_url="https://app.amber.com.au",
        )

    @property
    def available(self) -> bool:
        """Unavailable while Amber fails, independent of the plant."""
        return super().available and self.coordinator.data is not None


class SolarEntity(CoordinatorEntity[SolarCoordinator]):
    """An entity on the "Solar forecast" service device."""

    _attr_has_entity_name = True

    def __init__(
        self, entry: SigenConfigEntry, coordinator: SolarCoordinator, description: EntityDescription
    ) -> None:
        """Bind to the solar coordinator."""
        super().__init__(coordinator)
        serial = entry.runtime_data.serial
        self.entity_description = description
        self._attr_unique_id = f"{serial}_solar_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, f"{serial}_solar_forecast")},
            name="Solar forecast",
            manufacturer="Open-Meteo",
            model="PV forecast",
            entry_type=DeviceEntryType.SERVICE,
            via_device=plant_identifier(serial),
            configuration_url="https://open-meteo.com",
        )

    @property
    def available(self) -> bool:
        """Unavailable while Open-Meteo fails, independent of the plant."""
        return super().available and self.coordinator.data is not None
