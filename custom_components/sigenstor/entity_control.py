"""Entities that show and drive the controller: base class, override and emergency-stop state."""

from __future__ import annotations

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.const import UnitOfTime
from homeassistant.helpers.entity import EntityDescription

from .control.controller import SigenController
from .entity import FollowerEntity
from .models import SigenConfigEntry


class ControlEntity(FollowerEntity):
    """An entity of the plant device that follows the controller's state."""

    def __init__(self, entry: SigenConfigEntry, description: EntityDescription) -> None:
        """Bind to the entry's controller."""
        self.controller: SigenController = entry.runtime_data.controller
        self.entry = entry
        super().__init__(entry, description, self.controller.async_add_listener)


class OverrideRemainingSensor(ControlEntity, SensorEntity):
    """Minutes left of the active override's duration."""

    def __init__(self, entry: SigenConfigEntry) -> None:
        """Describe the sensor."""
        super().__init__(
            entry,
            SensorEntityDescription(
                key="override_remaining",
                translation_key="override_remaining",
                device_class=SensorDeviceClass.DURATION,
                native_unit_of_measurement=UnitOfTime.MINUTES,
                suggested_display_precision=0,
            ),
        )

    @property
    def native_value(self) -> float | None:
        """Minutes left, None without an override or a duration."""
        left = self.controller.remaining()
        return None if left is None else round(left.total_seconds() / 60, 1)


class ControlBinarySensor(ControlEntity, BinarySensorEntity):
    """Override active or emergency stop engaged."""

    @property
    def is_on(self) -> bool:
        """State from the controller."""
        if self.entity_description.key == "emergency_stop":
            return self.controller.emergency_stop
        return self.controller.override is not None

    @property
    def extra_state_attributes(self) -> dict[str, str | float | None] | None:
        """Who has the plant and the last problem (the override sensor only)."""
        if self.entity_description.key == "emergency_stop":
            return None
        return {
            "control": self.controller.status,
            "problem": self.controller.problem,
            "external_mode": self.controller.external_mode,
        }


CONTROL_STATES = ["released", "releasing", "override", "automatic", "external", "emergency_stop"]


class ControlStateSensor(ControlEntity, SensorEntity):
    """Who has the plant now, including another controller (a VPP) and an unconfirmed release."""

    def __init__(self, entry: SigenConfigEntry) -> None:
        """Describe the sensor."""
        super().__init__(
            entry,
            SensorEntityDescription(
                key="control_state",
                translation_key="control_state",
                device_class=SensorDeviceClass.ENUM,
                options=CONTROL_STATES,
            ),
        )

    @property
    def native_value(self) -> str:
        """The controller's status."""
        return self.controller.status


def control_sensors(entry: SigenConfigEntry) -> list[SensorEntity]:
    """Sensors the sensor platform adds for the controller."""
    return [OverrideRemainingSensor(entry), ControlStateSensor(entry)]


def control_binary_sensors(entry: SigenConfigEntry) -> list[BinarySensorEntity]:
    """Binary sensors the binary_sensor platform adds for the controller."""
    return [
        ControlBinarySensor(
            entry,
            BinarySensorEntityDescription(key="override_active", translation_key="override_active"),
        ),
        ControlBinarySensor(
            entry,
            BinarySensorEntityDescription(
                key="emergency_stop",
                translation_key="emergency_stop",
                device_class=BinarySensorDeviceClass.PROBLEM,
            ),
        ),
    ]
