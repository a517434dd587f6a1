"""Amber spike, spike-possible and demand-window binary sensors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import BinarySensorEntity, BinarySensorEntityDescription

from .entity_sources import AmberEntity
from .models import SigenConfigEntry
from .sources.amber import PriceSnapshot, SpikeStatus


@dataclass(frozen=True, kw_only=True)
class PriceBinaryDescription(BinarySensorEntityDescription):
    """A binary sensor computed from the latest Amber snapshot."""

    is_on_fn: Callable[[PriceSnapshot], bool | None]


PRICE_BINARY_SENSORS: tuple[PriceBinaryDescription, ...] = (
    # Amber's spikeStatus "spike": the current price is a spike.
    PriceBinaryDescription(
        key="price_spike",
        translation_key="price_spike",
        is_on_fn=lambda s: None if s.spike_status is None else s.spike_status is SpikeStatus.SPIKE,
    ),
    # Amber's spikeStatus "potential": a spike may happen in this interval.
    PriceBinaryDescription(
        key="price_spike_potential",
        translation_key="price_spike_potential",
        is_on_fn=lambda s: (
            None if s.spike_status is None else s.spike_status is SpikeStatus.POTENTIAL
        ),
    ),
    PriceBinaryDescription(
        key="demand_window",
        translation_key="demand_window",
        is_on_fn=lambda s: s.demand_window,
    ),
)


def price_binary_sensors(entry: SigenConfigEntry) -> list[BinarySensorEntity]:
    """Binary sensors of the Amber source (none when Amber is not set up)."""
    sources = entry.runtime_data.sources
    if sources.amber is None:
        return []
    return [PriceBinarySensor(entry, sources.amber, d) for d in PRICE_BINARY_SENSORS]


class PriceBinarySensor(AmberEntity, BinarySensorEntity):
    """On while the flag is set in the current general interval."""

    entity_description: PriceBinaryDescription

    @property
    def is_on(self) -> bool | None:
        """Flag of the current interval."""
        return self.entity_description.is_on_fn(self.coordinator.data)
