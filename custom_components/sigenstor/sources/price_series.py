"""Plain price series of any source to the optimiser's price model (pure: no Home Assistant).

A series is ``(start, end, currency per kWh)`` items. Buy prices are what the customer pays and
sell prices what an exported kWh earns (positive when exporting pays). Both become the
``PriceSnapshot`` Amber produces, so the planner, savings, the plan card and the reasons read
every source the same way; what only Amber knows (spot price, renewables, spike, descriptor,
demand window) is left empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
import math

from .amber_models import ChannelType, IntervalType, PriceInterval, PriceSnapshot, SpikeStatus

type Series = tuple[tuple[datetime, datetime, float], ...]


def clean_series(items: Iterable[tuple[datetime, datetime, float]]) -> Series:
    """Sorted, finite, non-empty intervals; where two overlap the earlier one is kept."""
    out: list[tuple[datetime, datetime, float]] = []
    for start, end, value in sorted(items, key=lambda item: (item[0], item[1])):
        if end <= start or not math.isfinite(value):
            continue
        if out and start < out[-1][1]:
            continue  # a duplicate (today's list repeated in a combined one, say)
        out.append((start, end, value))
    return tuple(out)


def _interval(
    channel: ChannelType, start: datetime, end: datetime, per_kwh: float, now: datetime
) -> PriceInterval:
    if end <= now:
        kind = IntervalType.ACTUAL
    elif start <= now:
        kind = IntervalType.CURRENT
    else:
        kind = IntervalType.FORECAST
    return PriceInterval(
        kind=kind,
        channel=channel,
        start=start,
        end=end,
        duration=end - start,
        nem_date=start.date(),
        per_kwh=per_kwh,
        spot_per_kwh=math.nan,
        renewables=math.nan,
        spike_status=SpikeStatus.NONE,
        descriptor=None,
    )


def snapshot_from_series(
    source: str, now: datetime, buy: Series, sell: Series = ()
) -> PriceSnapshot:
    """The price model at ``now``; without sell prices exporting earns nothing."""
    intervals = [_interval(ChannelType.GENERAL, s, e, v, now) for s, e, v in clean_series(buy)]
    # PriceInterval keeps Amber's sign (what the customer pays): an earning is a negative cost.
    intervals += [_interval(ChannelType.FEED_IN, s, e, -v, now) for s, e, v in clean_series(sell)]
    return PriceSnapshot(site_id=source, fetched_at=now, intervals=tuple(intervals))
