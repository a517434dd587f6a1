"""Each failure class of the control issue, reproduced against the simulator, and the outcome."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.const import DOMAIN, EVENT_ALERT
from custom_components.sigenstor.control import ems
from custom_components.sigenstor.sigen.registers import PLANT_UNIT_ID, Tier
from simulator import Simulator

from .fault_world import FullDisk
from .helpers import call, collect, settle, settled_controller, wait_for, writes

pytestmark = pytest.mark.usefixtures("socket_enabled")


_controller = settled_controller


def _write_values(sim: Simulator, start: int) -> list[tuple[int, tuple[int, ...]]]:
    return [(r.address, tuple(r.values or ())) for r in writes(sim, start)]


async def test_slow_apply_release_is_never_undone_by_a_forcing_write(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """Class 1: a release that reads back late is read again, never "reverted" to forcing."""
    controller = await _controller(hass, control_entry)
    await call(hass, "force_export", control_entry.entry_id, power=3, floor_soc=20)
    await wait_for(hass, lambda: controller.settled)
    await call(hass, "emergency_stop", control_entry.entry_id)
    simulator.faults.apply_delay_s = 0.12  # visible only after the first read-back
    start = len(simulator.requests)
    await wait_for(hass, lambda: controller.settled and simulator.value("remote_ems_enable") == 0)
    # Whatever was written after the emergency stop is a release (40029 = 0).
    assert all(values[0] == 0 for address, values in _write_values(simulator, start))
    assert address_count(simulator, start, 40029) <= 2


def address_count(sim: Simulator, start: int, address: int) -> int:
    return sum(1 for r in writes(sim, start) if r.address == address)


async def test_lost_emergency_stop_release_is_retried_until_read_back(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """Class 2: a dropped release under emergency stop is written again until it shows."""
    controller = await _controller(hass, control_entry)
    await call(hass, "force_charge", control_entry.entry_id, power=2, target_soc=90)
    await wait_for(hass, lambda: controller.settled)
    simulator.faults.drop_next_requests = 1
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, "emergency_stop", control_entry.entry_id)
    assert err.value.translation_key == "release_pending"
    assert controller.emergency_stop  # stored before anything was written
    assert simulator.value("remote_ems_enable") == 1
    await wait_for(hass, lambda: simulator.value("remote_ems_enable") == 0)
    await wait_for(hass, lambda: controller.settled)
    assert controller.status == "emergency_stop"


async def test_applied_write_with_a_lost_answer_is_released(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """Class 3: the plant took the charge but the answer was lost: released, owner told."""
    controller = await _controller(hass, control_entry)
    simulator.faults.lose_next_answers = 1
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, "force_charge", control_entry.entry_id, power=2, target_soc=90)
    assert err.value.translation_key == "write_failed"
    assert simulator.value("remote_ems_enable") == 1  # it did land
    assert controller.override is None
    assert controller.problem == "no_answer"
    await wait_for(hass, lambda: simulator.value("remote_ems_enable") == 0 and controller.settled)
    assert controller.status == "released"


async def test_unload_during_an_in_flight_write_releases_after_it(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """Class 4: unload waits for the write it races with, then releases; nothing forces after."""
    await _controller(hass, control_entry)
    simulator.faults.delay_s = 0.1
    write = hass.async_create_task(
        call(hass, "force_export", control_entry.entry_id, power=3, floor_soc=20)
    )
    await settle(hass)  # the write is on the wire
    start = len(simulator.requests)
    assert await hass.config_entries.async_unload(control_entry.entry_id)
    with contextlib.suppress(HomeAssistantError):
        await write
    assert simulator.value("remote_ems_enable") == 0
    assert all(values[0] == 0 for _, values in _write_values(simulator, start))


async def test_automatic_take_control_is_one_request_judged_as_sent(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """Class 5: 40029-40035 go together, so the plant never runs the old mode and caps."""
    controller = await _controller(hass, control_entry)
    simulator.set_value("remote_ems_control_mode", 6)  # left over: discharge
    simulator.set_value("ess_max_discharge_limit", 5.0)
    start = len(simulator.requests)
    await controller.async_automatic(ems.ForceCharge(3.0, 90.0), "optimiser")
    sent = writes(simulator, start)
    assert [(r.address, r.count) for r in sent] == [(40029, 7)]
    assert simulator.value("remote_ems_control_mode") == 3


async def test_full_audit_disk_refuses_forcing_but_not_releases(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """Classes 6 and 8: no intent record, no forcing write; a release goes, its record waits."""
    alerts = collect(hass, EVENT_ALERT)
    controller = await _controller(hass, control_entry)
    await call(hass, "force_hold", control_entry.entry_id)
    await wait_for(hass, lambda: controller.settled)
    disk = FullDisk(controller.audit.log.path)
    controller.audit.log = disk
    disk.full = True
    start = len(simulator.requests)
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, "force_charge", control_entry.entry_id, power=2, target_soc=90)
    assert err.value.translation_key == "audit_unavailable"
    assert writes(simulator, start) == []
    assert "audit_failed" in {e.data["kind"] for e in alerts}
    await call(hass, "clear_override", control_entry.entry_id)
    await wait_for(hass, lambda: simulator.value("remote_ems_enable") == 0)
    assert {r.result for r in controller.audit.backlog} >= {"intent", "ok"}
    disk.full = False
    await call(hass, "force_hold", control_entry.entry_id)
    assert controller.audit.backlog == []
    on_disk = disk.read()
    released = [r for r in on_disk if r.key == "remote_ems_enable" and r.new == 0]
    assert [r.result for r in released][-2:] == ["intent", "ok"]


@pytest.mark.parametrize("soc", [200.0, 6553.5])
async def test_garbage_soc_blocks_a_forced_discharge(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry, soc: float
) -> None:
    """Class 7: an impossible SoC vouches for nothing, while the real SoC may be 3 %."""
    controller = await _controller(hass, control_entry)
    simulator.set_value("plant_ess_soc", soc)
    await controller.telemetry.coordinators[(PLANT_UNIT_ID, Tier.LIVE)].async_poll()
    start = len(simulator.requests)
    with pytest.raises(HomeAssistantError) as err:
        await controller.async_force(ems.ForceExport(5.0, 10.0))
    assert err.value.translation_key == "write_refused"
    assert writes(simulator, start) == []


async def test_failed_slow_poll_does_not_freshen_temperatures(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """Class 7: the temperature's age moves only with a successful read."""
    controller = await _controller(hass, control_entry)
    slow = controller.telemetry.coordinators[(1, Tier.SLOW)]
    await slow.async_poll()
    before = controller.snapshot().temp_timestamp
    simulator.faults.offline_units.add(1)
    await asyncio.sleep(0.1)
    await slow.async_poll()
    after = controller.snapshot().temp_timestamp
    assert before is not None
    assert after is not None
    # Derived from the last good read, so it stays put (to clock resolution) and ages.
    assert abs((after - before).total_seconds()) < 0.01


