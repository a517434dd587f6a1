"""A time-of-use rate plan: seasons of weekday periods, their validation and prices (pure).

Like the vendor app's rate plan (mySigen manual 3.1.2): each season is a date range that repeats
every year (it may wrap past New Year); within a season every minute of every weekday belongs to
exactly one period with a buy and a sell price in cents per kWh. Validation raises
``TariffError`` whose key and placeholders name the problem (translated in the options flow).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, Final

from .price_series import Series, clean_series

DAY_KEYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MINUTES: Final = 24 * 60
# A leap year, so that 29 February must belong to a season too.
_YEAR: Final = 2024
CENTS: Final = 100.0


class TariffError(ValueError):
    """A rate plan is refused: ``key`` is a translation key, ``placeholders`` its values."""

    def __init__(self, key: str, **placeholders: str) -> None:
        """Keep the key and placeholders for the translated message."""
        super().__init__(f"{key}: {placeholders}")
        self.key = key
        self.placeholders = placeholders


@dataclass(frozen=True, slots=True)
class Period:
    """Minutes ``[start, end)`` of the listed weekdays (0 = Monday) at buy/sell c/kWh."""

    days: frozenset[int]
    start: int
    end: int
    buy: float
    sell: float

    def as_dict(self) -> dict[str, Any]:
        """The stored form (``end`` 00:00 means midnight at the end of the day)."""
        return {
            "days": [DAY_KEYS[d] for d in sorted(self.days)],
            "start": clock(self.start),
            "end": clock(self.end % MINUTES),
            "buy": self.buy,
            "sell": self.sell,
        }


@dataclass(frozen=True, slots=True)
class Season:
    """A named date range (month, day) to (month, day), both inclusive, and its periods."""

    name: str
    first: tuple[int, int]
    last: tuple[int, int]
    periods: tuple[Period, ...] = ()

    @property
    def _last(self) -> tuple[int, int]:
        # A season ending on 28 February ends the day before 1 March in leap years too.
        return (2, 29) if self.last == (2, 28) else self.last

    def days(self) -> set[int]:
        """Day numbers (0-365) of the leap year the season covers."""
        start = date(_YEAR, *self.first).timetuple().tm_yday - 1
        stop = date(_YEAR, *self._last).timetuple().tm_yday - 1
        if stop >= start:
            return set(range(start, stop + 1))
        return set(range(start, 366)) | set(range(stop + 1))

    def covers(self, day: date) -> bool:
        """Tell whether a calendar day (any year) falls in this season."""
        key, first, last = (day.month, day.day), self.first, self._last
        return first <= key <= last if first <= last else key >= first or key <= last

    def as_dict(self) -> dict[str, Any]:
        """The stored form."""
        return {
            "name": self.name,
            "start": f"{self.first[0]:02d}-{self.first[1]:02d}",
            "end": f"{self.last[0]:02d}-{self.last[1]:02d}",
            "periods": [p.as_dict() for p in self.periods],
        }


@dataclass(frozen=True, slots=True)
class TouPlan:
    """Seasons covering the year and an optional daily supply charge (c/day)."""

    seasons: tuple[Season, ...]
    supply_per_day: float | None = None

    def season_on(self, day: date) -> Season | None:
        """The season a calendar day belongs to."""
        return next((s for s in self.seasons if s.covers(day)), None)

    def as_dict(self) -> dict[str, Any]:
        """The stored form (entry options)."""
        return {
            "supply_per_day": self.supply_per_day,
            "seasons": [s.as_dict() for s in self.seasons],
        }


def clock(minutes: int) -> str:
    """``HH:MM`` of a minute of the day (1440 is ``24:00``)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_clock(value: str, *, end: bool = False) -> int:
    """Minutes of ``HH:MM[:SS]``; as an end, ``00:00`` is midnight at the end of the day."""
    hour, minute = (int(part) for part in str(value).split(":")[:2])
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError(value)
    minutes = hour * 60 + minute
    return MINUTES if end and minutes == 0 else minutes


def parse_month_day(value: str) -> tuple[int, int]:
    """(month, day) of ``MM-DD`` or ``YYYY-MM-DD`` (the year is ignored: seasons repeat)."""
    parts = str(value).split("-")
    month, day = int(parts[-2]), int(parts[-1])
    date(_YEAR, month, day)  # ValueError for 31 April and the like
    return month, day


def period_from_dict(data: Mapping[str, Any]) -> Period:
    """A period from its stored or submitted form; ValueError, KeyError or TypeError if bad."""
    return Period(
        days=frozenset(DAY_KEYS.index(str(d)) for d in data["days"]),
        start=parse_clock(data["start"]),
        end=parse_clock(data["end"], end=True),
        buy=float(data["buy"]),
        sell=float(data["sell"]),
    )


