"""Register model and the Sigenergy V2.9 register map with polling tiers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
import re
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from .map_v29 import ROWS

if TYPE_CHECKING:
    from collections.abc import Mapping


class DataType(StrEnum):
    """Wire data type of a register."""

    U16 = "U16"
    S16 = "S16"
    U32 = "U32"
    S32 = "S32"
    U64 = "U64"
    STRING = "STRING"
    BIT16 = "BIT16"


class Access(StrEnum):
    """Access right documented by the vendor."""

    RO = "RO"
    RW = "RW"
    WO = "WO"


class Device(StrEnum):
    """Which Modbus unit answers a register: the plant (247) or an inverter (1-246)."""

    PLANT = "plant"
    INVERTER = "inverter"


class Tier(StrEnum):
    """Polling cadence class: live ~5 s, slow ~60 s, static at setup and hourly."""

    LIVE = "live"
    SLOW = "slow"
    STATIC = "static"


PLANT_UNIT_ID: Final = 247
INPUT_FC: Final = 0x04
HOLDING_FC: Final = 0x03
_HOLDING_START: Final = 40000  # 3xxxx are input registers, 4xxxx holding registers.


@dataclass(frozen=True, slots=True)
class Register:
    """One documented register (or multi-word value) of the Sigenergy protocol."""

    key: str
    address: int
    count: int
    data_type: DataType
    gain: int
    unit: str | None
    access: Access
    device: Device
    since: str
    tier: Tier

    @property
    def function_code(self) -> int:
        """Read function code: 0x04 for input (3xxxx), 0x03 for holding (4xxxx)."""
        return HOLDING_FC if self.address >= _HOLDING_START else INPUT_FC

    @property
    def writable(self) -> bool:
        """Whether the register accepts writes (RW or WO holding register)."""
        return self.access is not Access.RO

    @property
    def readable(self) -> bool:
        """Whether the register can be read back (write-only commands cannot)."""
        return self.access is not Access.WO

    @property
    def end(self) -> int:
        """First address after this register."""
        return self.address + self.count


# Tier rule, the one source of every entity's polling tier. LIVE: what a dashboard shows second
# by second (plant powers, SoC, grid power, running state, EMS work mode, on/off grid, the power
# the battery can take or give now, each inverter's AC and battery power and SoC); an inverter's
# PV power and running state, the total load and third-party PV power are SLOW. STATIC: identity
# strings and ratings that only change with hardware or grid code. SLOW: everything else
# (energy counters, temperatures, alarms, SoH, voltages, currents, reactive and per-phase
# values, all holding registers).
LIVE_KEYS: Final = frozenset(
    {
        "plant_ems_work_mode",
        "grid_active_power",
        "on_off_grid_status",
        "plant_ess_soc",
        "plant_active_power",
        "plant_pv_power",
        "plant_ess_power",
        "plant_ess_available_max_charge_power",
        "plant_ess_available_max_discharge_power",
        "plant_running_state",
        "general_load_power",
        "inv_active_power",
        "inv_ess_power",
        "inv_ess_soc",
    }
)
STATIC_KEYS: Final = frozenset(
    {
        "plant_max_active_power",
        "plant_max_apparent_power",
        "inv_max_apparent_power",
        "inv_max_active_power",
        "inv_max_absorb_power",
        "inv_output_type",
        "inv_pack_count",
        "inv_pv_string_count",
        "inv_mppt_count",
    }
)
# Any input register with "rated" in its name is a rating (rated power, capacity, grid-code
# rated voltage/frequency); holding registers are never static because the user can change them.
STATIC_PATTERN: Final = re.compile(r"(^|_)rated(_|$)")


def tier_for(key: str, data_type: DataType, address: int) -> Tier:
    """Return the polling tier for a register according to the documented rule."""
    if key in LIVE_KEYS:
        return Tier.LIVE
    if address < _HOLDING_START and (
        data_type is DataType.STRING or key in STATIC_KEYS or STATIC_PATTERN.search(key)
    ):
        return Tier.STATIC
    return Tier.SLOW


def _build() -> dict[str, Register]:
    """Turn the generated rows into Register objects."""
    out: dict[str, Register] = {}
    for key, address, count, dtype, gain, unit, access, device, since in ROWS:
        data_type = DataType(dtype)
        out[key] = Register(
            key=key,
            address=address,
            count=count,
            data_type=data_type,
            gain=gain,
            unit=unit,
            access=Access(access),
            device=Device(device),
            since=since,
            tier=tier_for(key, data_type, address),
        )
    return out


REGISTERS: Final[Mapping[str, Register]] = MappingProxyType(_build())


def get(key: str) -> Register:
    """Return the register with this key; KeyError if unknown."""
    return REGISTERS[key]


def registers_for(device: Device, tier: Tier | None = None) -> tuple[Register, ...]:
    """Return the registers of one device (optionally one tier), ordered by address."""
    chosen = (r for r in REGISTERS.values() if r.device is device and tier in (None, r.tier))
    return tuple(sorted(chosen, key=lambda r: r.address))