async def test_stale_start_temperatures_are_not_used_after_empty_reads(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """Class 7: once the slow tier has read, garbage there is no temperature at all."""
    controller = await _controller(hass, control_entry)
    for key in ("inv_ess_max_cell_temperature", "inv_ess_min_cell_temperature"):
        simulator.set_value(key, 3276.7)  # 0x7FFF: no reading
    await controller.telemetry.coordinators[(1, Tier.SLOW)].async_poll()
    assert controller.snapshot().battery_temp_c is None


@pytest.mark.parametrize("duration", ["99999999:00:00", {"days": 999_999_999}])
async def test_hostile_duration_changes_nothing_and_polls_go_on(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry, duration: Any
) -> None:
    """Class 9: refused before any write; the poll listeners keep working."""
    controller = await _controller(hass, control_entry)
    start = len(simulator.requests)
    with pytest.raises(HomeAssistantError):
        await call(hass, "force_hold", control_entry.entry_id, duration=duration)
    assert writes(simulator, start) == []
    assert await controller.telemetry.coordinators[(PLANT_UNIT_ID, Tier.LIVE)].async_poll()


async def test_manual_force_under_emergency_stop_is_refused(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """Class 10: the emergency stop blocks the owner's own forcing, and standby is forcing."""
    controller = await _controller(hass, control_entry)
    await call(hass, "emergency_stop", control_entry.entry_id)
    start = len(simulator.requests)
    for command in (ems.ForceHold(), ems.ForceCharge(2, 90)):
        with pytest.raises(HomeAssistantError):
            await controller.async_force(command)
    assert writes(simulator, start) == []


async def test_unconfirmed_write_warns_once_alerts_and_shows(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Class 11: one WARNING, an audit record, a repair issue and the entities say so."""
    controller = await _controller(hass, control_entry)
    simulator.faults.exception_for(PLANT_UNIT_ID, (40031, 40031), 0x04, function_codes=[0x03, 0x04])
    simulator.faults.ignore_writes = True
    await call(hass, "force_charge", control_entry.entry_id, power=2, target_soc=90)
    simulator.faults.clear()
    simulator.faults.ignore_writes = True
    await wait_for(hass, lambda: controller.problem == "not_confirmed" and controller.settled)
    assert sum("did not take" in r.getMessage() for r in caplog.records) == 1
    records = await controller.async_audit_records(100)
    assert any(r.result == "not_confirmed" for r in records)
    assert ir.async_get(hass).async_get_issue(
        DOMAIN, f"write_not_confirmed_{control_entry.entry_id}"
    )


async def test_another_controller_is_not_fought(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """A VPP takes Remote EMS during an override: the override ends, nothing is written back."""
    controller = await _controller(hass, control_entry)
    await call(hass, "force_charge", control_entry.entry_id, power=2, target_soc=90)
    await wait_for(hass, lambda: controller.settled)
    start = len(simulator.requests)
    simulator.set_value("remote_ems_control_mode", 6)  # the VPP discharges
    slow = controller.telemetry.coordinators[(PLANT_UNIT_ID, Tier.SLOW)]
    await wait_for(hass, lambda: _poll(hass, slow) and controller.status == "external")
    assert controller.override is None
    assert writes(simulator, start) == []
    with pytest.raises(HomeAssistantError) as err:
        await controller.async_automatic(ems.ForceHold(), "optimiser")
    assert err.value.translation_key == "external_control"
    simulator.set_value("remote_ems_enable", 0)  # the VPP hands back
    await wait_for(hass, lambda: _poll(hass, slow) and controller.status == "released")
    assert writes(simulator, start) == []
    await call(hass, "force_hold", control_entry.entry_id, duration={"minutes": 5})
    assert simulator.value("remote_ems_enable") == 1


def _poll(hass: HomeAssistant, coordinator: Any) -> bool:
    hass.async_create_task(coordinator.async_poll())
    return True


async def test_a_very_slow_plant_is_not_taken_for_another_controller(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """A forcing write given up, then applied late, is ours: released again, never handed off."""
    controller = await _controller(hass, control_entry)
    simulator.faults.apply_delay_s = 0.5  # beyond the read-back window (0.2 s here)
    await call(hass, "force_charge", control_entry.entry_id, power=2, target_soc=90)
    await wait_for(hass, lambda: controller.problem == "not_confirmed")
    simulator.faults.apply_delay_s = 0.0
    slow = controller.telemetry.coordinators[(PLANT_UNIT_ID, Tier.SLOW)]
    live = controller.telemetry.coordinators[(PLANT_UNIT_ID, Tier.LIVE)]
    seen: set[str] = set()

    def released() -> bool:
        seen.add(controller.status)
        _poll(hass, live)
        _poll(hass, slow)
        return simulator.value("remote_ems_enable") == 0 and controller.settled

    await asyncio.sleep(0.6)  # the charge lands, then the release behind it
    await wait_for(hass, released)
    assert "external" not in seen
    assert controller.status == "released"


async def test_our_forcing_write_landing_after_the_release_settled_is_released(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """A late forcing write of ours, seen after the release settled, is released at once."""
    controller = await _controller(hass, control_entry)
    simulator.faults.apply_delay_s = 0.4  # the export lands well after the stop settles
    await call(hass, "force_export", control_entry.entry_id, power=3, floor_soc=10)
    simulator.faults.exception_for(PLANT_UNIT_ID, (40029, 40035), 0x04, function_codes=[0x10])
    with contextlib.suppress(HomeAssistantError):
        await call(hass, "emergency_stop", control_entry.entry_id)
    simulator.set_value("remote_ems_enable", 0)  # released by hand in the meantime
    await wait_for(hass, lambda: controller.settled)
    simulator.faults.clear()
    live = controller.telemetry.coordinators[(PLANT_UNIT_ID, Tier.LIVE)]
    await asyncio.sleep(0.5)  # our export lands: Remote EMS on again under the stop
    assert simulator.value("remote_ems_enable") == 1
    await wait_for(
        hass,
        lambda: (
            _poll(hass, live) and simulator.value("remote_ems_enable") == 0 and controller.settled
        ),
    )
    assert controller.status == "emergency_stop"
