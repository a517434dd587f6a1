"""Price (Amber Electric) and solar forecast (Open-Meteo) sensors on their service devices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import CURRENCY_DOLLAR, PERCENTAGE, UnitOfEnergy, UnitOfPower
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .entity_sources import AmberEntity, SolarEntity
from .models import SigenConfigEntry
from .sources.amber import Descriptor, PriceSnapshot
from .sources.solar_coordinator import SolarCoordinator

PRICE_UNIT = f"{CURRENCY_DOLLAR}/{UnitOfEnergy.KILO_WATT_HOUR}"


@dataclass(frozen=True, kw_only=True)
class PriceSensorDescription(SensorEntityDescription):
    """A sensor computed from the latest Amber snapshot."""

    value_fn: Callable[[PriceSnapshot], StateType]


@dataclass(frozen=True, kw_only=True)
class SolarSensorDescription(SensorEntityDescription):
    """A sensor computed from the solar coordinator at a moment."""

    value_fn: Callable[[SolarCoordinator, datetime], StateType]


def _descriptor(snapshot: PriceSnapshot) -> StateType:
    current = snapshot.current()
    return current.descriptor.snake if current and current.descriptor else None


def _price(key: str, fn: Callable[[PriceSnapshot], StateType]) -> PriceSensorDescription:
    return PriceSensorDescription(
        key=key,
        translation_key=key,
        value_fn=fn,
        native_unit_of_measurement=PRICE_UNIT,
        state_class=SensorStateClass.MEASUREMENT,
        # AUD/kWh to a hundredth of a cent.
        suggested_display_precision=4,
    )


PRICE_SENSORS: tuple[PriceSensorDescription, ...] = (
    _price("general_price", lambda s: s.general_price),
    # Amber reports what the customer pays; this is the money earned per exported kWh.
    _price("feed_in_earnings_rate", lambda s: s.feed_in_earn),
    PriceSensorDescription(
        key="price_descriptor",
        translation_key="price_descriptor",
        device_class=SensorDeviceClass.ENUM,
        options=[d.snake for d in Descriptor],
        value_fn=_descriptor,
    ),
    PriceSensorDescription(
        key="renewables",
        translation_key="renewables",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=lambda s: s.renewables,
    ),
)


def _kwh(wh: float) -> float:
    return round(wh / 1000.0, 3)


def _energy(key: str, fn: Callable[[SolarCoordinator, datetime], float]) -> SolarSensorDescription:
    return SolarSensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.ENERGY,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=2,
        value_fn=lambda c, now: _kwh(fn(c, now)),
    )


def _error_7d(coordinator: SolarCoordinator, now: datetime) -> StateType:
    error = coordinator.accuracy.error_7d(now)
    return round(100.0 * error, 1) if error is not None else None


SOLAR_SENSORS: tuple[SolarSensorDescription, ...] = (
    SolarSensorDescription(
        key="pv_forecast_power",
        translation_key="pv_forecast_power",
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,  # long-term statistics: solar vs forecast
        native_unit_of_measurement=UnitOfPower.KILO_WATT,
        suggested_display_precision=2,
        value_fn=lambda c, now: round(c.data.forecast.power_at(now) / 1000.0, 3),
    ),
    _energy("pv_forecast_today", lambda c, now: c.data.forecast.energy_today(now)),
    _energy(
        "pv_forecast_remaining_today", lambda c, now: c.data.forecast.energy_remaining_today(now)
    ),
    _energy("pv_forecast_tomorrow", lambda c, now: c.data.forecast.energy_tomorrow(now)),
    _energy("pv_forecast_next_hour", lambda c, now: c.data.forecast.energy_next_hour(now)),
    SolarSensorDescription(
        key="pv_forecast_error_7d",
        translation_key="pv_forecast_error_7d",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=_error_7d,
    ),
)


def source_sensors(entry: SigenConfigEntry) -> list[SensorEntity]:
    """Sensors of the configured sources (none when Amber and arrays are not set up)."""
    sources = entry.runtime_data.sources
    entities: list[SensorEntity] = []
    if sources.amber is not None:
        entities += [AmberSensor(entry, sources.amber, d) for d in PRICE_SENSORS]
    if sources.solar is not None:
        entities += [SolarSensor(entry, sources.solar, d) for d in SOLAR_SENSORS]
    return entities


class AmberSensor(AmberEntity, SensorEntity):
    """A price sensor."""

    entity_description: PriceSensorDescription

    @property
    def native_value(self) -> StateType:
        """Value from the latest snapshot."""
        return self.entity_description.value_fn(self.coordinator.data)


class SolarSensor(SolarEntity, SensorEntity):
    """A solar forecast sensor."""

    entity_description: SolarSensorDescription

    @property
    def native_value(self) -> StateType:
        """Value from the forecast at this moment."""
        return self.entity_description.value_fn(self.coordinator, dt_util.utcnow())
