"""Sensors: powers, energy counters, battery state and plant modes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from homeassistant.components.sensor import (
    RestoreSensor,
    SensorDeviceClass,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfEnergy,
    UnitOfFrequency,
    UnitOfPower,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .coordinator import SigenCoordinator, SigenData, house_load_kw, value_of
from .entity import SigenEntity, SigenEntityDescription, build_entities
from .entity_control import control_sensors
from .entity_optimiser import optimiser_sensors
from .models import SigenConfigEntry
from .sensor_prices import source_sensors
from .sigen import EMS_WORK_MODE, ON_OFF_GRID, RUNNING_STATE, Device

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class SigenSensorEntityDescription(SigenEntityDescription, SensorEntityDescription):
    """A sensor and how to compute its state from register values."""

    value_fn: Callable[[SigenData], StateType]
    # Daily counters legitimately fall to zero at local midnight, lifetime counters never do.
    resets_at_midnight: bool = False


def _num(key: str) -> Callable[[SigenData], StateType]:
    return lambda data: value_of(data, key)


def _enum(key: str, options: Mapping[int, str]) -> Callable[[SigenData], StateType]:
    def value(data: SigenData) -> StateType:
        raw = data.get(key)
        return options.get(raw) if isinstance(raw, int) else None

    return value


# What each kind of register-backed sensor shares: device class, state class, unit
# and display precision. A description may still override any of them.
_KINDS: dict[str, dict[str, object]] = {
    "power": {
        "device_class": SensorDeviceClass.POWER,
        "state_class": SensorStateClass.MEASUREMENT,
        "native_unit_of_measurement": UnitOfPower.KILO_WATT,
        "suggested_display_precision": 2,
    },
    "energy": {
        "device_class": SensorDeviceClass.ENERGY,
        "state_class": SensorStateClass.TOTAL_INCREASING,
        "native_unit_of_measurement": UnitOfEnergy.KILO_WATT_HOUR,
        "suggested_display_precision": 2,
    },
    "percent": {
        "state_class": SensorStateClass.MEASUREMENT,
        "native_unit_of_measurement": PERCENTAGE,
        "suggested_display_precision": 1,
    },
    "temperature": {
        "device_class": SensorDeviceClass.TEMPERATURE,
        "state_class": SensorStateClass.MEASUREMENT,
        "native_unit_of_measurement": UnitOfTemperature.CELSIUS,
        "suggested_display_precision": 1,
    },
    "stored_energy": {
        "device_class": SensorDeviceClass.ENERGY_STORAGE,
        "native_unit_of_measurement": UnitOfEnergy.KILO_WATT_HOUR,
        "suggested_display_precision": 2,
    },
}


def _sensor(kind: str, key: str, register: str, **kw: object) -> SigenSensorEntityDescription:
    """A sensor showing one register, with its kind's defaults."""
    return SigenSensorEntityDescription(
        key=key,
        translation_key=key,
        keys=(register,),
        value_fn=_num(register),
        **{**_KINDS[kind], **kw},  # type: ignore[arg-type]
    )


def _power(key: str, register: str, **kw: object) -> SigenSensorEntityDescription:
    return _sensor("power", key, register, **kw)


def _energy(key: str, register: str, **kw: object) -> SigenSensorEntityDescription:
    return _sensor("energy", key, register, **kw)


def _percent(key: str, register: str, **kw: object) -> SigenSensorEntityDescription:
    return _sensor("percent", key, register, **kw)


def _temperature(key: str, register: str, **kw: object) -> SigenSensorEntityDescription:
    return _sensor("temperature", key, register, **kw)


def _stored_energy(key: str, register: str, **kw: object) -> SigenSensorEntityDescription:
    return _sensor("stored_energy", key, register, **kw)


def _enum_sensor(
    key: str,
    register: str,
    options: Mapping[int, str],
    *,
    device: Device = Device.PLANT,
    **kw: object,
) -> SigenSensorEntityDescription:
    return SigenSensorEntityDescription(
        key=key,
        translation_key=key,
        device=device,
        keys=(register,),
        value_fn=_enum(register, options),
        device_class=SensorDeviceClass.ENUM,
        options=list(dict.fromkeys(options.values())),
        **kw,  # type: ignore[arg-type]
    )


