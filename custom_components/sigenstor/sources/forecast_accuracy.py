"""Learn how good the PV forecast is and correct it per hour of day (pure).

Public API
----------
``ForecastAccuracy(tz, *, min_days=3, window_days=14, prior_days=2.0, clamp=(0.5, 1.5))``
    ``record(hour_start, forecast_wh, measured_wh, shown_wh=None)`` stores one clock hour:
    ``forecast_wh`` is the *raw* (uncorrected) forecast, so learning never feeds on its own
    output; ``shown_wh`` is what the user was shown (defaults to the raw value).
    ``record_forecast(forecast, measured)`` does the same for every hour of a measured series.
    ``error_7d(now)`` is the normalised mean absolute error of the shown forecast over the last
    7 days, daylight hours only: ``sum|F - M| / sum M`` (nMAE, also called WAPE), None without
    daylight data. Unlike MAPE it stays finite at dawn and dusk.
    ``factors()`` maps local hour (0..23) to a multiplicative correction: per hour the ratio of
    sums ``sum M / sum F`` over the last ``window_days`` days (robust to single cloudy days),
    shrunk toward 1 by ``n / (n + prior_days)`` for n days of samples,
    clamped to ``clamp``. It is all 1.0 until ``min_days`` distinct days exist (``ready``).
    ``apply(forecast) -> SolarForecast`` multiplies each step by its hour's factor.
    ``to_dict()`` / ``from_dict(data, tz)`` give a JSON-serialisable state for HA's Store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import tzinfo

    from .pv_model import ForecastStep, SolarForecast

STORAGE_VERSION: Final = 1
# Hours where both forecast and measurement are below this are night, not data.
DAYLIGHT_WH: Final = 1.0


@dataclass(frozen=True, slots=True)
class HourSample:
    """Forecast (raw and shown) and measured energy of one clock hour."""

    forecast_wh: float
    shown_wh: float
    measured_wh: float


class ForecastAccuracy:
    """Rolling per-hour store of forecast versus measured PV energy."""

    def __init__(
        self,
        tz: tzinfo,
        *,
        min_days: int = 3,
        window_days: int = 14,
        prior_days: float = 2.0,
        clamp: tuple[float, float] = (0.5, 1.5),
    ) -> None:
        self.tz = tz
        self.min_days = min_days
        self.window_days = window_days
        self.prior_days = prior_days
        self.clamp = clamp
        self._samples: dict[date, dict[int, HourSample]] = {}

    def record(
        self,
        hour_start: datetime,
        forecast_wh: float,
        measured_wh: float,
        shown_wh: float | None = None,
    ) -> None:
        """Store one hour; a later record for the same hour replaces it."""
        local = hour_start.astimezone(self.tz)
        sample = HourSample(
            forecast_wh=max(forecast_wh, 0.0),
            shown_wh=max(forecast_wh if shown_wh is None else shown_wh, 0.0),
            measured_wh=max(measured_wh, 0.0),
        )
        self._samples.setdefault(local.date(), {})[local.hour] = sample
        self._prune(local.date())

    def record_forecast(
        self,
        forecast: SolarForecast,
        measured: Mapping[datetime, float],
        shown: SolarForecast | None = None,
    ) -> None:
        """Record every hour of ``measured`` (hour start -> Wh) against a raw forecast."""
        raw = forecast.wh_hours()
        shown_hours = shown.wh_hours() if shown is not None else raw
        for hour, wh in measured.items():
            key = hour.astimezone(self.tz)
            if key in raw:
                self.record(hour, raw[key], wh, shown_hours.get(key, raw[key]))

    @property
    def days(self) -> int:
        """Distinct days with samples in the store."""
        return len(self._samples)

    @property
    def ready(self) -> bool:
        """True once enough history exists to correct the forecast."""
        return self.days >= self.min_days

    def error_7d(self, now: datetime) -> float | None:
        """NMAE of the shown forecast over the 7 days before ``now`` (daylight hours)."""
        first = now.astimezone(self.tz).date() - timedelta(days=7)
        abs_err = total = 0.0
        for day, hours in self._samples.items():
            if day < first:
                continue
            for sample in hours.values():
                if max(sample.shown_wh, sample.measured_wh) < DAYLIGHT_WH:
                    continue
                abs_err += abs(sample.shown_wh - sample.measured_wh)
                total += sample.measured_wh
        return abs_err / total if total > 0 else None

    def factors(self) -> dict[int, float]:
        """Per local hour correction factors (1.0 where nothing is learned)."""
        out = dict.fromkeys(range(24), 1.0)
        if not self.ready:
            return out
        lo, hi = self.clamp
        first = max(self._samples) - timedelta(days=self.window_days - 1)
        recent = [hours for day, hours in self._samples.items() if day >= first]
        for hour in range(24):
            pairs = [
                sample
                for hours in recent
                if (sample := hours.get(hour)) is not None
                and max(sample.forecast_wh, sample.measured_wh) >= DAYLIGHT_WH
            ]
            sum_f = sum(p.forecast_wh for p in pairs)
            if sum_f < DAYLIGHT_WH:
                continue
            ratio = sum(p.measured_wh for p in pairs) / sum_f
            weight = len(pairs) / (len(pairs) + self.prior_days)
            out[hour] = min(max(1.0 + weight * (ratio - 1.0), lo), hi)
        return out

    def apply(self, forecast: SolarForecast) -> SolarForecast:
        """Return the forecast scaled by the learned per-hour factors."""
        if not self.ready:
            return forecast
        table = self.factors()

        def factor(step: ForecastStep) -> float:
            return table[step.start.astimezone(self.tz).hour]

        return forecast.scaled(factor)

    def to_dict(self) -> dict[str, Any]:
        """Serialise to plain JSON types."""
        return {
            "version": STORAGE_VERSION,
            "samples": {
                day.isoformat(): {
                    str(hour): [s.forecast_wh, s.shown_wh, s.measured_wh]
                    for hour, s in sorted(hours.items())
                }
                for day, hours in sorted(self._samples.items())
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], tz: tzinfo, **kwargs: Any) -> ForecastAccuracy:
        """Restore from ``to_dict`` output; unknown versions start empty."""
        acc = cls(tz, **kwargs)
        if data.get("version") != STORAGE_VERSION:
            return acc
        for day_text, hours in data.get("samples", {}).items():
            day = date.fromisoformat(day_text)
            acc._samples[day] = {
                int(h): HourSample(float(v[0]), float(v[1]), float(v[2])) for h, v in hours.items()
            }
        if acc._samples:
            acc._prune(max(acc._samples))
        return acc

    def _prune(self, newest: date) -> None:
        """Keep only the learning window (at least 7 days for ``error_7d``)."""
        keep_from = newest - timedelta(days=max(self.window_days, 8) - 1)
        for day in [d for d in self._samples if d < keep_from]:
            del self._samples[day]
