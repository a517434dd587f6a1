"""Amber and Open-Meteo coordinators and entities against the replay server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import logging
from typing import Any

import aiohttp
from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.energy import async_get_solar_forecast
from custom_components.sigenstor.sources.const import CONF_AMBER_TOKEN
from custom_components.sigenstor.sources.forecast_accuracy import ForecastAccuracy
from replay import DEMO_TOKEN

from ..conftest import SERIAL
from ..integration.helpers import entity_id, setup_entry
from .conftest import Replay, replay_config, with_options


def _state(hass: HomeAssistant, platform: str, unique: str) -> str:
    state = hass.states.get(entity_id(hass, platform, f"{SERIAL}_{unique}"))
    assert state is not None, unique
    return state.state


async def _raw_current(replay: Replay, channel: str) -> dict[str, object]:
    """The CurrentInterval of a channel straight from the replay server's JSON."""
    async with (
        aiohttp.ClientSession() as session,
        session.get(
            f"{replay.base_url}/sites/01REPLAYSITE0000000000000A/prices/current",
            params={"next": "0"},
            headers={"Authorization": f"Bearer {DEMO_TOKEN}"},
        ) as resp,
    ):
        body = await resp.json()
    return next(i for i in body if i["type"] == "CurrentInterval" and i["channelType"] == channel)


async def test_price_and_solar_entities(
    hass: HomeAssistant, sources_entry: MockConfigEntry, replay: Replay
) -> None:
    """Prices in AUD/kWh (feed-in positive when earned), flags, and the solar forecast."""
    await setup_entry(hass, sources_entry)
    general = float(_state(hass, "sensor", "amber_general_price"))
    feed_in = float(_state(hass, "sensor", "amber_feed_in_earnings_rate"))
    raw_general = await _raw_current(replay, "general")
    raw_feed_in = await _raw_current(replay, "feedIn")
    assert general == pytest.approx(float(raw_general["perKwh"]) / 100)  # type: ignore[arg-type]
    # Amber reports feed-in as what the customer pays: earning is negative there.
    assert feed_in == pytest.approx(-float(raw_feed_in["perKwh"]) / 100)  # type: ignore[arg-type]
    state = hass.states.get(entity_id(hass, "sensor", f"{SERIAL}_amber_general_price"))
    assert state is not None
    assert state.attributes["unit_of_measurement"] == "$/kWh"
    assert "forecast" not in state.attributes
    assert "forecasts" not in state.attributes
    assert _state(hass, "sensor", "amber_price_descriptor") == str(
        raw_general["descriptor"]
    ).replace("veryLow", "very_low").replace("extremelyLow", "extremely_low")
    spike = _state(hass, "binary_sensor", "amber_price_spike")
    assert spike == ("on" if raw_general["spikeStatus"] == "spike" else "off")
    potential = _state(hass, "binary_sensor", "amber_price_spike_potential")
    assert potential == ("on" if raw_general["spikeStatus"] == "potential" else "off")
    assert float(_state(hass, "sensor", "amber_renewables")) == pytest.approx(
        float(raw_general["renewables"])  # type: ignore[arg-type]
    )
    for key in ("today", "tomorrow", "remaining_today", "next_hour"):
        assert float(_state(hass, "sensor", f"solar_pv_forecast_{key}")) >= 0
    assert float(_state(hass, "sensor", "solar_pv_forecast_tomorrow")) > 1.0
    # No history yet: the 7-day error is unknown.
    assert _state(hass, "sensor", "solar_pv_forecast_error_7d") == "unknown"

    devices = dr.async_get(hass)
    amber = devices.async_get_device({(DOMAIN, f"{SERIAL}_amber")})
    solar = devices.async_get_device({(DOMAIN, f"{SERIAL}_solar_forecast")})
    plant = devices.async_get_device({(DOMAIN, f"{SERIAL}_plant")})
    assert amber
    assert solar
    assert plant
    assert amber.entry_type is dr.DeviceEntryType.SERVICE
    assert amber.via_device_id == plant.id
    assert solar.via_device_id == plant.id


async def test_energy_platform_shape(hass: HomeAssistant, sources_entry: MockConfigEntry) -> None:
    """wh_hours maps ISO hour starts to Wh; None for a foreign or unknown entry."""
    await setup_entry(hass, sources_entry)
    result = await async_get_solar_forecast(hass, sources_entry.entry_id)
    assert result is not None
    hours = result["wh_hours"]
    assert len(hours) >= 48
    for key, value in hours.items():
        moment = dt_util.parse_datetime(key)
        assert moment is not None
        assert moment.tzinfo is not None
        assert moment.minute == 0
        assert value >= 0
    assert sum(hours.values()) > 1000
    assert await async_get_solar_forecast(hass, "nope") is None