DIAG = EntityCategory.DIAGNOSTIC
INV = Device.INVERTER

SENSORS: tuple[SigenSensorEntityDescription, ...] = (
    # Live plant values: what a dashboard shows second by second.
    _power("grid_power", "grid_active_power"),
    _power("pv_power", "plant_pv_power"),
    _power("battery_power", "plant_ess_power"),
    SigenSensorEntityDescription(
        key="house_load",
        translation_key="house_load",
        keys=("plant_pv_power", "plant_ess_power", "grid_active_power"),
        value_fn=house_load_kw,
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.KILO_WATT,
        suggested_display_precision=2,
    ),
    SigenSensorEntityDescription(
        key="battery_soc",
        translation_key="battery_soc",
        keys=("plant_ess_soc",),
        value_fn=_num("plant_ess_soc"),
        device_class=SensorDeviceClass.BATTERY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=1,
    ),
    _enum_sensor("ems_work_mode", "plant_ems_work_mode", EMS_WORK_MODE),
    _enum_sensor("running_state", "plant_running_state", RUNNING_STATE),
    _enum_sensor("grid_state", "on_off_grid_status", ON_OFF_GRID),
    _power("plant_active_power", "plant_active_power", entity_registry_enabled_default=False),
    _power(
        "available_charge_power",
        "plant_ess_available_max_charge_power",
        entity_registry_enabled_default=False,
    ),
    _power(
        "available_discharge_power",
        "plant_ess_available_max_discharge_power",
        entity_registry_enabled_default=False,
    ),
    # Energy counters for the Energy dashboard: lifetime U64 registers, never daily ones.
    _energy("pv_energy", "plant_pv_energy_total"),
    _energy("grid_import_energy", "plant_grid_import_energy_total"),
    _energy("grid_export_energy", "plant_grid_export_energy_total"),
    _energy("battery_charge_energy", "plant_ess_charge_energy_total"),
    _energy("battery_discharge_energy", "plant_ess_discharge_energy_total"),
    _energy("load_energy", "plant_load_energy_total"),
    _energy(
        "pv_energy_today",
        "plant_pv_energy_today",
        resets_at_midnight=True,
        entity_registry_enabled_default=False,
    ),
    _percent("battery_soh", "plant_ess_soh", entity_category=DIAG),
    _temperature("battery_temperature", "plant_ess_avg_cell_temperature"),
    _stored_energy("battery_energy_available", "plant_ess_available_discharge_energy"),
    _stored_energy(
        "battery_energy_to_full",
        "plant_ess_available_charge_energy",
        entity_registry_enabled_default=False,
    ),
    _power(
        "total_load_power",
        "total_load_power",
        entity_registry_enabled_default=False,
    ),
    _power(
        "third_party_pv_power",
        "third_party_pv_power",
        entity_registry_enabled_default=False,
    ),
    _stored_energy("rated_capacity", "plant_ess_rated_capacity", entity_category=DIAG),
    _power(
        "rated_charge_power",
        "plant_ess_rated_charge_power",
        entity_category=DIAG,
        entity_registry_enabled_default=False,
    ),
    _power(
        "rated_discharge_power",
        "plant_ess_rated_discharge_power",
        entity_category=DIAG,
        entity_registry_enabled_default=False,
    ),
    # Per inverter.
    _power("inverter_active_power", "inv_active_power", device=INV),
    _power("inverter_battery_power", "inv_ess_power", device=INV),
    _percent(
        "inverter_battery_soc",
        "inv_ess_soc",
        device=INV,
        device_class=SensorDeviceClass.BATTERY,
    ),
    _power("inverter_pv_power", "inv_pv_power", device=INV),
    _percent("inverter_battery_soh", "inv_ess_soh", device=INV, entity_category=DIAG),
    _temperature("inverter_battery_temperature", "inv_ess_avg_cell_temperature", device=INV),
    _temperature(
        "inverter_battery_max_temperature",
        "inv_ess_max_cell_temperature",
        device=INV,
        entity_registry_enabled_default=False,
    ),
    _temperature(
        "inverter_battery_min_temperature",
        "inv_ess_min_cell_temperature",
        device=INV,
        entity_registry_enabled_default=False,
    ),
    _temperature(
        "inverter_pcs_temperature",
        "inv_pcs_temperature",
        device=INV,
        entity_category=DIAG,
        entity_registry_enabled_default=False,
    ),
    SigenSensorEntityDescription(
        key="inverter_grid_frequency",
        translation_key="inverter_grid_frequency",
        device=INV,
        keys=("inv_grid_frequency",),
        value_fn=_num("inv_grid_frequency"),
        device_class=SensorDeviceClass.FREQUENCY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfFrequency.HERTZ,
        suggested_display_precision=2,
        entity_category=DIAG,
        entity_registry_enabled_default=False,
    ),
    _enum_sensor(
        "inverter_running_state",
        "inv_running_state",
        RUNNING_STATE,
        device=INV,
    ),
    _energy("inverter_pv_energy", "inv_pv_energy_total", device=INV),
    _energy(
        "inverter_battery_charge_energy",
        "inv_ess_charge_energy_total",
        device=INV,
        entity_registry_enabled_default=False,
    ),
    _energy(
        "inverter_battery_discharge_energy",
        "inv_ess_discharge_energy_total",
        device=INV,
        entity_registry_enabled_default=False,
    ),
    _stored_energy(
        "inverter_rated_capacity",
        "inv_rated_battery_capacity",
        device=INV,
        entity_category=DIAG,
    ),
    SigenSensorEntityDescription(
        key="inverter_firmware",
        translation_key="inverter_firmware",
        device=INV,
        keys=("inv_firmware",),
        value_fn=lambda data: str(data["inv_firmware"]) if data.get("inv_firmware") else None,
        entity_category=DIAG,
        entity_registry_enabled_default=False,
    ),
)

