"""Owner's charge/discharge/hold schedules: validation and time arithmetic (pure, no HA).

A schedule is a window of local wall-clock time on chosen weekdays. A window whose end is at or
before its start wraps past midnight and belongs to the day it starts on (Friday 22:00-02:00
runs from Friday night into Saturday morning). When several windows cover the same moment the
highest priority wins, ties go to the window that started first, then to the name.

Daylight saving: times are wall-clock times. A time the clocks skip (spring forward) resolves
to the instant the clocks jump, so a window ends or starts there; a time the clocks repeat
(fall back) means its first occurrence. Instants are compared in UTC because Python compares
datetimes sharing one tzinfo by wall-clock and ignores `fold`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
import re
from typing import Any, Final, Literal, NamedTuple, cast

Action = Literal["charge", "discharge", "hold"]
ACTIONS: Final[tuple[Action, ...]] = ("charge", "discharge", "hold")
DAY_NAMES: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL_DAYS: Final = tuple(range(7))
MAX_NAME_LENGTH: Final = 64
MAX_POWER_KW: Final = 1000.0
MAX_PRIORITY: Final = 1000
REQUIRED_FIELDS: Final = ("name", "action", "start", "end")
_TIME: Final = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


class ScheduleError(ValueError):
    """Invalid schedule input; carries a translation key and placeholders."""

    def __init__(self, translation_key: str, **placeholders: object) -> None:
        super().__init__(f"{translation_key}: {placeholders}")
        self.translation_key = translation_key
        self.placeholders = {key: str(value) for key, value in placeholders.items()}


@dataclass(frozen=True, slots=True)
class Schedule:
    """One named window; `target_soc` is where a charge stops or the floor of a discharge."""

    id: str
    name: str
    action: Action
    start: time
    end: time  # at or before start: the window wraps past midnight
    days: tuple[int, ...]  # 0 = Monday
    priority: int = 0  # higher wins
    enabled: bool = True
    power_kw: float | None = None  # None: the plant's limit
    target_soc: float | None = None  # %, None: the owner's SoC window

    @property
    def wraps(self) -> bool:
        """Whether the window runs past midnight into the next day."""
        return self.end <= self.start


class Occurrence(NamedTuple):
    """One concrete window of a schedule, in local time (subtract or compare them via UTC)."""

    start: datetime
    end: datetime
    schedule: Schedule

    @property
    def duration(self) -> timedelta:
        """Real elapsed time; plain `end - start` in one zone ignores a DST change."""
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)


def validate(schedule: Schedule) -> Schedule:
    """Return the schedule normalised (trimmed name, minute times, sorted days) or raise."""
    name = schedule.name.strip()
    if not name:
        raise ScheduleError("schedule_name_empty")
    if len(name) > MAX_NAME_LENGTH:
        raise ScheduleError("schedule_name_too_long", length=len(name), max=MAX_NAME_LENGTH)
    if schedule.action not in ACTIONS:
        raise ScheduleError("schedule_invalid_action", action=schedule.action)
    for moment in (schedule.start, schedule.end):
        if moment.tzinfo is not None:
            raise ScheduleError("schedule_invalid_time", time=moment.isoformat())
    # Minute resolution: seconds from a time picker would only create near-empty windows.
    start = schedule.start.replace(second=0, microsecond=0)
    end = schedule.end.replace(second=0, microsecond=0)
    if start == end:
        raise ScheduleError("schedule_empty_window", time=start.strftime("%H:%M"))
    if not schedule.days:
        raise ScheduleError("schedule_no_days")
    for day in schedule.days:
        if not (isinstance(day, int) and 0 <= day <= 6):
            raise ScheduleError("schedule_invalid_day", day=day)
    if schedule.power_kw is not None and not 0 < schedule.power_kw <= MAX_POWER_KW:
        raise ScheduleError(
            "schedule_invalid_power", power_kw=f"{schedule.power_kw:g}", max=f"{MAX_POWER_KW:g}"
        )
    if schedule.target_soc is not None and not 0 <= schedule.target_soc <= 100:
        raise ScheduleError("schedule_invalid_soc", soc=f"{schedule.target_soc:g}")
    if schedule.action == "hold" and (
        schedule.power_kw is not None or schedule.target_soc is not None
    ):
        raise ScheduleError("schedule_hold_takes_no_target")
    if not -MAX_PRIORITY <= schedule.priority <= MAX_PRIORITY:
        raise ScheduleError("schedule_invalid_priority", priority=schedule.priority)
    return replace(
        schedule, name=name, start=start, end=end, days=tuple(sorted(set(schedule.days)))
    )


def parse_time(value: object) -> time:
    """A time of day from a `time` or an 'H:MM' / 'HH:MM:SS' string (no time zone)."""
    if isinstance(value, time):
        return value
    match = _TIME.fullmatch(str(value).strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59 or int(match[3] or 0) > 59:
        raise ScheduleError("schedule_invalid_time", time=value)
    return time(int(match[1]), int(match[2]), int(match[3] or 0))


def parse_days(values: Iterable[object]) -> tuple[int, ...]:
    """Weekday numbers (0 = Monday) from names 'mon'..'sun'."""
    days: list[int] = []
    for value in values:
        name = str(value).strip().lower()
        if name not in DAY_NAMES:
            raise ScheduleError("schedule_invalid_day", day=value)
        days.append(DAY_NAMES.index(name))
    return tuple(sorted(set(days)))


def _optional_float(value: object, error: ScheduleError) -> float | None:
    if value is None:
        return None
    try:
        return float(cast(Any, value))
    except (TypeError, ValueError):
        raise error from None


def from_dict(data: Mapping[str, Any]) -> Schedule:
    """Build and validate a schedule from its dict form (times 'HH:MM', days 'mon'..'sun')."""
    for key in REQUIRED_FIELDS:
        if data.get(key) is None:
            raise ScheduleError("schedule_missing_field", field=key)
    try:
        priority = int(data.get("priority", 0))
    except (TypeError, ValueError):
        raise ScheduleError("schedule_invalid_priority", priority=data.get("priority")) from None
    schedule = Schedule(
        id=str(data.get("id", "")),
        name=str(data["name"]),
        action=cast(Action, str(data["action"])),
        start=parse_time(data["start"]),
        end=parse_time(data["end"]),
        days=parse_days(data.get("days", DAY_NAMES)),
        priority=priority,
        enabled=bool(data.get("enabled", True)),
        power_kw=_optional_float(
            power := data.get("power_kw"),
            ScheduleError("schedule_invalid_power", power_kw=power, max=f"{MAX_POWER_KW:g}"),
        ),
        target_soc=_optional_float(
            soc := data.get("target_soc"), ScheduleError("schedule_invalid_soc", soc=soc)
        ),
    )
    return validate(schedule)


def to_dict(schedule: Schedule) -> dict[str, Any]:
    """The dict form used for storage and action responses."""
    return {
        "id": schedule.id,
        "name": schedule.name,
        "action": schedule.action,
        "start": schedule.start.strftime("%H:%M"),
        "end": schedule.end.strftime("%H:%M"),
        "days": [DAY_NAMES[day] for day in schedule.days],
        "priority": schedule.priority,
        "enabled": schedule.enabled,
        "power_kw": schedule.power_kw,
        "target_soc": schedule.target_soc,
    }


def _wall(instant: datetime, zone: tzinfo) -> datetime:
    """Naive local wall-clock reading of an instant."""
    return instant.astimezone(zone).replace(tzinfo=None)


def local_instant(day: date, at: time, zone: tzinfo) -> datetime:
    """The UTC instant the local clock reads `day at`; in a DST gap, the instant of the jump."""
    wall = datetime.combine(day, at)
    instant = wall.replace(tzinfo=zone).astimezone(UTC)  # fold=0: first of a repeated time
    if _wall(instant, zone) == wall:
        return instant
    # Skipped time: fold=1 lands before the jump, fold=0 after; find the jump to the second.
    low = int(wall.replace(tzinfo=zone, fold=1).timestamp())
    high = int(instant.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if _wall(datetime.fromtimestamp(middle, UTC), zone) >= wall:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def window(schedule: Schedule, day: date, zone: tzinfo) -> tuple[datetime, datetime] | None:
    """UTC bounds of the window starting on `day` (weekday not checked); None when empty."""
    start = local_instant(day, schedule.start, zone)
    end_day = day + timedelta(days=1) if schedule.wraps else day
    end = local_instant(end_day, schedule.end, zone)
    # Both ends inside one DST gap: the clocks skip the whole window that day.
    return (start, end) if end > start else None


def _zone(moment: datetime) -> tzinfo:
    if moment.tzinfo is None:
        raise ValueError("a timezone-aware local datetime is required")
    return moment.tzinfo


def _rank(occurrence: Occurrence) -> tuple[int, datetime, str, str]:
    schedule = occurrence.schedule
    return (-schedule.priority, occurrence.start.astimezone(UTC), schedule.name, schedule.id)


def active_occurrence(schedules: Iterable[Schedule], now: datetime) -> Occurrence | None:
    """The winning enabled window covering `now` (aware local datetime), if any."""
    zone = _zone(now)
    now_utc = now.astimezone(UTC)
    today = now.date()
    covering: list[Occurrence] = []
    for schedule in schedules:
        if not schedule.enabled:
            continue
        # Only a wrapping window from yesterday can still be running today.
        starts = (today, today - timedelta(days=1)) if schedule.wraps else (today,)
        for day in starts:
            if day.weekday() not in schedule.days:
                continue
            bounds = window(schedule, day, zone)
            if bounds is not None and bounds[0] <= now_utc < bounds[1]:
                covering.append(
                    Occurrence(bounds[0].astimezone(zone), bounds[1].astimezone(zone), schedule)
                )
    return min(covering, key=_rank, default=None)


def active_schedule(schedules: Iterable[Schedule], now: datetime) -> Schedule | None:
    """The schedule in charge at `now` (aware local datetime), None when none is."""
    occurrence = active_occurrence(schedules, now)
    return None if occurrence is None else occurrence.schedule


def occurrences(
    schedules: Iterable[Schedule], start: datetime, end: datetime, zone: tzinfo | None = None
) -> list[Occurrence]:
    """Enabled windows overlapping [start, end) in time order, local to `zone` (or start's)."""
    _zone(end)
    zone = zone or _zone(start)
    start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
    if end_utc <= start_utc:
        return []
    # From the day before (a wrapping window may reach into the range) to the last day.
    first = _wall(start_utc, zone).date() - timedelta(days=1)
    days = (_wall(end_utc, zone).date() - first).days + 1
    found: list[Occurrence] = []
    for schedule in schedules:
        if not schedule.enabled:
            continue
        for offset in range(days):
            day = first + timedelta(days=offset)
            if day.weekday() not in schedule.days:
                continue
            bounds = window(schedule, day, zone)
            if bounds is not None and bounds[1] > start_utc and bounds[0] < end_utc:
                found.append(
                    Occurrence(bounds[0].astimezone(zone), bounds[1].astimezone(zone), schedule)
                )
    found.sort(key=lambda o: (o.start.astimezone(UTC), *_rank(o)))
    return found
