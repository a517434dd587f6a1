"""Pure Remote-EMS planning: turn an owner's command into register targets and completion rules.

`targets(command, firmware, rated_charge_kw, rated_discharge_kw)` returns the registers to write,
ordered by address and always the same five contiguous registers 40029-40035 (enable, phase
control, mode, charge cap, discharge cap), so the controller takes or releases control with ONE
multi-register write (`write_blocks` groups any target dict into contiguous requests).
Every result still goes through `safety.check_command` before it is written.

Facts (sigen_modbus.md §5, §6): 40029 = 1 takes control, 40031 picks the mode, 40032/40034 cap
charge/discharge. Before firmware SPC113 (protocol V2.9) 40032 acts only in modes 3/4, 40034 only
in 5/6 and 40036 only in 3-6; from SPC113 they act in every mode, remote EMS or not.

Choices, per command:
* ForceCharge(grid): mode 3 (charge, grid first), charge cap = power, discharge cap 0.
* ForceCharge(pv): from SPC113, mode 2 (self-consumption charges only from PV surplus, never from
  the grid) with charge cap = power and discharge cap 0 (global there, so no discharge). Before
  SPC113 caps do not act in mode 2, so mode 4 (charge, PV first) is the only capped PV charge
  mode; it may top up from the grid when PV falls short (`caveats` reports it).
* ForceExport: mode 6 (discharge, battery first) with discharge cap = power, charge cap 0.
* ForceHold: the battery neither charges from the grid nor discharges; PV serves the house.
  From SPC113: mode 2 with discharge cap 0 (global) and charge cap = rated, so PV surplus still
  charges and the grid never does (self-consumption does not grid-charge). Before SPC113 the
  discharge cap does not act in mode 2, so the only safe hold is mode 1 standby (battery idle;
  PV surplus is exported instead of stored, reported by `caveats`).
* Release: 40029 = 0 (the plant falls back to max self-consumption, not the owner's app mode),
  mode 2, and both caps back to rated: from SPC113 the caps act globally even after a release,
  so a left-over 0 would silently block charging or discharging forever (field reports of
  "battery does nothing"). Same single write on every firmware.
Unknown firmware is treated as pre-SPC113: those choices are also safe on newer firmware.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
import math
import re
from typing import Final, Literal

from .limits import MAX_DURATION_S, InputError
from .model import ALLOWED_REGISTERS, CHARGE_CAP, DISCHARGE_CAP, ENABLE, MODE, PHASE

Source = Literal["grid", "pv"]
GLOBAL_LIMITS_SPC: Final = 113
MODE_STANDBY: Final = 1
MODE_SELF_CONSUMPTION: Final = 2
MODE_CHARGE_GRID_FIRST: Final = 3
MODE_CHARGE_PV_FIRST: Final = 4
MODE_DISCHARGE_ESS_FIRST: Final = 6


@dataclass(frozen=True, slots=True)
class ForceCharge:
    """Charge at up to `power_kw` until SoC reaches `target_soc` (or the duration ends)."""

    power_kw: float
    target_soc: float
    duration: timedelta | None = None
    source: Source = "grid"


@dataclass(frozen=True, slots=True)
class ForceExport:
    """Discharge at up to `power_kw` until SoC falls to `floor_soc` (or the duration ends)."""

    power_kw: float
    floor_soc: float
    duration: timedelta | None = None


@dataclass(frozen=True, slots=True)
class ForceHold:
    """No grid charging and no discharging; no duration means until cleared."""

    duration: timedelta | None = None


@dataclass(frozen=True, slots=True)
class Release:
    """Give control back to the plant (40029 = 0)."""


Command = ForceCharge | ForceExport | ForceHold | Release


def validate(command: Command) -> Command:
    """Return the command, or raise InputError for out-of-range input."""
    if isinstance(command, ForceCharge | ForceExport):
        if not 0 < command.power_kw <= 1000:
            raise InputError("invalid_power", {"power_kw": f"{command.power_kw:g}"})
        soc = command.target_soc if isinstance(command, ForceCharge) else command.floor_soc
        if not 0 <= soc <= 100:
            raise InputError("invalid_soc", {"soc": f"{soc:g}"})
    if isinstance(command, ForceCharge) and command.source not in ("grid", "pv"):
        raise InputError("invalid_source", {"source": str(command.source)})
    duration = duration_of(command)
    if duration is not None and duration <= timedelta(0):
        raise InputError("invalid_duration", {"duration": spoken_duration(duration)})
    if duration is not None and duration > timedelta(seconds=MAX_DURATION_S):
        # Bounded so that start + duration can never overflow a datetime.
        raise InputError(
            "duration_too_long",
            {"duration": spoken_duration(duration), "max_days": str(MAX_DURATION_S // 86400)},
        )
    return command


def spoken_duration(duration: timedelta) -> str:
    """A duration as people say it ("minus 5 minutes"), not Python's "-1 day, 23:55:00"."""
    seconds = round(duration.total_seconds())
    sign, seconds = ("minus " if seconds < 0 else ""), abs(seconds)
    parts = []
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count} {unit}{'' if count == 1 else 's'}")
    return sign + (" ".join(parts) if parts else "0 seconds")


