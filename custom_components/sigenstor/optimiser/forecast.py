"""Forecast helpers: a learned hour-of-week load profile and day-blending of recent history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
import math

import numpy as np

from .model import FloatArray

# Typical house load by hour of day (kW), used until enough history exists. A QLD-style shape:
# low overnight, a morning bump, a soft midday and the evening peak.
DEFAULT_DAY_SHAPE_KW: tuple[float, ...] = (
    0.40, 0.35, 0.33, 0.32, 0.33, 0.40, 0.65, 0.85, 0.80, 0.65, 0.55, 0.50,
    0.50, 0.50, 0.55, 0.65, 0.90, 1.25, 1.40, 1.35, 1.15, 0.90, 0.65, 0.50,
)  # fmt: skip


class HourOfWeekProfile:
    """Mean house load per hour-of-week slot, shrunk towards a default until data accrues.

    Each slot's estimate is a weighted mean of the samples seen in it (weights are sample
    durations in hours, decayed by ``forget`` per update so recent weeks count more). Slots with
    little data lean on the default day shape, scaled to the household's observed mean.
    """

    def __init__(
        self,
        bins_per_hour: int = 1,
        prior_hours: float = 2.0,
        forget: float = 0.0,
        default_day_kw: Sequence[float] = DEFAULT_DAY_SHAPE_KW,
    ) -> None:
        """Set the resolution, the prior strength (hours of data) and the forgetting rate."""
        if bins_per_hour < 1 or len(default_day_kw) != 24:
            raise ValueError("bins_per_hour >= 1 and a 24-value default day are required")
        self.bins_per_hour = bins_per_hour
        self.prior_hours = prior_hours
        self.forget = forget
        n = 168 * bins_per_hour
        self._sum = np.zeros(n)
        self._weight = np.zeros(n)
        day = np.repeat(np.asarray(default_day_kw, dtype=np.float64), bins_per_hour)
        self._default = np.tile(day, 7)
        self._level_kwh = 0.0  # (forgetting-weighted) energy and hours for the overall level
        self._level_h = 0.0
        self._total_h = 0.0

    def slot(self, t: datetime) -> int:
        """Slot index of a time (Monday 00:00 is slot 0), in the time's own zone."""
        per = self.bins_per_hour
        return (t.weekday() * 24 + t.hour) * per + (t.minute * per) // 60

    def add(
        self, times: Sequence[datetime], load_kw: Sequence[float] | FloatArray, hours: float
    ) -> None:
        """Learn from samples of average load (kW), each covering ``hours``."""
        slots = np.array([self.slot(t) for t in times], dtype=np.int64)
        self.add_slots(slots, np.asarray(load_kw, dtype=np.float64), hours)

    def add_slots(
        self, slots: np.typing.NDArray[np.int64], load_kw: FloatArray, hours: float
    ) -> None:
        """Learn from samples already mapped to slots (fast path for long histories)."""
        ok = np.isfinite(load_kw)
        slots, load_kw = slots[ok], load_kw[ok]
        w = np.full(load_kw.size, hours)
        if self.forget > 0:
            # Exponential forgetting per sample, so one call equals many small ones.
            keep = 1.0 - self.forget
            old = keep**load_kw.size
            self._sum *= old
            self._weight *= old
            self._level_kwh *= old
            self._level_h *= old
            w = w * keep ** np.arange(load_kw.size - 1, -1, -1)
        np.add.at(self._sum, slots, load_kw * w)
        np.add.at(self._weight, slots, w)
        self._level_kwh += float(np.dot(load_kw, w))
        self._level_h += float(w.sum())
        self._total_h += hours * load_kw.size

    @property
    def history_hours(self) -> float:
        """Hours of data learned so far."""
        return self._total_h

    def profile(self) -> FloatArray:
        """The current estimate for every slot (kW)."""
        base: FloatArray = self._default
        if self._total_h >= 24.0:
            # Enough for the level: keep the default shape but match the house's mean.
            scale = (self._level_kwh / self._level_h) / float(np.mean(self._default))
            base = np.asarray(base * scale, dtype=np.float64)
        w = self._weight / (self._weight + self.prior_hours)
        mean = np.divide(
            self._sum, self._weight, out=np.zeros_like(self._sum), where=self._weight > 0
        )
        return np.asarray(w * mean + (1 - w) * base, dtype=np.float64)

    def predict(self, times: Sequence[datetime]) -> FloatArray:
        """Expected load (kW) at each time."""
        prof = self.profile()
        return np.asarray(prof[[self.slot(t) for t in times]], dtype=np.float64)


def blend_days(
    past: FloatArray, steps_per_day: int, n_ahead: int, weights: Sequence[float]
) -> FloatArray:
    """Forecast the n_ahead steps after ``past`` from the same time on recent days.

    For a step h ahead, the most recent day with that time in the past is k0 = h // spd + 1 days
    back; the forecast is the weighted mean over days k0, k0 + 1, ... (weights[0] for the most
    recent). Days before the start of ``past`` are skipped and the weights renormalised.
    """
    w = np.asarray(weights, dtype=np.float64)
    end = past.shape[0]
    out = np.full(n_ahead, math.nan)
    for h in range(n_ahead):
        k0 = h // steps_per_day + 1
        idx = end + h - (k0 + np.arange(w.size)) * steps_per_day
        ok = idx >= 0
        if ok.any():
            out[h] = float(np.dot(w[ok], past[idx[ok]]) / w[ok].sum())
    return out


def anchor(forecast: FloatArray, error_now: float, decay_per_step: float) -> FloatArray:
    """Shift a forecast by the latest observed error, fading geometrically with lead time.

    Step h (0-based) of the result is forecast[h] + error_now * decay_per_step ** (h + 1): the
    departure seen now (actual minus what the same method predicted) persists for a while.
    """
    fade = decay_per_step ** np.arange(1, forecast.shape[0] + 1)
    return np.asarray(forecast + error_now * fade, dtype=np.float64)
