"""OpenMeteoClient against a scripted HTTP server on 127.0.0.1."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from custom_components.sigenstor.sources.open_meteo import (
    OPEN_METEO_CUSTOMER_URL,
    OpenMeteoAuthError,
    OpenMeteoClient,
    OpenMeteoConnectionError,
    OpenMeteoError,
    OpenMeteoRateLimited,
    OpenMeteoRequestError,
    OpenMeteoResponseError,
)
from custom_components.sigenstor.sources.pv_model import PvArray, array_power_kw
from tests.sources.fake_http import FakeApi, Reply, fixture

BRISBANE = ZoneInfo("Australia/Brisbane")
NORTH = PvArray("north", kwp=6.6, tilt=22, azimuth=0, ac_limit_kw=5.0, efficiency=0.93)
PATH = "/v1/forecast"


def _client(session: aiohttp.ClientSession, api: FakeApi, **kwargs) -> OpenMeteoClient:
    return OpenMeteoClient(session, base_url=api.base_url, **kwargs)


async def test_request_parameters_and_azimuth_conversion(session, fake_api: FakeApi) -> None:
    fake_api.add(PATH, Reply(body=fixture("open_meteo_hourly_two_days.json")))
    east = PvArray("east", kwp=3.0, tilt=15, azimuth=90)
    west = PvArray("west", kwp=3.0, tilt=15, azimuth=270)
    await _client(session, fake_api).forecast(
        -27.47, 153.03, [NORTH, east, west], "Australia/Brisbane"
    )

    sent = sorted((q.query for q in fake_api.seen), key=lambda q: float(q["azimuth"]))
    assert [(q["tilt"], q["azimuth"]) for q in sent] == [("15", "-90"), ("15", "90"), ("22", "180")]
    for query in sent:
        assert set(query["hourly"].split(",")) == {"global_tilted_irradiance", "temperature_2m"}
        assert set(query["minutely_15"].split(",")) == {
            "global_tilted_irradiance",
            "temperature_2m",
        }
        assert query["timezone"] == "Australia/Brisbane"
        assert query["latitude"] == "-27.4700"
        assert "apikey" not in query


async def test_same_orientation_shares_one_request(session, fake_api: FakeApi) -> None:
    fake_api.add(PATH, Reply(body=fixture("open_meteo_hourly_two_days.json")))
    twin = PvArray("north2", kwp=3.3, tilt=22, azimuth=0)
    fc = await _client(session, fake_api).forecast(-27.47, 153.03, [NORTH, twin], BRISBANE)
    assert len(fake_api.seen) == 1
    single = await _client(session, fake_api).forecast(-27.47, 153.03, [NORTH], BRISBANE)
    noon = datetime(2025, 2, 3, 12, 30, tzinfo=BRISBANE)
    assert fc.power_at(noon) > single.power_at(noon)


async def test_hourly_steps_model_and_dashboard(session, fake_api: FakeApi) -> None:
    body = fixture("open_meteo_hourly_two_days.json")
    fake_api.add(PATH, Reply(body=body))
    fc = await _client(session, fake_api).forecast(-27.47, 153.03, [NORTH], BRISBANE)

    hourly = body["hourly"]
    assert len(fc.steps) == len(hourly["time"])
    # Radiation is the mean over the preceding hour: the value stamped 13:00 covers 12:00-13:00.
    idx = hourly["time"].index("2025-02-03T13:00")
    temp = (hourly["temperature_2m"][idx - 1] + hourly["temperature_2m"][idx]) / 2
    expected_w = 1000 * array_power_kw(NORTH, hourly["global_tilted_irradiance"][idx], temp)
    assert fc.power_at(datetime(2025, 2, 3, 12, 15, tzinfo=BRISBANE)) == pytest.approx(expected_w)
    assert expected_w > 0

    dash = fc.as_energy_dashboard()["wh_hours"]
    assert dash["2025-02-03T12:00:00+10:00"] == pytest.approx(expected_w, abs=0.05)
    assert len(dash) == 48
    assert all(v >= 0 for v in dash.values())
    day = datetime(2025, 2, 3, 9, tzinfo=BRISBANE)
    assert sum(v for k, v in dash.items() if k.startswith("2025-02-03")) == pytest.approx(
        fc.energy_today(day), abs=1.0
    )
    assert fc.energy_tomorrow(day) > 0
    assert max(s.watts for s in fc.steps) <= 5000.0  # AC limit


async def test_quarter_hours_where_offered_then_hourly(session, fake_api: FakeApi) -> None:
    body = fixture("open_meteo_quarter_hour.json")
    fake_api.add(PATH, Reply(body=body))
    fc = await _client(session, fake_api).forecast(-27.47, 153.03, [NORTH], BRISBANE)
    lengths = [s.end - s.start for s in fc.steps]
    quarter = lengths.count(timedelta(minutes=15))
    # The fixture offers 96 quarter-hours (day one); the hour straddling the switch adds the
    # remaining quarter, so steps tile time.
    assert quarter == 97
    assert lengths[-1] == timedelta(hours=1)
    assert lengths == sorted(lengths)
    for prev, nxt in zip(fc.steps, fc.steps[1:], strict=False):
        assert nxt.start == prev.end  # no gap or overlap at the switch


async def test_unixtime_and_iso_parse_to_the_same_instants(session, fake_api: FakeApi) -> None:
    body = fixture("open_meteo_hourly_two_days.json")
    unix = dict(body)
    unix["hourly"] = dict(body["hourly"])
    unix["hourly"]["time"] = [
        int(datetime.fromisoformat(t).replace(tzinfo=BRISBANE).timestamp())
        for t in body["hourly"]["time"]
    ]
    fake_api.add(PATH, Reply(body=body))
    iso_fc = await _client(session, fake_api).forecast(-27.47, 153.03, [NORTH], BRISBANE)
    fake_api.replies[PATH] = [Reply(body=unix)]
    unix_fc = await _client(session, fake_api).forecast(-27.47, 153.03, [NORTH], BRISBANE)
    assert iso_fc.steps == unix_fc.steps


async def test_api_key_goes_to_the_customer_host(session) -> None:
    client = OpenMeteoClient(session, api_key="secret-key")
    assert OPEN_METEO_CUSTOMER_URL in repr(client)
    assert "secret-key" not in repr(client)


async def test_api_key_sent_as_parameter(session, fake_api: FakeApi) -> None:
    fake_api.add(PATH, Reply(body=fixture("open_meteo_hourly_two_days.json")))
    await _client(session, fake_api, api_key="k123").forecast(-27.47, 153.03, [NORTH], BRISBANE)
    assert fake_api.seen[0].query["apikey"] == "k123"


@pytest.mark.parametrize(
    "case",
    [
        (400, "open_meteo_err_bad_request.json", OpenMeteoRequestError, "invalid String value"),
        (429, "open_meteo_err_rate_limit.json", OpenMeteoRateLimited, "Hourly API request limit"),
    ],
)
async def test_errors_carry_the_reason(session, fake_api: FakeApi, case) -> None:
    status, name, error, text = case
    fake_api.add(PATH, Reply(status=status, body=fixture(name)))
    with pytest.raises(error, match=text):
        await _client(session, fake_api).forecast(-27.47, 153.03, [NORTH], BRISBANE)


@pytest.mark.parametrize(
    ("status", "raw", "error"),
    [
        (401, b'{"error": true, "reason": "Invalid API key"}', OpenMeteoAuthError),
        (502, b"<html>bad gateway</html>", OpenMeteoConnectionError),
        (200, b"{truncated", OpenMeteoResponseError),
        (200, b'{"hourly": {"time": ["2025-02-03T00:00"]}}', OpenMeteoResponseError),
        (
            200,
            b'{"hourly": {"time": [1, 2], "global_tilted_irradiance": [0]}}',
            OpenMeteoResponseError,
        ),
    ],
)
async def test_failures(session, fake_api: FakeApi, status, raw, error) -> None:
    fake_api.add(PATH, Reply(status=status, raw=raw))
    with pytest.raises(error) as err:
        await _client(session, fake_api).forecast(-27.47, 153.03, [NORTH], BRISBANE)
    assert isinstance(err.value, OpenMeteoError)
    assert str(err.value)


async def test_timeout(session, fake_api: FakeApi) -> None:
    fake_api.add(PATH, Reply(body={}, delay=1.0))
    with pytest.raises(OpenMeteoConnectionError, match="Timed out"):
        await _client(session, fake_api, timeout=0.1).forecast(-27.47, 153.03, [NORTH], BRISBANE)


async def test_no_arrays_rejected(session) -> None:
    with pytest.raises(ValueError, match="array"):
        await OpenMeteoClient(session).forecast(-27.47, 153.03, [], BRISBANE)
