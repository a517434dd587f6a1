"""next_poll_delay: minute-aligned polling, locked-in intervals, rate-limit budget."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from custom_components.sigenstor.sources.amber import (
    POLL_OFFSET,
    ChannelType,
    IntervalType,
    PriceInterval,
    PriceSnapshot,
    RateLimit,
    SpikeStatus,
    next_poll_delay,
)

T0 = datetime(2025, 2, 3, 7, 0, tzinfo=UTC)


def _interval(start: datetime, minutes: int, *, estimate: bool | None) -> PriceInterval:
    return PriceInterval(
        kind=IntervalType.CURRENT,
        channel=ChannelType.GENERAL,
        start=start,
        end=start + timedelta(minutes=minutes),
        duration=timedelta(minutes=minutes),
        nem_date=date(2025, 2, 3),
        per_kwh=0.3,
        spot_per_kwh=0.1,
        renewables=30.0,
        spike_status=SpikeStatus.NONE,
        descriptor=None,
        estimate=estimate,
    )


def test_polls_a_little_after_the_next_minute() -> None:
    now = T0 + timedelta(minutes=2, seconds=40)
    delay = next_poll_delay(now, [_interval(T0, 5, estimate=True)])
    assert now + delay == T0 + timedelta(minutes=3) + POLL_OFFSET


def test_polls_within_this_minute_when_offset_not_reached() -> None:
    now = T0 + timedelta(minutes=2, seconds=5)
    delay = next_poll_delay(now, [])
    assert now + delay == T0 + timedelta(minutes=2) + POLL_OFFSET
    assert timedelta(0) < delay <= timedelta(minutes=1)


def test_locked_in_interval_waits_for_its_boundary() -> None:
    now = T0 + timedelta(minutes=6, seconds=40)
    locked = _interval(T0, 30, estimate=False)
    delay = next_poll_delay(now, [locked])
    assert now + delay == locked.end + POLL_OFFSET
    # An estimated price keeps the minute cadence.
    assert next_poll_delay(now, [_interval(T0, 30, estimate=True)]) < timedelta(minutes=1)


def test_accepts_a_snapshot() -> None:
    now = T0 + timedelta(minutes=1, seconds=50)
    snap = PriceSnapshot("site", now, (_interval(T0, 5, estimate=False),))
    assert now + next_poll_delay(now, snap) == T0 + timedelta(minutes=5) + POLL_OFFSET


def test_spent_budget_waits_for_the_reset() -> None:
    now = T0 + timedelta(seconds=10)
    limit = RateLimit(50, 0, now + timedelta(seconds=200), "50;w=300")
    delay = next_poll_delay(now, [], rate_limit=limit)
    assert delay >= timedelta(seconds=200)
    assert delay <= timedelta(seconds=202)


def test_low_budget_spreads_polls_over_the_window() -> None:
    now = T0 + timedelta(seconds=10)
    limit = RateLimit(50, 2, now + timedelta(seconds=240), "50;w=300")
    assert next_poll_delay(now, [], rate_limit=limit) == timedelta(seconds=120)
    plenty = RateLimit(50, 45, now + timedelta(seconds=240), "50;w=300")
    assert next_poll_delay(now, [], rate_limit=plenty) == POLL_OFFSET - timedelta(seconds=10)


def test_past_reset_is_ignored() -> None:
    now = T0 + timedelta(seconds=50)
    limit = RateLimit(50, 0, now - timedelta(seconds=1), "50;w=300")
    assert next_poll_delay(now, [], rate_limit=limit) == timedelta(seconds=40)