def duration_of(command: Command) -> timedelta | None:
    """The command's optional duration (Release has none)."""
    return None if isinstance(command, Release) else command.duration


_SPC = re.compile(r"SPC(\d+)", re.IGNORECASE)


def spc_number(firmware: str | None) -> int | None:
    """SPC patch number of a firmware string ("V100R001C00SPC115" -> 115), None if absent."""
    match = _SPC.search(firmware or "")
    return int(match.group(1)) if match else None


def limits_are_global(firmware: str | None) -> bool:
    """Whether 40032/40034/40036 act in every mode (SPC113+, protocol V2.9)."""
    spc = spc_number(firmware)
    return spc is not None and spc >= GLOBAL_LIMITS_SPC


def _control(mode: int, charge_kw: float, discharge_kw: float) -> dict[str, float]:
    """The five contiguous registers 40029-40035 that take control in one write."""
    return {ENABLE: 1, PHASE: 0, MODE: mode, CHARGE_CAP: charge_kw, DISCHARGE_CAP: discharge_kw}


def _kw(value: float) -> float:
    """Round to the cap registers' resolution (gain 1000)."""
    return round(value, 3)


def targets(
    command: Command, firmware: str | None, rated_charge_kw: float, rated_discharge_kw: float
) -> dict[str, float]:
    """Registers and values (engineering units) that carry out `command`, ordered by address."""
    validate(command)
    for rated in (rated_charge_kw, rated_discharge_kw):
        # A zero or unknown rating would leave 0 kW caps behind, which on SPC113+ block the
        # battery even after a release.
        if not 0 < rated < math.inf:
            raise InputError("invalid_rating", {"rated_kw": str(rated)})
    rated_c, rated_d = _kw(rated_charge_kw), _kw(rated_discharge_kw)
    modern = limits_are_global(firmware)
    if isinstance(command, ForceCharge):
        power = _kw(min(command.power_kw, rated_charge_kw))
        if command.source == "grid":
            return _control(MODE_CHARGE_GRID_FIRST, power, 0.0)
        mode = MODE_SELF_CONSUMPTION if modern else MODE_CHARGE_PV_FIRST
        return _control(mode, power, 0.0)
    if isinstance(command, ForceExport):
        power = _kw(min(command.power_kw, rated_discharge_kw))
        return _control(MODE_DISCHARGE_ESS_FIRST, 0.0, power)
    if isinstance(command, ForceHold):
        if modern:
            return _control(MODE_SELF_CONSUMPTION, rated_c, 0.0)
        return _control(MODE_STANDBY, 0.0, 0.0)
    released = _control(MODE_SELF_CONSUMPTION, rated_c, rated_d)
    released[ENABLE] = 0
    return released


def caveats(command: Command, firmware: str | None) -> tuple[str, ...]:
    """Translation keys of known limitations of a command on this firmware."""
    modern = limits_are_global(firmware)
    if isinstance(command, ForceCharge) and command.source == "pv" and not modern:
        return ("pv_charge_may_use_grid",)
    if isinstance(command, ForceHold) and not modern:
        return ("hold_exports_pv_surplus",)
    if isinstance(command, Release):
        return ("release_returns_to_self_consumption",)
    return ()


