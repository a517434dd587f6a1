"""What every part of the controller shares: its state and the hooks the parts give each other.

`SigenController` (lifecycle, commands, storage) is built from `Actuator` (taking and releasing
control) on top of `Reconciler` (reading back and keeping to the desired state), on top of this.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
import asyncio
from datetime import datetime
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant

from ..coordinator import Plant
from . import ems
from .alerts import Alerts
from .guard import Origin
from .limits import SafetyLimits
from .plant_view import PlantView
from .reconcile import Desired
from .store import ActiveOverride, StoredControl
from .writer import GuardedWriter


class ControlBase(ABC):
    """Shared state and hooks; see the module docstring."""

    hass: HomeAssistant
    entry: ConfigEntry[Any]
    telemetry: Plant
    plant: PlantView
    writer: GuardedWriter
    alerts: Alerts
    desired: Desired
    settled: bool
    override: ActiveOverride | None
    problem: str | None
    external_mode: float | None
    previous_mode: int | None
    limits: SafetyLimits
    base_s: float
    schedule_s: tuple[float, ...]
    unreachable_alerted: bool
    _stored: StoredControl
    _lock: asyncio.Lock
    _stopped: bool

    # Hooks, called with the lock held.

    @abstractmethod
    async def _release(
        self, origin: Origin, reason: str, *, notify: bool = True
    ) -> dict[str, float]:
        """Want released and write the release."""

    @abstractmethod
    async def _take(
        self,
        command: ems.Command,
        origin: Origin,
        started_at: datetime,
        *,
        skip_in_force: bool = False,
    ) -> dict[str, float]:
        """Write a forcing command."""

    @abstractmethod
    async def _save(self) -> None:
        """Store the control state."""

    @abstractmethod
    def _notify(self) -> None:
        """Tell the entities."""

    @abstractmethod
    def _set_override(self, override: ActiveOverride | None) -> None:
        """Set (or end) the override and its expiry timer."""

    @abstractmethod
    def _check_rules(self) -> tuple[Origin, str] | None:
        """(origin, reason) of a release our own forced state needs now."""
