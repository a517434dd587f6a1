"""aiohttp app serving synthetic Amber and Open-Meteo responses that move with the clock.

Routes (one host, base URL ``http://127.0.0.1:<port>/v1`` for both clients):
- ``GET /v1/sites`` and ``GET /v1/sites/{id}/prices/current?next=&previous=&resolution=``:
  Bearer token checked (missing -> 401, wrong -> 403), ``RateLimit-*`` headers on every
  response, 429 once the window's budget is spent, 404 unknown site, 422 when
  next + previous > 2048.
- ``GET /v1/forecast``: Open-Meteo parameters (``hourly``, ``minutely_15``, ``daily``, ``tilt``,
  ``azimuth``, ``timezone``, ``forecast_days``, ``past_days``, ``timeformat``); 400 with a
  ``reason`` for bad parameters, 429 past a per-minute limit.
- ``POST /_replay/fault`` ``{"service": "amber"|"open_meteo", "status": 500, "count": 1}``:
  the next ``count`` requests to that service fail with ``status`` (``"status": "json"``
  sends a malformed body), for demos of one source failing alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import math
from typing import Any, Final

from aiohttp import web

from .prices import PriceModel, prices_current
from .weather import BadRequestError, forecast_response

DEMO_TOKEN: Final = "psk_replay_demo_0123456789abcdef"
SITE_ID: Final = "01REPLAYSITE0000000000000A"
CLOSED_SITE_ID: Final = "01REPLAYSITE0000000000000Z"
MAX_INTERVALS: Final = 2048


@dataclass(frozen=True, slots=True)
class ReplayConfig:
    """Settings of one replay server."""

    seed: int = 1
    token: str = DEMO_TOKEN
    rate_limit: int = 50
    rate_window: int = 300
    open_meteo_per_minute: int = 600
    controlled_load: bool = False
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    @property
    def channels(self) -> tuple[str, ...]:
        """Channels of the active site, in Amber's order."""
        return (
            ("general", "controlledLoad", "feedIn")
            if self.controlled_load
            else (
                "general",
                "feedIn",
            )
        )


@dataclass(slots=True)
class _Window:
    """A fixed rate-limit window."""

    started: datetime
    used: int = 0


@dataclass(slots=True)
class ReplayState:
    """Mutable server state: rate-limit windows, injected faults, the price model."""

    prices: PriceModel
    amber_window: _Window | None = None
    om_window: _Window | None = None
    faults: dict[str, list[int | str]] = field(default_factory=dict)


CONFIG_KEY: Final = web.AppKey("replay_config", ReplayConfig)
STATE_KEY: Final = web.AppKey("replay_state", ReplayState)


def create_app(config: ReplayConfig | None = None) -> web.Application:
    """Build the replay application."""
    config = config or ReplayConfig()
    app = web.Application()
    app[CONFIG_KEY] = config
    app[STATE_KEY] = ReplayState(PriceModel(config.seed))
    app.router.add_get("/v1/sites", _sites)
    app.router.add_get("/v1/sites/{site_id}/prices/current", _prices)
    app.router.add_get("/v1/forecast", _forecast)
    app.router.add_post("/_replay/fault", _fault)
    return app


def _take(window: _Window | None, now: datetime, length: timedelta) -> _Window:
    """Count one request in the current window, opening a new one when it expired."""
    if window is None or now >= window.started + length:
        window = _Window(now)
    window.used += 1
    return window


def _injected(state: ReplayState, service: str) -> web.Response | None:
    """Pop a queued fault for a service."""
    queue = state.faults.get(service)
    if not queue:
        return None
    status = queue.pop(0)
    if status == "json":
        return web.Response(status=200, text="{not json", content_type="application/json")
    return web.json_response({"error": True, "reason": "Injected fault"}, status=int(status))


