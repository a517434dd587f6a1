"""Synthetic Open-Meteo ``/v1/forecast`` responses: clear sky plus seeded cloud.

Each local day gets a seeded cloudiness (clear, partly cloudy or overcast) with hourly
variation; irradiance follows ``replay.sun``; temperature is a seasonal diurnal curve cooled by
cloud. Radiation values are means over the preceding period, like Open-Meteo's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
import math
import random
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import sun

RADIATION: Final = (
    "shortwave_radiation",
    "direct_radiation",
    "diffuse_radiation",
    "direct_normal_irradiance",
    "global_tilted_irradiance",
)
INSTANT: Final = tuple(f"{name}_instant" for name in RADIATION)
OTHER: Final = ("temperature_2m", "cloud_cover", "is_day")
VARIABLES: Final = frozenset(RADIATION + INSTANT + OTHER)
UNITS: Final = {"temperature_2m": "°C", "cloud_cover": "%", "is_day": ""}
_SUBSAMPLES: Final = 6


class BadRequestError(ValueError):
    """Invalid parameter; the message is Open-Meteo's ``reason`` text."""


class Weather:
    """Seeded cloud and temperature for a location."""

    def __init__(self, seed: int, lat: float, lon: float) -> None:
        self.seed = seed
        self.lat = lat
        self.lon = lon
        self._days: dict[date, list[float]] = {}

    def cloud(self, moment: datetime) -> float:
        """Cloud fraction 0..1, interpolated between seeded hourly knots."""
        local = moment.astimezone(UTC) + timedelta(hours=self.lon / 15.0)
        knots = self._day(local.date())
        pos = local.hour + local.minute / 60.0
        idx = int(pos)
        nxt = knots[idx + 1] if idx < 23 else self._day(local.date() + timedelta(days=1))[0]
        return knots[idx] + (nxt - knots[idx]) * (pos - idx)

    def _day(self, day: date) -> list[float]:
        """Hourly cloud knots of one solar day."""
        if day not in self._days:
            rnd = random.Random(f"{self.seed}:cloud:{day.isoformat()}")
            kind = rnd.random()
            base = 0.05 if kind < 0.5 else 0.4 if kind < 0.85 else 0.85
            spread = 0.1 if kind < 0.5 else 0.35
            knots = [base + rnd.uniform(-spread, spread) for _ in range(24)]
            self._days[day] = [min(1.0, max(0.0, k)) for k in knots]
        return self._days[day]

    def temperature(self, moment: datetime) -> float:
        """Air temperature in C: seasonal mean, afternoon peak, cooler under cloud."""
        doy = moment.timetuple().tm_yday
        season = math.cos(2.0 * math.pi * (doy - 15) / 365.0)
        mean = 20.0 + (5.0 if self.lat < 0 else -5.0) * season
        local = moment.astimezone(UTC) + timedelta(hours=self.lon / 15.0)
        hour = local.hour + local.minute / 60.0
        diurnal = 5.0 * math.cos(2.0 * math.pi * (hour - 14.5) / 24.0)
        return round(mean + diurnal - 3.0 * self.cloud(moment), 1)

    def irradiance(self, moment: datetime) -> tuple[sun.SunPosition, sun.Irradiance]:
        """Sun position and cloudy-sky irradiance at an instant."""
        pos = sun.sun_position(moment, self.lat, self.lon)
        return pos, sun.cloudy(sun.clear_sky(pos), pos, self.cloud(moment))

    def values(self, moment: datetime, tilt: float, azimuth: float) -> dict[str, float]:
        """Instant radiation values (W/m2) at ``moment``; azimuth is a compass bearing."""
        pos, sky = self.irradiance(moment)
        beam_h = sky.dni * max(math.cos(math.radians(pos.zenith)), 0.0)
        return {
            "shortwave_radiation": sky.ghi,
            "direct_radiation": beam_h,
            "diffuse_radiation": sky.dhi,
            "direct_normal_irradiance": sky.dni,
            "global_tilted_irradiance": sun.tilted(sky, pos, tilt, azimuth),
        }

    def period_mean(
        self, end: datetime, step: timedelta, tilt: float, azimuth: float
    ) -> dict[str, float]:
        """Mean radiation over ``[end - step, end)`` by midpoint sub-sampling."""
        sums = dict.fromkeys(RADIATION, 0.0)
        for k in range(_SUBSAMPLES):
            moment = end - step + step * ((k + 0.5) / _SUBSAMPLES)
            for name, value in self.values(moment, tilt, azimuth).items():
                sums[name] += value / _SUBSAMPLES
        return sums


def resolve_zone(name: str, lon: float) -> tuple[tzinfo, str]:
    """Time zone for Open-Meteo's ``timezone`` parameter (``auto`` from longitude)."""
    if name == "auto":
        hours = round(lon / 15.0)
        return timezone(timedelta(hours=hours)), f"GMT{hours:+d}"
    if name.upper() in ("GMT", "UTC"):
        return UTC, "GMT"
    try:
        return ZoneInfo(name), name
    except (ZoneInfoNotFoundError, ValueError):
        raise BadRequestError(f"Invalid timezone: {name}") from None


def _variables(raw: str | None, key: str) -> list[str]:
    """Split a comma list of variables and reject unknown names like Open-Meteo does."""
    names = [v for v in (raw or "").split(",") if v]
    for name in names:
        if name not in VARIABLES:
            raise BadRequestError(
                f"Cannot initialize WeatherVariable from invalid String value {name} for key {key}"
            )
    return names


