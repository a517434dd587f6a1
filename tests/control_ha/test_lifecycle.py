"""Override lifetime: expiry, target reached, unload and stop release, restarts."""

from __future__ import annotations

import asyncio
from datetime import timedelta
import logging

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.sigenstor.control import controller as controller_module
from custom_components.sigenstor.control.release import DATA_RELEASERS
from custom_components.sigenstor.runtime import controller_for
from simulator import Simulator

from ..integration.helpers import setup_entry
from .helpers import call, settle, wait_for, writes

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def test_override_expires_after_its_duration(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """A force_hold with a duration releases control when the duration runs out."""
    await setup_entry(hass, control_entry)
    await call(hass, "force_hold", control_entry.entry_id, duration={"seconds": 1})
    await settle(hass)
    assert simulator.value("remote_ems_enable") == 1
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None
    assert controller.override is not None
    remaining = controller.remaining()
    assert remaining is not None
    assert timedelta(0) < remaining <= timedelta(seconds=1)
    await asyncio.sleep(1.05)
    async_fire_time_changed(hass)
    await settle(hass)
    assert simulator.value("remote_ems_enable") == 0
    assert controller.override is None


async def _poll_live(hass: HomeAssistant) -> None:
    """Let the live tier poll once (and the controller react)."""
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=6))
    await settle(hass)


