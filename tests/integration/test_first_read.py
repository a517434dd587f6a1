"""Set-up reads each unit's tiers together: fewest requests, live values first, then catch-up."""

from __future__ import annotations

import asyncio

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.const import DEFAULT_LIVE_INTERVAL
from custom_components.sigenstor.sigen.registers import PLANT_UNIT_ID, Tier
from simulator import Simulator

from .helpers import setup_entry


async def test_first_reads_share_requests_and_value_every_tier(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """Every tier is read once, with fewer requests than the tiers would use one by one."""
    await setup_entry(hass, mock_config_entry)
    runtime = mock_config_entry.runtime_data
    polled = [c for c in runtime.coordinators.values() if c.registers]
    assert all(c.polls == 1 and c.data for c in polled)
    alone = sum(len(runtime.client.plan(c.unit_id, c.registers)) for c in polled)
    reads = [r for r in simulator.requests if not r.is_write and r.function_code == 0x04]
    assert len(reads) < alone - 3  # shared blocks: the plant's live+static+alarms, the inverter's
    first = simulator.requests[0]
    live = runtime.coordinator(PLANT_UNIT_ID, Tier.LIVE).registers
    assert first.address <= min(r.address for r in live)  # live values first
    assert first.address + first.count >= max(r.address + r.count for r in live)


async def test_a_failed_first_read_is_caught_up_when_the_unit_answers(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """Unit 1 silent at set-up: its tiers are marked failed, then read as soon as it answers."""
    simulator.faults.offline_units.add(1)
    await setup_entry(hass, mock_config_entry)
    runtime = mock_config_entry.runtime_data
    inverter = [c for (unit, _), c in runtime.coordinators.items() if unit == 1 and c.registers]
    assert inverter
    assert not any(c.last_update_success for c in inverter)
    simulator.faults.clear()
    wait = runtime.client.backoff_remaining(1)
    assert 0 < wait < DEFAULT_LIVE_INTERVAL.total_seconds()
    # The live probe polls the unit the moment its backoff ends, not at the next tick.
    await asyncio.sleep(wait + 0.3)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert all(c.last_update_success and c.data for c in inverter)


async def test_slow_tiers_keep_their_values_through_a_short_outage(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A slow poll due while the unit is silent waits for it (not sent, not failed), then
    catches up when the unit answers; values older than twice the interval do fail."""
    await setup_entry(hass, mock_config_entry)
    runtime = mock_config_entry.runtime_data
    live = runtime.coordinator(PLANT_UNIT_ID, Tier.LIVE)
    slow = runtime.coordinator(PLANT_UNIT_ID, Tier.SLOW)
    simulator.faults.drop_next_requests = 1_000_000
    assert not await live.async_poll()
    sent = len(simulator.requests)
    assert not await slow.async_poll()
    assert len(simulator.requests) == sent  # the live polls probe the link, not this one
    assert slow.last_update_success
    assert slow.missed
    simulator.faults.clear()
    await asyncio.sleep(runtime.client.backoff_remaining(PLANT_UNIT_ID))
    assert await live.async_poll()
    await hass.async_block_till_done(wait_background_tasks=True)
    assert not slow.missed
    assert slow.polls == 2  # read by the catch-up
    simulator.faults.drop_next_requests = 1_000_000
    assert not await live.async_poll()
    assert slow.last_read_at is not None
    slow.last_read_at -= 2 * slow.interval.total_seconds()  # too old to be kept
    assert not await slow.async_poll()
    assert not slow.last_update_success
