"""Validation, parsing and the dict form of schedules."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest

from custom_components.sigenstor.automation.schedules import (
    MAX_NAME_LENGTH,
    Schedule,
    ScheduleError,
    from_dict,
    parse_days,
    parse_time,
    to_dict,
    validate,
)

from .helpers import make

GOOD: dict[str, Any] = {
    "id": "a1",
    "name": "Night charge",
    "action": "charge",
    "start": "01:00",
    "end": "05:00",
    "days": ["mon", "tue", "wed", "thu", "fri"],
    "priority": 2,
    "enabled": True,
    "power_kw": 3.0,
    "target_soc": 90.0,
}


def test_dict_round_trip() -> None:
    """to_dict(from_dict(d)) gives back d: times as HH:MM, days as names."""
    schedule = from_dict(GOOD)
    assert schedule.start == time(1, 0)
    assert schedule.days == (0, 1, 2, 3, 4)
    assert to_dict(schedule) == GOOD


def test_defaults_for_a_new_schedule() -> None:
    """Days default to every day, priority 0, enabled, no power or target."""
    schedule = from_dict({"name": "x", "action": "hold", "start": "22:00", "end": "02:00"})
    assert schedule.days == tuple(range(7))
    assert (schedule.priority, schedule.enabled) == (0, True)
    assert (schedule.power_kw, schedule.target_soc) == (None, None)
    assert schedule.wraps


def test_normalises_name_days_and_seconds() -> None:
    """Name trimmed, days sorted and unique, seconds dropped."""
    schedule = validate(
        Schedule("i", "  Peak  ", "discharge", time(16, 0, 30), time(21, 0), (4, 0, 4), 0)
    )
    assert schedule.name == "Peak"
    assert schedule.days == (0, 4)
    assert schedule.start == time(16, 0)


@pytest.mark.parametrize(
    ("changes", "key", "placeholders"),
    [
        ({"name": "   "}, "schedule_name_empty", {}),
        (
            {"name": "x" * (MAX_NAME_LENGTH + 1)},
            "schedule_name_too_long",
            {"length": str(MAX_NAME_LENGTH + 1), "max": str(MAX_NAME_LENGTH)},
        ),
        ({"action": "export"}, "schedule_invalid_action", {"action": "export"}),
        ({"days": []}, "schedule_no_days", {}),
        ({"days": ["mon", "funday"]}, "schedule_invalid_day", {"day": "funday"}),
        ({"start": "05:00"}, "schedule_empty_window", {"time": "05:00"}),
        ({"start": "05:00:20"}, "schedule_empty_window", {"time": "05:00"}),
        ({"start": "25:00"}, "schedule_invalid_time", {"time": "25:00"}),
        ({"end": "01:00+10:00"}, "schedule_invalid_time", {"time": "01:00+10:00"}),
        ({"power_kw": 0}, "schedule_invalid_power", {"power_kw": "0", "max": "1000"}),
        ({"power_kw": 1000.5}, "schedule_invalid_power", {"power_kw": "1000.5", "max": "1000"}),
        ({"power_kw": float("nan")}, "schedule_invalid_power", {"power_kw": "nan", "max": "1000"}),
        ({"power_kw": "lots"}, "schedule_invalid_power", {"power_kw": "lots", "max": "1000"}),
        ({"target_soc": -1}, "schedule_invalid_soc", {"soc": "-1"}),
        ({"target_soc": 100.5}, "schedule_invalid_soc", {"soc": "100.5"}),
        ({"action": "hold"}, "schedule_hold_takes_no_target", {}),
        ({"priority": 1001}, "schedule_invalid_priority", {"priority": "1001"}),
        ({"priority": "high"}, "schedule_invalid_priority", {"priority": "high"}),
        ({"name": None}, "schedule_missing_field", {"field": "name"}),
    ],
)
def test_invalid_input_raises_translated_error(
    changes: dict[str, Any], key: str, placeholders: dict[str, str]
) -> None:
    """Each bad field raises its own translation key with the offending value."""
    with pytest.raises(ScheduleError) as caught:
        from_dict({**GOOD, **changes})
    assert caught.value.translation_key == key
    assert caught.value.placeholders == placeholders


@pytest.mark.parametrize("key", ["name", "action", "start", "end"])
def test_missing_required_field(key: str) -> None:
    """A new schedule needs name, action, start and end."""
    data = {k: v for k, v in GOOD.items() if k != key}
    with pytest.raises(ScheduleError) as caught:
        from_dict(data)
    assert caught.value.placeholders == {"field": key}


def test_boundaries_accepted() -> None:
    """0 and 100 % targets, 1000 kW and +-1000 priority are valid; midnight end wraps."""
    for soc in (0, 100):
        assert from_dict({**GOOD, "target_soc": soc}).target_soc == soc
    assert from_dict({**GOOD, "power_kw": 1000}).power_kw == 1000
    assert from_dict({**GOOD, "priority": -1000}).priority == -1000
    assert from_dict({**GOOD, "start": "22:00", "end": "00:00"}).wraps
    assert not make().wraps


def test_parse_helpers() -> None:
    """Times from strings or time objects; days case-insensitive."""
    assert parse_time("7:05") == parse_time(" 07:05:00 ") == time(7, 5)
    assert parse_time("23:59:59") == time(23, 59, 59)
    for bad in ("24:00", "12:60", "12:00:60", "0400", "04", "noon", "12:00+10:00", 425):
        with pytest.raises(ScheduleError) as caught:
            parse_time(bad)
        assert caught.value.placeholders == {"time": str(bad)}
    assert parse_time(time(3, 4)) == time(3, 4)
    assert parse_days(["SUN", "mon", "sun"]) == (0, 6)
    with pytest.raises(ScheduleError):
        parse_days(["monday"])
