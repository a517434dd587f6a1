"""Refresh paths other than the scheduler's: each is one of our polls, guarded the same way."""

from __future__ import annotations

import asyncio
import logging

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.update_coordinator import UpdateFailed
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.coordinator import house_load_kw, value_of
from custom_components.sigenstor.sigen.registers import PLANT_UNIT_ID, Tier
from simulator import Simulator

from ..conftest import SERIAL
from .helpers import entity_id, setup_entry

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def test_a_tier_whose_entities_are_all_disabled_sends_no_request(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """The owner disables the inverter's live sensors: that tier polls without asking the plant."""
    await setup_entry(hass, mock_config_entry)
    registry = er.async_get(hass)
    for key in ("inverter_active_power", "inverter_battery_power", "inverter_battery_soc"):
        registry.async_update_entity(
            entity_id(hass, "sensor", f"{SERIAL}_inverter_1_{key}"),
            disabled_by=er.RegistryEntryDisabler.USER,
        )
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    coordinator = mock_config_entry.runtime_data.plant.coordinator(1, Tier.LIVE)
    assert coordinator.registers == ()
    start = len(simulator.requests)
    assert await coordinator.async_poll()
    assert coordinator.data == {}
    assert [r for r in simulator.requests[start:] if r.unit_id == 1] == []


async def test_a_base_class_refresh_is_one_poll_and_fails_translated(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """`async_refresh` polls (outage logged once by the link), the update hook raises translated."""
    await setup_entry(hass, mock_config_entry)
    coordinator = mock_config_entry.runtime_data.plant.coordinator(PLANT_UNIT_ID, Tier.LIVE)
    polls = coordinator.polls
    await coordinator.async_refresh()
    assert coordinator.polls == polls + 1
    assert set(await coordinator._async_update_data()) == {r.key for r in coordinator.registers}
    caplog.clear()
    simulator.faults.offline_units.add(PLANT_UNIT_ID)
    await coordinator.async_refresh()
    await coordinator.async_refresh()
    assert coordinator.polls == polls + 1
    assert not coordinator.last_update_success
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert sum("stopped answering" in r.getMessage() for r in caplog.records) == 1
    with pytest.raises(UpdateFailed) as err:
        await coordinator._async_update_data()
    assert err.value.translation_key == "cannot_connect"
    assert err.value.translation_placeholders is not None
    assert err.value.translation_placeholders["error"]


async def test_a_poll_while_one_is_running_is_not_sent_twice(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """Two refreshes at once (a tick and update_entity) cost the plant one request."""
    await setup_entry(hass, mock_config_entry)
    coordinator = mock_config_entry.runtime_data.plant.coordinator(PLANT_UNIT_ID, Tier.LIVE)
    simulator.faults.delay_s = 0.05
    start = len(simulator.requests)
    first, second = await asyncio.gather(coordinator.async_poll(), coordinator.async_poll())
    assert (first, second) == (True, False)
    sent = [r for r in simulator.requests[start:] if r.unit_id == PLANT_UNIT_ID]
    assert len(sent) == 1


def test_house_load_needs_every_term_of_the_balance() -> None:
    """load = PV - battery + grid; unknown while any term is unknown (never a guess)."""
    data = {"plant_pv_power": 4.0, "plant_ess_power": 1.5, "grid_active_power": -0.5}
    assert house_load_kw(data) == pytest.approx(2.0)
    assert house_load_kw({**data, "grid_active_power": None}) is None
    assert house_load_kw(None) is None
    assert value_of(None, "plant_pv_power") is None
    assert value_of({"plant_running_state": "running"}, "plant_running_state") is None


async def test_slow_tier_keeps_its_values_through_a_short_outage_without_asking(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """While the live polls find the plant silent, a slow poll waits and keeps its values."""
    await setup_entry(hass, mock_config_entry)
    plant = mock_config_entry.runtime_data.plant
    live = plant.coordinator(PLANT_UNIT_ID, Tier.LIVE)
    slow = plant.coordinator(PLANT_UNIT_ID, Tier.SLOW)
    assert slow.data
    before = dict(slow.data)
    simulator.faults.offline_units.add(PLANT_UNIT_ID)
    assert not await live.async_poll()
    start = len(simulator.requests)
    assert not await slow.async_poll()
    assert slow.missed
    assert slow.last_update_success
    assert slow.data == before
    assert [r for r in simulator.requests[start:] if r.unit_id == PLANT_UNIT_ID] == []
