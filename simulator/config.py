"""Simulator configuration and the facts derived from it (firmware generation, ratings)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
import re
from typing import Final

# sigen_modbus.md §6.2 / §12.16: firmware SPC113 and later implement protocol V2.9, where the
# charge/discharge/PV caps act in every mode; earlier firmware gates them by remote EMS mode.
GLOBAL_LIMITS_FROM_SPC: Final = 113
_SPC = re.compile(r"SPC(\d+)", re.IGNORECASE)
_MODEL_KW = re.compile(r"(\d+(?:\.\d+)?)")


@dataclass
class SimConfig:
    """Everything that shapes one simulated plant; see `python -m simulator --help`."""

    host: str = "127.0.0.1"
    port: int = 0  # 0 = let the OS pick a free port
    inverters: int = 1
    speed: float = 1.0  # simulated seconds per real second; 0 freezes the clock
    soc: float = 50.0
    capacity_kwh: float = 16.0  # whole plant, shared equally by the inverters
    pv_kwp: float = 10.0  # whole plant, shared equally by the inverters
    firmware: str = "V100R001C00SPC115"
    start_time: datetime | None = None  # None = now (local time)
    seed: int = 0
    model: str = "SigenStor EC 10.0 TP"
    serial: str = "SIG1234567890"


def firmware_spc(firmware: str) -> int | None:
    """Service-pack number of a firmware string like V100R001C00SPC115, None if absent."""
    match = _SPC.search(firmware)
    return int(match.group(1)) if match else None


def limits_are_global(firmware: str) -> bool:
    """Whether 40032/40034/40036 act in every mode (V2.9 semantics, SPC113+)."""
    spc = firmware_spc(firmware)
    # Unknown strings are treated as current firmware: the simulator's default is V2.9.
    return spc is None or spc >= GLOBAL_LIMITS_FROM_SPC


def model_rating_kw(model: str) -> float:
    """Inverter AC rating parsed from a model name like "SigenStor EC 10.0 TP" (default 10 kW)."""
    match = _MODEL_KW.search(model)
    value = float(match.group(1)) if match else 10.0
    return value if value > 0 else 10.0
