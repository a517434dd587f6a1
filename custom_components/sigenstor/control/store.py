"""Stored control state: emergency stop, app mode, override, and what the plant should be.

`want` and `settled` are saved before every forcing write and after every confirmed release, so
a start after a crash knows whether a Remote EMS state it finds is its own (release it) or
another controller's (leave it alone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from . import ems
from .limits import InputError
from .reconcile import Want

STORAGE_VERSION: Final = 1


@dataclass(frozen=True, slots=True)
class ActiveOverride:
    """An owner override in force."""

    command: ems.Command
    started_at: datetime

    @property
    def mode(self) -> str:
        """Select option name of the command."""
        return {
            ems.ForceCharge: "force_charge",
            ems.ForceExport: "force_export",
            ems.ForceHold: "force_hold",
        }.get(type(self.command), "automatic")

    def ends_at(self) -> datetime | None:
        """When the duration runs out, None without one."""
        duration = ems.duration_of(self.command)
        return None if duration is None else self.started_at + duration


@dataclass(frozen=True, slots=True)
class StoredControl:
    """What survives a restart."""

    emergency_stop: bool = False
    previous_mode: int | None = None
    override: ActiveOverride | None = None
    want: Want = Want.RELEASED  # what the plant should be
    settled: bool = True  # whether the plant was last read back as `want`
    own: tuple[datetime, dict[str, float]] | None = None  # newest forcing block of ours (own.py)


def _store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, Any]]:
    return Store(hass, STORAGE_VERSION, f"{DOMAIN}.control.{entry_id}")


class ControlStore:
    """Per-entry storage of `StoredControl`; a damaged override is dropped, never guessed."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Bind to the entry's storage file."""
        self._store = _store(hass, entry_id)

    async def async_load(self) -> StoredControl:
        """The stored state, defaults when nothing (valid) is stored."""
        stored = await self._store.async_load() or {}
        mode = stored.get("previous_mode")
        previous: int | None = None
        if isinstance(mode, int | float) and not isinstance(mode, bool):
            previous = int(mode)
        want = stored.get("want", Want.RELEASED.value)
        return StoredControl(
            bool(stored.get("emergency_stop", False)),
            previous,
            _override(stored.get("override")),
            Want(want) if want in {w.value for w in Want} else Want.FORCED,
            bool(stored.get("settled", True)),
            _own(stored.get("own")),
        )

    async def async_save(self, state: StoredControl) -> None:
        """Write the state (HA's Store writes atomically)."""
        override = state.override
        await self._store.async_save(
            {
                "emergency_stop": state.emergency_stop,
                "previous_mode": state.previous_mode,
                "override": None
                if override is None
                else {
                    "command": ems.to_dict(override.command),
                    "started_at": override.started_at.isoformat(),
                },
                "want": state.want.value,
                "settled": state.settled,
                "own": None
                if state.own is None
                else {"at": state.own[0].isoformat(), "registers": state.own[1]},
            }
        )

    async def async_remove(self) -> None:
        """Forget the stored state."""
        await self._store.async_remove()


def _override(data: object) -> ActiveOverride | None:
    if not isinstance(data, dict):
        return None
    try:
        command = ems.from_dict(data["command"])
        started = dt_util.parse_datetime(str(data["started_at"]))
    except (InputError, KeyError, TypeError, ValueError):
        return None
    return None if started is None else ActiveOverride(command, started)


def _own(data: object) -> tuple[datetime, dict[str, float]] | None:
    if not isinstance(data, dict) or not isinstance(registers := data.get("registers"), dict):
        return None
    at = dt_util.parse_datetime(str(data.get("at")))
    values = {str(k): float(v) for k, v in registers.items() if isinstance(v, int | float)}
    return None if at is None or len(values) != len(registers) else (at, values)


async def async_remove_control_data(hass: HomeAssistant, entry_id: str) -> None:
    """Delete the stored control state of a removed entry (the audit log is kept)."""
    await _store(hass, entry_id).async_remove()
