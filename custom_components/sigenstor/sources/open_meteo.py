"""Open-Meteo solar forecast client (pure: no Home Assistant imports, aiohttp session injected).

Public API
----------
``OpenMeteoClient(session, *, base_url=OPEN_METEO_BASE_URL, api_key=None, forecast_days=3)``
    ``await forecast(lat, lon, arrays, tz) -> SolarForecast`` (see ``pv_model``); pass ``tz``
    as a ``ZoneInfo`` (e.g. Home Assistant's configured zone) to avoid a tz-database read in
    the event loop. Open-Meteo
    takes one ``tilt``/``azimuth`` pair per request, so each distinct orientation is one
    ``/forecast`` request (run concurrently; arrays with equal orientation share one). Each asks
    for ``global_tilted_irradiance`` and ``temperature_2m`` both ``minutely_15`` and ``hourly``:
    15-minute steps are used where Open-Meteo offers values, hourly steps after that.
    With ``api_key`` and the default free host the commercial ``customer-api`` host is used.
Errors (all ``OpenMeteoError``, message carries Open-Meteo's ``reason``):
``OpenMeteoRequestError`` (400), ``OpenMeteoRateLimited`` (429), ``OpenMeteoAuthError``
(401/403, commercial key), ``OpenMeteoConnectionError`` (5xx, timeouts, network),
``OpenMeteoResponseError`` (malformed body).

Timing: radiation values are the mean over the *preceding* period, so the value stamped T
describes ``[T - step, T)``; temperature is instantaneous, so the step uses the mean of the
two bracketing temperatures. Facts: shared/reference/apis.md §4.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
import json
import logging
from typing import TYPE_CHECKING, Any, Final, NamedTuple
from zoneinfo import ZoneInfo

import aiohttp

from .pv_model import ForecastStep, PvArray, SolarForecast, array_power_kw, sum_forecasts

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

_LOGGER = logging.getLogger(__name__)

OPEN_METEO_BASE_URL: Final = "https://api.open-meteo.com/v1"
OPEN_METEO_CUSTOMER_URL: Final = "https://customer-api.open-meteo.com/v1"
# Every 30 minutes keeps a few arrays far inside the free tier (10,000 calls a day).
REFRESH_INTERVAL: Final = timedelta(minutes=30)
_VARIABLES: Final = "global_tilted_irradiance,temperature_2m"
_GTI: Final = "global_tilted_irradiance"
_TEMP: Final = "temperature_2m"


class OpenMeteoError(Exception):
    """Base error of the Open-Meteo client."""


class OpenMeteoRequestError(OpenMeteoError):
    """HTTP 400: Open-Meteo rejected a parameter."""


class OpenMeteoRateLimited(OpenMeteoError):  # noqa: N818  (reads better beside AmberRateLimited)
    """HTTP 429: a free-tier limit was exceeded."""


class OpenMeteoAuthError(OpenMeteoError):
    """HTTP 401/403: the commercial API key was rejected."""


class OpenMeteoConnectionError(OpenMeteoError):
    """Network failure, timeout or server error."""


class OpenMeteoResponseError(OpenMeteoError):
    """Body is not the JSON shape Open-Meteo documents."""


class WeatherStep(NamedTuple):
    """Irradiance on one plane and air temperature over ``[start, end)``."""

    start: datetime
    end: datetime
    gti: float
    temperature: float | None


class OpenMeteoClient:
    """Async client for Open-Meteo's ``/forecast`` endpoint."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        base_url: str = OPEN_METEO_BASE_URL,
        api_key: str | None = None,
        forecast_days: int = 3,
        timeout: float = 20.0,
    ) -> None:
        if api_key and base_url == OPEN_METEO_BASE_URL:
            base_url = OPEN_METEO_CUSTOMER_URL
        self._session = session
        self._base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._forecast_days = forecast_days
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    def __repr__(self) -> str:
        key = "set" if self._api_key else "none"
        return f"OpenMeteoClient(base_url={self._base_url!r}, api_key={key})"

    async def forecast(
        self, lat: float, lon: float, arrays: Sequence[PvArray], tz: str | ZoneInfo
    ) -> SolarForecast:
        """Forecast the plant's AC power (sum of arrays, each clipped at its AC limit)."""
        if not arrays:
            raise ValueError("at least one PV array is needed")
        zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
        orientations = sorted({(a.tilt, a.open_meteo_azimuth) for a in arrays})
        results = await asyncio.gather(
            *(self.irradiance(lat, lon, tilt, az, zone) for tilt, az in orientations)
        )
        weather = dict(zip(orientations, results, strict=True))
        per_array = [
            [
                ForecastStep(w.start, w.end, 1000.0 * array_power_kw(a, w.gti, w.temperature))
                for w in weather[(a.tilt, a.open_meteo_azimuth)]
            ]
            for a in arrays
        ]
        return sum_forecasts(per_array, zone, datetime.now(UTC))

    async def irradiance(
        self, lat: float, lon: float, tilt: float, azimuth: float, tz: ZoneInfo
    ) -> list[WeatherStep]:
        """Plane-of-array irradiance steps; ``azimuth`` in Open-Meteo's convention."""
        params = {
            "latitude": f"{lat:.4f}",
            "longitude": f"{lon:.4f}",
            "tilt": f"{tilt:g}",
            "azimuth": f"{azimuth:g}",
            "hourly": _VARIABLES,
            "minutely_15": _VARIABLES,
            "timezone": tz.key,
            "timeformat": "unixtime",
            "forecast_days": str(self._forecast_days),
        }
        if self._api_key:
            params["apikey"] = self._api_key
        data = await self._get(params)
        try:
            return _weather_steps(data, tz)
        except (KeyError, TypeError, ValueError) as err:
            raise OpenMeteoResponseError(f"Malformed Open-Meteo forecast: {err}") from None

    async def _get(self, params: Mapping[str, str]) -> Any:
        """GET /forecast and map failures to OpenMeteoError subclasses."""
        _LOGGER.debug("Open-Meteo GET tilt=%s azimuth=%s", params["tilt"], params["azimuth"])
        try:
            async with self._session.get(
                f"{self._base_url}/forecast", params=params, timeout=self._timeout
            ) as resp:
                body = await resp.read()
                status = resp.status
        except TimeoutError:
            raise OpenMeteoConnectionError("Timed out talking to Open-Meteo") from None
        except aiohttp.ClientError as err:
            raise OpenMeteoConnectionError(
                f"Cannot reach Open-Meteo: {type(err).__name__}"
            ) from None
        if status >= 400:
            reason = _reason(body)
            if status == 400:
                raise OpenMeteoRequestError(f"Open-Meteo rejected the request: {reason}")
            if status == 429:
                raise OpenMeteoRateLimited(f"Open-Meteo rate limit: {reason}")
            if status in (401, 403):
                raise OpenMeteoAuthError(f"Open-Meteo rejected the API key: {reason}")
            raise OpenMeteoConnectionError(f"Open-Meteo error (HTTP {status}): {reason}")
        try:
            return json.loads(body)
        except ValueError:
            raise OpenMeteoResponseError("Open-Meteo returned malformed JSON") from None


