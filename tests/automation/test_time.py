"""Which schedule is in charge, and the concrete windows shown on the calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.sigenstor.automation.schedules import (
    active_occurrence,
    active_schedule,
    occurrences,
)

from .helpers import make

SYDNEY = ZoneInfo("Australia/Sydney")
BRISBANE = ZoneInfo("Australia/Brisbane")
# 2026-01-16 is a Friday.
FRIDAY = datetime(2026, 1, 16, tzinfo=BRISBANE)


def at(day: datetime, hh_mm: str) -> datetime:
    """`day` at a local wall time."""
    hour, minute = (int(part) for part in hh_mm.split(":"))
    return day.replace(hour=hour, minute=minute)


def test_inside_and_outside_a_window() -> None:
    """Start is inclusive, end exclusive."""
    night = make(days=(4,))
    assert active_schedule([night], at(FRIDAY, "01:00")) == night
    assert active_schedule([night], at(FRIDAY, "04:59")) == night
    assert active_schedule([night], at(FRIDAY, "05:00")) is None
    assert active_schedule([night], at(FRIDAY, "00:59")) is None
    # Thursday is not one of its days.
    assert active_schedule([night], at(FRIDAY, "03:00") - timedelta(days=1)) is None


def test_wrapping_window_belongs_to_its_start_day() -> None:
    """Friday 22:00-02:00 runs into Saturday morning, not into Friday morning."""
    late = make("Late", "22:00", "02:00", days=(4,))
    assert active_schedule([late], at(FRIDAY, "23:00")) == late
    assert active_schedule([late], at(FRIDAY, "01:00") + timedelta(days=1)) == late
    assert active_schedule([late], at(FRIDAY, "02:00") + timedelta(days=1)) is None
    assert active_schedule([late], at(FRIDAY, "01:00")) is None
    occurrence = active_occurrence([late], at(FRIDAY, "01:30") + timedelta(days=1))
    assert occurrence is not None
    assert occurrence.start == at(FRIDAY, "22:00")
    assert occurrence.end == at(FRIDAY, "02:00") + timedelta(days=1)


def test_midnight_end_wraps_to_the_next_day() -> None:
    """22:00-00:00 ends at midnight after its start day."""
    evening = make("Evening", "22:00", "00:00", days=(4,))
    (window,) = occurrences([evening], FRIDAY, FRIDAY + timedelta(days=2))
    assert (window.start, window.end) == (at(FRIDAY, "22:00"), FRIDAY + timedelta(days=1))


def test_highest_priority_wins_then_earliest_start_then_name() -> None:
    """Priority decides; on a tie the window that started first; then the name."""
    low = make("Low", "00:00", "06:00", priority=1)
    high = make("High", "02:00", "03:00", priority=5, action="discharge")
    assert active_schedule([low, high], at(FRIDAY, "02:30")) == high
    assert active_schedule([low, high], at(FRIDAY, "03:30")) == low
    early = make("Zed early", "01:00", "04:00", priority=1)
    assert active_schedule([low, early], at(FRIDAY, "02:00")) == low
    twin = make("Alpha", "00:00", "06:00", priority=1, id="zz")
    assert (
        active_schedule(
            [make("Low", "00:00", "06:00", priority=1, id="aa"), twin], at(FRIDAY, "02:00")
        )
        == twin
    )
    # A window carried over from yesterday started earlier than today's.
    overnight = make("Overnight", "23:00", "03:00", priority=1)
    assert active_schedule([low, overnight], at(FRIDAY, "02:00")) == overnight


def test_disabled_schedules_never_run_nor_show() -> None:
    """enabled=False hides a schedule from both functions."""
    off = make(enabled=False)
    assert active_schedule([off], at(FRIDAY, "02:00")) is None
    assert occurrences([off], FRIDAY, FRIDAY + timedelta(days=7)) == []


def test_naive_datetime_is_refused() -> None:
    """Local time must carry its zone."""
    with pytest.raises(ValueError, match="timezone-aware"):
        active_schedule([make()], datetime(2026, 1, 16, 2))
    with pytest.raises(ValueError, match="timezone-aware"):
        occurrences([make()], datetime(2026, 1, 16), FRIDAY)


def test_occurrences_in_a_week() -> None:
    """Weekday 01:00-05:00 gives five windows in a week, in time order, clipped by overlap."""
    weekdays = make(days=(0, 1, 2, 3, 4))
    monday = datetime(2026, 1, 12, tzinfo=BRISBANE)
    found = occurrences([weekdays], monday, monday + timedelta(days=7))
    assert [o.start for o in found] == [at(monday, "01:00") + timedelta(days=d) for d in range(5)]
    assert all(o.duration == timedelta(hours=4) for o in found)
    # A range starting inside a window still lists it; one ending at its start does not.
    assert len(occurrences([weekdays], at(monday, "04:00"), at(monday, "06:00"))) == 1
    assert occurrences([weekdays], at(monday, "05:00"), at(monday, "06:00")) == []
    assert occurrences([weekdays], at(monday, "00:00"), at(monday, "01:00")) == []
    assert occurrences([weekdays], at(monday, "06:00"), at(monday, "02:00")) == []


def test_occurrence_started_before_the_range_is_listed() -> None:
    """A window from the evening before reaches into a range starting after midnight."""
    late = make("Late", "22:00", "02:00", days=(4,))
    saturday = FRIDAY + timedelta(days=1)
    (window,) = occurrences([late], at(saturday, "01:00"), at(saturday, "12:00"))
    assert window.start == at(FRIDAY, "22:00")


def test_occurrences_sorted_across_schedules_and_in_the_requested_zone() -> None:
    """Windows of several schedules interleave by start; output is in `zone`."""
    a = make("A", "01:00", "05:00")
    b = make("B", "03:00", "04:00", priority=3)
    start = FRIDAY.astimezone(UTC)
    found = occurrences([a, b], start, start + timedelta(days=1), BRISBANE)
    assert [o.schedule.name for o in found] == ["A", "B"]
    assert found[0].start.tzinfo is BRISBANE
    assert found[0].start.hour == 1


def test_spring_forward_gap() -> None:
    """Sydney skips 02:00-03:00 on 2025-10-05: windows start or end at the jump."""
    sunday = datetime(2025, 10, 5, tzinfo=SYDNEY)
    jump = datetime(2025, 10, 4, 16, 0, tzinfo=UTC)  # 02:00 AEST = 03:00 AEDT
    into = make("Into gap", "01:00", "02:30", days=(6,))
    out_of = make("Out of gap", "02:30", "04:00", days=(6,))
    inside = make("Inside gap", "02:10", "02:40", days=(6,))
    found = occurrences([into, out_of, inside], sunday, sunday + timedelta(days=1))
    assert [o.schedule.name for o in found] == ["Into gap", "Out of gap"]
    assert found[0].end == jump
    assert found[0].duration == timedelta(hours=1)
    assert found[1].start == jump
    assert found[1].duration == timedelta(hours=1)
    assert active_schedule([out_of], jump.astimezone(SYDNEY)) == out_of
    assert active_schedule([into], (jump - timedelta(seconds=1)).astimezone(SYDNEY)) == into
    assert active_schedule([inside], (jump + timedelta(minutes=20)).astimezone(SYDNEY)) is None


def test_fall_back_repeated_hour() -> None:
    """Sydney repeats 02:00-03:00 on 2026-04-05: a repeated time means its first occurrence."""
    sunday = datetime(2026, 4, 5, tzinfo=SYDNEY)
    night = make("Night", "01:00", "05:00", days=(6,))
    (window,) = occurrences([night], sunday, sunday + timedelta(days=1))
    assert window.duration == timedelta(hours=5)
    half = make("Half", "02:30", "04:00", days=(6,))
    (window,) = occurrences([half], sunday, sunday + timedelta(days=1))
    # Compared in UTC: an ambiguous local time never equals a time in another zone (PEP 495).
    assert window.start.astimezone(UTC) == datetime(2026, 4, 4, 15, 30, tzinfo=UTC)  # AEDT
    # During the repeated hour the clock reads 02:15 a second time; the window is still on.
    second_0215 = datetime(2026, 4, 4, 16, 15, tzinfo=UTC).astimezone(SYDNEY)
    assert second_0215.fold == 1
    assert active_schedule([half], second_0215) == half
    first_0215 = datetime(2026, 4, 4, 15, 15, tzinfo=UTC).astimezone(SYDNEY)
    assert active_schedule([half], first_0215) is None
