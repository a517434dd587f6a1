"""Buttons, the override select, limit numbers, the guard on automatic writes, and the logbook."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.const import EVENT_ALERT, EVENT_WRITE
from custom_components.sigenstor.control import ems
from custom_components.sigenstor.control.writer import WriteRefusedError
from custom_components.sigenstor.logbook import describe_write
from custom_components.sigenstor.runtime import controller_for
from simulator import Simulator

from ..conftest import SERIAL
from ..integration.helpers import entity_id, setup_entry
from .helpers import collect, settle, writes

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def test_select_buttons_and_numbers_write_through_the_guard(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """The select starts an override, a button clears it, numbers are checked by the guard."""
    events = collect(hass, EVENT_WRITE)
    await setup_entry(hass, control_entry)
    select = entity_id(hass, "select", f"{SERIAL}_plant_override_mode")
    await hass.services.async_call(
        "select", "select_option", {"entity_id": select, "option": "force_hold"}, blocking=True
    )
    await settle(hass)
    assert simulator.value("remote_ems_enable") == 1
    state = hass.states.get(select)
    assert state is not None
    assert state.state == "force_hold"
    active = hass.states.get(entity_id(hass, "binary_sensor", f"{SERIAL}_plant_override_active"))
    assert active is not None
    assert active.state == "on"
    button = entity_id(hass, "button", f"{SERIAL}_plant_clear_override")
    await hass.services.async_call("button", "press", {"entity_id": button}, blocking=True)
    await settle(hass)
    assert simulator.value("remote_ems_enable") == 0
    number = entity_id(hass, "number", f"{SERIAL}_plant_ess_discharge_cutoff_soc")
    start = len(simulator.requests)
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            "number", "set_value", {"entity_id": number, "value": 2}, blocking=True
        )
    assert err.value.translation_key == "write_refused"
    assert writes(simulator, start) == []
    await hass.services.async_call(
        "number", "set_value", {"entity_id": number, "value": 20}, blocking=True
    )
    await settle(hass)
    assert simulator.value("ess_discharge_cutoff_soc") == pytest.approx(20)
    state = hass.states.get(number)
    assert state is not None
    assert float(state.state) == pytest.approx(20)
    results = [(e.data["origin"], e.data["result"]) for e in events]
    assert ("override", "ok") in results
    assert ("manual", "refused") in results
    assert describe_write(events[-1])["message"] == "Owner set the discharge cut-off to 20 %: done"


async def test_emergency_stop_blocks_automatic_writes(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """After the emergency-stop button an optimiser write is refused and the owner alerted."""
    alerts = collect(hass, EVENT_ALERT)
    await setup_entry(hass, control_entry)
    button = entity_id(hass, "button", f"{SERIAL}_plant_emergency_stop")
    await hass.services.async_call("button", "press", {"entity_id": button}, blocking=True)
    await settle(hass)
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None
    assert controller.emergency_stop
    start = len(simulator.requests)
    with pytest.raises(HomeAssistantError) as err:
        await controller.async_automatic(ems.ForceCharge(2, 90), "optimiser")
    assert err.value.translation_key == "emergency_stop_engaged"
    with pytest.raises(HomeAssistantError) as err:
        await controller.async_force(ems.ForceHold())
    assert err.value.translation_key == "emergency_stop_engaged"
    # Below the controller's own check the guard refuses too, on the wire's behalf.
    with pytest.raises(WriteRefusedError) as refused:
        await controller.writer.send(
            {
                "remote_ems_enable": 1,
                "independent_phase_control_enable": 0,
                "remote_ems_control_mode": 1,
            },
            origin="optimiser",
            automatic=True,
        )
    assert refused.value.rule == "emergency_stop"
    assert writes(simulator, start) == []
    await hass.async_block_till_done()
    assert [e.data["kind"] for e in alerts] == ["emergency_stop", "guard_refusal"]
