"""The billing period's peak grid import so far, from the recorder's hourly means of the grid power.

The billing period is the calendar month (local time). A demand meter bills the highest average
over an interval (30 minutes for Energex's demand tariffs), not a 5-second reading, so the hourly
mean stands in for it; only hours inside the owner's window count, every hour when the window is
Amber's (its past flags are not kept). Read through the recorder's executor, at most hourly.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.recorder import get_instance
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, LOGGER
from ..identifiers import unique_id_for
from ..sigen import PLANT_UNIT_ID
from .grid_limits import in_window

GRID_POWER_KEY: Final = "grid_power"  # + import, kW
REFRESH: Final = timedelta(hours=1)


def grid_power_entity(hass: HomeAssistant, serial: str) -> str | None:
    """Entity id of the plant's grid power sensor, None when it is not registered."""
    return er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, unique_id_for(serial, PLANT_UNIT_ID, GRID_POWER_KEY)
    )


def month_start(now: datetime) -> datetime:
    """Local midnight on the first of the month `now` falls in."""
    local = dt_util.as_local(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def peak_of(rows: list[tuple[datetime, float]], window: tuple[time, time] | None) -> float:
    """The highest import (kW) among (local hour start, mean kW) rows inside the window."""
    half = timedelta(minutes=30)
    return max(
        (kw for start, kw in rows if window is None or in_window(start + half, window)),
        default=0.0,
    )


class PeakTracker:
    """The month's peak import so far, re-read from the recorder at most hourly."""

    def __init__(self) -> None:
        """Nothing known yet: a peak of 0 kW."""
        self.peak_kw = 0.0
        self._read: tuple[datetime, datetime, tuple[time, time] | None] | None = None

    async def async_update(
        self, hass: HomeAssistant, serial: str, now: datetime, window: tuple[time, time] | None
    ) -> float:
        """Re-read the peak when an hour has passed, the month turned or the window changed."""
        start = month_start(now)
        if self._read is not None:
            at, month, seen = self._read
            if now - at < REFRESH and month == start and seen == window:
                return self.peak_kw
        self._read = (now, start, window)
        entity_id = grid_power_entity(hass, serial)
        if entity_id is None or "recorder" not in hass.config.components:
            self.peak_kw = 0.0
            return self.peak_kw
        # Imported here: the recorder is optional (after_dependencies).
        from homeassistant.components.recorder.statistics import (  # noqa: PLC0415
            statistics_during_period,
        )

        try:
            stats = await get_instance(hass).async_add_executor_job(
                statistics_during_period,
                hass,
                dt_util.as_utc(start),
                now,
                {entity_id},
                "hour",
                None,
                {"mean"},
            )
        except Exception as err:  # any recorder failure: plan as if no peak yet
            LOGGER.info("Grid import history unavailable, peak so far taken as 0: %s", err)
            self.peak_kw = 0.0
            return self.peak_kw
        rows = [
            (dt_util.as_local(dt_util.utc_from_timestamp(row["start"])), float(mean))
            for row in stats.get(entity_id, [])
            if (mean := row.get("mean")) is not None
        ]
        self.peak_kw = round(peak_of(rows, window), 3)
        return self.peak_kw