def _number(query: dict[str, str], key: str, default: float | None, lo: float, hi: float) -> float:
    """Parse a numeric parameter with Open-Meteo-like messages."""
    raw = query.get(key)
    if raw is None:
        if default is None:
            raise BadRequestError(f"Parameter '{key}' is required")
        return default
    try:
        value = float(raw)
    except ValueError:
        raise BadRequestError(f"Parameter '{key}' must be a number. Given: {raw}.") from None
    if not lo <= value <= hi:
        raise BadRequestError(
            f"{key.capitalize()} must be in range of {lo:g} to {hi:g}°. Given: {value}."
        )
    return value


def forecast_response(query: dict[str, str], seed: int, now: datetime) -> dict[str, Any]:
    """Build a ``/v1/forecast`` body for the query parameters."""
    lat = _number(query, "latitude", None, -90, 90)
    lon = _number(query, "longitude", None, -180, 180)
    tilt = _number(query, "tilt", 0.0, 0, 90)
    om_azimuth = _number(query, "azimuth", 0.0, -180, 180)
    days = int(_number(query, "forecast_days", 7, 0, 16))
    past = int(_number(query, "past_days", 0, 0, 92))
    zone, zone_name = resolve_zone(query.get("timezone", "GMT"), lon)
    zone_now = now.astimezone(zone)
    today = zone_now.date()
    req = _Request(
        weather=Weather(seed, lat, lon),
        first=datetime.combine(today - timedelta(days=past), datetime.min.time(), tzinfo=zone),
        last=datetime.combine(today + timedelta(days=days), datetime.min.time(), tzinfo=zone),
        zone=zone,
        unixtime=query.get("timeformat", "iso8601") == "unixtime",
        tilt=tilt,
        compass=(om_azimuth + 180.0) % 360.0,
    )
    offset = zone_now.utcoffset() or timedelta(0)
    body: dict[str, Any] = {
        "latitude": round(lat, 2),
        "longitude": round(lon, 2),
        "generationtime_ms": 0.5,
        "utc_offset_seconds": int(offset.total_seconds()),
        "timezone": zone_name,
        "timezone_abbreviation": zone_now.tzname() or zone_name,
        "elevation": 20.0,
    }
    for key, step in (("hourly", timedelta(hours=1)), ("minutely_15", timedelta(minutes=15))):
        names = _variables(query.get(key), key)
        if names:
            body[f"{key}_units"], body[key] = _block(req, names, step)
    daily = [v for v in (query.get("daily") or "").split(",") if v]
    if daily:
        body["daily_units"], body["daily"] = _daily(req, daily)
    return body


@dataclass(frozen=True, slots=True)
class _Request:
    """Resolved request parameters."""

    weather: Weather
    first: datetime
    last: datetime
    zone: tzinfo
    unixtime: bool
    tilt: float
    compass: float

    def stamp(self, moment: datetime) -> int | str:
        """Open-Meteo time format: unix seconds or local ISO without seconds."""
        if self.unixtime:
            return int(moment.timestamp())
        return moment.astimezone(self.zone).strftime("%Y-%m-%dT%H:%M")


def _block(
    req: _Request, names: list[str], step: timedelta
) -> tuple[dict[str, str], dict[str, list[Any]]]:
    """One ``hourly``/``minutely_15`` block of parallel arrays."""
    units = {"time": "unixtime" if req.unixtime else "iso8601"}
    data: dict[str, list[Any]] = {"time": []}
    for name in names:
        units[name] = UNITS.get(name, "W/m²")
        data[name] = []
    # Step in UTC so that DST days get 23 or 25 hourly values, as the real API does.
    moment = req.first.astimezone(UTC)
    weather = req.weather
    while moment < req.last:
        data["time"].append(req.stamp(moment))
        mean = (
            weather.period_mean(moment, step, req.tilt, req.compass) if moment > req.first else None
        )
        instant = weather.values(moment, req.tilt, req.compass)
        for name in names:
            data[name].append(_value(name, weather, moment, mean, instant))
        moment += step
    return units, data


def _value(
    name: str,
    weather: Weather,
    moment: datetime,
    mean: dict[str, float] | None,
    instant: dict[str, float],
) -> float | int:
    """Value of one variable at one timestamp."""
    if name == "temperature_2m":
        return weather.temperature(moment)
    if name == "cloud_cover":
        return round(100.0 * weather.cloud(moment))
    if name == "is_day":
        return int(sun.sun_position(moment, weather.lat, weather.lon).up)
    if name.endswith("_instant"):
        return round(instant[name.removesuffix("_instant")], 1)
    source = mean if mean is not None else instant
    return round(source[name], 1)


def _daily(req: _Request, names: list[str]) -> tuple[dict[str, str], dict[str, list[Any]]]:
    """Daily block (``sunrise``, ``sunset``)."""
    for name in names:
        if name not in ("sunrise", "sunset"):
            raise BadRequestError(
                f"Cannot initialize DailyWeatherVariable from invalid String value {name} "
                "for key daily"
            )
    units = {"time": "unixtime" if req.unixtime else "iso8601"} | dict.fromkeys(names, "iso8601")
    data: dict[str, list[Any]] = {"time": []} | {n: [] for n in names}
    day = req.first.date()
    while day < req.last.date():
        midnight = datetime.combine(day, datetime.min.time(), req.zone)
        data["time"].append(int(midnight.timestamp()) if req.unixtime else day.isoformat())
        times = sun.sunrise_sunset(day, req.weather.lat, req.weather.lon)
        for idx, name in enumerate(("sunrise", "sunset")):
            if name in names:
                data[name].append(req.stamp(times[idx]) if times else None)
        day += timedelta(days=1)
    return units, data