def _reason(body: bytes) -> str:
    """Open-Meteo's ``reason`` text from an error body, or a short fallback."""
    try:
        data = json.loads(body)
    except ValueError:
        return "no reason given"
    reason = data.get("reason") if isinstance(data, dict) else None
    return str(reason) if reason else "no reason given"


def _weather_steps(data: Any, tz: ZoneInfo) -> list[WeatherStep]:
    """15-minute steps where offered, then hourly steps after the last 15-minute one."""
    if not isinstance(data, dict):
        raise TypeError("expected a JSON object")
    # Local ISO times are in the zone we asked for; unixtime needs no zone at all.
    quarter = _block_steps(data.get("minutely_15"), timedelta(minutes=15), tz)
    hourly = _block_steps(data.get("hourly"), timedelta(hours=1), tz)
    if not quarter and not hourly:
        raise ValueError("no global_tilted_irradiance values in the response")
    if not quarter:
        return hourly
    cutoff = quarter[-1].end
    # An hour straddling the switch contributes only its part after the last quarter.
    tail = [s._replace(start=max(s.start, cutoff)) for s in hourly if s.end > cutoff]
    return quarter + tail


def _block_steps(block: Any, step: timedelta, zone: ZoneInfo) -> list[WeatherStep]:
    """Turn one parallel-array block into steps, skipping null values."""
    if not isinstance(block, dict) or _GTI not in block:
        return []
    times = [_parse_time(t, zone) for t in block["time"]]
    gti = block[_GTI]
    temps = block.get(_TEMP) or [None] * len(times)
    if len(gti) != len(times) or len(temps) != len(times):
        raise ValueError("time and value arrays differ in length")
    out: list[WeatherStep] = []
    for idx, stamp in enumerate(times):
        value = gti[idx]
        # Local ISO stamps repeat in the hour DST ends; keep the first of a repeat.
        if value is None or (out and stamp.astimezone(UTC) <= out[-1].end.astimezone(UTC)):
            continue
        out.append(WeatherStep(stamp - step, stamp, float(value), _step_temp(temps, idx)))
    return out


def _step_temp(temps: Sequence[Any], idx: int) -> float | None:
    """Mean of the temperatures bracketing a step (instant values at the stamps)."""
    now = temps[idx]
    before = temps[idx - 1] if idx > 0 else None
    if now is None:
        return float(before) if before is not None else None
    return (float(before) + float(now)) / 2.0 if before is not None else float(now)


def _parse_time(value: Any, zone: ZoneInfo) -> datetime:
    """Unix seconds (UTC) or local wall-clock ISO text to an aware datetime."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
