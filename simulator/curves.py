"""Deterministic PV and household load profiles with seeded, time-indexed noise."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
import math
import random
from typing import Final

SUNRISE_H: Final = 6.0
SUNSET_H: Final = 18.0
PV_SYSTEM_EFFICIENCY: Final = 0.85  # inverter, wiring and temperature losses at noon
CLOUD_KNOT_S: Final = 600.0  # one cloud value per 10 simulated minutes, interpolated
LOAD_BASE_KW: Final = 0.4


def hour_of_day(moment: datetime) -> float:
    """Local wall-clock hour as a float (13.5 = 13:30)."""
    return moment.hour + moment.minute / 60 + moment.second / 3600 + moment.microsecond / 3.6e9


@lru_cache(maxsize=4096)
def _knot(seed: int, stream: int, index: int) -> float:
    """Uniform [0, 1) value for one knot; independent of the order knots are asked for."""
    return random.Random(f"{seed}:{stream}:{index}").random()


def _smooth_noise(seed: int, stream: int, epoch_s: float) -> float:
    """Noise in [0, 1) that varies smoothly (cosine interpolation between 10-minute knots)."""
    position = epoch_s / CLOUD_KNOT_S
    index = math.floor(position)
    frac = position - index
    weight = (1 - math.cos(math.pi * frac)) / 2
    return _knot(seed, stream, index) * (1 - weight) + _knot(seed, stream, index + 1) * weight


def clear_sky_fraction(hour: float) -> float:
    """Clear-sky output as a fraction of peak: a sine bell between sunrise and sunset."""
    if not SUNRISE_H < hour < SUNSET_H:
        return 0.0
    return float(math.sin(math.pi * (hour - SUNRISE_H) / (SUNSET_H - SUNRISE_H)) ** 1.5)


def pv_kw(pv_kwp: float, moment: datetime, seed: int) -> float:
    """PV output for a plant of pv_kwp at this local time: clear-sky bell with mild clouds."""
    bell = clear_sky_fraction(hour_of_day(moment))
    if bell <= 0:
        return 0.0
    cloud = 0.8 + 0.2 * _smooth_noise(seed, 1, moment.timestamp())  # mild: 80-100 % of clear sky
    return pv_kwp * PV_SYSTEM_EFFICIENCY * bell * cloud


def load_kw(moment: datetime, seed: int) -> float:
    """Household load: base load plus morning (07:30) and evening (19:00) peaks, mild noise."""
    hour = hour_of_day(moment)
    morning = 1.2 * math.exp(-(((hour - 7.5) / 1.0) ** 2) / 2)
    evening = 2.0 * math.exp(-(((hour - 19.0) / 1.5) ** 2) / 2)
    noise = 0.9 + 0.2 * _smooth_noise(seed, 2, moment.timestamp())
    return (LOAD_BASE_KW + morning + evening) * noise