# A daily counter may drop to zero only this close to local midnight.
_MIDNIGHT_SLACK_MIN = 20


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SigenConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the plant's and each inverter's sensors."""
    async_add_entities(build_entities(entry, SENSORS, SigenSensor))
    async_add_entities(control_sensors(entry))
    async_add_entities(source_sensors(entry))
    async_add_entities(optimiser_sensors(entry))


def near_midnight(now: datetime) -> bool:
    """True within the slack either side of local midnight."""
    minutes = now.hour * 60 + now.minute
    return minutes <= _MIDNIGHT_SLACK_MIN or minutes >= 24 * 60 - _MIDNIGHT_SLACK_MIN


class SigenSensor(SigenEntity, RestoreSensor):
    """A register-backed sensor; counters are guarded against phantom energy."""

    entity_description: SigenSensorEntityDescription

    def __init__(
        self,
        entry: SigenConfigEntry,
        coordinator: SigenCoordinator,
        description: SigenSensorEntityDescription,
    ) -> None:
        """Compute the first state from whatever the coordinator holds."""
        super().__init__(entry, coordinator, description)
        self._attr_native_value = self._compute(None)

    @property
    def _is_counter(self) -> bool:
        return self.entity_description.state_class is SensorStateClass.TOTAL_INCREASING

    async def async_added_to_hass(self) -> None:
        """Restore the last counter so a zero read after a restart is caught too."""
        await super().async_added_to_hass()
        if self._is_counter and self._attr_native_value is None:
            last = await self.async_get_last_sensor_data()
            if last is not None and isinstance(last.native_value, int | float):
                self._attr_native_value = last.native_value

    def _compute(self, previous: StateType | datetime | object) -> StateType:
        # None until the tier's first poll, although the base class types it as always set.
        data: SigenData | None = self.coordinator.data
        if data is None:
            return previous if self._is_counter and isinstance(previous, int | float) else None
        value = self.entity_description.value_fn(data)
        if not self._is_counter or not isinstance(value, int | float):
            return value
        # A counter that reads lower (often 0 after a reconnect) would be taken by the
        # recorder as a meter reset and add its whole value again as phantom energy.
        dropped = isinstance(previous, int | float) and value < previous
        midnight_reset = self.entity_description.resets_at_midnight and near_midnight(dt_util.now())
        return previous if dropped and not midnight_reset else value  # type: ignore[return-value]

    @callback
    def _handle_coordinator_update(self) -> None:
        self._attr_native_value = self._compute(self._attr_native_value)
        super()._handle_coordinator_update()
