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
    ``general_price`` and ``feed_in_earn`` (AUD/kWh), ``spike_status``, ``demand_window``.
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

The API token lives in a ``_Secret`` whose repr is masked; it is only ever put in the
``Authorization`` header, never in messages, reprs or logs.
Facts: Amber public API v1 (OpenAPI 2.0.0), summarised in shared/reference/apis.md §1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
import json
import logging
import math
from typing import TYPE_CHECKING, Any, Final

import aiohttp

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

_LOGGER = logging.getLogger(__name__)

AMBER_BASE_URL: Final = "https://api.amber.com.au/v1"
MAX_INTERVALS: Final = 2048  # Amber answers 422 when next + previous exceeds this.
# Amber's advice: poll about once a minute, a little after the minute, since new 5-minute
# prices land shortly after the boundary (public-api #229).
POLL_OFFSET: Final = timedelta(seconds=30)
_CENTS_PER_DOLLAR: Final = 100.0
_BOUNDARY_SLACK: Final = timedelta(seconds=1)


class ChannelType(StrEnum):
    """Amber meter channel kind."""

    GENERAL = "general"
    CONTROLLED_LOAD = "controlledLoad"
    FEED_IN = "feedIn"


class IntervalType(StrEnum):
    """Settled, current or forecast interval."""

    ACTUAL = "ActualInterval"
    CURRENT = "CurrentInterval"
    FORECAST = "ForecastInterval"


class SpikeStatus(StrEnum):
    """Amber's price-spike flag."""

    NONE = "none"
    POTENTIAL = "potential"
    SPIKE = "spike"


class Descriptor(StrEnum):
    """Amber's price level relative to reference prices."""

    NEGATIVE = "negative"
    EXTREMELY_LOW = "extremelyLow"
    VERY_LOW = "veryLow"
    LOW = "low"
    NEUTRAL = "neutral"
    HIGH = "high"
    SPIKE = "spike"

    @property
    def snake(self) -> str:
        """Snake-case form for entity states (``veryLow`` -> ``very_low``)."""
        return "".join(f"_{c.lower()}" if c.isupper() else c for c in self.value)


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


@dataclass(frozen=True, slots=True)
class RateLimit:
    """``RateLimit-*`` headers of one response; ``reset_at`` is on the local clock."""

    limit: int | None
    remaining: int | None
    reset_at: datetime | None
    policy: str | None

    @property
    def window(self) -> timedelta | None:
        """Window length from the policy (``50;w=300`` -> 300 s)."""
        for part in (self.policy or "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key == "w" and value.isdigit():
                return timedelta(seconds=int(value))
        return None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str], now: datetime) -> RateLimit | None:
        """Parse the headers (names case-insensitive); None when Amber sent none."""
        lowered = {k.lower(): v for k, v in headers.items()}
        if not any(k.startswith("ratelimit-") for k in lowered):
            return None
        reset = _int_or_none(lowered.get("ratelimit-reset"))
        # RateLimit-Reset is "seconds from now"; adding it to our own clock (not the Date
        # header) keeps the result correct when the server's clock is skewed.
        reset_at = now + timedelta(seconds=reset) if reset is not None else None
        return cls(
            limit=_int_or_none(lowered.get("ratelimit-limit")),
            remaining=_int_or_none(lowered.get("ratelimit-remaining")),
            reset_at=reset_at,
            policy=lowered.get("ratelimit-policy"),
        )


@dataclass(frozen=True, slots=True)
class Channel:
    """A meter channel of a site."""

    identifier: str
    type: ChannelType
    tariff: str | None


@dataclass(frozen=True, slots=True)
class Site:
    """An Amber site (one NMI)."""

    id: str
    nmi: str
    network: str | None
    status: str
    channels: tuple[Channel, ...]
    interval_length: int
    active_from: date | None = None
    closed_on: date | None = None

    @property
    def active(self) -> bool:
        """True when the site is billed now."""
        return self.status == "active"


@dataclass(frozen=True, slots=True)
class PriceBand:
    """Amber's ``advancedPrice`` forecast band in AUD/kWh (same sign as ``per_kwh``)."""

    low: float
    predicted: float
    high: float

    def negated(self) -> PriceBand:
        """Band with the sign flipped (feed-in cost -> earnings)."""
        return PriceBand(low=-self.low, predicted=-self.predicted, high=-self.high)


@dataclass(frozen=True, slots=True)
class TariffInfo:
    """Network tariff details of an interval; every field optional."""

    period: str | None = None
    season: str | None = None
    block: int | None = None
    demand_window: bool | None = None


