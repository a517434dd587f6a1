"""What the guard reasons about: the writable registers, plant readings and commanded power (pure).

Values are engineering units: kW for power caps, % for SoC registers, plain ints for the
enable/mode enums. In `PlantSnapshot.registers` a missing key means "unknown" and `None` means
"not set" (a U32 cap reading all ones, i.e. no cap). Every reading has physical bounds
(`plausible`, `sanitize`): outside them it is garbage, i.e. unknown, never trusted. `commanded`
derives the charge and discharge power the registers force, reading unknowns pessimistically.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
import math
from typing import Final

from ..sigen import get

ENABLE: Final = "remote_ems_enable"
PHASE: Final = "independent_phase_control_enable"
MODE: Final = "remote_ems_control_mode"
CHARGE_CAP: Final = "ess_max_charge_limit"
DISCHARGE_CAP: Final = "ess_max_discharge_limit"
PV_CAP: Final = "pv_max_power_limit"
GRID_EXPORT_CAP: Final = "grid_export_limit"
GRID_IMPORT_CAP: Final = "grid_import_limit"
BACKUP_SOC: Final = "ess_backup_soc"
CHARGE_CUTOFF: Final = "ess_charge_cutoff_soc"
DISCHARGE_CUTOFF: Final = "ess_discharge_cutoff_soc"

# The registers the controller may write; key -> (address, words), read from the register map
# (one source: sigen/map_v29.py). 40030 is allowed only so that taking control can be one
# contiguous write over 40029-40035; its only legal value is 0.
_ALLOWED_KEYS: Final = (
    ENABLE,
    PHASE,
    MODE,
    CHARGE_CAP,
    DISCHARGE_CAP,
    PV_CAP,
    GRID_EXPORT_CAP,
    GRID_IMPORT_CAP,
    BACKUP_SOC,
    CHARGE_CUTOFF,
    DISCHARGE_CUTOFF,
)
ALLOWED_REGISTERS: Final[Mapping[str, tuple[int, int]]] = {
    key: (get(key).address, get(key).count) for key in _ALLOWED_KEYS
}
POWER_KEYS: Final = frozenset({CHARGE_CAP, DISCHARGE_CAP, PV_CAP, GRID_EXPORT_CAP, GRID_IMPORT_CAP})
SOC_KEYS: Final = frozenset({BACKUP_SOC, CHARGE_CUTOFF, DISCHARGE_CUTOFF})
ENUM_VALUES: Final[Mapping[str, frozenset[int]]] = {
    ENABLE: frozenset({0, 1}),
    PHASE: frozenset({0}),
    MODE: frozenset({1, 2, 3, 4, 5, 6}),
}
# Sanity ceiling for any power cap; residential plants are far below it.
MAX_POWER_KW: Final = 1000.0
# The control block: 40029-40035, taken and released in one request.
CONTROL_BLOCK: Final = (ENABLE, PHASE, MODE, CHARGE_CAP, DISCHARGE_CAP)
# Physical bounds of readings; outside them a reading is garbage, i.e. unknown.
SOC_BOUNDS: Final = (0.0, 100.0)
CELL_TEMP_BOUNDS: Final = (-40.0, 90.0)
PLAUSIBLE_POWER_FACTOR: Final = 1.5  # a power reading may exceed the rating by this much


class Direction(StrEnum):
    """What a Remote-EMS control mode makes the battery do."""

    CHARGE = "charge"
    DISCHARGE = "discharge"
    IDLE = "idle"  # standby: battery held idle
    AUTO = "auto"  # max self-consumption: the plant's own logic, as after a release
    UNKNOWN = "unknown"  # PCS dispatch (0), V2G (8), reserved or unknown values


def mode_direction(mode: float | None) -> Direction:
    """Classify a 40031 value: 3/4 charge, 5/6 discharge, 1 idle, 2 auto, else unknown."""
    table = {1: Direction.IDLE, 2: Direction.AUTO, 3: Direction.CHARGE, 4: Direction.CHARGE}
    table |= {5: Direction.DISCHARGE, 6: Direction.DISCHARGE}
    if mode is None or not float(mode).is_integer():
        return Direction.UNKNOWN
    return table.get(int(mode), Direction.UNKNOWN)


@dataclass(frozen=True, slots=True)
class PlantSnapshot:
    """Telemetry the guard relies on; times are aware datetimes like `now`."""

    soc: float | None
    battery_temp_c: float | None
    timestamp: datetime | None  # when `soc` (and the register values) were read
    registers: Mapping[str, float | None]
    temp_timestamp: datetime | None = None  # None: read together with `soc`
    rated_charge_kw: float | None = None
    rated_discharge_kw: float | None = None


@dataclass(frozen=True, slots=True)
class Commanded:
    """Battery power the registers force (kW, both >= 0; inf when uncapped and unrated)."""

    charge_kw: float
    discharge_kw: float


def _cap(registers: Mapping[str, float | None], key: str, rated: float | None, high: bool) -> float:
    """Effective cap of one direction; unknown is pessimistic, unset means rated (or inf)."""
    ceiling = math.inf if rated is None else rated
    if key not in registers:
        return ceiling if high else 0.0
    value = registers[key]
    if value is None:
        return ceiling
    return min(float(value), ceiling)


def commanded(
    registers: Mapping[str, float | None],
    rated_charge_kw: float | None = None,
    rated_discharge_kw: float | None = None,
    *,
    high: bool = True,
) -> Commanded:
    """Charge/discharge power the registers force; unknowns assume the worst side of `high`."""
    enable = registers.get(ENABLE)
    if enable is None and not high:
        return Commanded(0.0, 0.0)
    if enable is not None and enable != 1:
        return Commanded(0.0, 0.0)
    direction = mode_direction(registers.get(MODE))
    charge = _cap(registers, CHARGE_CAP, rated_charge_kw, high)
    discharge = _cap(registers, DISCHARGE_CAP, rated_discharge_kw, high)
    if direction is Direction.CHARGE:
        return Commanded(charge, 0.0)
    if direction is Direction.DISCHARGE:
        return Commanded(0.0, discharge)
    if direction is Direction.UNKNOWN and high:
        return Commanded(charge, discharge)
    return Commanded(0.0, 0.0)


def plausible(value: float | None, bounds: tuple[float, float]) -> float | None:
    """`value` when it is a finite number inside `bounds`, else None (garbage is unknown)."""
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value) or not bounds[0] <= value <= bounds[1]:
        return None
    return float(value)


def plausible_rating(value: float | None) -> float | None:
    """A rated power (kW) that can be true, else None."""
    rating = plausible(value, (0.0, MAX_POWER_KW))
    return rating if rating else None


def sanitize(
    registers: Mapping[str, float | None],
    rated_charge_kw: float | None,
    rated_discharge_kw: float | None,
) -> dict[str, float | None]:
    """Drop register readings that cannot be true (they become unknown, read pessimistically)."""
    out: dict[str, float | None] = {}
    top = max(rated_charge_kw or 0.0, rated_discharge_kw or 0.0) * PLAUSIBLE_POWER_FACTOR
    ceiling = min(top, MAX_POWER_KW) if top > 0 else MAX_POWER_KW
    for key, value in registers.items():
        if value is None:
            out[key] = None  # unset cap: a real, legal state
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            continue
        if key == ENABLE and value not in (0, 1):
            continue
        if key in POWER_KEYS and not 0.0 <= value <= ceiling:
            continue
        if key in SOC_KEYS and not 0.0 <= value <= 100.0:
            continue
        out[key] = value
    return out
