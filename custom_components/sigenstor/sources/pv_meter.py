"""Integrate measured PV power into energy per clock hour (pure: no Home Assistant imports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Final

_HOUR: Final = timedelta(hours=1)
# A gap longer than this between samples is an outage, not a flat reading.
MAX_GAP: Final = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class MeasuredHour:
    """Energy measured in one clock hour and how much of the hour was covered by samples."""

    start: datetime
    wh: float
    covered: timedelta

    def scaled_wh(self) -> float:
        """Energy scaled up to the full hour (samples missing for part of it)."""
        return self.wh * (_HOUR / self.covered) if self.covered > timedelta(0) else 0.0


class HourlyPvMeter:
    """Left-rectangle integration of PV power samples, split at local clock-hour boundaries."""

    def __init__(self, tz: tzinfo) -> None:
        """Start with no samples; hours are local clock hours of ``tz``."""
        self._tz = tz
        self._last: tuple[datetime, float] | None = None
        self._hour: datetime | None = None
        self._wh = 0.0
        self._covered = timedelta(0)

    def add(self, moment: datetime, kw: float | None) -> list[MeasuredHour]:
        """Add a sample; return the hours that this sample completed."""
        done: list[MeasuredHour] = []
        if self._hour is None:
            self._hour = self._hour_of(moment)
        last, self._last = self._last, ((moment, kw) if kw is not None else None)
        if last is not None and moment > last[0] and moment - last[0] <= MAX_GAP:
            cursor, watts = last[0], max(last[1], 0.0) * 1000.0
            while cursor < moment:
                boundary = self._hour_of(cursor) + _HOUR
                edge = min(moment, boundary)
                self._wh += watts * ((edge - cursor) / _HOUR)
                self._covered += edge - cursor
                cursor = edge
                if edge >= boundary:
                    done.extend(self._roll(boundary))
        if self._hour_of(moment) > self._hour:
            done.extend(self._roll(self._hour_of(moment)))
        return done

    def _roll(self, new_hour: datetime) -> list[MeasuredHour]:
        """Close the current hour and open ``new_hour``."""
        assert self._hour is not None
        if new_hour <= self._hour:
            return []
        out = [MeasuredHour(self._hour, self._wh, self._covered)] if self._covered else []
        self._hour, self._wh, self._covered = new_hour, 0.0, timedelta(0)
        return out

    def _hour_of(self, moment: datetime) -> datetime:
        """Start of the local clock hour containing ``moment`` (zones with half-hour offsets)."""
        return moment.astimezone(self._tz).replace(minute=0, second=0, microsecond=0)
