"""Stored state across restarts: emergency stop, overrides, unexplained Remote EMS."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.control import ems
from custom_components.sigenstor.runtime import controller_for
from simulator import Simulator

from ..conftest import SERIAL
from ..integration.helpers import entity_id, setup_entry
from .helpers import call, settle, writes

pytestmark = pytest.mark.usefixtures("socket_enabled")


def _store(hass_storage: dict[str, Any], entry: MockConfigEntry, data: dict[str, Any]) -> str:
    key = f"{DOMAIN}.control.{entry.entry_id}"
    hass_storage[key] = {"version": 1, "minor_version": 1, "key": key, "data": data}
    return key


def _forced(sim: Simulator, mode: int = 3) -> None:
    """Leave the plant forced, as a crash would."""
    sim.set_value("remote_ems_enable", 1)
    sim.set_value("remote_ems_control_mode", mode)


async def test_emergency_stop_survives_restart(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """A stored emergency stop releases the plant at start and keeps blocking overrides."""
    key = _store(
        hass_storage, control_entry, {"emergency_stop": True, "previous_mode": 2, "override": None}
    )
    _forced(simulator)
    await setup_entry(hass, control_entry)
    await settle(hass)
    assert simulator.value("remote_ems_enable") == 0
    state = hass.states.get(entity_id(hass, "binary_sensor", f"{SERIAL}_plant_emergency_stop"))
    assert state is not None
    assert state.state == "on"
    issues = ir.async_get(hass)
    assert issues.async_get_issue(DOMAIN, f"emergency_stop_{control_entry.entry_id}")
    start = len(simulator.requests)
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, "force_charge", control_entry.entry_id, power=2, target_soc=90)
    assert err.value.translation_key == "emergency_stop_engaged"
    assert writes(simulator, start) == []
    await call(hass, "clear_emergency_stop", control_entry.entry_id)
    assert hass_storage[key]["data"]["emergency_stop"] is False
    assert not issues.async_get_issue(DOMAIN, f"emergency_stop_{control_entry.entry_id}")
    await call(hass, "force_charge", control_entry.entry_id, power=2, target_soc=90)
    assert simulator.value("remote_ems_enable") == 1


async def test_stored_override_is_reapplied(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """An override stored before a restart is written again with its original start time."""
    started = dt_util.utcnow() - timedelta(minutes=10)
    command = {"type": "ForceExport", "power_kw": 2.5, "floor_soc": 20, "duration": 3600}
    _store(
        hass_storage,
        control_entry,
        {
            "emergency_stop": False,
            "previous_mode": 0,
            "override": {"command": command, "started_at": started.isoformat()},
        },
    )
    await setup_entry(hass, control_entry)
    await settle(hass)
    assert simulator.value("remote_ems_enable") == 1
    assert simulator.value("remote_ems_control_mode") == 6
    assert simulator.value("ess_max_discharge_limit") == pytest.approx(2.5)
    state = hass.states.get(entity_id(hass, "sensor", f"{SERIAL}_plant_override_remaining"))
    assert state is not None
    assert 49 <= float(state.state) <= 50


async def test_expired_override_is_not_reapplied(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    """An override whose duration ran out while Home Assistant was down is dropped."""
    started = dt_util.utcnow() - timedelta(hours=2)
    command = {"type": "ForceHold", "duration": 3600}
    key = _store(
        hass_storage,
        control_entry,
        {"override": {"command": command, "started_at": started.isoformat()}},
    )
    await setup_entry(hass, control_entry)
    await settle(hass)
    assert simulator.value("remote_ems_enable") == 0
    assert hass_storage[key]["data"]["override"] is None


async def test_remote_ems_nobody_here_turned_on_is_left_alone(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """Remote EMS on at start with nothing of ours stored: another controller's, not fought."""
    _forced(simulator, mode=6)
    await setup_entry(hass, control_entry)
    await settle(hass)
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None
    assert controller.status == "external"
    assert simulator.value("remote_ems_enable") == 1
    assert not [r for r in simulator.requests if r.is_write]
    issues = ir.async_get(hass)
    assert issues.async_get_issue(DOMAIN, f"external_control_{control_entry.entry_id}")
    with pytest.raises(HomeAssistantError) as err:
        await controller.async_automatic(ems.ForceHold(), "optimiser")
    assert err.value.translation_key == "external_control"
    # The owner's word takes control back.
    await call(hass, "clear_override", control_entry.entry_id)
    await settle(hass)
    assert simulator.value("remote_ems_enable") == 0
    assert controller.status == "released"
    assert not issues.async_get_issue(DOMAIN, f"external_control_{control_entry.entry_id}")


@pytest.mark.parametrize(
    "stored",
    [
        {"want": "forced", "settled": False},  # a crash right after a forcing write
        {"want": "released", "settled": False},  # a release never confirmed before a stop
    ],
)
async def test_our_own_command_left_on_the_plant_is_released(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    stored: dict[str, Any],
) -> None:
    """What the stored state says is ours is released at start, without waiting for anyone."""
    _store(hass_storage, control_entry, {"emergency_stop": False, "override": None, **stored})
    _forced(simulator, mode=5)
    await setup_entry(hass, control_entry)
    await settle(hass)
    assert simulator.value("remote_ems_enable") == 0
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None
    assert controller.status == "released"


OWN_BLOCK = {
    "remote_ems_enable": 1,
    "independent_phase_control_enable": 0,
    "remote_ems_control_mode": 6,
    "ess_max_charge_limit": 0.0,
    "ess_max_discharge_limit": 3.0,
}


@pytest.mark.parametrize(
    ("want", "age_s", "status"),
    [
        ("released", 1, "released"),  # ours, applied late by a slow plant across the restart
        ("external", 1, "released"),  # even when the last run had taken it for another's
        ("released", 60, "external"),  # long ago: not ours, left alone
    ],
)
async def test_our_forcing_write_landing_across_a_restart_is_released(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    *,
    want: str,
    age_s: float,
    status: str,
) -> None:
    """The newest forcing block is stored: seen at start within its window, it is released."""
    at = dt_util.utcnow() - timedelta(seconds=age_s)  # the window is 2 s in these tests
    own = {"at": at.isoformat(), "registers": OWN_BLOCK}
    _store(hass_storage, control_entry, {"want": want, "settled": True, "own": own})
    for key, value in OWN_BLOCK.items():
        simulator.set_value(key, value)
    await setup_entry(hass, control_entry)
    await settle(hass)
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None
    assert controller.status == status
    assert simulator.value("remote_ems_enable") == (0 if status == "released" else 1)