async def test_get_price_forecast(hass: HomeAssistant, sources_entry: MockConfigEntry) -> None:
    """Both channels with the advanced band; feed-in as earnings."""
    await setup_entry(hass, sources_entry)
    response: Any = await hass.services.async_call(
        DOMAIN,
        "get_price_forecast",
        {"config_entry_id": sources_entry.entry_id},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    general, feed_in = response["general"], response["feed_in"]
    assert isinstance(general, list)
    assert isinstance(feed_in, list)
    for items in (general, feed_in):
        first = dt_util.parse_datetime(items[0]["start_time"])
        last = dt_util.parse_datetime(items[-1]["end_time"])
        assert first is not None
        assert last is not None
        assert last - first >= timedelta(hours=24)  # 5- and 30-minute intervals mixed
    forecasts = [i for i in general if i["type"] == "ForecastInterval"]
    assert forecasts
    assert all("advanced_price_predicted" in i for i in forecasts)
    assert any(i["advanced_price_low"] is not None for i in forecasts)
    assert all("feed_in_earn" in i and "per_kwh" not in i for i in feed_in)
    state = float(_state(hass, "sensor", "amber_feed_in_earnings_rate"))
    current = next(i for i in feed_in if i["type"] == "CurrentInterval")
    assert current["feed_in_earn"] == pytest.approx(state)


async def test_amber_failure_leaves_plant_available(
    hass: HomeAssistant, sources_entry: MockConfigEntry, replay: Replay
) -> None:
    """5xx, then malformed JSON: only Amber entities go unavailable, then they recover."""
    await setup_entry(hass, sources_entry)
    price = "amber_general_price"
    assert _state(hass, "sensor", price) != STATE_UNAVAILABLE
    coordinator = sources_entry.runtime_data.sources.prices
    for fault in (500, "json"):
        replay.fail("amber", fault)
        await coordinator.async_refresh()
        await hass.async_block_till_done()
        assert _state(hass, "sensor", price) == STATE_UNAVAILABLE
        assert _state(hass, "binary_sensor", "amber_price_spike") == STATE_UNAVAILABLE
        assert _state(hass, "sensor", "plant_pv_power") != STATE_UNAVAILABLE
        assert _state(hass, "sensor", "solar_pv_forecast_tomorrow") != STATE_UNAVAILABLE
        # Retried a minute later, and the next poll recovers.
        assert coordinator.update_interval == timedelta(minutes=1)
        await coordinator.async_refresh()
        await hass.async_block_till_done()
        assert _state(hass, "sensor", price) != STATE_UNAVAILABLE


async def test_open_meteo_failure_is_independent(
    hass: HomeAssistant, sources_entry: MockConfigEntry, replay: Replay
) -> None:
    """A 429 from Open-Meteo makes only the forecast unavailable, with a clear error."""
    await setup_entry(hass, sources_entry)
    coordinator = sources_entry.runtime_data.sources.solar
    replay.fail("open_meteo", 429, count=5)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert _state(hass, "sensor", "solar_pv_forecast_today") == STATE_UNAVAILABLE
    assert _state(hass, "sensor", "amber_general_price") != STATE_UNAVAILABLE
    assert "rate limit" in str(coordinator.last_exception).lower()
    replay.clear()
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert _state(hass, "sensor", "solar_pv_forecast_today") != STATE_UNAVAILABLE


SHIFT: list[timedelta] = [timedelta(0)]


def _shifted_now() -> datetime:
    return datetime.now(UTC) + SHIFT[0]


@pytest.mark.parametrize(
    "replay_settings", [replay_config(rate_limit=2, rate_window=300, clock=_shifted_now)]
)
async def test_rate_limit_waits_for_reset(
    hass: HomeAssistant, sources_entry: MockConfigEntry, replay: Replay
) -> None:
    """After a 429 the next poll waits for the reset time, then succeeds."""
    SHIFT[0] = timedelta(0)
    await setup_entry(hass, sources_entry)
    coordinator = sources_entry.runtime_data.sources.prices
    await coordinator.async_refresh()  # second request: budget now spent
    assert coordinator.last_update_success
    assert coordinator.update_interval is not None
    assert coordinator.update_interval > timedelta(minutes=2)  # paced until the window resets
    await coordinator.async_refresh()  # third request: 429
    assert not coordinator.last_update_success
    reset_at = coordinator.rate_limited_until
    assert reset_at is not None
    wait = reset_at - dt_util.utcnow()
    assert timedelta(minutes=4) < wait <= timedelta(minutes=5)
    assert coordinator.update_interval >= wait
    # Nothing is retried before the reset.
    async_fire_time_changed(hass, dt_util.utcnow() + wait - timedelta(seconds=30))
    await hass.async_block_till_done()
    assert not coordinator.last_update_success
    SHIFT[0] = wait + timedelta(seconds=5)  # the server's window has reset by then
    async_fire_time_changed(hass, dt_util.utcnow() + wait + timedelta(seconds=5))
    await hass.async_block_till_done(wait_background_tasks=True)
    assert coordinator.last_update_success
    SHIFT[0] = timedelta(0)


async def test_invalid_token_starts_reauth(
    hass: HomeAssistant, sources_entry: MockConfigEntry, replay: Replay
) -> None:
    """A rejected token while polling starts reauth; a good token fixes it."""
    entry = with_options(sources_entry, **{CONF_AMBER_TOKEN: "psk_wrong"})
    await setup_entry(hass, entry)
    assert _state(hass, "sensor", "amber_general_price") == STATE_UNAVAILABLE
    flows = list(entry.async_get_active_flows(hass, {SOURCE_REAUTH}))
    assert len(flows) == 1
    flow_id = flows[0]["flow_id"]
    result = await hass.config_entries.flow.async_configure(flow_id, {CONF_AMBER_TOKEN: "bad"})
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(flow_id, {CONF_AMBER_TOKEN: DEMO_TOKEN})
    assert result["type"] == "abort"
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.options[CONF_AMBER_TOKEN] == DEMO_TOKEN
    assert _state(hass, "sensor", "amber_general_price") != STATE_UNAVAILABLE


async def test_token_not_in_diagnostics_or_logs(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    sources_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The token is redacted in diagnostics and never logged, even at debug level."""
    caplog.set_level(logging.DEBUG)
    await setup_entry(hass, sources_entry)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, sources_entry)
    assert DEMO_TOKEN not in str(diagnostics)
    assert diagnostics["entry"]["options"][CONF_AMBER_TOKEN] == "**REDACTED**"
    amber = diagnostics["sources"]["amber"]
    assert amber["last_update_success"] is True
    assert amber["age_s"] >= 0
    assert diagnostics["sources"]["open_meteo"]["last_updated"] is not None
    assert DEMO_TOKEN not in caplog.text
    registry = er.async_get(hass)
    assert all(
        DEMO_TOKEN not in (e.unique_id or "")
        for e in er.async_entries_for_config_entry(registry, sources_entry.entry_id)
    )


async def test_seven_day_error_and_learned_correction_from_stored_history(
    hass: HomeAssistant,
    sources_entry: MockConfigEntry,
    replay: Replay,
    hass_storage: dict[str, Any],
) -> None:
    """A week of stored history (forecast 25 % high) shows as the error and lowers the forecast."""
    tz = dt_util.get_default_time_zone()
    history = ForecastAccuracy(tz)
    today = dt_util.now().replace(hour=0, minute=0, second=0, microsecond=0)
    for back in range(1, 8):
        for hour in range(8, 17):
            start = today - timedelta(days=back) + timedelta(hours=hour)
            history.record(start, forecast_wh=1250.0, measured_wh=1000.0)
    key = f"{DOMAIN}.{sources_entry.entry_id}.forecast_accuracy"
    hass_storage[key] = {"version": 1, "minor_version": 1, "key": key, "data": history.to_dict()}
    await setup_entry(hass, sources_entry)

    # nMAE = |1250 - 1000| / 1000 over every stored daylight hour.
    assert float(_state(hass, "sensor", "solar_pv_forecast_error_7d")) == pytest.approx(25.0)
    sources = sources_entry.runtime_data.sources
    assert sources is not None
    assert sources.solar is not None
    data = sources.solar.data
    raw, shown = data.raw.wh_hours(), data.forecast.wh_hours()
    # The learned factor 1000/1250, shrunk toward 1 by 7 / (7 + 2) days, applies at 12:00.
    noon = next(h for h in raw if h.astimezone(tz).hour == 12 and raw[h] > 0)
    expected = 1 + (0.8 - 1) * 7 / 9
    assert shown[noon] == pytest.approx(raw[noon] * expected, rel=1e-3)
