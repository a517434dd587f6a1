"""Plant limit numbers (40032-40048): the owner's caps and SoC window, written through the guard."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.components.number import (
    NumberDeviceClass,
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import PERCENTAGE, EntityCategory, UnitOfPower
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .control.model import MAX_POWER_KW
from .coordinator import SigenCoordinator
from .entity import SigenEntity, SigenEntityDescription, build_entities
from .models import SigenConfigEntry
from .sigen import Device

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class SigenNumberEntityDescription(SigenEntityDescription, NumberEntityDescription):
    """A writable plant limit register."""


def _power(key: str, enabled: bool = False) -> SigenNumberEntityDescription:
    return SigenNumberEntityDescription(
        key=key,
        translation_key=key,
        device=Device.PLANT,
        keys=(key,),
        device_class=NumberDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.KILO_WATT,
        native_min_value=0.0,
        native_max_value=MAX_POWER_KW,
        native_step=0.1,
        mode=NumberMode.BOX,
        entity_category=EntityCategory.CONFIG,
        entity_registry_enabled_default=enabled,
    )


def _soc(key: str) -> SigenNumberEntityDescription:
    return SigenNumberEntityDescription(
        key=key,
        translation_key=key,
        device=Device.PLANT,
        keys=(key,),
        native_unit_of_measurement=PERCENTAGE,
        native_min_value=0.0,
        native_max_value=100.0,
        native_step=1.0,
        mode=NumberMode.BOX,
        entity_category=EntityCategory.CONFIG,
    )


# Caps are rarely set by hand (overrides manage 40032/40034), so they start disabled.
NUMBERS: tuple[SigenNumberEntityDescription, ...] = (
    _power("ess_max_charge_limit"),
    _power("ess_max_discharge_limit"),
    _power("pv_max_power_limit"),
    _power("grid_export_limit"),
    _power("grid_import_limit"),
    _soc("ess_backup_soc"),
    _soc("ess_charge_cutoff_soc"),
    _soc("ess_discharge_cutoff_soc"),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SigenConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the plant limit numbers."""
    async_add_entities(build_entities(entry, NUMBERS, SigenLimitNumber))


class SigenLimitNumber(SigenEntity, NumberEntity):
    """One plant limit; the value shown includes writes not yet polled."""

    entity_description: SigenNumberEntityDescription

    def __init__(
        self,
        entry: SigenConfigEntry,
        coordinator: SigenCoordinator,
        description: SigenNumberEntityDescription,
    ) -> None:
        """Bind to the plant's slow coordinator and the controller."""
        super().__init__(entry, coordinator, description)
        self.controller = entry.runtime_data.controller

    @property
    def native_value(self) -> float | None:
        """Current register value (None when unknown or not set)."""
        return self.controller.register_value(self.entity_description.key)

    async def async_set_native_value(self, value: float) -> None:
        """Write through the controller and its guard."""
        await self.controller.async_set_limit(self.entity_description.key, value)
        self.async_write_ha_state()
