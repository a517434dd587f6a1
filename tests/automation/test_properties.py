"""Properties: active_schedule agrees with occurrences, across zones with and without DST."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings, strategies as st

from custom_components.sigenstor.automation.schedules import (
    ACTIONS,
    Occurrence,
    Schedule,
    active_schedule,
    from_dict,
    occurrences,
    to_dict,
    validate,
)

ZONES = [ZoneInfo(name) for name in ("Australia/Sydney", "Australia/Lord_Howe", "Europe/Berlin")]
ZONES.append(ZoneInfo("Australia/Brisbane"))
# Quarter hours make ties and shared boundaries common; 02:00-03:00 hits DST changes.
times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    """A valid schedule with small priorities so that ties happen."""
    start, end = draw(times), draw(times)
    if start == end:
        end = time((end.hour + 1) % 24, end.minute)
    action = draw(st.sampled_from(ACTIONS))
    return validate(
        Schedule(
            id=draw(st.text("abc", min_size=1, max_size=3)),
            name=draw(st.sampled_from(["A", "B", "C"])),
            action=action,
            start=start,
            end=end,
            days=tuple(draw(st.sets(st.integers(0, 6), min_size=1))),
            priority=draw(st.integers(0, 2)),
            enabled=draw(st.booleans()),
            power_kw=None if action == "hold" else draw(st.none() | st.floats(0.1, 20)),
        )
    )


# Instants around both DST changes of 2025/26 in both hemispheres, and ordinary days.
instants = st.datetimes(
    min_value=datetime(2025, 3, 28), max_value=datetime(2026, 4, 8), timezones=st.just(UTC)
) | st.sampled_from(
    [datetime(2025, 10, 4, 15, 0, tzinfo=UTC) + timedelta(minutes=15 * k) for k in range(-8, 16)]
    + [datetime(2026, 4, 4, 15, 0, tzinfo=UTC) + timedelta(minutes=15 * k) for k in range(-8, 16)]
    + [datetime(2025, 3, 30, 0, 0, tzinfo=UTC) + timedelta(minutes=15 * k) for k in range(16)]
)


def _rank(o: Occurrence) -> tuple[int, datetime, str, str]:
    return (-o.schedule.priority, o.start.astimezone(UTC), o.schedule.name, o.schedule.id)


def _covering(found: list[Occurrence], moment: datetime) -> list[Occurrence]:
    utc = moment.astimezone(UTC)
    return [o for o in found if o.start.astimezone(UTC) <= utc < o.end.astimezone(UTC)]


@settings(max_examples=400, deadline=None)
@given(st.lists(schedules(), max_size=5), instants, st.sampled_from(ZONES))
def test_active_schedule_agrees_with_occurrences(
    plan: list[Schedule], instant: datetime, zone: ZoneInfo
) -> None:
    """The active schedule is the best-ranked occurrence covering the moment."""
    now = instant.astimezone(zone)
    found = occurrences(plan, now - timedelta(days=2), now + timedelta(days=2))
    covering = _covering(found, now)
    active = active_schedule(plan, now)
    if not covering:
        assert active is None
        return
    best = min(covering, key=_rank)
    assert active == best.schedule
    # A range starting right now lists the active window too, wherever it began.
    # (Adding to `now` in UTC: aware arithmetic is wall-clock and would drop fold=1.)
    assert best in occurrences(plan, now, now.astimezone(UTC) + timedelta(minutes=1))


@settings(max_examples=300, deadline=None)
@given(schedules(), instants, st.sampled_from(ZONES), st.integers(1, 10))
def test_occurrences_are_the_schedule_s_windows(
    schedule: Schedule, instant: datetime, zone: ZoneInfo, days: int
) -> None:
    """Each window starts on a chosen weekday at the start time (or a DST jump), is shorter
    than a day, lasts the nominal length within an hour, and windows never overlap."""
    start = instant.astimezone(zone)
    found = occurrences([schedule], start, start + timedelta(days=days))
    if not schedule.enabled:
        assert found == []
        return
    day = datetime(2000, 1, 1)
    nominal = (datetime.combine(day, schedule.end) - datetime.combine(day, schedule.start)) % (
        timedelta(days=1)
    )
    previous_end: datetime | None = None
    for occurrence in found:
        local_start = occurrence.start
        # These zones change clocks at 02:00 or 03:00, so a moved start stays on its day.
        assert local_start.weekday() in schedule.days
        assert occurrence.start.astimezone(UTC) < (start + timedelta(days=days)).astimezone(UTC)
        assert occurrence.end.astimezone(UTC) > start.astimezone(UTC)
        assert timedelta(0) < occurrence.duration <= nominal + timedelta(hours=1)
        assert occurrence.duration >= nominal - timedelta(hours=1)
        if local_start.time() != schedule.start:  # only when the clocks skipped the start
            assert local_start.time() > schedule.start
        if previous_end is not None:
            assert occurrence.start.astimezone(UTC) >= previous_end.astimezone(UTC)
        previous_end = occurrence.end
    # Enough coverage: a chosen weekday inside the range gives at least one window.
    if days >= 8:
        assert found


@settings(max_examples=200, deadline=None)
@given(schedules())
def test_dict_round_trip(schedule: Schedule) -> None:
    """from_dict(to_dict(s)) == s for any valid schedule."""
    assert from_dict(to_dict(schedule)) == schedule
