"""What the controller knows of the plant: control registers, SoC, temperatures and ratings.

Polled values are overlaid by newer writes and read-backs (a poll older than a write does not
hide it), which is what the guard must judge against.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
import math
import time
from typing import Final

from homeassistant.util import dt as dt_util

from ..coordinator import SigenCoordinator, SigenRuntimeData, value_of
from ..sigen.client import Priority
from ..sigen.registers import PLANT_UNIT_ID, Device, Tier, get
from .guard import ALLOWED_REGISTERS, ENABLE, PlantSnapshot, SafetyLimits

SOC_KEY: Final = "plant_ess_soc"
WORK_MODE_KEY: Final = "plant_ems_work_mode"
RATED_CHARGE_KEY: Final = "plant_ess_rated_charge_power"
RATED_DISCHARGE_KEY: Final = "plant_ess_rated_discharge_power"
TEMP_KEYS: Final = ("inv_ess_max_cell_temperature", "inv_ess_min_cell_temperature")
FIRMWARE_KEY: Final = "inv_firmware"
# Registers the controller needs polled whatever entities are enabled, per device and tier.
CONTROL_KEYS: Final[Mapping[tuple[Device, Tier], frozenset[str]]] = {
    (Device.PLANT, Tier.LIVE): frozenset({SOC_KEY, WORK_MODE_KEY}),
    (Device.PLANT, Tier.SLOW): frozenset(ALLOWED_REGISTERS),
    (Device.PLANT, Tier.STATIC): frozenset({RATED_CHARGE_KEY, RATED_DISCHARGE_KEY}),
    (Device.INVERTER, Tier.SLOW): frozenset(TEMP_KEYS),
    (Device.INVERTER, Tier.STATIC): frozenset({FIRMWARE_KEY}),
}


def matches(register_key: str, read: object, expected: float) -> bool:
    """Whether a read value equals the expected one within the register resolution."""
    if isinstance(read, bool) or not isinstance(read, int | float):
        return False
    return abs(float(read) - expected) <= 0.5 / get(register_key).gain + 1e-9


def read_time(coordinator: SigenCoordinator | None) -> datetime | None:
    """Wall-clock time of a coordinator's last successful poll."""
    if coordinator is None or coordinator.last_read_at is None:
        return None
    return dt_util.utcnow() - timedelta(seconds=time.monotonic() - coordinator.last_read_at)


