"""Override lifetime: expiry, target reached, unload and stop release, restarts."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.sigenstor.control.controller import controller_for
from simulator import Simulator

from ..integration.helpers import setup_entry
from .helpers import call, settle

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


async def test_stop_release_is_read_back_and_retried(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A release the plant ignores while stopping is audited, written again, and logged."""
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
    # The full release, then 40029 = 0 once more after the read-back saw it still enabled.
    assert len(sent) == 2
    assert (sent[1].address, sent[1].count) == (40029, 1)
    assert simulator.value("remote_ems_enable") == 1
    assert "still reports Remote EMS enabled" in caplog.text
    records = await controller.async_audit_records(50)
    missed = [r for r in records if r.result == "not_confirmed"]
    assert len(missed) == 2
    assert all((r.key, r.address) == ("remote_ems_enable", 40029) for r in missed)


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
