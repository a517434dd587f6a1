"""The replay server's Open-Meteo route, read through our own OpenMeteoClient."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestServer as HttpServer
import pytest

from custom_components.sigenstor.sources.open_meteo import (
    OpenMeteoClient,
    OpenMeteoConnectionError,
    OpenMeteoRateLimited,
    OpenMeteoRequestError,
)
from custom_components.sigenstor.sources.pv_model import PvArray
from replay import ReplayConfig, create_app

BRISBANE = ZoneInfo("Australia/Brisbane")
NOW = datetime(2025, 1, 20, 9, 0, tzinfo=BRISBANE).astimezone(UTC)
WINTER = datetime(2025, 6, 20, 9, 0, tzinfo=BRISBANE).astimezone(UTC)
LAT, LON = -27.47, 153.03


async def _serve(now: datetime) -> HttpServer:
    config = ReplayConfig(seed=4, clock=lambda: now, open_meteo_per_minute=6)
    server = HttpServer(create_app(config), host="127.0.0.1")
    await server.start_server()
    return server


@pytest.fixture
async def base_url(socket_enabled: None) -> AsyncIterator[str]:
    server = await _serve(NOW)
    yield str(server.make_url("/v1"))
    await server.close()


@pytest.fixture
async def winter_url(socket_enabled: None) -> AsyncIterator[str]:
    server = await _serve(WINTER)
    yield str(server.make_url("/v1"))
    await server.close()


def _array(name: str, azimuth: float, tilt: float = 30.0) -> PvArray:
    return PvArray(name, kwp=5.0, tilt=tilt, azimuth=azimuth, efficiency=0.93)


async def test_forecast_parses_and_follows_the_sun(session, base_url: str) -> None:
    client = OpenMeteoClient(session, base_url=base_url)
    fc = await client.forecast(LAT, LON, [_array("north", 0)], "Australia/Brisbane")
    day_start = datetime(2025, 1, 20, tzinfo=BRISBANE)
    # Today from local midnight; the first value covers the quarter before it.
    assert fc.steps[0].end == day_start
    assert fc.steps[-1].end == day_start + timedelta(days=3) - timedelta(minutes=15)
    assert fc.power_at(day_start + timedelta(hours=2)) == 0.0  # night
    assert fc.power_at(day_start + timedelta(hours=12)) > 1500.0  # summer midday
    assert 10_000 < fc.energy_today(NOW) < 45_000
    assert fc.steps[1].end - fc.steps[1].start == timedelta(minutes=15)
    dash = fc.as_energy_dashboard()["wh_hours"]
    assert "2025-01-20T12:00:00+10:00" in dash


async def test_azimuth_convention_end_to_end(session, winter_url: str) -> None:
    """In a Brisbane winter the sun is north: a north array (compass 0) beats a south one."""
    client = OpenMeteoClient(session, base_url=winter_url)
    tz = "Australia/Brisbane"
    north = await client.forecast(LAT, LON, [_array("n", 0, tilt=45)], tz)
    south = await client.forecast(LAT, LON, [_array("s", 180, tilt=45)], tz)
    east = await client.forecast(LAT, LON, [_array("e", 90, tilt=45)], tz)
    west = await client.forecast(LAT, LON, [_array("w", 270, tilt=45)], tz)
    assert north.energy_today(WINTER) > 2.0 * south.energy_today(WINTER)
    morning = datetime(2025, 6, 20, 8, tzinfo=BRISBANE)
    afternoon = datetime(2025, 6, 20, 16, tzinfo=BRISBANE)
    assert east.power_at(morning) > west.power_at(morning)
    assert west.power_at(afternoon) > east.power_at(afternoon)


async def test_deterministic_for_a_seed(session, base_url: str) -> None:
    client = OpenMeteoClient(session, base_url=base_url)
    a = await client.forecast(LAT, LON, [_array("n", 0)], "Australia/Brisbane")
    b = await client.forecast(LAT, LON, [_array("n", 0)], "Australia/Brisbane")
    assert a.steps == b.steps


async def test_bad_request_rate_limit_and_faults(session, base_url: str) -> None:
    client = OpenMeteoClient(session, base_url=base_url)
    with pytest.raises(OpenMeteoRequestError, match="Latitude must be in range"):
        await client.forecast(-127.0, LON, [_array("n", 0)], "Australia/Brisbane")
    root = base_url.removesuffix("/v1")
    async with session.post(f"{root}/_replay/fault", json={"service": "open_meteo"}) as resp:
        assert resp.status == 200
    with pytest.raises(OpenMeteoConnectionError):
        await client.forecast(LAT, LON, [_array("n", 0)], "Australia/Brisbane")
    for _ in range(4):  # 6 per minute: 2 used above
        await client.forecast(LAT, LON, [_array("n", 0)], "Australia/Brisbane")
    with pytest.raises(OpenMeteoRateLimited, match="Minutely API request limit"):
        await client.forecast(LAT, LON, [_array("n", 0)], "Australia/Brisbane")


async def test_iso_and_daily_output(session, base_url: str) -> None:
    params = {
        "latitude": str(LAT),
        "longitude": str(LON),
        "hourly": "global_tilted_irradiance,temperature_2m,cloud_cover",
        "daily": "sunrise,sunset",
        "tilt": "20",
        "azimuth": "180",
        "timezone": "Australia/Brisbane",
        "forecast_days": "2",
    }
    async with session.get(f"{base_url}/forecast", params=params) as resp:
        body = await resp.json()
    assert body["utc_offset_seconds"] == 36000
    assert body["hourly"]["time"][:2] == ["2025-01-20T00:00", "2025-01-20T01:00"]
    assert len(body["hourly"]["time"]) == 48
    assert body["daily"]["sunrise"][0].startswith("2025-01-20T05:")
    assert body["daily"]["sunset"][0].startswith("2025-01-20T18:")
    assert all(0 <= c <= 100 for c in body["hourly"]["cloud_cover"])
    params["hourly"] = "not_a_variable"
    async with session.get(f"{base_url}/forecast", params=params) as resp:
        assert resp.status == 400
        assert "not_a_variable" in (await resp.json())["reason"]
