"""Plan calendar: the owner's schedule windows and the optimiser's planned blocks as events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from homeassistant.components.calendar import CalendarEntity, CalendarEvent
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .automation.calendar_events import EventText, plan_events, schedule_event
from .entity import device_info_for
from .identifiers import unique_id_for
from .models import SigenConfigEntry
from .sigen import PLANT_UNIT_ID

PARALLEL_UPDATES = 0  # reads only memory: the schedules and the plan

# How far the state's "next event" looks ahead: a weekly schedule always shows up.
LOOKAHEAD = timedelta(days=8)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SigenConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the plan calendar on the plant device."""
    async_add_entities([SigenPlanCalendar(entry)])


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _calendar_event(text: EventText) -> CalendarEvent:
    return CalendarEvent(
        start=dt_util.as_local(text.start),
        end=dt_util.as_local(text.end),
        summary=text.summary,
        description=text.description,
        uid=text.uid,
    )


class SigenPlanCalendar(CalendarEntity):
    """Schedules and the optimiser's plan; the state is on while either has an event running."""

    _attr_has_entity_name = True
    _attr_translation_key = "plan"
    _attr_should_poll = False

    def __init__(self, entry: SigenConfigEntry) -> None:
        """Bind to the entry's schedules and (when it exists) its optimiser."""
        self._entry = entry
        self._attr_unique_id = unique_id_for(entry.runtime_data.serial, PLANT_UNIT_ID, "plan")
        self._attr_device_info = device_info_for(entry, PLANT_UNIT_ID)

    async def async_added_to_hass(self) -> None:
        """Refresh when schedules or the plan change."""
        await super().async_added_to_hass()
        runtime = self._entry.runtime_data
        self.async_on_remove(runtime.schedules.async_add_listener(self.async_write_ha_state))
        self.async_on_remove(runtime.optimiser.async_add_listener(self.async_write_ha_state))

    def _schedule_texts(self, start: datetime, end: datetime) -> list[EventText]:
        schedules = self._entry.runtime_data.schedules
        return [schedule_event(o) for o in schedules.occurrences(start, end)]

    def _plan_texts(self, start: datetime, end: datetime) -> list[EventText]:
        plan = self._entry.runtime_data.optimiser.plan
        if plan is None or not plan.steps:
            return []
        return [
            text
            for text in plan_events(plan.steps)
            if _utc(text.end) > _utc(start) and _utc(text.start) < _utc(end)
        ]

    def _texts(self, start: datetime, end: datetime) -> list[EventText]:
        texts = self._schedule_texts(start, end) + self._plan_texts(start, end)
        return sorted(texts, key=lambda text: (_utc(text.start), text.uid))

    @property
    def event(self) -> CalendarEvent | None:
        """The running event (a schedule in charge first, else the plan's), else the next one."""
        now = dt_util.now()
        occurrence = self._entry.runtime_data.schedules.active_occurrence(now)
        if occurrence is not None:
            return _calendar_event(schedule_event(occurrence))
        texts = self._texts(now, now + LOOKAHEAD)
        running = [t for t in texts if _utc(t.start) <= _utc(now) < _utc(t.end)]
        upcoming = [t for t in texts if _utc(t.start) > _utc(now)]
        chosen = running[0] if running else upcoming[0] if upcoming else None
        return None if chosen is None else _calendar_event(chosen)

    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """Schedule windows and plan blocks overlapping the range."""
        return [_calendar_event(text) for text in self._texts(start_date, end_date)]
