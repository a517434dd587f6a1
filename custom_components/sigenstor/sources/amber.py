"""Amber Electric price client (pure: no Home Assistant imports, aiohttp session injected).

Public API
----------
``AmberClient(session, token, *, base_url=AMBER_BASE_URL, timeout=10.0)``
    ``await sites() -> list[Site]`` and
    ``await prices(site_id, next_intervals=288, previous=0, resolution=None) -> PriceSnapshot``
    (``GET /sites/{id}/prices/current``). ``client.rate_limit`` holds the last ``RateLimit``.
``PriceSnapshot``
    Every interval of every channel, grouped by ``ChannelType`` (never by index). Helpers:
    ``current(channel)``, ``forecasts(channel)``, ``actuals(channel)``, ``at(t, channel)``,
    ``general_price`` and ``feed_in_earn`` (AUD/kWh), ``spike_status``, ``demand_window``,
    ``price_series(channel, advanced=False)`` -> ``(start, end, AUD/kWh)`` for planners.
``PriceInterval``
    One interval; ``start``/``end`` are aware UTC datetimes on the boundaries (Amber's one
    second offset on ``startTime`` is removed). Prices are AUD/kWh incl. GST, converted from
    Amber's c/kWh. ``per_kwh`` keeps Amber's sign (what the customer pays); for feed-in use
    ``feed_in_earn`` / ``advanced_earn`` which are positive when exporting earns money.
    ``as_dict()`` is the JSON form for a ``get_price_forecast`` action response.
``next_poll_delay(now, intervals, *, rate_limit=None) -> timedelta``
    When to poll next: about once a minute, ``POLL_OFFSET`` after the minute, skipping ahead to
    the interval boundary while the current price is locked in, and never before the rate-limit
    window resets when the budget is spent.
A snapshot without a general ``CurrentInterval`` is returned as is; the coordinator decides
(Home Assistant core treats it as a failed update).
Errors (all ``AmberError``): ``AmberAuthError`` (401/403), ``AmberRateLimited`` (429, has
``reset_at``), ``AmberConnectionError`` (5xx, timeouts, network), ``AmberResponseError``
(malformed JSON or schema), ``AmberRequestError`` (400/404/422).

The data classes live in ``amber_models`` and are re-exported here, so ``from .amber import
PriceSnapshot`` works. The API token lives in a ``_Secret`` whose repr is masked; it is only
ever put in the ``Authorization`` header, never in messages, reprs or logs.
Facts: Amber public API v1 (OpenAPI 2.0.0), summarised in shared/reference/apis.md §1.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import json
import logging
from typing import TYPE_CHECKING, Any, Final

import aiohttp

from .amber_models import (
    BOUNDARY_SLACK,
    Channel,
    ChannelType,
    Descriptor,
    IntervalType,
    PriceBand,
    PriceInterval,
    PriceSnapshot,
    RateLimit,
    Site,
    SpikeStatus,
    TariffInfo,
)
from .amber_parse import as_list, describe, parse_interval, parse_site

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

_LOGGER = logging.getLogger(__name__)

AMBER_BASE_URL: Final = "https://api.amber.com.au/v1"
MAX_INTERVALS: Final = 2048  # Amber answers 422 when next + previous exceeds this.
# Amber's advice: poll about once a minute, a little after the minute, since new 5-minute
# prices land shortly after the boundary (public-api #229).
POLL_OFFSET: Final = timedelta(seconds=30)


class AmberError(Exception):
    """Base error of the Amber client."""


class AmberAuthError(AmberError):
    """Token rejected (401 or 403)."""


class AmberConnectionError(AmberError):
    """Network failure, timeout or server error (5xx)."""


class AmberResponseError(AmberError):
    """Response body is not the JSON shape Amber documents."""


class AmberRequestError(AmberError):
    """Request rejected (400, 404 unknown site, 422 bad parameters)."""


class AmberRateLimited(AmberError):  # noqa: N818  (name fixed by the public API)
    """HTTP 429: wait until ``reset_at`` before the next request."""

    def __init__(self, reset_at: datetime, rate_limit: RateLimit | None = None) -> None:
        super().__init__(f"Amber rate limit exceeded; retry after {reset_at.isoformat()}")
        self.reset_at = reset_at
        self.rate_limit = rate_limit


class _Secret:
    """Holds the token; repr and str are masked so it cannot leak by accident."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """Return the secret for the Authorization header only."""
        return self._value

    def __repr__(self) -> str:
        return "'**********'"

    __str__ = __repr__


class AmberClient:
    """Async client for the Amber public API."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        token: str,
        *,
        base_url: str = AMBER_BASE_URL,
        timeout: float = 10.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._session = session
        self._token = _Secret(token)
        self._base_url = base_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._clock = clock or (lambda: datetime.now(UTC))
        self.rate_limit: RateLimit | None = None

    def __repr__(self) -> str:
        return f"AmberClient(base_url={self._base_url!r}, token={self._token!r})"

    async def sites(self) -> list[Site]:
        """Return the sites the token can see."""
        data = await self._get("/sites", {})
        try:
            return [parse_site(item) for item in as_list(data)]
        except (KeyError, TypeError, ValueError) as err:
            raise AmberResponseError(f"Malformed site list from Amber: {describe(err)}") from None

    async def prices(
        self,
        site_id: str,
        next_intervals: int = 288,
        previous: int = 0,
        resolution: int | None = None,
    ) -> PriceSnapshot:
        """Return current, next and previous intervals of every channel of a site."""
        if next_intervals < 0 or previous < 0 or next_intervals + previous > MAX_INTERVALS:
            raise ValueError(f"next + previous must be between 0 and {MAX_INTERVALS}")
        if resolution not in (None, 5, 30):
            raise ValueError("resolution must be 5, 30 or None")
        params = {"next": str(next_intervals), "previous": str(previous)}
        if resolution is not None:
            params["resolution"] = str(resolution)
        data = await self._get(f"/sites/{site_id}/prices/current", params)
        try:
            intervals = tuple(parse_interval(item) for item in as_list(data))
        except (KeyError, TypeError, ValueError) as err:
            raise AmberResponseError(f"Malformed price data from Amber: {describe(err)}") from None
        return PriceSnapshot(site_id, self._clock(), intervals, self.rate_limit)

    async def _get(self, path: str, params: Mapping[str, str]) -> Any:
        """GET a path, map failures to AmberError subclasses, return parsed JSON."""
        headers = {
            "Authorization": f"Bearer {self._token.reveal()}",
            "Accept": "application/json",
        }
        _LOGGER.debug("Amber GET %s %s", path, dict(params))
        try:
            async with self._session.get(
                self._base_url + path, params=params, headers=headers, timeout=self._timeout
            ) as resp:
                self.rate_limit = RateLimit.from_headers(resp.headers, self._clock())
                if resp.status == 429:
                    raise AmberRateLimited(self._reset_at(), self.rate_limit)
                if resp.status in (401, 403):
                    raise AmberAuthError(f"Amber rejected the API token (HTTP {resp.status})")
                if resp.status >= 500:
                    raise AmberConnectionError(f"Amber server error (HTTP {resp.status})")
                if resp.status >= 400:
                    raise AmberRequestError(f"Amber rejected the request {path} ({resp.status})")
                body = await resp.read()
        except TimeoutError:
            raise AmberConnectionError(f"Timed out talking to Amber ({path})") from None
        except aiohttp.ClientError as err:
            raise AmberConnectionError(f"Cannot reach Amber: {type(err).__name__}") from None
        try:
            return json.loads(body)
        except ValueError:
            raise AmberResponseError(f"Amber returned malformed JSON for {path}") from None

    def _reset_at(self) -> datetime:
        """When a throttled client may retry; a full minute when Amber gave no reset."""
        if self.rate_limit and self.rate_limit.reset_at:
            return self.rate_limit.reset_at
        return self._clock() + timedelta(minutes=1)


