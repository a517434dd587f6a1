"""What one config entry keeps at run time, built complete before the entry holds it.

The rooms below (control/, automation/, sources/) never import this module: each is handed the
parts it needs (the `Plant`, the controller, the sources) when it is built, so the runtime data
can name all of them without a circle.
"""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry

from .automation.runtime import OptimiserRuntime
from .automation.schedule_store import ScheduleManager
from .control.controller import SigenController
from .coordinator import LinkMonitor, Plant, SigenCoordinator
from .sigen import SigenClient, Tier
from .sources.runtime import Sources


@dataclass(frozen=True, slots=True)
class SigenRuntimeData:
    """Everything one loaded entry runs: the plant's telemetry and each room built on it."""

    plant: Plant
    controller: SigenController  # the only writer
    sources: Sources  # optional Amber prices and solar forecast
    schedules: ScheduleManager  # the owner's schedules
    optimiser: OptimiserRuntime  # planner, modes, savings

    @property
    def client(self) -> SigenClient:
        """The plant's one Modbus client."""
        return self.plant.client

    @property
    def link(self) -> LinkMonitor:
        """Which units answer."""
        return self.plant.link

    @property
    def serial(self) -> str:
        """The plant's serial number (device identifiers and unique ids)."""
        return self.plant.serial

    @property
    def model(self) -> str:
        """The plant's model name."""
        return self.plant.model

    @property
    def inverter_ids(self) -> tuple[int, ...]:
        """Modbus unit ids of the inverters."""
        return self.plant.inverter_ids

    @property
    def coordinators(self) -> dict[tuple[int, Tier], SigenCoordinator]:
        """One coordinator per (unit, tier)."""
        return self.plant.coordinators

    def coordinator(self, unit_id: int, tier: Tier) -> SigenCoordinator:
        """The coordinator that polls this unit's tier."""
        return self.plant.coordinator(unit_id, tier)


type SigenConfigEntry = ConfigEntry[SigenRuntimeData]