def _amber_guard(request: web.Request) -> tuple[web.Response | None, dict[str, str]]:
    """Check the token and the rate limit; return an error response or None, and headers."""
    config, state = request.app[CONFIG_KEY], request.app[STATE_KEY]
    now = config.clock()
    window = timedelta(seconds=config.rate_window)
    state.amber_window = _take(state.amber_window, now, window)
    used = state.amber_window.used
    reset = math.ceil((state.amber_window.started + window - now).total_seconds())
    headers = {
        "RateLimit-Limit": str(config.rate_limit),
        "RateLimit-Remaining": str(max(config.rate_limit - used, 0)),
        "RateLimit-Reset": str(max(reset, 0)),
        "RateLimit-Policy": f"{config.rate_limit};w={config.rate_window}",
    }
    auth = request.headers.get("Authorization", "")
    if not auth.startswith("Bearer "):
        return web.json_response({"message": "Unauthorized"}, status=401, headers=headers), headers
    if auth.removeprefix("Bearer ") != config.token:
        return web.json_response({"message": "Forbidden"}, status=403, headers=headers), headers
    if used > config.rate_limit:
        return web.json_response(
            {"message": "Too many requests"}, status=429, headers=headers
        ), headers
    fault = _injected(state, "amber")
    if fault is not None:
        fault.headers.update(headers)
        return fault, headers
    return None, headers


async def _sites(request: web.Request) -> web.Response:
    """``GET /v1/sites``: one active 5-minute site and one closed site."""
    error, headers = _amber_guard(request)
    if error is not None:
        return error
    config = request.app[CONFIG_KEY]
    channels = [{"identifier": "E1", "type": "general", "tariff": "6900"}]
    if config.controlled_load:
        channels.append({"identifier": "E2", "type": "controlledLoad", "tariff": "9000"})
    channels.append({"identifier": "B1", "type": "feedIn", "tariff": "6900"})
    body = [
        {
            "id": SITE_ID,
            "nmi": "3100000001",
            "channels": channels,
            "network": "Energex",
            "status": "active",
            "activeFrom": "2024-07-01",
            "intervalLength": 5,
        },
        {
            "id": CLOSED_SITE_ID,
            "nmi": "3100000002",
            "channels": [{"identifier": "E1", "type": "general", "tariff": "8400"}],
            "network": "Energex",
            "status": "closed",
            "activeFrom": "2020-01-01",
            "closedOn": "2024-06-30",
            "intervalLength": 30,
        },
    ]
    return web.json_response(body, headers=headers)


async def _prices(request: web.Request) -> web.Response:
    """``GET /v1/sites/{id}/prices/current``."""
    error, headers = _amber_guard(request)
    if error is not None:
        return error
    config, state = request.app[CONFIG_KEY], request.app[STATE_KEY]
    if request.match_info["site_id"] != SITE_ID:
        return web.json_response({"message": "Site not found"}, status=404, headers=headers)
    try:
        next_count = int(request.query.get("next", "0"))
        previous = int(request.query.get("previous", "0"))
        resolution = int(request.query.get("resolution", "5"))
    except ValueError:
        return web.json_response({"message": "Bad parameters"}, status=400, headers=headers)
    if resolution not in (5, 30) or next_count < 0 or previous < 0:
        return web.json_response({"message": "Bad parameters"}, status=400, headers=headers)
    if next_count + previous > MAX_INTERVALS:
        return web.json_response(
            {"message": f"next + previous must be <= {MAX_INTERVALS}"}, status=422, headers=headers
        )
    body = prices_current(
        state.prices,
        config.clock(),
        next_count=next_count,
        previous=previous,
        resolution=resolution,
        channels=config.channels,
    )
    return web.json_response(body, headers=headers)


async def _forecast(request: web.Request) -> web.Response:
    """``GET /v1/forecast`` (Open-Meteo)."""
    config, state = request.app[CONFIG_KEY], request.app[STATE_KEY]
    now = config.clock()
    state.om_window = _take(state.om_window, now, timedelta(minutes=1))
    if state.om_window.used > config.open_meteo_per_minute:
        reason = "Minutely API request limit exceeded. Please try again in one minute."
        return web.json_response({"error": True, "reason": reason}, status=429)
    fault = _injected(state, "open_meteo")
    if fault is not None:
        return fault
    try:
        body = forecast_response(dict(request.query), config.seed, now)
    except BadRequestError as err:
        return web.json_response({"error": True, "reason": str(err)}, status=400)
    return web.json_response(body)


async def _fault(request: web.Request) -> web.Response:
    """Queue failures for the next requests of a service."""
    data: Any = await request.json()
    service = data.get("service")
    if service not in ("amber", "open_meteo"):
        return web.json_response({"error": "service must be amber or open_meteo"}, status=400)
    status = data.get("status", 500)
    count = int(data.get("count", 1))
    request.app[STATE_KEY].faults.setdefault(service, []).extend([status] * count)
    return web.json_response({"queued": count})