def next_poll_delay(
    now: datetime,
    intervals: Iterable[PriceInterval] | PriceSnapshot,
    *,
    rate_limit: RateLimit | None = None,
    offset: timedelta = POLL_OFFSET,
) -> timedelta:
    """Delay until the next poll.

    Polls ``offset`` after the next whole minute. While the current general interval is
    locked in (``estimate`` false) nothing changes before its end, so the poll moves to the
    interval boundary plus ``offset``. With the rate-limit budget spent it waits for the reset;
    with little budget left, polls are spread evenly over the rest of the window.
    """
    items = intervals.intervals if isinstance(intervals, PriceSnapshot) else tuple(intervals)
    target = _next_minute(now) + offset
    if target - now > timedelta(minutes=1):
        target -= timedelta(minutes=1)
    current = _current_general(items, now)
    if current is not None and current.estimate is False and current.end + offset > target:
        target = current.end + offset
    if rate_limit is not None and rate_limit.reset_at is not None and rate_limit.reset_at > now:
        remaining = rate_limit.remaining
        if remaining is not None and remaining <= 0:
            target = max(target, rate_limit.reset_at + BOUNDARY_SLACK)
        elif remaining is not None:
            paced = now + (rate_limit.reset_at - now) / remaining
            target = max(target, paced)
    return max(target - now, timedelta(0))


def _next_minute(now: datetime) -> datetime:
    """Return the next whole minute strictly after ``now``."""
    return now.replace(second=0, microsecond=0) + timedelta(minutes=1)


def _current_general(items: Sequence[PriceInterval], now: datetime) -> PriceInterval | None:
    """Return the general interval covering ``now``, preferring the CurrentInterval."""
    general = [i for i in items if i.channel is ChannelType.GENERAL and i.contains(now)]
    general.sort(key=lambda i: i.kind is not IntervalType.CURRENT)
    return general[0] if general else None


__all__ = [
    "AMBER_BASE_URL",
    "POLL_OFFSET",
    "AmberAuthError",
    "AmberClient",
    "AmberConnectionError",
    "AmberError",
    "AmberRateLimited",
    "AmberRequestError",
    "AmberResponseError",
    "Channel",
    "ChannelType",
    "Descriptor",
    "IntervalType",
    "PriceBand",
    "PriceInterval",
    "PriceSnapshot",
    "RateLimit",
    "Site",
    "SpikeStatus",
    "TariffInfo",
    "next_poll_delay",
]
