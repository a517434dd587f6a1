"""Setup, unload, outages and recovery, spacing, and the phantom-energy guard."""

from __future__ import annotations

import asyncio
from datetime import timedelta
import itertools
import logging

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.sigenstor.const import CONF_MIN_REQUEST_INTERVAL
from custom_components.sigenstor.sensor import near_midnight
from custom_components.sigenstor.sigen.registers import PLANT_UNIT_ID, Tier
from simulator import Simulator

from ..conftest import SERIAL
from .helpers import entity_id, setup_entry

SOC = f"{SERIAL}_plant_battery_soc"
PV_ENERGY = f"{SERIAL}_plant_pv_energy"


async def _tick(hass: HomeAssistant, seconds: float) -> None:
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=seconds))
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_setup_and_unload(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """The entry loads, polls, and unloads leaving no connection behind."""
    await setup_entry(hass, mock_config_entry)
    assert mock_config_entry.state is ConfigEntryState.LOADED
    state = hass.states.get(entity_id(hass, "sensor", SOC))
    assert state is not None
    assert float(state.state) == pytest.approx(float(simulator.value("plant_ess_soc")))  # type: ignore[arg-type]
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    unloaded = hass.config_entries.async_get_entry(mock_config_entry.entry_id)
    assert unloaded is not None
    assert unloaded.state is ConfigEntryState.NOT_LOADED
    count = len(simulator.requests)
    await _tick(hass, 120)
    assert len(simulator.requests) == count


async def test_setup_retries_when_plant_unreachable(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A plant that drops every request leaves the entry in setup-retry."""
    simulator.faults.drop_next_requests = 1_000_000
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY


async def test_outage_unavailable_then_recovery_logs_once_each(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Entities go unavailable during an outage with one log line and return with one."""
    await setup_entry(hass, mock_config_entry)
    soc = entity_id(hass, "sensor", SOC)
    caplog.set_level(logging.INFO, logger="custom_components.sigenstor")
    caplog.clear()
    simulator.faults.drop_next_requests = 1_000_000
    for _ in range(4):
        await _tick(hass, 61)
    state = hass.states.get(soc)
    assert state is not None
    assert state.state == STATE_UNAVAILABLE
    lost = [r for r in caplog.records if "stopped answering" in r.getMessage()]
    assert len(lost) == 1
    simulator.faults.clear()
    simulator.set_value("plant_ess_soc", 77.5)
    for _ in range(6):
        # The client backs off per unit in real time; give it room, then tick.
        await asyncio.sleep(0.6)
        await _tick(hass, 61)
    state = hass.states.get(soc)
    assert state is not None
    assert float(state.state) == 77.5
    back = [r for r in caplog.records if "answering again" in r.getMessage()]
    assert len(back) == 1


async def test_counter_that_drops_keeps_its_last_value(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A lifetime counter reading 0 after a reconnect creates no phantom energy."""
    await setup_entry(hass, mock_config_entry)
    pv = entity_id(hass, "sensor", PV_ENERGY)
    state = hass.states.get(pv)
    assert state is not None
    before = float(state.state)
    assert before > 0
    simulator.set_value("plant_pv_energy_total", 0.0)
    await _tick(hass, 61)
    state = hass.states.get(pv)
    assert state is not None
    assert float(state.state) == before
    simulator.set_value("plant_pv_energy_total", before + 1.5)
    await _tick(hass, 61)
    state = hass.states.get(pv)
    assert state is not None
    assert float(state.state) == pytest.approx(before + 1.5)


def test_near_midnight() -> None:
    """Daily counters may reset only around local midnight."""
    base = dt_util.now().replace(hour=0, minute=5)
    assert near_midnight(base)
    assert near_midnight(base.replace(hour=23, minute=50))
    assert not near_midnight(base.replace(hour=12, minute=0))
    assert not near_midnight(base.replace(hour=0, minute=30))


async def test_default_spacing_is_one_second(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """With the vendor's default, requests reach the plant at least a second apart."""
    options = dict(mock_config_entry.options)
    options.pop(CONF_MIN_REQUEST_INTERVAL)
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(mock_config_entry, options=options)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    times = [r.monotonic for r in simulator.requests]
    assert len(times) >= 4
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.99


async def test_update_entity_during_an_outage_is_one_warning_not_an_error(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """`homeassistant.update_entity` polls like the scheduler: the link monitor logs it once."""
    assert await async_setup_component(hass, "homeassistant", {})
    await setup_entry(hass, mock_config_entry)
    soc = entity_id(hass, "sensor", SOC)
    caplog.clear()
    simulator.faults.drop_next_requests = 1_000_000
    for _ in range(3):
        await hass.services.async_call(
            "homeassistant", "update_entity", {"entity_id": soc}, blocking=True
        )
        await asyncio.sleep(1.1)  # past the refresh debouncer's cooldown
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    lost = [r for r in caplog.records if "stopped answering" in r.getMessage()]
    assert len(lost) == 1
    runtime = mock_config_entry.runtime_data
    assert runtime.link.down_since is not None


async def test_tiers_that_missed_a_poll_catch_up_when_the_plant_answers(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """After an outage the slow tier reads at the next free slot, not at its next minute."""
    await setup_entry(hass, mock_config_entry)
    runtime = mock_config_entry.runtime_data
    live = runtime.coordinator(PLANT_UNIT_ID, Tier.LIVE)
    slow = runtime.coordinator(PLANT_UNIT_ID, Tier.SLOW)
    simulator.faults.drop_next_requests = 1_000_000
    await _tick(hass, 61)  # every tier polls, and fails
    assert not slow.last_update_success
    polls = slow.polls
    simulator.faults.clear()
    for _ in range(20):  # only the live tier polls, as it would every 5 s
        await asyncio.sleep(0.1)
        if await live.async_poll():
            break
    await hass.async_block_till_done(wait_background_tasks=True)
    assert slow.last_update_success
    assert slow.polls == polls + 1
