"""The Open-Meteo coordinator's failures (HTTP layer) and its learning from measured hours."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Any

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers.update_coordinator import UpdateFailed
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.sources.const import CONF_OPEN_METEO_BASE_URL, CONF_PV_ARRAYS
from custom_components.sigenstor.sources.solar_coordinator import SAVE_DELAY_S, SolarCoordinator

from ..conftest import SERIAL
from ..integration.helpers import entity_id, setup_entry
from .conftest import ARRAY, Replay, with_options

TODAY = f"{SERIAL}_solar_pv_forecast_today"


def _solar(entry: MockConfigEntry) -> SolarCoordinator:
    sources = entry.runtime_data.sources
    assert sources is not None
    solar = sources.solar
    assert isinstance(solar, SolarCoordinator)
    return solar


def _today(hass: HomeAssistant) -> str:
    state = hass.states.get(entity_id(hass, "sensor", TODAY))
    assert state is not None
    return state.state


@pytest.mark.parametrize(
    ("status", "key", "words"),
    [
        (400, "open_meteo_bad_request", "rejected the request"),
        (401, "open_meteo_invalid_key", "rejected the API key"),
        (503, "open_meteo_unavailable", "HTTP 503"),
        ("json", "open_meteo_unavailable", "malformed JSON"),
    ],
)
async def test_each_open_meteo_failure_is_named_and_the_next_poll_recovers(
    hass: HomeAssistant,
    sources_entry: MockConfigEntry,
    replay: Replay,
    *,
    status: int | str,
    key: str,
    words: str,
) -> None:
    """The forecast goes unavailable with a translated reason; the retry brings it back."""
    await setup_entry(hass, sources_entry)
    solar = _solar(sources_entry)
    fetched = solar.last_success_at
    assert fetched is not None
    replay.fail("open_meteo", status)
    await solar.async_refresh()
    await hass.async_block_till_done()
    assert _today(hass) == STATE_UNAVAILABLE
    err = solar.last_exception
    assert isinstance(err, UpdateFailed)
    assert err.translation_key == key
    assert words in str((err.translation_placeholders or {}).get("error"))
    assert solar.last_success_at == fetched  # the age keeps growing while it fails
    await solar.async_refresh()
    await hass.async_block_till_done()
    assert _today(hass) != STATE_UNAVAILABLE
    assert solar.last_success_at is not None
    assert solar.last_success_at > fetched


def _producing_hour(solar: SolarCoordinator) -> Any:
    """The first forecast hour with a useful amount of solar energy, after the current hour.

    Later than the hour the plant's own samples are in: the meter only moves forward.
    """
    assert solar.data is not None
    hours = solar.data.raw.wh_hours()
    after = dt_util.utcnow() + timedelta(hours=1)
    return next(hour for hour, wh in sorted(hours.items()) if wh > 500 and hour > after)


async def test_a_measured_hour_is_learned_stored_and_shown(
    hass: HomeAssistant,
    sources_entry: MockConfigEntry,
    replay: Replay,
    hass_storage: dict[str, Any],
) -> None:
    """Samples covering an hour are recorded against the forecast and saved after a delay."""
    await setup_entry(hass, sources_entry)
    solar = _solar(sources_entry)
    assert solar.data is not None
    hour = _producing_hour(solar)
    raw_wh = solar.data.raw.wh_hours()[hour]
    updates: list[None] = []
    solar.async_add_listener(lambda: updates.append(None))
    for minute in range(0, 65, 5):  # 2 kW from the hour's start to 5 min past its end
        solar.async_pv_sample(hour + timedelta(minutes=minute), 2.0)
    assert len(updates) == 1
    local = hour.astimezone(solar.tz)
    stored = solar.accuracy.to_dict()["samples"][local.date().isoformat()][str(local.hour)]
    assert stored[0] == pytest.approx(raw_wh)
    assert stored[2] == pytest.approx(2000.0)
    key = f"{DOMAIN}.{sources_entry.entry_id}.forecast_accuracy"
    assert key not in hass_storage
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=SAVE_DELAY_S + 1))
    await hass.async_block_till_done()
    saved = hass_storage[key]["data"]["samples"][local.date().isoformat()][str(local.hour)]
    assert saved == pytest.approx(stored)


async def test_an_hour_measured_only_in_part_is_not_learned(
    hass: HomeAssistant, sources_entry: MockConfigEntry, replay: Replay
) -> None:
    """Half an hour of samples (Home Assistant started mid-hour, or a gap) teaches nothing."""
    await setup_entry(hass, sources_entry)
    solar = _solar(sources_entry)
    hour = _producing_hour(solar)
    for minute in range(30, 65, 5):
        solar.async_pv_sample(hour + timedelta(minutes=minute), 2.0)
    solar.async_pv_sample(hour + timedelta(minutes=70), None)  # the plant stopped answering
    assert solar.accuracy.to_dict()["samples"] == {}


async def test_an_invalid_stored_array_is_skipped_with_a_warning(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    replay: Replay,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A PV array missing its size is ignored; the valid one is still forecast."""
    broken = {key: value for key, value in ARRAY.items() if key != "kwp"} | {"name": "Shed"}
    entry = with_options(
        mock_config_entry,
        **{CONF_OPEN_METEO_BASE_URL: replay.base_url, CONF_PV_ARRAYS: [ARRAY, broken]},
    )
    caplog.set_level(logging.WARNING)
    await setup_entry(hass, entry)
    solar = _solar(entry)
    assert [array.name for array in solar.arrays] == ["North roof"]
    assert "Ignoring an invalid PV array in the options: 'kwp'" in caplog.text
    assert float(_today(hass)) >= 0