@dataclass(frozen=True, slots=True)
class PriceInterval:
    """One price interval of one channel; prices in AUD/kWh incl. GST."""

    kind: IntervalType
    channel: ChannelType
    start: datetime
    end: datetime
    duration: timedelta
    nem_date: date
    per_kwh: float
    spot_per_kwh: float
    renewables: float
    spike_status: SpikeStatus
    descriptor: Descriptor | None
    estimate: bool | None = None
    advanced_price: PriceBand | None = None
    spot_range: tuple[float, float] | None = None
    tariff: TariffInfo | None = None

    @property
    def feed_in_earn(self) -> float:
        """Money earned per exported kWh (AUD/kWh): positive when exporting pays."""
        return -self.per_kwh

    @property
    def advanced_earn(self) -> PriceBand | None:
        """Advanced price band as earnings per exported kWh (feed-in channel)."""
        return self.advanced_price.negated() if self.advanced_price else None

    @property
    def demand_window(self) -> bool | None:
        """Demand-tariff window flag, None when Amber did not say (advisory only)."""
        return self.tariff.demand_window if self.tariff else None

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form for action responses; feed-in keys say they are earnings."""
        item: dict[str, Any] = {
            "type": self.kind.value,
            "channel": self.channel.value,
            "start_time": self.start.isoformat(),
            "end_time": self.end.isoformat(),
            "duration_minutes": int(self.duration.total_seconds() // 60),
            "nem_date": self.nem_date.isoformat(),
            "spot_per_kwh": self.spot_per_kwh,
            "renewables": self.renewables,
            "spike_status": self.spike_status.value,
            "descriptor": self.descriptor.snake if self.descriptor else None,
            "estimate": self.estimate,
            "demand_window": self.demand_window,
        }
        feed_in = self.channel is ChannelType.FEED_IN
        band = self.advanced_earn if feed_in else self.advanced_price
        prefix = "advanced_earn" if feed_in else "advanced_price"
        item["feed_in_earn" if feed_in else "per_kwh"] = (
            self.feed_in_earn if feed_in else (self.per_kwh)
        )
        for name in ("low", "predicted", "high"):
            item[f"{prefix}_{name}"] = getattr(band, name) if band else None
        if self.spot_range:
            item["range_min"], item["range_max"] = self.spot_range
        return item

    def contains(self, moment: datetime) -> bool:
        """Tell whether ``start <= moment < end``."""
        return self.start <= moment < self.end


@dataclass(frozen=True, slots=True)
class PriceSnapshot:
    """All intervals returned by one ``prices/current`` call."""

    site_id: str
    fetched_at: datetime
    intervals: tuple[PriceInterval, ...]
    rate_limit: RateLimit | None = None
    _by_channel: dict[ChannelType, tuple[PriceInterval, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        grouped: dict[ChannelType, list[PriceInterval]] = {}
        for interval in self.intervals:
            grouped.setdefault(interval.channel, []).append(interval)
        object.__setattr__(
            self,
            "_by_channel",
            {ch: tuple(sorted(v, key=lambda i: i.start)) for ch, v in grouped.items()},
        )

    @property
    def channels(self) -> frozenset[ChannelType]:
        """Channels present (a site without export has no feed-in)."""
        return frozenset(self._by_channel)

    def channel(self, channel: ChannelType) -> tuple[PriceInterval, ...]:
        """All intervals of one channel in time order."""
        return self._by_channel.get(channel, ())

    def current(self, channel: ChannelType = ChannelType.GENERAL) -> PriceInterval | None:
        """Return the ``CurrentInterval`` of a channel."""
        return next((i for i in self.channel(channel) if i.kind is IntervalType.CURRENT), None)

    def forecasts(self, channel: ChannelType = ChannelType.GENERAL) -> tuple[PriceInterval, ...]:
        """Forecast intervals of a channel (5- and 30-minute mixed) in time order."""
        return tuple(i for i in self.channel(channel) if i.kind is IntervalType.FORECAST)

    def actuals(self, channel: ChannelType = ChannelType.GENERAL) -> tuple[PriceInterval, ...]:
        """Settled intervals of a channel in time order."""
        return tuple(i for i in self.channel(channel) if i.kind is IntervalType.ACTUAL)

    def at(
        self, moment: datetime, channel: ChannelType = ChannelType.GENERAL
    ) -> PriceInterval | None:
        """Return the interval of a channel covering ``moment``."""
        return next((i for i in self.channel(channel) if i.contains(moment)), None)

    @property
    def general_price(self) -> float | None:
        """Current general price the customer pays (AUD/kWh)."""
        cur = self.current(ChannelType.GENERAL)
        return cur.per_kwh if cur else None

    @property
    def feed_in_earn(self) -> float | None:
        """Current feed-in earnings (AUD/kWh), positive when exporting is paid."""
        cur = self.current(ChannelType.FEED_IN)
        return cur.feed_in_earn if cur else None

    @property
    def spike_status(self) -> SpikeStatus | None:
        """Spike flag of the current general interval."""
        cur = self.current(ChannelType.GENERAL)
        return cur.spike_status if cur else None

    @property
    def demand_window(self) -> bool | None:
        """Demand window flag of the current general interval."""
        cur = self.current(ChannelType.GENERAL)
        return cur.demand_window if cur else None

    @property
    def renewables(self) -> float | None:
        """Renewables share (%) of the current general interval."""
        cur = self.current(ChannelType.GENERAL)
        return cur.renewables if cur else None


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
            return [_parse_site(item) for item in _as_list(data)]
        except (KeyError, TypeError, ValueError) as err:
            raise AmberResponseError(f"Malformed site list from Amber: {_describe(err)}") from None

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
            intervals = tuple(_parse_interval(item) for item in _as_list(data))
        except (KeyError, TypeError, ValueError) as err:
            raise AmberResponseError(f"Malformed price data from Amber: {_describe(err)}") from None
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
            target = max(target, rate_limit.reset_at + _BOUNDARY_SLACK)
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


def _parse_site(item: Any) -> Site:
    """Parse one ``Site`` object."""
    channels = tuple(
        Channel(str(ch["identifier"]), ChannelType(ch["type"]), ch.get("tariff"))
        for ch in item.get("channels", [])
        if ch.get("type") in ChannelType._value2member_map_
    )
    return Site(
        id=str(item["id"]),
        nmi=str(item["nmi"]),
        network=item.get("network"),
        status=str(item["status"]),
        channels=channels,
        interval_length=int(item.get("intervalLength", 30)),
        active_from=_date_or_none(item.get("activeFrom")),
        closed_on=_date_or_none(item.get("closedOn")),
    )


def _parse_interval(item: Any) -> PriceInterval:
    """Parse one price interval, converting c/kWh to AUD/kWh."""
    start = _parse_dt(item["startTime"])
    end = _parse_dt(item["endTime"])
    # Amber's startTime is one second after the boundary; snap it back to keep no gaps.
    if start.second == 1:
        start -= _BOUNDARY_SLACK
    advanced = item.get("advancedPrice")
    spot_range = item.get("range")
    tariff = item.get("tariffInformation")
    descriptor = item.get("descriptor")
    return PriceInterval(
        kind=IntervalType(item["type"]),
        channel=ChannelType(item["channelType"]),
        start=start,
        end=end,
        duration=timedelta(minutes=int(item["duration"])),
        nem_date=date.fromisoformat(item["date"]),
        per_kwh=_aud(item["perKwh"]),
        spot_per_kwh=_aud(item["spotPerKwh"]),
        renewables=float(item.get("renewables", math.nan)),
        spike_status=SpikeStatus(item.get("spikeStatus", "none")),
        descriptor=Descriptor(descriptor) if descriptor in Descriptor._value2member_map_ else None,
        estimate=bool(item["estimate"]) if "estimate" in item else None,
        advanced_price=(
            PriceBand(_aud(advanced["low"]), _aud(advanced["predicted"]), _aud(advanced["high"]))
            if advanced
            else None
        ),
        spot_range=(_aud(spot_range["min"]), _aud(spot_range["max"])) if spot_range else None,
        tariff=(
            TariffInfo(
                period=tariff.get("period"),
                season=tariff.get("season"),
                block=_int_or_none(tariff.get("block")),
                demand_window=tariff.get("demandWindow"),
            )
            if isinstance(tariff, dict)
            else None
        ),
    )


def _aud(cents: Any) -> float:
    """Amber's c/kWh to AUD/kWh."""
    if isinstance(cents, bool) or not isinstance(cents, int | float):
        raise ValueError(f"price is not a number: {type(cents).__name__}")
    return float(cents) / _CENTS_PER_DOLLAR


def _parse_dt(text: Any) -> datetime:
    """ISO timestamp to an aware datetime (UTC when Amber gave a ``Z``)."""
    value = datetime.fromisoformat(str(text))
    if value.tzinfo is None:
        raise ValueError(f"timestamp without offset: {text}")
    return value


def _date_or_none(text: Any) -> date | None:
    """Parse an optional ISO date."""
    return date.fromisoformat(text) if isinstance(text, str) else None


def _int_or_none(value: Any) -> int | None:
    """Lenient integer parse for headers and optional fields."""
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _as_list(data: Any) -> list[Any]:
    """Amber answers with JSON arrays; anything else is malformed."""
    if not isinstance(data, list):
        raise TypeError(f"expected a JSON array, got {type(data).__name__}")
    return data


def _describe(err: Exception) -> str:
    """Short description of a parse error (a missing key reads as its name)."""
    if isinstance(err, KeyError):
        return f"missing field {err.args[0]!r}"
    return str(err)


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