class PlantView:
    """Latest telemetry of one plant as the guard sees it."""

    def __init__(self, runtime: SigenRuntimeData, limits: SafetyLimits) -> None:
        """Start knowing nothing beyond what the coordinators hold."""
        self.runtime = runtime
        self.limits = limits
        self.soc_at: datetime | None = None
        self.temp_at: datetime | None = None
        self._written: dict[str, tuple[float | None, float]] = {}  # key -> (value, monotonic)
        self._firmware: str | None = None
        self._start_temps: list[float] = []
        self._rated: tuple[float | None, float | None] = (None, None)

    def remember(self, values: Mapping[str, float | None]) -> None:
        """Values just written or read back; they win over any older poll."""
        stamp = time.monotonic()
        for key, value in values.items():
            self._written[key] = (value, stamp)

    def registers(self) -> dict[str, float | None]:
        """Control registers: polled values, overlaid by newer writes and read-backs."""
        slow = self.runtime.coordinators.get((PLANT_UNIT_ID, Tier.SLOW))
        polled_at = (slow.last_read_at or 0.0) if slow is not None else 0.0
        out: dict[str, float | None] = {}
        data = slow.data if slow is not None else None
        for key in ALLOWED_REGISTERS:
            if data is not None and key in data:
                out[key] = value_of(data, key)
            written = self._written.get(key)
            if written is not None and written[1] >= polled_at:
                out[key] = written[0]
        return out

    def live(self, key: str) -> float | None:
        """A value of the plant's live tier."""
        coordinator = self.runtime.coordinators.get((PLANT_UNIT_ID, Tier.LIVE))
        return value_of(coordinator.data, key) if coordinator is not None else None

    def temperature(self) -> float | None:
        """The battery cell temperature furthest outside the allowed window (or the hottest)."""
        temps: list[float] = []
        for unit in self.runtime.inverter_ids:
            coordinator = self.runtime.coordinators.get((unit, Tier.SLOW))
            for key in TEMP_KEYS:
                value = value_of(coordinator.data if coordinator else None, key)
                if value is not None and not math.isnan(value):
                    temps.append(value)
        temps = temps or self._start_temps  # before the slow tier's first poll
        if not temps:
            return None
        if min(temps) < self.limits.min_temp_c:
            return min(temps)
        return max(temps)

    def rated_kw(self) -> tuple[float | None, float | None]:
        """Rated charge and discharge power (kW), None while unknown."""
        static = self.runtime.coordinators.get((PLANT_UNIT_ID, Tier.STATIC))
        data = static.data if static is not None else None
        charge = value_of(data, RATED_CHARGE_KEY) or self._rated[0]
        discharge = value_of(data, RATED_DISCHARGE_KEY) or self._rated[1]
        return charge, discharge

    def firmware(self) -> str | None:
        """The first inverter's firmware string (limit semantics depend on it)."""
        if self.runtime.inverter_ids:
            coordinator = self.runtime.coordinators.get((self.runtime.inverter_ids[0], Tier.STATIC))
            value = coordinator.value(FIRMWARE_KEY) if coordinator is not None else None
            if isinstance(value, str) and value:
                return value
        return self._firmware

    def snapshot(self) -> PlantSnapshot:
        """What the guard knows about the plant now."""
        rated_charge, rated_discharge = self.rated_kw()
        return PlantSnapshot(
            soc=self.live(SOC_KEY),
            battery_temp_c=self.temperature(),
            timestamp=self.soc_at,
            registers=self.registers(),
            temp_timestamp=self.temp_at,
            rated_charge_kw=rated_charge,
            rated_discharge_kw=rated_discharge,
        )

    def in_control(self) -> bool | None:
        """Whether Remote EMS is enabled (None when unknown)."""
        registers = self.registers()
        if ENABLE not in registers:
            return None
        return registers[ENABLE] == 1

    def stamp_from_polls(self) -> None:
        """Take the telemetry times from the coordinators' last polls (at start)."""
        self.soc_at = read_time(self.runtime.coordinators.get((PLANT_UNIT_ID, Tier.LIVE)))
        if self.temperature() is not None:
            self.temp_at = min(
                (
                    at
                    for unit in self.runtime.inverter_ids
                    if (at := read_time(self.runtime.coordinators.get((unit, Tier.SLOW))))
                ),
                default=None,
            )

    def on_live_poll(self) -> None:
        """The live tier polled: the SoC is fresh when the poll succeeded."""
        live = self.runtime.coordinators[(PLANT_UNIT_ID, Tier.LIVE)]
        if live.last_update_success and live.data is not None:
            self.soc_at = dt_util.utcnow()

    def on_temperature_poll(self) -> None:
        """An inverter's slow tier polled."""
        if self.temperature() is not None:
            self.temp_at = dt_util.utcnow()

    async def async_read(self) -> None:
        """Read control registers, ratings and firmware once (before the slow tiers have)."""
        client = self.runtime.client
        plant = await client.read(
            PLANT_UNIT_ID,
            [get(key) for key in (*ALLOWED_REGISTERS, RATED_CHARGE_KEY, RATED_DISCHARGE_KEY)],
            priority=Priority.WRITE,
        )
        self.remember({key: value_of(plant, key) for key in ALLOWED_REGISTERS if key in plant})
        self._rated = (value_of(plant, RATED_CHARGE_KEY), value_of(plant, RATED_DISCHARGE_KEY))
        temps: list[float] = []
        for unit in self.runtime.inverter_ids:
            keys = [*TEMP_KEYS, FIRMWARE_KEY] if unit == self.runtime.inverter_ids[0] else TEMP_KEYS
            info = await client.read(unit, [get(key) for key in keys], priority=Priority.WRITE)
            temps += [v for key in TEMP_KEYS if (v := value_of(info, key)) is not None]
            if info.get(FIRMWARE_KEY):
                self._firmware = str(info[FIRMWARE_KEY])
        if temps:
            self._start_temps = temps
            self.temp_at = dt_util.utcnow()
