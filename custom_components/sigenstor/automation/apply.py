"""Who drives the plant now: emergency stop > manual override > schedule > optimiser (auto mode).

Every command goes through `controller.async_automatic`, which skips registers already right, so
re-issuing a decision each cycle costs nothing once it is in force and ramps the power by the
guard's step while it is not. Writes inside the guard's spacing window are not attempted (the
guard would refuse them and alert the owner); the next cycle tries again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from homeassistant.exceptions import HomeAssistantError

from ..const import LOGGER
from ..control import ems
from ..control.guard import Origin
from .decision import Intent, command_for, runnable

if TYPE_CHECKING:
    from ..control.controller import SigenController
    from .schedules import Schedule


class ScheduleSource(Protocol):
    """What the optimiser needs of the schedule manager."""

    def active(self, now: datetime | None = None) -> Schedule | None:
        """The schedule in charge at `now`."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """Who is in charge and what was done this cycle."""

    driver: str  # emergency_stop, override, schedule, optimiser, none
    detail: str = ""  # schedule name, or the error that stopped a write
    written: bool = False


def schedule_command(schedule: Schedule, controller: SigenController) -> ems.Command:
    """The command of an owner's schedule, holding once its SoC target or floor is reached."""
    snap = controller.snapshot()
    limits = controller.limits
    soc = snap.soc
    if schedule.action == "charge":
        target = schedule.target_soc if schedule.target_soc is not None else limits.max_soc
        if soc is not None and soc >= min(target, limits.max_soc):
            return ems.ForceHold()
        power = schedule.power_kw or snap.rated_charge_kw or 0.0
        return ems.ForceCharge(power, min(target, limits.max_soc), source="grid")
    if schedule.action == "discharge":
        floor = schedule.target_soc if schedule.target_soc is not None else limits.min_soc
        if soc is not None and soc <= max(floor, limits.min_soc):
            return ems.ForceHold()
        power = schedule.power_kw or snap.rated_discharge_kw or 0.0
        return ems.ForceExport(power, max(floor, limits.min_soc))
    return ems.ForceHold()


class Applier:
    """Applies the winning command each cycle and releases what it took when nothing wants it."""

    def __init__(self, controller: SigenController) -> None:
        """Bind to the controller."""
        self.controller = controller
        self.controlling: Origin | None = None  # origin of the last command that took control

    def _spaced(self, now: datetime) -> bool:
        """Whether the guard's spacing allows an automatic write now."""
        last = self.controller.guard.last_automatic_write
        gap = timedelta(seconds=self.controller.limits.min_write_interval_s)
        return last is None or now - last >= gap

    async def _send(self, command: ems.Command, origin: Origin, now: datetime) -> Outcome:
        """Issue one command; guard refusals are expected and only logged."""
        if not isinstance(command, ems.Release) and not self._spaced(now):
            return Outcome(origin, "waiting for the guard's write spacing")
        try:
            sent = await self.controller.async_automatic(command, origin)
        except HomeAssistantError as err:
            LOGGER.info("Optimiser %s command %s not carried out: %s", origin, command, err)
            key = getattr(err, "translation_key", None)
            return Outcome(origin, str(key or err))
        if isinstance(command, ems.Release):
            self.controlling = None
        elif sent or self.controller.in_control():
            self.controlling = origin
        return Outcome(origin, written=bool(sent))

    async def async_apply(
        self, now: datetime, schedules: ScheduleSource | None, intent: Intent | None
    ) -> Outcome:
        """One cycle: `intent` is the optimiser's (None unless in auto mode)."""
        controller = self.controller
        if controller.emergency_stop:
            self.controlling = None
            return Outcome("emergency_stop")
        if controller.override is not None:
            self.controlling = None  # the override owns the plant; its end releases it
            return Outcome("override")
        schedule = schedules.active(now) if schedules is not None else None
        if schedule is not None:
            outcome = await self._send(schedule_command(schedule, controller), "schedule", now)
            return Outcome("schedule", schedule.name, outcome.written)
        command = command_for(intent) if intent is not None else None
        if intent is not None and command is not None:
            if not runnable(intent, controller.snapshot().soc):
                command = ems.ForceHold()
            return await self._send(command, "optimiser", now)
        if self.controlling is not None:
            outcome = await self._send(ems.Release(), self.controlling, now)
            return Outcome("none", outcome.detail, outcome.written)
        return Outcome("none")
