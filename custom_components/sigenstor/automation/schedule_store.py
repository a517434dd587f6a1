"""Per-entry schedule storage: the owner's windows kept in HA's storage and shared at run time."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from homeassistant.util.ulid import ulid_now

from ..const import DOMAIN, LOGGER
from ..listeners import Listeners, Observable
from .schedules import (
    Occurrence,
    Schedule,
    ScheduleError,
    active_occurrence,
    from_dict,
    occurrences,
    to_dict,
)

STORAGE_VERSION: Final = 1
ACTION_FIELDS: Final = ("power_kw", "target_soc")
MAX_SCHEDULES: Final = 50  # the vendor app allows 24 periods; leave room, but stay bounded


def _storage_key(entry_id: str) -> str:
    return f"{DOMAIN}.schedules.{entry_id}"


def _order(schedule: Schedule) -> tuple[Any, ...]:
    return (schedule.start, schedule.name, schedule.id)


class ScheduleManager(Observable):
    """The owner's schedules of one plant: load, change, persist and tell listeners."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Bind to the entry's store; call async_load before use."""
        self._store: Store[dict[str, Any]] = Store(hass, STORAGE_VERSION, _storage_key(entry_id))
        self._schedules: dict[str, Schedule] = {}
        self._listeners = Listeners()

    async def async_load(self) -> None:
        """Read the stored schedules; a broken record is logged and skipped, not fatal."""
        stored = await self._store.async_load() or {}
        for raw in stored.get("schedules", []):
            try:
                schedule = from_dict(raw)
            except (ScheduleError, TypeError, AttributeError) as err:
                LOGGER.warning("Ignoring a stored schedule that is not valid (%s): %s", err, raw)
                continue
            if schedule.id:
                self._schedules[schedule.id] = schedule

    @property
    def schedules(self) -> tuple[Schedule, ...]:
        """Every schedule, enabled or not, by start time then name."""
        return tuple(sorted(self._schedules.values(), key=_order))

    def get(self, schedule_id: str) -> Schedule | None:
        """One schedule by id."""
        return self._schedules.get(schedule_id)

    def active_occurrence(self, now: datetime | None = None) -> Occurrence | None:
        """The window in charge now (local time), with its bounds."""
        return active_occurrence(self._schedules.values(), dt_util.as_local(now or dt_util.now()))

    def active(self, now: datetime | None = None) -> Schedule | None:
        """The schedule in charge at `now` (default: now), None when none is."""
        occurrence = self.active_occurrence(now)
        return None if occurrence is None else occurrence.schedule

    def occurrences(self, start: datetime, end: datetime) -> list[Occurrence]:
        """Windows overlapping [start, end), in HA's time zone."""
        return occurrences(self._schedules.values(), start, end, dt_util.get_default_time_zone())

    async def async_set(
        self, changes: Mapping[str, Any], schedule_id: str | None = None
    ) -> Schedule:
        """Create a schedule, or change the given fields of an existing one; raises ScheduleError.

        `changes` uses the dict form's keys (see schedules.to_dict); when editing, fields left
        out keep their value, except that giving `action` also sets power_kw and target_soc
        (left out: none). Nothing is stored when the result is invalid.
        """
        if schedule_id is None:
            if len(self._schedules) >= MAX_SCHEDULES:
                raise ScheduleError("schedule_limit_reached", max=MAX_SCHEDULES)
            merged = {**changes, "id": ulid_now()}
        else:
            existing = self._schedules.get(schedule_id)
            if existing is None:
                raise ScheduleError("schedule_not_found", schedule_id=schedule_id)
            merged = {**to_dict(existing), **changes, "id": schedule_id}
            if "action" in changes:
                # Power and target belong to the action: restating it restates them, so an
                # omitted one means "no limit" (and a switch to hold drops them).
                for key in ACTION_FIELDS:
                    merged[key] = changes.get(key)
        schedule = from_dict(merged)
        self._schedules[schedule.id] = schedule
        await self._async_save()
        return schedule

    async def async_delete(self, schedule_id: str) -> None:
        """Remove a schedule; raises ScheduleError when there is none with that id."""
        if self._schedules.pop(schedule_id, None) is None:
            raise ScheduleError("schedule_not_found", schedule_id=schedule_id)
        await self._async_save()

    async def _async_save(self) -> None:
        # Saved at once, not delayed: changes are rare and must survive a restart right away.
        await self._store.async_save({"schedules": [to_dict(s) for s in self.schedules]})
        self._notify()


async def async_remove_schedule_data(hass: HomeAssistant, entry_id: str) -> None:
    """Forget the schedules of a removed entry."""
    store: Store[dict[str, Any]] = Store(hass, STORAGE_VERSION, _storage_key(entry_id))
    await store.async_remove()
