"""Paths a review found between the failure classes: a lost cap answer, an unread start, unload."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.control import ems
from custom_components.sigenstor.control.alerts import AlertKind
from custom_components.sigenstor.control.controller import SigenController
from custom_components.sigenstor.control.model import CHARGE_CAP
from custom_components.sigenstor.runtime import controller_for
from custom_components.sigenstor.sigen.registers import PLANT_UNIT_ID
from simulator import Simulator

from .helpers import call, settled_controller, wait_for

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def _charging(hass: HomeAssistant, entry: MockConfigEntry) -> SigenController:
    controller = await settled_controller(hass, entry)
    await call(hass, "force_charge", entry.entry_id, power=3, target_soc=90)
    await wait_for(hass, lambda: controller.settled and controller.status == "override")
    return controller


async def test_a_cap_taken_with_its_answer_lost_stays_ours(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """The plant took the new charge cap but the answer was lost: still our override."""
    controller = await _charging(hass, control_entry)
    simulator.faults.lose_next_answers = 1
    with pytest.raises(HomeAssistantError) as err:
        await controller.async_set_limit(CHARGE_CAP, 2.0)
    assert err.value.translation_key == "write_failed"
    assert simulator.value(CHARGE_CAP) == pytest.approx(2.0)
    await wait_for(hass, lambda: controller.settled and controller._pending is None)
    assert controller.status == "override"
    assert controller.desired.registers[CHARGE_CAP] == pytest.approx(2.0)
    assert AlertKind.EXTERNAL_CONTROL not in [kind for kind, _ in controller.alerts.raised]


async def test_a_cap_never_taken_gives_the_command_up(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """The request was dropped and the old cap still shows: released, not handed off."""
    controller = await _charging(hass, control_entry)
    simulator.faults.drop_next_requests = 1
    with pytest.raises(HomeAssistantError):
        await controller.async_set_limit(CHARGE_CAP, 2.0)
    await wait_for(hass, lambda: simulator.value("remote_ems_enable") == 0 and controller.settled)
    assert controller.status == "released"
    assert controller.problem == "not_confirmed"


async def test_an_override_never_reapplied_ends_when_the_owner_acts(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """The start cannot read the plant: the stored override ends and automatic runs."""
    await _charging(hass, control_entry)
    await hass.config_entries.async_unload(control_entry.entry_id)
    await hass.async_block_till_done()
    assert simulator.value("remote_ems_enable") == 0
    # Holding-register reads fail (the start read), input registers still poll.
    simulator.faults.exception_for(PLANT_UNIT_ID, (40029, 40048), 0x04, function_codes=[0x03])
    assert await hass.config_entries.async_setup(control_entry.entry_id)
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None
    await wait_for(hass, lambda: None not in controller.plant.rated_kw())  # the static poll
    assert controller.override is not None  # stored, not yet re-applied
    written = await controller.async_automatic(ems.ForceHold(), "schedule")
    assert written
    assert controller.status == "automatic"  # not "override": the stored one ended
    assert simulator.value("remote_ems_enable") == 1


async def test_unload_stops_forcing_writes_before_the_platforms_go(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """From the first moment of unload only a release may reach the plant."""
    controller = await settled_controller(hass, control_entry)
    original = hass.config_entries.async_unload_platforms
    seen: list[bool] = []

    async def unload_platforms(*args: Any, **kwargs: Any) -> bool:
        seen.append(controller.writer.stopping)
        with pytest.raises(HomeAssistantError):
            await controller.async_automatic(ems.ForceHold(), "optimiser")
        return await original(*args, **kwargs)

    with patch.object(hass.config_entries, "async_unload_platforms", unload_platforms):
        assert await hass.config_entries.async_unload(control_entry.entry_id)
    assert seen == [True]
    assert simulator.value("remote_ems_enable") == 0
