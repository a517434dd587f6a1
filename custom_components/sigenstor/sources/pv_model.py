"""PV arrays, the irradiance-to-power model and the solar forecast series (pure).

Public API
----------
``PvArray(name, kwp, tilt, azimuth, ac_limit_kw=None, efficiency=0.93)``
    ``azimuth`` is a compass bearing (0 = north, 90 = east, 180 = south, 270 = west);
    ``open_meteo_azimuth`` converts it to Open-Meteo's convention (0 = south, -90 = east,
    90 = west, 180 = north).
``array_power_kw(array, gti, ambient_c) -> float``
    kW = kWp x GTI/1000 x efficiency x (1 + GAMMA x (T_cell - 25)), clamped at 0 and at the
    array's AC limit. Cell temperature uses the NOCT model
    ``T_cell = T_amb + (NOCT - 20) / 800 x GTI`` (PVEducation, "Nominal Operating Cell
    Temperature"; Duffie & Beckman, Solar Engineering of Thermal Processes, ch. 23) with
    NOCT = 45 C; GAMMA = -0.4 %/C is a typical crystalline-silicon Pmax coefficient (PVWatts v5
    uses the same linear form, so a cell below 25 C gains at the same rate).
``SolarForecast``
    Time-ordered ``ForecastStep(start, end, watts)`` (mean power over the step; steps may be
    15 or 60 minutes long; kept in UTC). ``power_at(t)``, ``energy_between(a, b)`` (Wh),
    ``energy_today``, ``energy_remaining_today``, ``energy_tomorrow``, ``energy_next_hour``,
    ``wh_hours()`` and ``as_energy_dashboard()`` -> ``{"wh_hours": {iso hour start: Wh}}``, the
    ``SolarForecastType`` Home Assistant's energy platform expects.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
import itertools
from typing import TYPE_CHECKING, Final, TypedDict

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

NOCT_C: Final = 45.0
GAMMA_PER_C: Final = -0.004
STC_IRRADIANCE: Final = 1000.0
_HOUR: Final = timedelta(hours=1)


def compass_to_open_meteo(azimuth: float) -> float:
    """Convert a compass bearing (0 = N, 180 = S) to Open-Meteo's (0 = S), in (-180, 180]."""
    value = (azimuth - 180.0) % 360.0
    return value - 360.0 if value > 180.0 else value


@dataclass(frozen=True, slots=True)
class PvArray:
    """One PV array (one orientation)."""

    name: str
    kwp: float
    tilt: float
    azimuth: float
    ac_limit_kw: float | None = None
    efficiency: float = 0.93

    def __post_init__(self) -> None:
        if self.kwp <= 0:
            raise ValueError(f"{self.name}: kwp must be positive")
        if not 0.0 <= self.tilt <= 90.0:
            raise ValueError(f"{self.name}: tilt must be 0..90 degrees")
        if not 0.0 < self.efficiency <= 1.0:
            raise ValueError(f"{self.name}: efficiency must be in (0, 1]")
        if self.ac_limit_kw is not None and self.ac_limit_kw <= 0:
            raise ValueError(f"{self.name}: AC limit must be positive")

    @property
    def open_meteo_azimuth(self) -> float:
        """Azimuth in Open-Meteo's convention."""
        return compass_to_open_meteo(self.azimuth)


def cell_temperature(ambient_c: float, gti: float) -> float:
    """Estimate cell temperature with the NOCT model."""
    return ambient_c + (NOCT_C - 20.0) / 800.0 * gti


def array_power_kw(array: PvArray, gti: float, ambient_c: float | None) -> float:
    """AC power of one array for a plane-of-array irradiance (W/m2) and air temperature."""
    gti = max(gti, 0.0)  # Open-Meteo's GTI can dip slightly negative near sunrise.
    derate = 1.0
    if ambient_c is not None:
        derate = 1.0 + GAMMA_PER_C * (cell_temperature(ambient_c, gti) - 25.0)
    power = max(array.kwp * gti / STC_IRRADIANCE * array.efficiency * derate, 0.0)
    return min(power, array.ac_limit_kw) if array.ac_limit_kw is not None else power


class EnergyDashboardForecast(TypedDict):
    """Shape of Home Assistant's ``SolarForecastType``."""

    wh_hours: dict[str, float]


@dataclass(frozen=True, slots=True)
class ForecastStep:
    """Mean PV power (W) over ``[start, end)``."""

    start: datetime
    end: datetime
    watts: float

    @property
    def wh(self) -> float:
        """Energy of the step in Wh."""
        return self.watts * (self.end - self.start) / _HOUR


