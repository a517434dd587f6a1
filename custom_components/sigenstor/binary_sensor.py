"""Alarm words decoded into problem binary sensors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .binary_sensor_prices import price_binary_sensors
from .entity import SigenEntity, SigenEntityDescription, build_entities
from .entity_control import control_binary_sensors
from .models import SigenConfigEntry
from .sigen import Device, active_alarms

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class SigenAlarmEntityDescription(SigenEntityDescription, BinarySensorEntityDescription):
    """One alarm word; on while any of its bits is set."""

    register: str


def _alarm(
    key: str, register: str, *, device: Device = Device.PLANT, enabled: bool = True
) -> SigenAlarmEntityDescription:
    return SigenAlarmEntityDescription(
        key=key,
        translation_key=key,
        device=device,
        keys=(register,),
        register=register,
        device_class=BinarySensorDeviceClass.PROBLEM,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=enabled,
    )


ALARMS: tuple[SigenAlarmEntityDescription, ...] = (
    # Plant words merge every device's alarms (protocol appendices 2-5, 11-13).
    _alarm("pcs_alarm", "plant_merged_alarm_1"),
    _alarm("pcs_alarm_2", "plant_merged_alarm_2"),
    _alarm("battery_alarm", "plant_merged_alarm_3"),
    _alarm("gateway_alarm", "plant_merged_alarm_4"),
    _alarm("dc_charger_alarm", "plant_merged_alarm_5"),
    _alarm("plant_alarm", "plant_merged_alarm_6"),
    _alarm("plant_alarm_2", "plant_merged_alarm_7"),
    # Per inverter: the plant words already merge these, so they start disabled.
    _alarm("inverter_pcs_alarm", "inv_alarm_1", device=Device.INVERTER, enabled=False),
    _alarm("inverter_pcs_alarm_2", "inv_alarm_2", device=Device.INVERTER, enabled=False),
    _alarm("inverter_battery_alarm", "inv_alarm_3", device=Device.INVERTER, enabled=False),
    _alarm("inverter_gateway_alarm", "inv_alarm_4", device=Device.INVERTER, enabled=False),
    _alarm("inverter_dc_charger_alarm", "inv_alarm_5", device=Device.INVERTER, enabled=False),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SigenConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add an alarm sensor per alarm word."""
    async_add_entities(build_entities(entry, ALARMS, SigenAlarmSensor))
    async_add_entities(control_binary_sensors(entry))
    async_add_entities(price_binary_sensors(entry))


class SigenAlarmSensor(SigenEntity, BinarySensorEntity):
    """On while the alarm word has any bit set; names the active alarms."""

    entity_description: SigenAlarmEntityDescription

    def _word(self) -> int | None:
        raw = self.coordinator.value(self.entity_description.register)
        return raw if isinstance(raw, int) else None

    @property
    def is_on(self) -> bool | None:
        """Whether any alarm in this word is active."""
        word = self._word()
        return None if word is None else word != 0

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The names of the active alarms."""
        word = self._word()
        return {"alarms": active_alarms(self.entity_description.register, word or 0)}
