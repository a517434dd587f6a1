"""The reconciler's less common outcomes, each reproduced against the simulator."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.const import DOMAIN, EVENT_ALERT
from custom_components.sigenstor.control import ems
from custom_components.sigenstor.control.reconciler import RELEASE_ALERT_AFTER
from custom_components.sigenstor.runtime import controller_for
from custom_components.sigenstor.sigen.registers import PLANT_UNIT_ID, Tier
from simulator import Simulator

from ..integration.helpers import setup_entry
from .helpers import call, collect, settle, settled_controller, wait_for, writes

pytestmark = pytest.mark.usefixtures("socket_enabled")


def _poll(hass: HomeAssistant, controller: Any) -> bool:
    """Have the plant's slow tier polled (what makes the reconciler look again)."""
    slow = controller.telemetry.coordinators[(PLANT_UNIT_ID, Tier.SLOW)]
    hass.async_create_task(slow.async_poll())
    return True


def _store(hass_storage: dict[str, Any], entry: MockConfigEntry, data: dict[str, Any]) -> None:
    key = f"{DOMAIN}.control.{entry.entry_id}"
    hass_storage[key] = {"version": 1, "minor_version": 1, "key": key, "data": data}


async def test_released_in_the_app_ends_the_override_and_is_not_forced_again(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """The owner releases Remote EMS in the mySigen app: the command ends, the owner is told."""
    alerts = collect(hass, EVENT_ALERT)
    controller = await settled_controller(hass, control_entry)
    await call(hass, "force_charge", control_entry.entry_id, power=2, target_soc=90)
    await wait_for(hass, lambda: controller.settled)
    assert controller.override is not None
    start = len(simulator.requests)
    simulator.set_value("remote_ems_enable", 0)
    await wait_for(hass, lambda: _poll(hass, controller) and controller.override is None)
    await settle(hass)
    assert controller.status == "released"
    assert writes(simulator, start) == []
    assert simulator.value("remote_ems_enable") == 0
    released = [e.data for e in alerts if e.data["kind"] == "control_released"]
    assert len(released) == 1
    assert "the force_charge command ended and is not forced again" in released[0]["message"]
    records = await controller.async_audit_records(10)
    assert (records[-1].origin, records[-1].result) == ("external", "external")


async def test_a_release_the_plant_ignores_is_retried_alerted_and_cleared_once_it_takes(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Releases that do not show are written again; from the third the owner gets a repair."""
    caplog.set_level(logging.DEBUG, logger="custom_components.sigenstor")
    controller = await settled_controller(hass, control_entry)
    await call(hass, "force_export", control_entry.entry_id, power=2, floor_soc=20)
    await wait_for(hass, lambda: controller.settled)
    issue_id = f"release_not_confirmed_{control_entry.entry_id}"
    issues = ir.async_get(hass)
    simulator.faults.ignore_writes = True
    start = len(simulator.requests)
    await call(hass, "clear_override", control_entry.entry_id)
    await wait_for(hass, lambda: issues.async_get_issue(DOMAIN, issue_id) is not None)
    releases = [r for r in writes(simulator, start) if r.address == 40029]
    assert len(releases) >= RELEASE_ALERT_AFTER
    assert all(r.values and r.values[0] == 0 for r in releases)  # only ever releases
    assert simulator.value("remote_ems_enable") == 1
    # Now the plant refuses the write outright: the release is still wanted, only logged.
    simulator.faults.ignore_writes = False
    simulator.faults.exception_for(PLANT_UNIT_ID, (40029, 40035), 0x04, function_codes=[0x10])
    await wait_for(hass, lambda: "Release not carried out yet" in caplog.text)
    simulator.faults.clear()
    await wait_for(hass, lambda: simulator.value("remote_ems_enable") == 0 and controller.settled)
    assert issues.async_get_issue(DOMAIN, issue_id) is None
    assert controller.status == "released"


async def test_another_controller_under_the_emergency_stop_is_released(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """The owner's emergency stop outranks a VPP: its Remote EMS is released, not left alone."""
    controller = await settled_controller(hass, control_entry)
    await call(hass, "emergency_stop", control_entry.entry_id)
    await wait_for(hass, lambda: controller.settled)
    simulator.set_value("remote_ems_enable", 1)
    simulator.set_value("remote_ems_control_mode", 6)
    start = len(simulator.requests)
    await wait_for(
        hass,
        lambda: (
            _poll(hass, controller)
            and simulator.value("remote_ems_enable") == 0
            and controller.settled
        ),
    )
    assert [r.address for r in writes(simulator, start)][:1] == [40029]
    assert controller.status == "emergency_stop"
    assert not ir.async_get(hass).async_get_issue(
        DOMAIN, f"external_control_{control_entry.entry_id}"
    )


async def test_remote_ems_still_held_by_another_controller_across_a_restart_is_left_alone(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """Stored "external" and still on at start: nothing is written and the owner is told again."""
    _store(hass_storage, control_entry, {"emergency_stop": False, "want": "external"})
    simulator.set_value("remote_ems_enable", 1)
    simulator.set_value("remote_ems_control_mode", 6)
    await setup_entry(hass, control_entry)
    await settle(hass)
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None
    assert controller.status == "external"
    assert not [r for r in simulator.requests if r.is_write]
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"external_control_{control_entry.entry_id}")


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_the_owner_lowering_a_cap_of_the_running_override_keeps_it(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """A cap of our command set by the owner becomes part of it: not drift, not given up."""
    controller = await settled_controller(hass, control_entry)
    await call(hass, "force_charge", control_entry.entry_id, power=3, target_soc=90)
    await wait_for(hass, lambda: controller.settled)
    await controller.async_set_limit("ess_max_charge_limit", 1.5)
    await settle(hass)
    await wait_for(hass, lambda: _poll(hass, controller) and controller.settled)
    assert simulator.value("ess_max_charge_limit") == pytest.approx(1.5)
    assert simulator.value("remote_ems_enable") == 1
    assert controller.override is not None
    assert controller.desired.registers["ess_max_charge_limit"] == pytest.approx(1.5)
    assert controller.problem is None


async def test_an_implausible_rating_refuses_forcing_and_release_still_goes_out(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Rating 0 kW: no forcing write (caps would be wrong), not even a stored override's; the
    hold left on the plant is still released."""
    simulator.set_value("plant_ess_rated_charge_power", 0)
    started = dt_util.utcnow() - timedelta(minutes=1)
    command = {"type": "ForceExport", "power_kw": 2, "floor_soc": 20, "duration": 3600}
    _store(
        hass_storage,
        control_entry,
        {
            "emergency_stop": False,
            "override": {"command": command, "started_at": started.isoformat()},
            "want": "forced",
            "settled": True,
        },
    )
    simulator.set_value("remote_ems_enable", 1)
    simulator.set_value("remote_ems_control_mode", 6)
    await setup_entry(hass, control_entry)
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None
    await wait_for(hass, lambda: controller.settled)
    assert "Stored override not re-applied" in caplog.text
    assert controller.override is None
    release = [r for r in simulator.requests if r.is_write]
    # Without ratings the release is the short form: enable off, self-consumption.
    assert [(r.address, tuple(r.values or ())) for r in release] == [(40029, (0, 0, 2))]
    assert simulator.value("remote_ems_enable") == 0
    start = len(simulator.requests)
    with pytest.raises(HomeAssistantError) as err:
        await controller.async_force(ems.ForceCharge(2, 90))
    assert err.value.translation_key == "plant_info_unknown"
    # The rating cannot even be read now: the owner hears the plant did not answer.
    simulator.faults.exception_for(PLANT_UNIT_ID, (30068, 30071), 0x04)
    with pytest.raises(HomeAssistantError) as err:
        await controller.async_force(ems.ForceExport(2, 20))
    assert err.value.translation_key == "write_failed"
    assert writes(simulator, start) == []
    assert simulator.value("remote_ems_enable") == 0