async def test_override_ends_when_target_reached(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """force_charge releases on the first live poll that sees the target SoC."""
    await setup_entry(hass, control_entry)
    await call(hass, "force_charge", control_entry.entry_id, power=2, target_soc=60)
    await settle(hass)
    await _poll_live(hass)
    assert simulator.value("remote_ems_enable") == 1
    simulator.set_value("plant_ess_soc", 60.5)
    await _poll_live(hass)
    assert simulator.value("remote_ems_enable") == 0
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None
    assert controller.override is None


async def test_unload_releases_control(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """Unloading the entry hands control back before the link closes, override kept."""
    await setup_entry(hass, control_entry)
    await call(hass, "force_export", control_entry.entry_id, power=2, floor_soc=20)
    await settle(hass)
    assert simulator.value("remote_ems_enable") == 1
    assert simulator.value("remote_ems_control_mode") == 6
    assert await hass.config_entries.async_unload(control_entry.entry_id)
    await hass.async_block_till_done()
    assert control_entry.state is ConfigEntryState.NOT_LOADED
    assert simulator.value("remote_ems_enable") == 0
    # Caps go back to rated so that nothing is left blocked on V2.9 firmware.
    assert simulator.value("ess_max_discharge_limit") == pytest.approx(
        float(simulator.value("plant_ess_rated_discharge_power"))  # type: ignore[arg-type]
    )


async def test_home_assistant_stop_releases_control(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """The stop event releases Remote EMS while the client is still open."""
    await setup_entry(hass, control_entry)
    await call(hass, "force_charge", control_entry.entry_id, power=2, target_soc=90)
    await settle(hass)
    assert simulator.value("remote_ems_enable") == 1
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
    await hass.async_block_till_done()
    assert simulator.value("remote_ems_enable") == 0


async def test_unconfirmed_release_at_unload_goes_on_in_a_releaser(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A plant that ignores the release at unload is released again after the entry is gone."""
    monkeypatch.setattr(controller_module, "STOP_BUDGET_S", 0.3)
    await setup_entry(hass, control_entry)
    await call(hass, "force_charge", control_entry.entry_id, power=2, target_soc=90)
    await settle(hass)
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None
    simulator.faults.ignore_writes = True
    start = len(simulator.requests)
    assert await hass.config_entries.async_unload(control_entry.entry_id)
    await hass.async_block_till_done()
    sent = [r for r in simulator.requests[start:] if r.is_write]
    assert len(sent) >= 2  # written again within the stop budget...
    assert all((r.address, r.values and r.values[0]) == (40029, 0) for r in sent)
    assert simulator.value("remote_ems_enable") == 1
    assert "has not confirmed the release" in caplog.text
    assert control_entry.entry_id in hass.data[DATA_RELEASERS]  # ...and after it
    simulator.faults.clear()
    await wait_for(hass, lambda: simulator.value("remote_ems_enable") == 0)
    await wait_for(hass, lambda: control_entry.entry_id not in hass.data[DATA_RELEASERS])
    records = await controller.async_audit_records(200)
    missed = [r for r in records if r.result == "not_confirmed"]
    assert missed
    assert all((r.key, r.address) == ("remote_ems_enable", 40029) for r in missed)
    # Every write that reached the plant was audited before it was sent.
    intents = {r.request for r in records if r.result == "intent"}
    assert len(intents) == len([r for r in simulator.requests if r.is_write])
    assert simulator.connection_count <= 1


async def test_setting_up_again_stops_the_releaser_first(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One connection per plant: the entry's own controller takes the unconfirmed release over."""
    monkeypatch.setattr(controller_module, "STOP_BUDGET_S", 0.1)
    await setup_entry(hass, control_entry)
    await call(hass, "force_export", control_entry.entry_id, power=2, floor_soc=20)
    await settle(hass)
    simulator.faults.ignore_writes = True
    assert await hass.config_entries.async_unload(control_entry.entry_id)
    await hass.async_block_till_done()
    assert control_entry.entry_id in hass.data[DATA_RELEASERS]
    simulator.faults.clear()
    assert await hass.config_entries.async_setup(control_entry.entry_id)
    assert control_entry.entry_id not in hass.data[DATA_RELEASERS]
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None
    # The entry's own controller is in charge again: the stored override is re-applied.
    await wait_for(hass, lambda: controller.status == "override" and controller.settled)
    assert simulator.value("remote_ems_control_mode") == 6
    assert simulator.connection_count == 1


async def test_stop_release_confirmed_without_retry(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """A release that took costs one read and no second write."""
    await setup_entry(hass, control_entry)
    await call(hass, "force_hold", control_entry.entry_id)
    await settle(hass)
    start = len(simulator.requests)
    assert await hass.config_entries.async_unload(control_entry.entry_id)
    await hass.async_block_till_done()
    after = simulator.requests[start:]
    assert len([r for r in after if r.is_write]) == 1
    assert any(not r.is_write and r.address <= 40029 < r.address + r.count for r in after)
    assert simulator.value("remote_ems_enable") == 0


@pytest.mark.parametrize("readable", [True, False])
async def test_reload_without_control_taken_writes_nothing(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    readable: bool,
) -> None:
    """Reloads during set-up with nothing of ours on the plant: no write, no alarm.

    Before, an unload that had not read 40029 (the plant busy with the first reads) wrote
    40029-40031 "to be safe", and the next start logged "app mode before remote control is
    unknown" for control that was never taken.
    """
    if not readable:  # the start's read of the control block is refused while setting up
        simulator.faults.exception_for(247, (40029, 40035), 6, function_codes=(3,))
    since = len(simulator.requests)
    control_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(control_entry.entry_id)
    for _ in range(2):  # as the options flow does while the plant is being read
        assert await hass.config_entries.async_reload(control_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    simulator.faults.clear()
    assert await hass.config_entries.async_reload(control_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None
    await wait_for(hass, lambda: controller.settled)
    assert await hass.config_entries.async_unload(control_entry.entry_id)
    await hass.async_block_till_done()
    assert writes(simulator, since) == []
    assert simulator.value("remote_ems_enable") == 0
    ours = [r for r in caplog.records if r.name.startswith("custom_components.sigenstor")]
    assert [r.getMessage() for r in ours if r.levelno >= logging.ERROR] == []
    assert "remote control is unknown" not in caplog.text
    assert not [r for r in ours if "Remote EMS released" in r.getMessage()]
