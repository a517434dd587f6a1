"""Automatic decisions (schedule, optimiser) through the controller's guarded entry point."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.control import ems
from custom_components.sigenstor.control.controller import SigenController
from custom_components.sigenstor.control.errors import ControlError
from simulator import Simulator

from ..integration.helpers import setup_entry
from .helpers import call, settle, writes

pytestmark = pytest.mark.usefixtures("socket_enabled")


def _controller(entry: MockConfigEntry) -> SigenController:
    controller: SigenController | None = entry.runtime_data.controller
    assert controller is not None
    return controller


async def test_automatic_charge_is_stepped_and_repeat_costs_nothing(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """An optimiser charge rises by the 1 kW step; the same decision again writes nothing."""
    await setup_entry(hass, control_entry)
    controller = _controller(control_entry)
    start = len(simulator.requests)
    sent = await controller.async_automatic(ems.ForceCharge(5.0, 98.0), "optimiser")
    await settle(hass)
    assert sent["ess_max_charge_limit"] == pytest.approx(1.0)
    assert simulator.value("remote_ems_enable") == 1
    assert simulator.value("remote_ems_control_mode") == 3
    assert simulator.value("ess_max_charge_limit") == pytest.approx(1.0)
    assert controller.override is None
    count = len(writes(simulator, start))
    # Within the 60 s spacing a further automatic change is refused, not written.
    with pytest.raises(ControlError):
        await controller.async_automatic(ems.ForceExport(2.0, 20.0), "optimiser")
    assert len(writes(simulator, start)) == count


async def test_automatic_yields_to_override_and_emergency_stop(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """A manual override or the emergency stop outranks every automatic decision."""
    await setup_entry(hass, control_entry)
    controller = _controller(control_entry)
    await call(hass, "force_hold", control_entry.entry_id)
    await settle(hass)
    start = len(simulator.requests)
    with pytest.raises(ControlError) as err:
        await controller.async_automatic(ems.Release(), "optimiser")
    assert err.value.translation_key == "override_active"
    await call(hass, "emergency_stop", control_entry.entry_id)
    await settle(hass)
    start = len(simulator.requests)
    with pytest.raises(ControlError) as err:
        await controller.async_automatic(ems.ForceHold(), "schedule")
    assert err.value.translation_key == "emergency_stop_engaged"
    assert writes(simulator, start) == []


async def test_automatic_release_when_not_in_control_is_free(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """Releasing a plant that is already in self-consumption sends no request."""
    await setup_entry(hass, control_entry)
    start = len(simulator.requests)
    assert await _controller(control_entry).async_automatic(ems.Release(), "optimiser") == {}
    assert writes(simulator, start) == []
