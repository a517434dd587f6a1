"""Amber JSON to the price model (pure): KeyError, TypeError or ValueError on malformed items.

The client maps those errors to ``AmberResponseError`` with ``describe``'s one-line reason.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
import math
from typing import Any

from .amber_models import (
    BOUNDARY_SLACK,
    CENTS_PER_DOLLAR,
    Channel,
    ChannelType,
    Descriptor,
    IntervalType,
    PriceBand,
    PriceInterval,
    Site,
    SpikeStatus,
    TariffInfo,
    int_or_none,
)


def parse_site(item: Any) -> Site:
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


def parse_interval(item: Any) -> PriceInterval:
    """Parse one price interval, converting c/kWh to AUD/kWh."""
    start = _parse_dt(item["startTime"])
    end = _parse_dt(item["endTime"])
    # Amber's startTime is one second after the boundary; snap it back to keep no gaps.
    if start.second == 1:
        start -= BOUNDARY_SLACK
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
                block=int_or_none(tariff.get("block")),
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
    return float(cents) / CENTS_PER_DOLLAR


def _parse_dt(text: Any) -> datetime:
    """ISO timestamp to an aware datetime (UTC when Amber gave a ``Z``)."""
    value = datetime.fromisoformat(str(text))
    if value.tzinfo is None:
        raise ValueError(f"timestamp without offset: {text}")
    return value


def _date_or_none(text: Any) -> date | None:
    """Parse an optional ISO date."""
    return date.fromisoformat(text) if isinstance(text, str) else None


def as_list(data: Any) -> list[Any]:
    """Amber answers with JSON arrays; anything else is malformed."""
    if not isinstance(data, list):
        raise TypeError(f"expected a JSON array, got {type(data).__name__}")
    return data


def describe(err: Exception) -> str:
    """Short description of a parse error (a missing key reads as its name)."""
    if isinstance(err, KeyError):
        return f"missing field {err.args[0]!r}"
    return str(err)
