"""Open-Meteo solar forecast coordinator with learned accuracy against the plant's PV power."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.storage import Store
from homeassistant.helpers.update_coordinator import UpdateFailed
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, LOGGER
from .forecast_accuracy import ForecastAccuracy
from .freshness import SourceCoordinator
from .open_meteo import (
    REFRESH_INTERVAL,
    OpenMeteoAuthError,
    OpenMeteoClient,
    OpenMeteoError,
    OpenMeteoRateLimited,
    OpenMeteoRequestError,
)
from .pv_meter import HourlyPvMeter, MeasuredHour
from .pv_model import PvArray, SolarForecast

STORAGE_VERSION: Final = 1
# An hour is learned from only when samples cover most of it (not the hour HA started in).
MIN_COVERAGE: Final = timedelta(minutes=45)
SAVE_DELAY_S: Final = 60.0
_HOUR: Final = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class SolarData:
    """The raw Open-Meteo forecast and the one shown (corrected by the learned factors)."""

    raw: SolarForecast
    forecast: SolarForecast
    fetched_at: datetime


def _error_key(err: OpenMeteoError) -> str:
    """Translation key of an Open-Meteo failure."""
    if isinstance(err, OpenMeteoRequestError):
        return "open_meteo_bad_request"
    if isinstance(err, OpenMeteoRateLimited):
        return "open_meteo_rate_limited"
    if isinstance(err, OpenMeteoAuthError):
        return "open_meteo_invalid_key"
    return "open_meteo_unavailable"


class SolarCoordinator(SourceCoordinator[SolarData]):
    """PV forecast for the configured arrays at Home Assistant's location."""

    config_entry: ConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        client: OpenMeteoClient,
        arrays: list[PvArray],
        tz: ZoneInfo,
    ) -> None:
        """Refresh every REFRESH_INTERVAL (inside Open-Meteo's free limits)."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name="Open-Meteo solar forecast",
            update_interval=REFRESH_INTERVAL,
        )
        self.client = client
        self.arrays = arrays
        self.tz = tz
        self.accuracy = ForecastAccuracy(tz)
        self.meter = HourlyPvMeter(tz)
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry.entry_id}.forecast_accuracy"
        )

    async def async_load_accuracy(self) -> None:
        """Restore the learned accuracy history."""
        stored = await self._store.async_load()
        if stored:
            self.accuracy = ForecastAccuracy.from_dict(stored, self.tz)

    async def _async_update_data(self) -> SolarData:
        """Fetch the forecast and apply the learned per-hour correction."""
        lat, lon = self.hass.config.latitude, self.hass.config.longitude
        try:
            raw = await self.client.forecast(lat, lon, self.arrays, self.tz)
        except OpenMeteoError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key=_error_key(err),
                translation_placeholders={"error": str(err)},
            ) from err
        self.last_success_at = dt_util.utcnow()
        return SolarData(raw, self.accuracy.apply(raw), self.last_success_at)

    @callback
    def async_pv_sample(self, moment: datetime, kw: float | None) -> None:
        """Take one measured PV power sample; learn from every hour it completes."""
        for hour in self.meter.add(moment, kw):
            self._learn(hour)

    @callback
    def _learn(self, hour: MeasuredHour) -> None:
        """Record a measured hour against the raw and the shown forecast."""
        if self.data is None or hour.covered < MIN_COVERAGE:
            return
        end = hour.start + _HOUR
        raw_wh = self.data.raw.energy_between(hour.start, end)
        shown_wh = self.data.forecast.energy_between(hour.start, end)
        self.accuracy.record(hour.start, raw_wh, hour.scaled_wh(), shown_wh)
        self._store.async_delay_save(self.accuracy.to_dict, SAVE_DELAY_S)
        # Re-apply the factors without rescheduling the next Open-Meteo request.
        self.data = SolarData(
            self.data.raw, self.accuracy.apply(self.data.raw), self.data.fetched_at
        )
        self.async_update_listeners()

    async def async_save(self) -> None:
        """Write the learned history now (on unload)."""
        await self._store.async_save(self.accuracy.to_dict())
