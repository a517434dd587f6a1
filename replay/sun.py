"""Sun position, clear-sky irradiance and plane-of-array transposition (pure math).

Formulas (facts, sources named):
- Declination and equation of time: Spencer (1971) Fourier series as given in NOAA GML
  "General Solar Position Calculations".
- Air mass: Kasten & Young (1989).
- Clear-sky beam: Meinel & Meinel (1976) ``DNI = 1353 x 0.7 ** (AM ** 0.678)`` with diffuse about
  10 % of beam (PVEducation, "Air Mass" / "Calculation of Solar Insolation").
- Cloud attenuation of global irradiance: Kasten & Czeplak (1980) ``1 - 0.75 x c ** 3.4``.
- Transposition: isotropic sky, ground albedo 0.2 (Liu & Jordan), the model Open-Meteo
  documents for ``global_tilted_irradiance``.
Azimuths here are compass bearings (0 = north, 90 = east).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
import math
from typing import Final

SOLAR_CONSTANT: Final = 1353.0
ALBEDO: Final = 0.2
DIFFUSE_SHARE: Final = 0.1


@dataclass(frozen=True, slots=True)
class SunPosition:
    """Zenith and compass azimuth of the sun in degrees."""

    zenith: float
    azimuth: float

    @property
    def up(self) -> bool:
        """Sun above the horizon."""
        return self.zenith < 90.0


@dataclass(frozen=True, slots=True)
class Irradiance:
    """Global, beam-normal and diffuse horizontal irradiance in W/m2."""

    ghi: float
    dni: float
    dhi: float


def _fractional_year(moment: datetime) -> float:
    """Spencer's day angle in radians."""
    utc = moment.astimezone(UTC)
    doy = utc.timetuple().tm_yday
    return 2.0 * math.pi / 365.0 * (doy - 1 + (utc.hour - 12 + utc.minute / 60.0) / 24.0)


def declination(moment: datetime) -> float:
    """Solar declination in radians."""
    g = _fractional_year(moment)
    return (
        0.006918
        - 0.399912 * math.cos(g)
        + 0.070257 * math.sin(g)
        - 0.006758 * math.cos(2 * g)
        + 0.000907 * math.sin(2 * g)
        - 0.002697 * math.cos(3 * g)
        + 0.00148 * math.sin(3 * g)
    )


def equation_of_time(moment: datetime) -> float:
    """Equation of time in minutes."""
    g = _fractional_year(moment)
    return 229.18 * (
        0.000075
        + 0.001868 * math.cos(g)
        - 0.032077 * math.sin(g)
        - 0.014615 * math.cos(2 * g)
        - 0.040849 * math.sin(2 * g)
    )


def sun_position(moment: datetime, lat: float, lon: float) -> SunPosition:
    """Sun zenith and compass azimuth for an aware datetime and a location."""
    utc = moment.astimezone(UTC)
    decl = declination(utc)
    minutes = utc.hour * 60 + utc.minute + utc.second / 60.0
    true_solar = minutes + equation_of_time(utc) + 4.0 * lon
    hour_angle = math.radians(true_solar / 4.0 - 180.0)
    phi = math.radians(lat)
    cos_z = math.sin(phi) * math.sin(decl) + math.cos(phi) * math.cos(decl) * math.cos(hour_angle)
    zenith = math.degrees(math.acos(max(-1.0, min(1.0, cos_z))))
    # Azimuth measured from south, westward positive (Meeus), then turned to a compass bearing.
    from_south = math.atan2(
        math.sin(hour_angle),
        math.cos(hour_angle) * math.sin(phi) - math.tan(decl) * math.cos(phi),
    )
    return SunPosition(zenith, (math.degrees(from_south) + 180.0) % 360.0)


def air_mass(zenith: float) -> float:
    """Relative optical air mass (Kasten & Young)."""
    denominator = math.cos(math.radians(zenith)) + 0.50572 * float((96.07995 - zenith) ** -1.6364)
    return 1.0 / denominator


def clear_sky(sun: SunPosition) -> Irradiance:
    """Clear-sky irradiance for a sun position (zero at night)."""
    if not sun.up:
        return Irradiance(0.0, 0.0, 0.0)
    dni = SOLAR_CONSTANT * 0.7 ** (air_mass(sun.zenith) ** 0.678)
    dhi = DIFFUSE_SHARE * dni
    return Irradiance(dni * math.cos(math.radians(sun.zenith)) + dhi, dni, dhi)


def cloudy(sky: Irradiance, sun: SunPosition, cloud: float) -> Irradiance:
    """Attenuate clear-sky irradiance for a cloud fraction 0..1."""
    cloud = max(0.0, min(1.0, cloud))
    ghi = sky.ghi * (1.0 - 0.75 * cloud**3.4)
    dni = sky.dni * max(0.0, 1.0 - 1.1 * cloud)
    beam_h = dni * max(math.cos(math.radians(sun.zenith)), 0.0)
    return Irradiance(ghi, dni, max(ghi - beam_h, 0.0))


def tilted(sky: Irradiance, sun: SunPosition, tilt: float, azimuth: float) -> float:
    """Plane-of-array irradiance (isotropic sky) for a compass azimuth."""
    if not sun.up:
        return 0.0
    beta = math.radians(tilt)
    zen = math.radians(sun.zenith)
    cos_inc = math.cos(zen) * math.cos(beta) + math.sin(zen) * math.sin(beta) * math.cos(
        math.radians(sun.azimuth - azimuth)
    )
    beam = sky.dni * max(cos_inc, 0.0)
    diffuse = sky.dhi * (1.0 + math.cos(beta)) / 2.0
    ground = sky.ghi * ALBEDO * (1.0 - math.cos(beta)) / 2.0
    return beam + diffuse + ground


def sunrise_sunset(day: date, lat: float, lon: float) -> tuple[datetime, datetime] | None:
    """Sunrise and sunset (zenith 90.833) of a local day as UTC datetimes; None if polar."""
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    noon_guess = midnight + timedelta(hours=12)
    decl = declination(noon_guess)
    phi = math.radians(lat)
    cos_ha = (math.cos(math.radians(90.833)) - math.sin(phi) * math.sin(decl)) / (
        math.cos(phi) * math.cos(decl)
    )
    if not -1.0 <= cos_ha <= 1.0:
        return None
    ha = math.degrees(math.acos(cos_ha))
    # Solar noon counted from UTC midnight of the same calendar date, as NOAA does.
    noon = 720.0 - 4.0 * lon - equation_of_time(noon_guess)
    return (
        midnight + timedelta(minutes=noon - 4.0 * ha),
        midnight + timedelta(minutes=noon + 4.0 * ha),
    )
