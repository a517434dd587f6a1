"""What the controller knows of the plant: control registers, SoC, temperatures and ratings.

Control registers are known only from the controller's own reads and acknowledged writes, made
under its lock; an unanswered write makes its registers unknown until the next read. Polls are
never trusted for them (a poll that started before a write may commit after it), only used as
hints that the plant changed. Readings the guard uses are checked against physical bounds
(`guard.plausible`); garbage is unknown. Telemetry times move only when a read succeeds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
import time
from typing import Final

from homeassistant.util import dt as dt_util

from ..coordinator import Plant, SigenCoordinator, value_of
from ..sigen import PLANT_UNIT_ID, Device, Priority, Tier, get
from .limits import SafetyLimits
from .model import (
    ALLOWED_REGISTERS,
    CELL_TEMP_BOUNDS,
    CONTROL_BLOCK,
    ENABLE,
    SOC_BOUNDS,
    PlantSnapshot,
    plausible,
    plausible_rating,
)

SOC_KEY: Final = "plant_ess_soc"
WORK_MODE_KEY: Final = "plant_ems_work_mode"
REMOTE_EMS_WORK_MODE: Final = 7  # 30003 while Remote EMS has control
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


def read_time(coordinator: SigenCoordinator | None) -> datetime | None:
    """Wall-clock time of a coordinator's last successful poll."""
    if coordinator is None or coordinator.last_read_at is None:
        return None
    return dt_util.utcnow() - timedelta(seconds=time.monotonic() - coordinator.last_read_at)


