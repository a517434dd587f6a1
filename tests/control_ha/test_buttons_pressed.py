"""Force buttons and the override select pressed in a real hass; the plant's registers read back."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.control import ems
from custom_components.sigenstor.control.controller import SigenController
from custom_components.sigenstor.control.defaults import (
    CONF_CHARGE_POWER,
    CONF_DURATION_MIN,
    CONF_EXPORT_POWER,
    CONF_FLOOR_SOC,
    CONF_TARGET_SOC,
)
from custom_components.sigenstor.runtime import controller_for
from simulator import Simulator

from ..conftest import SERIAL
from ..integration.helpers import entity_id
from .helpers import settle, settled_controller, writes

pytestmark = pytest.mark.usefixtures("socket_enabled")

# The owner's defaults, all away from the built-in ones so that a read-back shows they were used.
OWNER_DEFAULTS = {
    CONF_CHARGE_POWER: 2.5,
    CONF_TARGET_SOC: 95.0,
    CONF_EXPORT_POWER: 1.5,
    CONF_FLOOR_SOC: 15.0,
    CONF_DURATION_MIN: 0.0,  # until cleared
}


def _with_defaults(entry: MockConfigEntry) -> MockConfigEntry:
    return MockConfigEntry(
        domain=entry.domain,
        title=entry.title,
        unique_id=entry.unique_id,
        data=dict(entry.data),
        options={**entry.options, **OWNER_DEFAULTS},
    )


def _override(controller: SigenController) -> ems.Command | None:
    """The active override's command, None when there is none."""
    return None if controller.override is None else controller.override.command


async def _press(hass: HomeAssistant, key: str) -> None:
    button = entity_id(hass, "button", f"{SERIAL}_plant_{key}")
    await hass.services.async_call("button", "press", {"entity_id": button}, blocking=True)
    await settle(hass)


async def test_force_buttons_write_the_owners_defaults_to_the_plant(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """Each force button takes control with the option defaults; the plant shows each one."""
    entry = _with_defaults(control_entry)
    controller = await settled_controller(hass, entry)

    start = len(simulator.requests)
    await _press(hass, "force_charge")
    assert len(writes(simulator, start)) == 1
    assert simulator.value("remote_ems_enable") == 1
    assert simulator.value("remote_ems_control_mode") == ems.MODE_CHARGE_GRID_FIRST
    assert simulator.value("ess_max_charge_limit") == pytest.approx(2.5)
    assert simulator.value("ess_max_discharge_limit") == pytest.approx(0.0)
    assert _override(controller) == ems.ForceCharge(2.5, 95.0, None)

    await _press(hass, "force_export")
    assert simulator.value("remote_ems_enable") == 1
    assert simulator.value("remote_ems_control_mode") == ems.MODE_DISCHARGE_ESS_FIRST
    assert simulator.value("ess_max_charge_limit") == pytest.approx(0.0)
    assert simulator.value("ess_max_discharge_limit") == pytest.approx(1.5)
    assert _override(controller) == ems.ForceExport(1.5, 15.0, None)

    await _press(hass, "force_hold")
    assert simulator.value("remote_ems_enable") == 1
    # Hold never discharges, whichever form the firmware needs (standby, or capped self-use).
    mode = simulator.value("remote_ems_control_mode")
    assert mode in (ems.MODE_STANDBY, ems.MODE_SELF_CONSUMPTION)
    assert simulator.value("ess_max_discharge_limit") == pytest.approx(0.0)
    state = hass.states.get(entity_id(hass, "select", f"{SERIAL}_plant_override_mode"))
    assert state is not None
    assert state.state == "force_hold"


async def test_a_button_whose_default_breaks_the_limits_writes_nothing(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """A default floor below the owner's minimum SoC is refused before any write."""
    entry = MockConfigEntry(
        domain=control_entry.domain,
        title=control_entry.title,
        unique_id=control_entry.unique_id,
        data=dict(control_entry.data),
        options={**control_entry.options, CONF_FLOOR_SOC: 1.0},
    )
    await settled_controller(hass, entry)
    start = len(simulator.requests)
    button = entity_id(hass, "button", f"{SERIAL}_plant_force_export")
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call("button", "press", {"entity_id": button}, blocking=True)
    assert err.value.translation_key == "floor_soc_below_min"
    assert writes(simulator, start) == []
    assert simulator.value("remote_ems_enable") == 0


async def test_choosing_automatic_releases_the_override(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """The select's "automatic" clears the override and the plant is released."""
    controller = await settled_controller(hass, control_entry)
    select = entity_id(hass, "select", f"{SERIAL}_plant_override_mode")
    await hass.services.async_call(
        "select", "select_option", {"entity_id": select, "option": "force_charge"}, blocking=True
    )
    await settle(hass)
    assert simulator.value("remote_ems_enable") == 1
    assert simulator.value("remote_ems_control_mode") == ems.MODE_CHARGE_GRID_FIRST
    await hass.services.async_call(
        "select", "select_option", {"entity_id": select, "option": "automatic"}, blocking=True
    )
    await settle(hass)
    assert simulator.value("remote_ems_enable") == 0
    assert controller.override is None
    assert controller_for(hass, control_entry.entry_id) is controller
    state = hass.states.get(select)
    assert state is not None
    assert state.state == "automatic"
