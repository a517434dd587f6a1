"""AmberClient against a scripted HTTP server on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import itertools
import json
import logging
from pathlib import Path

import aiohttp
import pytest

from custom_components.sigenstor.sources.amber import (
    AmberAuthError,
    AmberClient,
    AmberConnectionError,
    AmberError,
    AmberRateLimited,
    AmberRequestError,
    AmberResponseError,
    ChannelType,
    Descriptor,
    IntervalType,
    SpikeStatus,
)

from .fake_http import FakeApi, Reply, fixture

TOKEN = "psk_9f8e7d6c5b4a39281706f5e4d3c2b1a0"
SITE = "01JTESTSITEACTIVE5MIN00001"
PRICES = f"/v1/sites/{SITE}/prices/current"
FROZEN = datetime(2025, 2, 3, 7, 7, 12, tzinfo=UTC)
RATE_OK = {
    "RateLimit-Limit": "50",
    "RateLimit-Remaining": "44",
    "RateLimit-Reset": "173",
    "RateLimit-Policy": "50;w=300",
}


def _client(session: aiohttp.ClientSession, api: FakeApi, **kwargs: float) -> AmberClient:
    return AmberClient(session, TOKEN, base_url=api.base_url, clock=lambda: FROZEN, **kwargs)


async def test_sites_sends_bearer_and_parses(session, fake_api: FakeApi) -> None:
    fake_api.add("/v1/sites", Reply(body=fixture("amber_site_list.json"), headers=RATE_OK))
    sites = await _client(session, fake_api).sites()

    assert fake_api.seen[0].headers["Authorization"] == f"Bearer {TOKEN}"
    assert [s.id for s in sites] == [SITE, "01JTESTSITEPENDING30MIN002"]
    active, pending = sites
    assert active.active
    assert not pending.active
    assert active.interval_length == 5
    assert pending.interval_length == 30
    assert [c.type for c in active.channels] == [
        ChannelType.GENERAL,
        ChannelType.CONTROLLED_LOAD,
        ChannelType.FEED_IN,
    ]
    assert pending.active_from is not None
    assert pending.active_from.year == 2026


async def test_prices_mixed_five_and_thirty_minute(session, fake_api: FakeApi) -> None:
    fake_api.add(PRICES, Reply(body=fixture("amber_prices_mixed_resolution.json")))
    snap = await _client(session, fake_api).prices(SITE, next_intervals=8, previous=1)

    assert fake_api.seen[0].query == {"next": "8", "previous": "1"}
    assert snap.channels == {ChannelType.GENERAL, ChannelType.CONTROLLED_LOAD, ChannelType.FEED_IN}
    for channel in snap.channels:
        series = snap.channel(channel)
        assert [i.kind for i in series[:2]] == [IntervalType.ACTUAL, IntervalType.CURRENT]
        durations = [int(i.duration.total_seconds() // 60) for i in snap.forecasts(channel)]
        assert durations == [5, 5, 5, 5, 30, 30, 30, 30]
        # Amber's one-second start offset is removed: intervals tile time without gaps.
        for prev, nxt in itertools.pairwise(series):
            assert nxt.start == prev.end
        assert all(i.end - i.start == i.duration for i in series)
        assert all(i.start.utcoffset() == timedelta(0) for i in series)

    cur = snap.current()
    assert cur is not None
    assert cur.start == datetime(2025, 2, 3, 7, 5, tzinfo=UTC)
    assert cur.estimate is True
    assert cur.per_kwh == pytest.approx(1.1 * (22.95 + 27.35) / 100, abs=1e-6)  # AUD/kWh
    assert cur.spot_per_kwh == pytest.approx(0.2295)
    assert cur.advanced_price is not None
    assert cur.advanced_price.low < cur.advanced_price.predicted < cur.advanced_price.high
    assert snap.general_price == cur.per_kwh
    assert snap.at(datetime(2025, 2, 3, 8, 10, tzinfo=UTC)) is snap.forecasts()[-3]
    assert snap.actuals()[0].estimate is None
    assert snap.actuals()[0].advanced_price is None


async def test_spike_descriptor_and_demand_window(session, fake_api: FakeApi) -> None:
    fake_api.add(PRICES, Reply(body=fixture("amber_prices_mixed_resolution.json")))
    snap = await _client(session, fake_api).prices(SITE, next_intervals=8, previous=1)

    potential = [i for i in snap.forecasts() if i.spike_status is SpikeStatus.POTENTIAL]
    assert len(potential) == 1
    assert potential[0].descriptor is Descriptor.SPIKE
    assert potential[0].spot_range == pytest.approx((0.352, 2.40))
    assert snap.spike_status is SpikeStatus.NONE
    assert snap.demand_window is True
    current = snap.current()
    assert current is not None
    assert current.tariff is not None
    assert current.tariff.season == "summer"
    # The last interval has no tariffInformation; the flag is unknown, not False.
    assert snap.forecasts()[-1].demand_window is None
    assert snap.current(ChannelType.FEED_IN).demand_window is None  # type: ignore[union-attr]
    assert Descriptor.EXTREMELY_LOW.snake == "extremely_low"
    assert snap.renewables == pytest.approx(23.2123456789)


async def test_feed_in_earn_is_positive_when_paid(session, fake_api: FakeApi) -> None:
    fake_api.add(PRICES, Reply(body=fixture("amber_prices_mixed_resolution.json")))
    snap = await _client(session, fake_api).prices(SITE)
    feed = snap.current(ChannelType.FEED_IN)
    assert feed is not None
    assert feed.per_kwh < 0  # Amber: what the customer pays
    assert snap.feed_in_earn == pytest.approx(-feed.per_kwh)
    assert snap.feed_in_earn == pytest.approx((22.95 - 0.62) / 100)
    # The spot price is not sign-flipped on the feed-in channel.
    general = snap.current(ChannelType.GENERAL)
    assert general is not None
    assert feed.spot_per_kwh == general.spot_per_kwh
    earn = feed.advanced_earn
    assert earn is not None
    assert feed.advanced_price is not None
    assert earn.predicted == pytest.approx(-feed.advanced_price.predicted)
    assert earn.low < earn.predicted < earn.high


async def test_feed_in_costs_money_in_solar_soak(session, fake_api: FakeApi) -> None:
    fake_api.add(PRICES, Reply(body=fixture("amber_prices_solar_soak.json")))
    snap = await _client(session, fake_api).prices(SITE, resolution=30)
    assert fake_api.seen[0].query["resolution"] == "30"
    feed = snap.current(ChannelType.FEED_IN)
    assert feed is not None
    assert feed.per_kwh > 0
    assert snap.feed_in_earn is not None
    assert snap.feed_in_earn < 0
    current = snap.current()
    assert current is not None
    assert current.estimate is False
    assert snap.channel(ChannelType.CONTROLLED_LOAD) == ()


async def test_site_without_feed_in(session, fake_api: FakeApi) -> None:
    rows = [r for r in fixture("amber_prices_solar_soak.json") if r["channelType"] == "general"]
    fake_api.add(PRICES, Reply(body=rows))
    snap = await _client(session, fake_api).prices(SITE)
    assert snap.channels == {ChannelType.GENERAL}
    assert snap.feed_in_earn is None


async def test_rate_limit_headers_parsed_case_insensitively(session, fake_api: FakeApi) -> None:
    lower = {k.lower(): v for k, v in RATE_OK.items()}
    fake_api.add(PRICES, Reply(body=[], headers=lower))
    client = _client(session, fake_api)
    snap = await client.prices(SITE)
    assert snap.rate_limit is not None
    assert snap.rate_limit == client.rate_limit
    assert snap.rate_limit.limit == 50
    assert snap.rate_limit.remaining == 44
    assert snap.rate_limit.reset_at == FROZEN + timedelta(seconds=173)
    assert snap.rate_limit.window == timedelta(seconds=300)


async def test_429_raises_with_reset_time(session, fake_api: FakeApi) -> None:
    headers = RATE_OK | {"RateLimit-Remaining": "0", "RateLimit-Reset": "118"}
    fake_api.add(PRICES, Reply(status=429, body={"message": "slow down"}, headers=headers))
    with pytest.raises(AmberRateLimited) as err:
        await _client(session, fake_api).prices(SITE)
    assert err.value.reset_at == FROZEN + timedelta(seconds=118)
    assert err.value.rate_limit is not None
    assert err.value.rate_limit.remaining == 0


async def test_429_without_headers_still_backs_off(session, fake_api: FakeApi) -> None:
    fake_api.add(PRICES, Reply(status=429, body={}))
    with pytest.raises(AmberRateLimited) as err:
        await _client(session, fake_api).prices(SITE)
    assert err.value.reset_at > FROZEN


@pytest.mark.parametrize(
    "case",
    [
        (401, b'{"message": "Unauthorized"}', AmberAuthError),
        (403, b'{"message": "Forbidden"}', AmberAuthError),
        (404, b"{}", AmberRequestError),
        (422, b"{}", AmberRequestError),
        (500, b"oops", AmberConnectionError),
        (503, b"", AmberConnectionError),
        (200, b"[{not json", AmberResponseError),
        (200, b'{"an": "object"}', AmberResponseError),
        (200, json.dumps([{"type": "CurrentInterval"}]).encode(), AmberResponseError),
        (200, b'[{"type": "CurrentInterval", "perKwh": "12"}]', AmberResponseError),
    ],
)
async def test_failures_map_to_errors_without_token(
    session, fake_api: FakeApi, caplog: pytest.LogCaptureFixture, case
) -> None:
    status, raw, error = case
    caplog.set_level(logging.DEBUG)
    fake_api.add(PRICES, Reply(status=status, raw=raw))
    client = _client(session, fake_api)
    with pytest.raises(error) as err:
        await client.prices(SITE)
    assert isinstance(err.value, AmberError)
    text = f"{err.value} {err.value!r} {err.value.__cause__!r} {err.value.__context__!r}"
    assert TOKEN not in text
    assert TOKEN not in caplog.text
    assert str(err.value)  # a message a user can read


async def test_timeout_is_connection_error(session, fake_api: FakeApi) -> None:
    fake_api.add(PRICES, Reply(body=[], delay=1.0))
    client = AmberClient(session, TOKEN, base_url=fake_api.base_url, timeout=0.1)
    with pytest.raises(AmberConnectionError, match="Timed out"):
        await client.prices(SITE)


async def test_unreachable_host_is_connection_error(session, fake_api: FakeApi) -> None:
    url = fake_api.base_url
    await fake_api.server.close()
    with pytest.raises(AmberConnectionError) as err:
        await AmberClient(session, TOKEN, base_url=url).sites()
    assert TOKEN not in str(err.value)


async def test_token_never_in_repr(session) -> None:
    client = AmberClient(session, TOKEN)
    assert TOKEN not in repr(client)
    assert TOKEN not in str(client)
    assert TOKEN not in repr(vars(client) if hasattr(client, "__dict__") else client)


@pytest.mark.parametrize(
    ("kwargs"),
    [{"next_intervals": 2000, "previous": 100}, {"next_intervals": -1}, {"resolution": 15}],
)
async def test_bad_parameters_rejected_locally(session, fake_api: FakeApi, kwargs) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        await _client(session, fake_api).prices(SITE, **kwargs)
    assert fake_api.seen == []


REFERENCE = Path("/work/shared/reference/fixtures")


@pytest.mark.skipif(not REFERENCE.exists(), reason="reference fixtures not on this machine")
@pytest.mark.parametrize(
    "name", ["amber_prices_current_5min.json", "amber_prices_current_30min.json"]
)
async def test_reference_shapes_parse(session, fake_api: FakeApi, name: str) -> None:
    """Cross-check against the documented shapes, read at run time (never copied)."""
    fake_api.add(PRICES, Reply(body=json.loads((REFERENCE / name).read_text())))
    snap = await _client(session, fake_api).prices(SITE)
    assert snap.current() is not None
    assert snap.current(ChannelType.FEED_IN) is not None
    assert len(snap.channel(ChannelType.GENERAL)) == len(snap.channel(ChannelType.FEED_IN))


async def test_as_dict_names_feed_in_as_earnings(session, fake_api: FakeApi) -> None:
    fake_api.add(PRICES, Reply(body=fixture("amber_prices_mixed_resolution.json")))
    snap = await _client(session, fake_api).prices(SITE)
    spike = snap.forecasts(ChannelType.FEED_IN)[5]
    item = spike.as_dict()
    assert "per_kwh" not in item
    assert item["feed_in_earn"] == pytest.approx(0.8778)
    assert item["advanced_earn_low"] < item["advanced_earn_predicted"] < item["advanced_earn_high"]
    assert item["spike_status"] == "potential"
    assert item["range_min"] == pytest.approx(0.352)
    general = snap.current().as_dict()  # type: ignore[union-attr]
    assert general["per_kwh"] == pytest.approx(0.5533)
    assert general["descriptor"] == "high"
    assert general["start_time"] == "2025-02-03T07:05:00+00:00"
    assert general["duration_minutes"] == 5
    assert general["demand_window"] is True
    json.dumps([i.as_dict() for i in snap.intervals])  # serialisable


async def test_happy_path_logs_without_token(
    session, fake_api: FakeApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake_api.add("/v1/sites", Reply(body=fixture("amber_site_list.json"), headers=RATE_OK))
    await _client(session, fake_api).sites()
    assert "Amber GET /sites" in caplog.text
    assert TOKEN not in caplog.text


async def test_price_series_for_planners(session, fake_api: FakeApi) -> None:
    fake_api.add(PRICES, Reply(body=fixture("amber_prices_mixed_resolution.json")))
    snap = await _client(session, fake_api).prices(SITE)
    general = snap.price_series()
    assert len(general) == 9  # current + 8 forecasts, no actuals
    assert general[0][0] == datetime(2025, 2, 3, 7, 5, tzinfo=UTC)
    assert general[0][2] == pytest.approx(0.5533)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(general))
    feed = snap.price_series(ChannelType.FEED_IN)
    assert all(value > 0 for _, _, value in feed)  # evening export earns
    advanced = snap.price_series(ChannelType.FEED_IN, advanced=True)
    spike = snap.forecasts(ChannelType.FEED_IN)[5]
    assert spike.advanced_earn is not None
    assert advanced[6][2] == pytest.approx(spike.advanced_earn.predicted)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("perKwh", "53.6", "price is not a number: str"),
        ("perKwh", True, "price is not a number: bool"),
        ("startTime", "2025-02-03T07:00:01", "timestamp without offset"),
    ],
)
async def test_a_malformed_interval_is_refused_with_its_cause(
    session, fake_api: FakeApi, field: str, value: object, words: str
) -> None:
    """A price as text or a local timestamp is refused, not read as a number or as UTC."""
    items = fixture("amber_prices_mixed_resolution.json")
    items[0][field] = value
    fake_api.add(PRICES, Reply(body=items))
    with pytest.raises(AmberResponseError, match=words):
        await _client(session, fake_api).prices(SITE)
