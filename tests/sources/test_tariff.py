"""The time-of-use rate plan: validation errors that name the problem, and its prices."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from custom_components.sigenstor.sources.tariff import (
    TariffError,
    plan_from_dict,
    tou_series,
)

BRISBANE = ZoneInfo("Australia/Brisbane")
SYDNEY = ZoneInfo("Australia/Sydney")
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
WEEKEND = ["sat", "sun"]


def period(days: list[str], start: str, end: str, buy: float, sell: float = 5.0) -> dict[str, Any]:
    """One stored period."""
    return {"days": days, "start": start, "end": end, "buy": buy, "sell": sell}


def week(peak: float) -> list[dict[str, Any]]:
    """A full week: weekday off-peak, shoulder and peak; flat weekends."""
    return [
        period(WEEKDAYS, "00:00", "07:00", 20.0),
        period(WEEKDAYS, "07:00", "16:00", 28.0),
        period(WEEKDAYS, "16:00", "21:00", peak),
        period(WEEKDAYS, "21:00", "00:00", 20.0),
        period(WEEKEND, "00:00", "00:00", 24.0, 3.0),
    ]


def plan(**changes: Any) -> dict[str, Any]:
    """A valid two-season plan (summer wraps past New Year)."""
    data: dict[str, Any] = {
        "supply_per_day": 110.0,
        "seasons": [
            {"name": "Summer", "start": "11-01", "end": "03-31", "periods": week(55.0)},
            {"name": "Rest", "start": "04-01", "end": "10-31", "periods": week(40.0)},
        ],
    }
    data.update(changes)
    return data


def refused(data: dict[str, Any]) -> TariffError:
    """The error a plan is refused with."""
    with pytest.raises(TariffError) as err:
        plan_from_dict(data)
    return err.value


def test_valid_plan_round_trips() -> None:
    """A valid plan survives its stored form unchanged."""
    parsed = plan_from_dict(plan())
    assert plan_from_dict(parsed.as_dict()) == parsed
    assert parsed.supply_per_day == 110.0


def test_period_gap_named() -> None:
    """A weekday time without a period is named: day and span."""
    data = plan()
    data["seasons"][1]["periods"] = [p for p in week(40.0) if p["start"] != "16:00"]
    err = refused(data)
    assert err.key == "tou_period_gap"
    assert err.placeholders == {"day": "Monday", "start": "16:00", "end": "21:00"}


def test_period_gap_at_the_end_of_the_day() -> None:
    """A day that stops short of midnight is a gap up to 24:00."""
    data = plan()
    data["seasons"][0]["periods"][-1] = period(WEEKEND, "00:00", "23:30", 24.0)
    err = refused(data)
    assert err.placeholders == {"day": "Saturday", "start": "23:30", "end": "24:00"}


def test_period_overlap_named() -> None:
    """Two periods on the same day and time are refused with the overlapping span."""
    data = plan()
    data["seasons"][0]["periods"].append(period(["wed"], "18:00", "22:00", 60.0))
    err = refused(data)
    assert err.key == "tou_period_overlap"
    assert err.placeholders == {"day": "Wednesday", "start": "18:00", "end": "21:00"}


def test_period_backwards_and_without_days() -> None:
    """A period ending before it starts, or with no weekdays, is refused."""
    data = plan()
    data["seasons"][0]["periods"].append(period(["mon"], "10:00", "09:00", 60.0))
    assert refused(data).key == "tou_period_empty"
    data = plan()
    data["seasons"][0]["periods"].insert(0, period([], "10:00", "11:00", 60.0))
    assert refused(data).key == "tou_period_no_days"


def test_season_overlap_and_gap_named() -> None:
    """Overlapping seasons name the other season and the first shared date; gaps the date."""
    data = plan()
    data["seasons"][1]["start"] = "03-20"
    err = refused(data)
    assert err.key == "tou_season_overlap"
    assert err.placeholders == {"season": "Summer", "date": "20 March"}
    data = plan()
    data["seasons"][1]["end"] = "10-15"
    err = refused(data)
    assert err.key == "tou_season_gap"
    assert err.placeholders == {"date": "16 October"}


def test_season_ending_28_february_covers_leap_day() -> None:
    """28 February as a season's last day includes 29 February of leap years."""
    data = plan()
    data["seasons"][0]["end"] = "02-28"
    data["seasons"][1]["start"] = "03-01"
    assert plan_from_dict(data).season_on(datetime(2028, 2, 29).date()) is not None


def test_malformed_refused() -> None:
    """Unknown weekdays, impossible dates and missing keys are one error."""
    data = plan()
    data["seasons"][0]["periods"][0]["days"] = ["monday"]
    assert refused(data).key == "tou_invalid"
    assert refused(plan(seasons=[])).key == "tou_invalid"
    data = plan()
    data["seasons"][0]["start"] = "04-31"
    assert refused(data).key == "tou_invalid"
    assert refused({"seasons": [{"name": "x"}]}).key == "tou_invalid"


def test_prices_follow_weekday_time_and_season() -> None:
    """Buy and sell prices in currency per kWh for each period, season by date."""
    parsed = plan_from_dict(plan())
    start = datetime(2025, 3, 31, 12, 0, tzinfo=BRISBANE)  # a Monday, last day of summer
    buy, sell = tou_series(parsed, start, start + timedelta(days=2), BRISBANE)

    def at(moment: datetime) -> float:
        return next(v for s, e, v in buy if s <= moment < e)

    assert at(start) == pytest.approx(0.28)
    assert at(start.replace(hour=17)) == pytest.approx(0.55)
    assert at(start.replace(hour=17) + timedelta(days=1)) == pytest.approx(0.40)  # April: Rest
    assert at(start.replace(hour=22)) == pytest.approx(0.20)
    assert all(v == pytest.approx(0.05) for _, _, v in sell[:3])
    assert buy[0][0] <= start < buy[0][1]
    assert buy[-1][1] >= start + timedelta(days=2)
    # No gaps: every interval starts where the one before ended.
    assert all(a[1] == b[0] for a, b in pairwise(buy))


def test_prices_across_a_dst_change() -> None:
    """On the day clocks go back the periods keep their wall-clock times, with no gap."""
    parsed = plan_from_dict(plan())
    start = datetime(2025, 4, 5, 12, 0, tzinfo=SYDNEY)  # clocks go back on 6 April, 03:00
    buy, _ = tou_series(parsed, start, start + timedelta(days=2), SYDNEY)
    assert all(a[1] == b[0] for a, b in pairwise(buy))
    weekend = [
        item for item in buy if item[0].astimezone(SYDNEY).date().isoformat() == "2025-04-06"
    ]
    assert weekend[0][1] - weekend[0][0] == timedelta(hours=25)
