"""Amber price data model and parsing (pure: no Home Assistant imports, no I/O).

Frozen dataclasses with timezone-aware datetimes; prices in AUD/kWh incl. GST (Amber sends
c/kWh). ``per_kwh`` keeps Amber's sign (what the customer pays); feed-in earnings are exposed
positive-when-earned as ``feed_in_earn`` / ``advanced_earn``. Parsing lives in
``amber_parse``. Re-exported by ``amber``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from collections.abc import Mapping

CENTS_PER_DOLLAR: Final = 100.0
BOUNDARY_SLACK: Final = timedelta(seconds=1)


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
        reset = int_or_none(lowered.get("ratelimit-reset"))
        # RateLimit-Reset is "seconds from now"; adding it to our own clock (not the Date
        # header) keeps the result correct when the server's clock is skewed.
        reset_at = now + timedelta(seconds=reset) if reset is not None else None
        return cls(
            limit=int_or_none(lowered.get("ratelimit-limit")),
            remaining=int_or_none(lowered.get("ratelimit-remaining")),
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

    def price_series(
        self, channel: ChannelType = ChannelType.GENERAL, *, advanced: bool = False
    ) -> tuple[tuple[datetime, datetime, float], ...]:
        """Current and forecast ``(start, end, AUD/kWh)`` for planners.

        Feed-in values are earnings (positive when exporting pays). With ``advanced`` the
        ``advancedPrice.predicted`` value is used where Amber sent one (what Amber's own
        SmartShift plans with), else ``per_kwh``.
        """
        out = []
        for item in self.channel(channel):
            if item.kind is IntervalType.ACTUAL:
                continue
            value = item.per_kwh
            if advanced and item.advanced_price is not None:
                value = item.advanced_price.predicted
            out.append((item.start, item.end, -value if channel is ChannelType.FEED_IN else value))
        return tuple(out)

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


def int_or_none(value: Any) -> int | None:
    """Lenient integer parse for headers and optional fields."""
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