def plan_from_dict(data: Mapping[str, Any]) -> TouPlan:
    """A stored plan, validated; TariffError when it is malformed or has gaps or overlaps."""
    try:
        seasons = tuple(
            Season(
                name=str(s["name"]),
                first=parse_month_day(s["start"]),
                last=parse_month_day(s["end"]),
                periods=tuple(period_from_dict(p) for p in s["periods"]),
            )
            for s in data["seasons"]
        )
        supply = data.get("supply_per_day")
        plan = TouPlan(seasons, float(supply) if supply is not None else None)
    except (KeyError, TypeError, ValueError) as err:
        raise TariffError("tou_invalid") from err
    validate_plan(plan)
    return plan


def check_period(existing: Sequence[Period], new: Period) -> None:
    """Refuse an empty period or one that overlaps a period already in the season."""
    if not new.days:
        raise TariffError("tou_period_no_days")
    if new.end <= new.start:
        raise TariffError("tou_period_empty", start=clock(new.start), end=clock(new.end))
    for other in existing:
        common = new.days & other.days
        low, high = max(new.start, other.start), min(new.end, other.end)
        if common and low < high:
            raise TariffError(
                "tou_period_overlap",
                day=DAY_NAMES[min(common)],
                start=clock(low),
                end=clock(high),
            )


def check_full_week(periods: Iterable[Period]) -> None:
    """Refuse a season that leaves some time of some weekday without a price."""
    by_day: list[list[tuple[int, int]]] = [[] for _ in DAY_KEYS]
    for period in periods:
        for day in period.days:
            by_day[day].append((period.start, period.end))
    for day, spans in enumerate(by_day):
        reached = 0
        for start, end in sorted(spans):
            if start > reached:
                break
            reached = max(reached, end)
        if reached < MINUTES:
            following = [s for s, _ in sorted(spans) if s > reached]
            raise TariffError(
                "tou_period_gap",
                day=DAY_NAMES[day],
                start=clock(reached),
                end=clock(following[0] if following else MINUTES),
            )


def check_season_dates(existing: Sequence[Season], new: Season) -> None:
    """Refuse a season whose dates overlap another's, or a name used twice."""
    for other in existing:
        if other.name.casefold() == new.name.casefold():
            raise TariffError("tou_season_duplicate", season=new.name)
        common = new.days() & other.days()
        if common:
            first = date(_YEAR, 1, 1) + timedelta(days=min(common))
            raise TariffError(
                "tou_season_overlap", season=other.name, date=f"{first:%d %B}".lstrip("0")
            )


def check_full_year(seasons: Sequence[Season]) -> None:
    """Refuse seasons that leave a date of the year without a season."""
    covered: set[int] = set()
    for season in seasons:
        covered |= season.days()
    missing = sorted(set(range(366)) - covered)
    if missing:
        first = date(_YEAR, 1, 1) + timedelta(days=missing[0])
        raise TariffError("tou_season_gap", date=f"{first:%d %B}".lstrip("0"))


def validate_plan(plan: TouPlan) -> None:
    """Every check above on a whole plan."""
    if not plan.seasons:
        raise TariffError("tou_invalid")
    for index, season in enumerate(plan.seasons):
        check_season_dates(plan.seasons[:index], season)
        for number, period in enumerate(season.periods):
            check_period(season.periods[:number], period)
        check_full_week(season.periods)
    check_full_year(plan.seasons)


def tou_series(plan: TouPlan, start: datetime, end: datetime, tz: tzinfo) -> tuple[Series, Series]:
    """Buy and sell prices (currency per kWh) of every period overlapping ``[start, end)``."""
    buy: list[tuple[datetime, datetime, float]] = []
    sell: list[tuple[datetime, datetime, float]] = []
    day = start.astimezone(tz).date() - timedelta(days=1)
    while datetime.combine(day, time(), tz) < end:
        season = plan.season_on(day)
        midnight = datetime.combine(day, time(), tz)
        following = datetime.combine(day + timedelta(days=1), time(), tz)
        for period in season.periods if season else ():
            if day.weekday() not in period.days:
                continue
            # Wall-clock times on the day (zoneinfo picks the offset, so DST days work), in UTC:
            # arithmetic between two times of one zone would ignore the change of offset.
            first = (midnight if period.start == 0 else _at(day, period.start, tz)).astimezone(UTC)
            last = (following if period.end == MINUTES else _at(day, period.end, tz)).astimezone(
                UTC
            )
            if last > start and first < end:
                buy.append((first, last, period.buy / CENTS))
                sell.append((first, last, period.sell / CENTS))
        day += timedelta(days=1)
    return clean_series(buy), clean_series(sell)


def _at(day: date, minutes: int, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(minutes // 60, minutes % 60), tz)