@dataclass(frozen=True, slots=True)
class SolarForecast:
    """A PV power forecast as a series of non-overlapping steps."""

    steps: tuple[ForecastStep, ...]
    tz: tzinfo
    issued_at: datetime | None = None
    _starts: tuple[datetime, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Steps are kept in UTC: same-zone datetime arithmetic ignores DST folds.
        ordered = tuple(
            sorted(
                (
                    ForecastStep(s.start.astimezone(UTC), s.end.astimezone(UTC), s.watts)
                    for s in self.steps
                ),
                key=lambda s: s.start,
            )
        )
        for prev, nxt in itertools.pairwise(ordered):
            if nxt.start < prev.end:
                raise ValueError(f"overlapping forecast steps at {nxt.start.isoformat()}")
        object.__setattr__(self, "steps", ordered)
        object.__setattr__(self, "_starts", tuple(s.start for s in ordered))

    @property
    def watts(self) -> dict[datetime, float]:
        """Mean watts per step, keyed by step start."""
        return {s.start: s.watts for s in self.steps}

    def power_at(self, moment: datetime) -> float:
        """Forecast power in W at ``moment`` (0 outside the forecast)."""
        idx = bisect_right(self._starts, moment) - 1
        if idx >= 0 and moment < self.steps[idx].end:
            return self.steps[idx].watts
        return 0.0

    def energy_between(self, start: datetime, end: datetime) -> float:
        """Forecast energy in Wh between two instants (partial steps pro rata)."""
        total = 0.0
        for step in self.steps:
            lo, hi = max(start, step.start), min(end, step.end)
            if hi > lo:
                total += step.watts * ((hi - lo) / _HOUR)
        return total

    def _day_bounds(self, day: date) -> tuple[datetime, datetime]:
        """Local midnight to midnight of a day in the forecast's time zone."""
        start = datetime(day.year, day.month, day.day, tzinfo=self.tz)
        nxt = day + timedelta(days=1)
        return start, datetime(nxt.year, nxt.month, nxt.day, tzinfo=self.tz)

    def energy_today(self, now: datetime) -> float:
        """Wh forecast for the whole local day of ``now``."""
        return self.energy_between(*self._day_bounds(now.astimezone(self.tz).date()))

    def energy_remaining_today(self, now: datetime) -> float:
        """Wh forecast from ``now`` to local midnight."""
        return self.energy_between(now, self._day_bounds(now.astimezone(self.tz).date())[1])

    def energy_tomorrow(self, now: datetime) -> float:
        """Wh forecast for the local day after ``now``."""
        day = now.astimezone(self.tz).date() + timedelta(days=1)
        return self.energy_between(*self._day_bounds(day))

    def energy_next_hour(self, now: datetime) -> float:
        """Wh forecast for the next 60 minutes."""
        return self.energy_between(now, now + _HOUR)

    def wh_hours(self) -> dict[datetime, float]:
        """Wh per local clock hour, keyed by the hour start as an aware UTC datetime."""
        hours: dict[datetime, float] = {}
        for step in self.steps:
            cursor = step.start
            while cursor < step.end:
                local = cursor.astimezone(self.tz)
                hour = local.replace(minute=0, second=0, microsecond=0).astimezone(UTC)
                hi = min(step.end, hour + _HOUR)
                hours[hour] = hours.get(hour, 0.0) + step.watts * ((hi - cursor) / _HOUR)
                cursor = hi
        return hours

    def as_energy_dashboard(self) -> EnergyDashboardForecast:
        """Return ``{"wh_hours": {iso hour start: Wh}}`` for the energy platform."""
        hours = self.wh_hours()
        return {"wh_hours": {h.astimezone(self.tz).isoformat(): round(hours[h], 1) for h in hours}}

    def scaled(self, factor: Callable[[ForecastStep], float]) -> SolarForecast:
        """Return a copy with each step's power multiplied by ``factor(step)``."""
        steps = tuple(replace(s, watts=s.watts * factor(s)) for s in self.steps)
        return SolarForecast(steps, self.tz, self.issued_at)


def sum_forecasts(
    series: Iterable[Iterable[ForecastStep]], tz: tzinfo, issued_at: datetime | None = None
) -> SolarForecast:
    """Add per-array step series that share the same step boundaries."""
    totals: dict[tuple[datetime, datetime], float] = {}
    for steps in series:
        for step in steps:
            key = (step.start, step.end)
            totals[key] = totals.get(key, 0.0) + step.watts
    steps_out = tuple(ForecastStep(a, b, w) for (a, b), w in totals.items())
    return SolarForecast(steps_out, tz, issued_at)