class PlantView:
    """Latest telemetry of one plant as the guard sees it."""

    def __init__(self, telemetry: Plant, limits: SafetyLimits) -> None:
        """Start knowing nothing beyond what the coordinators hold."""
        self.telemetry = telemetry
        self.client = telemetry.client  # a releaser swaps in its own after unload
        self.limits = limits
        self._known: dict[str, tuple[float | None, float]] = {}  # key -> (value, monotonic)
        self._firmware: str | None = None
        self._start_temps: list[float] = []
        self._start_temps_at: datetime | None = None
        self._rated: tuple[float | None, float | None] = (None, None)

    # ---- control registers --------------------------------------------------------------

    def learn(self, values: Mapping[str, float | None]) -> None:
        """Values just read back or acknowledged as written."""
        stamp = time.monotonic()
        for key, value in values.items():
            self._known[key] = (value, stamp)

    def forget(self, keys: Iterable[str]) -> None:
        """Registers whose value is in doubt (a write went unanswered)."""
        for key in keys:
            self._known.pop(key, None)

    def control(self) -> dict[str, float | None]:
        """Known control registers; a missing key is unknown (read pessimistically)."""
        return {key: value for key, (value, _) in self._known.items()}

    def control_unknown(self) -> bool:
        """Whether any register of the control block is unknown."""
        return any(key not in self._known for key in CONTROL_BLOCK)

    def in_control(self) -> bool | None:
        """Whether Remote EMS is enabled (None when unknown)."""
        value = self._known.get(ENABLE)
        return None if value is None or value[0] not in (0, 1) else value[0] == 1

    def registers(self) -> dict[str, float | None]:
        """For display: polled values, overlaid by newer reads and writes of our own."""
        slow = self.telemetry.coordinators.get((PLANT_UNIT_ID, Tier.SLOW))
        polled_at = (slow.last_read_at or 0.0) if slow is not None else 0.0
        data = slow.data if slow is not None else None
        out: dict[str, float | None] = {}
        for key in ALLOWED_REGISTERS:
            if data is not None and key in data:
                out[key] = value_of(data, key)
            known = self._known.get(key)
            if known is not None and (key not in out or known[1] >= polled_at):
                out[key] = known[0]
        return out

    def hints_change(self) -> bool:
        """Whether the polls suggest the plant's Remote EMS state is not what we know."""
        enabled = self.in_control()
        if enabled is None:
            return False
        mode = self.live(WORK_MODE_KEY)
        if mode is not None and (mode == REMOTE_EMS_WORK_MODE) != enabled:
            return True
        slow = self.telemetry.coordinators.get((PLANT_UNIT_ID, Tier.SLOW))
        known = self._known.get(ENABLE)
        if slow is None or slow.last_read_at is None or known is None:
            return False
        polled = value_of(slow.data, ENABLE)
        # Only a poll that finished well after our knowledge can contradict it.
        return polled is not None and slow.last_read_at > known[1] + 1 and polled != known[0]

    async def async_read_control(self) -> dict[str, float | None]:
        """Read 40029-40035 in one request (controller priority) and learn it."""
        values = await self.client.read(
            PLANT_UNIT_ID, [get(key) for key in CONTROL_BLOCK], priority=Priority.WRITE
        )
        read: dict[str, float | None] = {
            key: value_of(values, key) for key in CONTROL_BLOCK if key in values
        }
        self.learn(read)
        return read

    # ---- telemetry ----------------------------------------------------------------------

    def live(self, key: str) -> float | None:
        """A value of the plant's live tier (a SoC that cannot be true is None)."""
        coordinator = self.telemetry.coordinators.get((PLANT_UNIT_ID, Tier.LIVE))
        value = value_of(coordinator.data, key) if coordinator is not None else None
        return plausible(value, SOC_BOUNDS) if key == SOC_KEY else value

    def soc_at(self) -> datetime | None:
        """When the SoC was last read successfully."""
        return read_time(self.telemetry.coordinators.get((PLANT_UNIT_ID, Tier.LIVE)))

    def _temperatures(self) -> tuple[list[float], datetime | None]:
        """Plausible cell temperatures of every inverter and the oldest read time among them."""
        temps: list[float] = []
        times: list[datetime] = []
        for unit in self.telemetry.inverter_ids:
            coordinator = self.telemetry.coordinators.get((unit, Tier.SLOW))
            at = read_time(coordinator)
            if coordinator is None or at is None:
                # Before the slow tier's first good poll, the start-up read stands in.
                temps += self._start_temps
                if self._start_temps_at is not None:
                    times.append(self._start_temps_at)
                continue
            found = [
                t
                for key in TEMP_KEYS
                if (t := plausible(value_of(coordinator.data, key), CELL_TEMP_BOUNDS)) is not None
            ]
            temps += found
            if found:
                times.append(at)
        return temps, min(times, default=None)

    def temperature(self) -> float | None:
        """The battery cell temperature furthest outside the allowed window (or the hottest)."""
        temps, _ = self._temperatures()
        if not temps:
            return None
        if min(temps) < self.limits.min_temp_c:
            return min(temps)
        return max(temps)

    def rated_kw(self) -> tuple[float | None, float | None]:
        """Rated charge and discharge power (kW), None while unknown or implausible."""
        static = self.telemetry.coordinators.get((PLANT_UNIT_ID, Tier.STATIC))
        data = static.data if static is not None else None
        charge = plausible_rating(value_of(data, RATED_CHARGE_KEY)) or self._rated[0]
        discharge = plausible_rating(value_of(data, RATED_DISCHARGE_KEY)) or self._rated[1]
        return charge, discharge

    def firmware(self) -> str | None:
        """The first inverter's firmware string (limit semantics depend on it)."""
        if self.telemetry.inverter_ids:
            coordinator = self.telemetry.coordinators.get(
                (self.telemetry.inverter_ids[0], Tier.STATIC)
            )
            value = coordinator.value(FIRMWARE_KEY) if coordinator is not None else None
            if isinstance(value, str) and value:
                return value
        return self._firmware

    def snapshot(self) -> PlantSnapshot:
        """What the guard knows about the plant now."""
        rated_charge, rated_discharge = self.rated_kw()
        _, temp_at = self._temperatures()
        return PlantSnapshot(
            soc=self.live(SOC_KEY),
            battery_temp_c=self.temperature(),
            timestamp=self.soc_at(),
            registers=self.control(),
            temp_timestamp=temp_at,
            rated_charge_kw=rated_charge,
            rated_discharge_kw=rated_discharge,
        )

    async def async_read(self) -> None:
        """Read control registers, ratings and firmware once (before the slow tiers have)."""
        client = self.client
        plant = await client.read(
            PLANT_UNIT_ID,
            [get(key) for key in (*ALLOWED_REGISTERS, RATED_CHARGE_KEY, RATED_DISCHARGE_KEY)],
            priority=Priority.WRITE,
        )
        self.learn({key: value_of(plant, key) for key in ALLOWED_REGISTERS if key in plant})
        self._rated = (
            plausible_rating(value_of(plant, RATED_CHARGE_KEY)),
            plausible_rating(value_of(plant, RATED_DISCHARGE_KEY)),
        )
        temps: list[float] = []
        for unit in self.telemetry.inverter_ids:
            keys = (
                [*TEMP_KEYS, FIRMWARE_KEY] if unit == self.telemetry.inverter_ids[0] else TEMP_KEYS
            )
            info = await client.read(unit, [get(key) for key in keys], priority=Priority.WRITE)
            temps += [
                t
                for key in TEMP_KEYS
                if (t := plausible(value_of(info, key), CELL_TEMP_BOUNDS)) is not None
            ]
            if info.get(FIRMWARE_KEY):
                self._firmware = str(info[FIRMWARE_KEY])
        self._start_temps = temps
        self._start_temps_at = dt_util.utcnow() if temps else None
