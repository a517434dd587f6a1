"""Synthetic Amber price intervals for a Queensland-like day (NEM time, UTC+10, no DST).

Spot price (c/kWh) per 5-minute slot: overnight ~8 c, a morning shoulder, a midday solar soak
that goes negative on sunny days, an evening peak 16:00-21:00, seeded noise and, on some days,
a short evening spike. General price = (spot + network + fees) x GST; feed-in pays roughly
the spot price (Amber sign: negative = customer is paid). Forecasts carry seeded error growing
with lead time, ``advancedPrice`` bands and ``spikeStatus: potential`` ahead of spikes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
import math
import random
from typing import Any, Final

NEM_TZ: Final = timezone(timedelta(hours=10))
FIVE: Final = timedelta(minutes=5)
THIRTY: Final = timedelta(minutes=30)
GST: Final = 1.1
SPIKE_CENTS: Final = 100.0
PEAK_HOURS: Final = (16, 21)
HORIZON: Final = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Slot:
    """Spot price of one 5-minute slot and whether it is part of a spike."""

    start: datetime
    spot: float
    spike: bool
    renewables: float


class PriceModel:
    """Deterministic spot prices for a seed."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._cache: dict[datetime, Slot] = {}

    def _rnd(self, *keys: object) -> random.Random:
        """Random stream for a key; string seeds are hashed deterministically."""
        return random.Random(":".join(str(k) for k in (self.seed, *keys)))

    def _day(self, start: datetime) -> tuple[float, int | None, int, float]:
        """Per NEM day: sunniness 0..1, spike start slot (or None), spike length, height."""
        rnd = self._rnd("day", start.astimezone(NEM_TZ).date().isoformat())
        sunny = rnd.choice((0.25, 0.7, 0.9, 1.0))
        spike_slot = rnd.randrange(204, 240) if rnd.random() < 0.35 else None  # 17:00-20:00
        return sunny, spike_slot, rnd.randint(1, 3), rnd.uniform(150.0, 1200.0)

    def slot(self, start: datetime) -> Slot:
        """Spot price of the 5-minute slot starting at ``start``."""
        if start not in self._cache:
            self._cache[start] = self._make(start)
        return self._cache[start]

    def _make(self, start: datetime) -> Slot:
        local = start.astimezone(NEM_TZ)
        hour = local.hour + local.minute / 60.0
        sunny, spike_slot, spike_len, spike_height = self._day(start)
        solar = max(0.0, math.sin(math.pi * (hour - 6.0) / 12.5)) if 6.0 < hour < 18.5 else 0.0
        base = 8.0
        base += 6.0 * math.exp(-(((hour - 7.5) / 1.2) ** 2))  # morning shoulder
        base += 30.0 * math.exp(-(((hour - 18.5) / 1.6) ** 2))  # evening peak
        base -= 14.0 * sunny * solar**2  # solar soak
        # Smooth noise from half-hour knots plus a little 5-minute jitter.
        knot = local.replace(minute=(local.minute // 30) * 30, second=0, microsecond=0)
        frac = (local - knot) / THIRTY
        a = self._rnd("knot", knot.isoformat()).gauss(0.0, 2.0)
        b = self._rnd("knot", (knot + THIRTY).isoformat()).gauss(0.0, 2.0)
        spot = base + a + (b - a) * frac + self._rnd("jit", local.isoformat()).gauss(0.0, 0.4)
        slot_idx = local.hour * 12 + local.minute // 5
        spike = spike_slot is not None and spike_slot <= slot_idx < spike_slot + spike_len
        if spike:
            spot = spike_height
        renew = 28.0 + 40.0 * sunny * solar + self._rnd("ren", knot.isoformat()).uniform(-3, 3)
        return Slot(start, round(spot, 5), spike, renew)

    def forecast_spot(self, start: datetime, lead: timedelta) -> tuple[float, float]:
        """Forecast spot and band half-width for a slot seen ``lead`` ahead."""
        truth = self.slot(start)
        hours = max(lead.total_seconds(), 0.0) / 3600.0
        sigma = 0.5 + 1.5 * math.sqrt(hours)
        err = self._rnd("err", start.isoformat()).gauss(0.0, 1.0) * sigma
        spot = truth.spot if not truth.spike else 45.0 + err  # spikes are not foreseen exactly
        return spot + err, 1.0 + sigma + (0.3 * truth.spot if truth.spike else 0.0)

    def spike_near(self, start: datetime, end: datetime) -> bool:
        """Whether a spike slot lies within 30 minutes of ``[start, end)``."""
        moment = start - THIRTY
        while moment < end + THIRTY:
            if self.slot(moment).spike:
                return True
            moment += FIVE
        return False


def network_cents(local: datetime) -> tuple[float, str, bool]:
    """Network + fee add-on (c/kWh excl. GST), ToU period and demand window flag."""
    peak = PEAK_HOURS[0] <= local.hour < PEAK_HOURS[1]
    if peak:
        return 26.0, "peak", True
    if 9 <= local.hour < 16:
        return 7.0, "shoulder", False
    return 9.5, "offPeak", False


def general_cents(spot: float, local: datetime) -> float:
    """All-in general price a customer pays, c/kWh incl. GST."""
    return GST * (spot + network_cents(local)[0])


def feed_in_cents(spot: float) -> float:
    """Feed-in price in Amber's sign (negative = customer is paid), c/kWh."""
    return -(spot - 0.5)


def general_descriptor(cents: float) -> str:
    """Descriptor for a general price (thresholds chosen for the demo)."""
    for limit, name in (
        (12.0, "extremelyLow"),
        (20.0, "veryLow"),
        (28.0, "low"),
        (40.0, "neutral"),
        (100.0, "high"),
    ):
        if cents < limit:
            return name
    return "spike"


def feed_in_descriptor(cents: float) -> str:
    """Feed-in descriptor as Amber uses it: how good exporting is now."""
    earn = -cents
    if earn < 0:
        return "extremelyLow"
    return "low" if earn < 5.0 else "high"


def iso_z(moment: datetime) -> str:
    """UTC ISO timestamp with a ``Z`` suffix, as Amber writes them."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def interval_json(
    model: PriceModel,
    kind: str,
    start: datetime,
    length: timedelta,
    *,
    now: datetime,
    channels: tuple[str, ...],
) -> list[dict[str, Any]]:
    """One interval for every channel, in Amber's field order."""
    end = start + length
    slots = []
    moment = start
    while moment < end:
        slots.append(moment)
        moment += FIVE
    spots, widths, spikes = [], [], []
    for s in slots:
        if kind == "ActualInterval" or s + FIVE <= now or (kind == "CurrentInterval" and s <= now):
            spots.append(model.slot(s).spot)
            widths.append(0.3)
        else:
            spot, width = model.forecast_spot(s, s - now)
            spots.append(spot)
            widths.append(width)
        spikes.append(model.slot(s).spike and (kind != "ForecastInterval"))
    spot = sum(spots) / len(spots)
    width = sum(widths) / len(widths)
    local_end = end.astimezone(NEM_TZ)
    local_start = start.astimezone(NEM_TZ)
    _, period, demand = network_cents(local_start)
    renew = sum(model.slot(s).renewables for s in slots) / len(slots)
    if any(spikes):
        spike_status = "spike"
    elif kind != "ActualInterval" and model.spike_near(start, end):
        spike_status = "potential"
    else:
        spike_status = "none"
    out = []
    for channel in channels:
        price = _channel_price(channel, spot, local_start)
        item: dict[str, Any] = {
            "type": kind,
            "date": (local_end - timedelta(seconds=1)).date().isoformat(),
            "duration": int(length.total_seconds() // 60),
            "startTime": iso_z(start + timedelta(seconds=1)),
            "endTime": iso_z(end),
            "nemTime": local_end.isoformat(),
            "perKwh": round(price, 5),
            "renewables": renew,
            "spotPerKwh": round(spot, 5),
            "channelType": channel,
            "spikeStatus": spike_status,
        }
        if channel != "feedIn":
            item["tariffInformation"] = {"period": period, "demandWindow": demand}
        item["descriptor"] = (
            feed_in_descriptor(price) if channel == "feedIn" else general_descriptor(price)
        )
        if spike_status == "potential":
            item["range"] = {"min": round(spot - width, 5), "max": round(spot + 8 * width, 5)}
        if kind == "CurrentInterval":
            # The 5-minute price is published a few seconds into the interval; a 30-minute
            # blend stays an estimate until its last five minutes.
            item["estimate"] = (
                (now - start) < timedelta(seconds=30) if length == FIVE else (end - now > FIVE)
            )
        if kind != "ActualInterval":
            band = [
                _channel_price(channel, spot + d, local_start) for d in (-width, 0, 1.5 * width)
            ]
            item["advancedPrice"] = {
                "low": round(band[0], 5),
                "predicted": round(band[1], 5),
                "high": round(band[2], 5),
            }
        out.append(item)
    return out


def _channel_price(channel: str, spot: float, local: datetime) -> float:
    """Price of a channel for a spot price."""
    if channel == "feedIn":
        return feed_in_cents(spot)
    if channel == "controlledLoad":
        return GST * (spot + 4.0)
    return general_cents(spot, local)


def prices_current(
    model: PriceModel,
    now: datetime,
    *,
    next_count: int,
    previous: int,
    resolution: int,
    channels: tuple[str, ...],
) -> list[dict[str, Any]]:
    """Body of ``/sites/{id}/prices/current``: grouped by channel, chronological."""
    length = FIVE if resolution == 5 else THIRTY
    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    current_start = epoch + ((now - epoch) // length) * length
    spans: list[tuple[str, datetime, timedelta]] = [
        ("ActualInterval", current_start - length * k, length) for k in range(previous, 0, -1)
    ]
    spans.append(("CurrentInterval", current_start, length))
    cursor = current_start + length
    # Amber gives 5-minute forecasts only up to a :00/:30 boundary about 30 minutes out.
    switch = epoch + -((epoch - (cursor + THIRTY)) // THIRTY) * THIRTY
    # Amber's forecasts reach about a day ahead (AEMO pre-dispatch), whatever ``next`` asks.
    horizon = current_start + HORIZON
    for _ in range(next_count):
        if cursor >= horizon:
            break
        step = FIVE if length == FIVE and cursor < switch else THIRTY
        spans.append(("ForecastInterval", cursor, step))
        cursor += step
    rows = [interval_json(model, kind, s, ln, now=now, channels=channels) for kind, s, ln in spans]
    return [row[idx] for idx in range(len(channels)) for row in rows]