def write_blocks(writes: Mapping[str, float]) -> list[dict[str, float]]:
    """Split writes into runs of contiguous registers, one Modbus request each."""
    ordered = sorted(writes.items(), key=lambda item: ALLOWED_REGISTERS[item[0]][0])
    blocks: list[dict[str, float]] = []
    next_address = -1
    for key, value in ordered:
        address, words = ALLOWED_REGISTERS[key]
        if address != next_address:
            blocks.append({})
        blocks[-1][key] = value
        next_address = address + words
    return blocks


def is_complete(command: Command, soc: float | None, started_at: datetime, now: datetime) -> bool:
    """Whether an override is done: target/floor SoC reached or its duration elapsed."""
    if isinstance(command, Release):
        return True
    if command.duration is not None and now - started_at >= command.duration:
        return True
    if soc is None:
        return False
    if isinstance(command, ForceCharge):
        return soc >= command.target_soc
    if isinstance(command, ForceExport):
        return soc <= command.floor_soc
    return False  # ForceHold without duration holds until cleared


def remaining(command: Command, started_at: datetime, now: datetime) -> timedelta | None:
    """Time left of a command's duration (never negative); None when it has none."""
    duration = duration_of(command)
    if duration is None:
        return None
    return max(timedelta(0), started_at + duration - now)


def to_dict(command: Command) -> dict[str, object]:
    """JSON-friendly form for storage (durations in seconds)."""
    data: dict[str, object] = {"type": type(command).__name__}
    for field in fields(command):
        value = getattr(command, field.name)
        data[field.name] = value.total_seconds() if isinstance(value, timedelta) else value
    return data


def _number(data: Mapping[str, object], key: str) -> float:
    """A required number from stored data."""
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError("invalid_command", {"field": key})
    return float(value)


def from_dict(data: Mapping[str, object]) -> Command:
    """Inverse of `to_dict`; raises InputError for anything unrecognised."""
    kind = data.get("type")
    has_duration = data.get("duration") is not None
    duration = timedelta(seconds=_number(data, "duration")) if has_duration else None
    command: Command
    if kind == "ForceCharge":
        source = data.get("source", "grid")
        if source not in ("grid", "pv"):
            raise InputError("invalid_source", {"source": str(source)})
        power, soc = _number(data, "power_kw"), _number(data, "target_soc")
        command = ForceCharge(power, soc, duration, "pv" if source == "pv" else "grid")
    elif kind == "ForceExport":
        command = ForceExport(_number(data, "power_kw"), _number(data, "floor_soc"), duration)
    elif kind == "ForceHold":
        command = ForceHold(duration)
    elif kind == "Release":
        command = Release()
    else:
        raise InputError("invalid_command", {"type": str(kind)})
    return validate(command)


# 30003 EMS work mode -> English name (sigen_modbus.md §5); 6 is seen in the field only.
EMS_WORK_MODES: Final[Mapping[int, str]] = {
    0: "maximum self-consumption",
    1: "AI mode",
    2: "time of use (TOU)",
    5: "full feed-in to grid",
    6: "VPP scheduling",
    7: "remote EMS",
    9: "custom",
}


def ems_work_mode_name(value: int | None) -> str:
    """Readable name of a 30003 value."""
    if value is None:
        return "unknown"
    return EMS_WORK_MODES.get(value, f"unknown mode {value}")


def release_message(previous_mode: int | None) -> str:
    """Tell the owner what releasing control did, given 30003 as seen before taking control."""
    base = "Remote EMS released: the plant is back in maximum self-consumption."
    if previous_mode is None or previous_mode == 7:
        return f"{base} Its app mode before remote control is unknown; check the mySigen app."
    if previous_mode == 0:
        return f"{base} That is the mode it was in before."
    name = ems_work_mode_name(previous_mode)
    return f"{base} Before remote control it was in {name}; set that again in the mySigen app."
