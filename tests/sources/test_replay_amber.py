"""The replay server's Amber routes, read through our own AmberClient."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
import itertools
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp.test_utils import TestServer as HttpServer
import pytest

from custom_components.sigenstor.sources.amber import (
    AmberAuthError,
    AmberClient,
    AmberConnectionError,
    AmberRateLimited,
    AmberRequestError,
    AmberResponseError,
    ChannelType,
    IntervalType,
    SpikeStatus,
)
from replay import DEMO_TOKEN, SITE_ID, ReplayConfig, create_app

BRISBANE = ZoneInfo("Australia/Brisbane")


class Clock:
    """A settable clock for the server."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2025, 2, 3, 12, 7, 40, tzinfo=BRISBANE).astimezone(UTC))


@pytest.fixture
async def replay(socket_enabled: None, clock: Clock) -> AsyncIterator[Callable[..., str]]:
    servers: list[HttpServer] = []

    async def start(**kwargs: object) -> str:
        server = HttpServer(create_app(ReplayConfig(clock=clock, **kwargs)), host="127.0.0.1")  # type: ignore[arg-type]
        await server.start_server()
        servers.append(server)
        return str(server.make_url("/v1"))

    yield start  # type: ignore[misc]
    for server in servers:
        await server.close()


async def test_sites_and_prices_parse(replay, session: aiohttp.ClientSession, clock) -> None:
    base = await replay(seed=3)
    client = AmberClient(session, DEMO_TOKEN, base_url=base)
    sites = await client.sites()
    active = [s for s in sites if s.active]
    assert [s.id for s in active] == [SITE_ID]
    assert active[0].interval_length == 5

    snap = await client.prices(SITE_ID, next_intervals=288, previous=2)
    for channel in (ChannelType.GENERAL, ChannelType.FEED_IN):
        series = snap.channel(channel)
        assert [i.kind for i in series[:3]] == [
            IntervalType.ACTUAL,
            IntervalType.ACTUAL,
            IntervalType.CURRENT,
        ]
        current = snap.current(channel)
        assert current is not None
        assert current.contains(clock.now)
        assert current.duration == timedelta(minutes=5)
        durations = [i.duration for i in snap.forecasts(channel)]
        assert durations[0] == timedelta(minutes=5)
        assert durations[-1] == timedelta(minutes=30)
        assert durations == sorted(durations)  # 5-minute first, then 30-minute
        assert snap.forecasts(channel)[-1].end - clock.now >= timedelta(hours=23)
        for prev, nxt in itertools.pairwise(series):
            assert nxt.start == prev.end
    # Five-minute forecasts stop on a half-hour boundary.
    five = [i for i in snap.forecasts() if i.duration == timedelta(minutes=5)]
    assert five[-1].end.minute in (0, 30)
    assert all(i.advanced_price is not None for i in snap.forecasts())
    assert snap.rate_limit is not None
    assert snap.rate_limit.remaining == 48


async def test_queensland_day_shape(replay, session, clock) -> None:
    base = await replay(seed=5)
    client = AmberClient(session, DEMO_TOKEN, base_url=base)
    clock.now = datetime(2025, 2, 3, 0, 2, tzinfo=BRISBANE).astimezone(UTC)
    snap = await client.prices(SITE_ID, next_intervals=60, resolution=30)

    def local_hour(moment: datetime) -> int:
        return moment.astimezone(BRISBANE).hour

    general = snap.channel(ChannelType.GENERAL)
    midday = [i.per_kwh for i in general if 10 <= local_hour(i.start) < 14]
    evening = [i.per_kwh for i in general if 17 <= local_hour(i.start) < 20]
    assert max(midday) < min(evening)
    demand = {local_hour(i.start) for i in general if i.demand_window}
    assert demand == set(range(16, 21))
    feed = snap.channel(ChannelType.FEED_IN)
    assert max(i.feed_in_earn for i in feed if 17 <= local_hour(i.start) < 20) > 0.2


async def test_spikes_appear_over_a_fortnight(replay, session, clock) -> None:
    base = await replay(seed=2, rate_limit=1000)
    client = AmberClient(session, DEMO_TOKEN, base_url=base)
    statuses = set()
    negative_midday = 0
    for day in range(14):
        clock.now = datetime(2025, 1, 1 + day, 0, 1, tzinfo=BRISBANE).astimezone(UTC)
        snap = await client.prices(SITE_ID, next_intervals=48, resolution=30)
        statuses |= {i.spike_status for i in snap.channel(ChannelType.GENERAL)}
        negative_midday += any(i.spot_per_kwh < 0 for i in snap.channel(ChannelType.GENERAL))
        for hour in (18, 19):
            clock.now = datetime(2025, 1, 1 + day, hour, 1, tzinfo=BRISBANE).astimezone(UTC)
            snap = await client.prices(SITE_ID, next_intervals=0)
            statuses.add(snap.spike_status)  # type: ignore[arg-type]
    assert SpikeStatus.POTENTIAL in statuses
    assert negative_midday >= 3


async def test_deterministic_for_a_seed_and_moves_with_clock(replay, session, clock) -> None:
    first = AmberClient(session, DEMO_TOKEN, base_url=await replay(seed=9))
    second = AmberClient(session, DEMO_TOKEN, base_url=await replay(seed=9))
    other = AmberClient(session, DEMO_TOKEN, base_url=await replay(seed=10))
    a = await first.prices(SITE_ID, next_intervals=20)
    b = await second.prices(SITE_ID, next_intervals=20)
    c = await other.prices(SITE_ID, next_intervals=20)
    assert [i.per_kwh for i in a.intervals] == [i.per_kwh for i in b.intervals]
    assert [i.per_kwh for i in a.intervals] != [i.per_kwh for i in c.intervals]
    clock.now += timedelta(minutes=5)
    later = await first.prices(SITE_ID, next_intervals=20)
    assert later.current() is not None
    assert a.current() is not None
    assert later.current().start == a.current().end  # type: ignore[union-attr]


async def test_auth_rate_limit_and_faults(replay, session, clock) -> None:
    base = await replay(rate_limit=3, rate_window=60)
    with pytest.raises(AmberAuthError):
        await AmberClient(session, "psk_wrong", base_url=base).sites()
    async with session.get(f"{base}/sites") as resp:
        assert resp.status == 401
    client = AmberClient(session, DEMO_TOKEN, base_url=base, clock=clock)
    await client.sites()  # the window already holds 2 failed calls; this is the 3rd
    with pytest.raises(AmberRateLimited) as err:
        await client.sites()
    assert err.value.reset_at == clock.now + timedelta(seconds=60)
    clock.now += timedelta(seconds=61)
    assert await client.sites()
    with pytest.raises(AmberRequestError):
        await client.prices("01UNKNOWNSITE", next_intervals=1)
    async with session.post(
        f"{base.removesuffix('/v1')}/_replay/fault", json={"service": "amber", "status": 502}
    ) as resp:
        assert resp.status == 200
    with pytest.raises(AmberConnectionError):
        await client.sites()
    async with session.post(
        f"{base.removesuffix('/v1')}/_replay/fault", json={"service": "amber", "status": "json"}
    ):
        pass
    clock.now += timedelta(seconds=61)
    with pytest.raises(AmberResponseError):
        await client.sites()
    assert await client.sites()  # recovers
