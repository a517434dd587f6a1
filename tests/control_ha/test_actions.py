"""Each control action end to end against the simulator."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator import Simulator

from ..integration.helpers import setup_entry
from .helpers import call, settle, writes

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def test_force_charge_takes_control_in_one_write(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """force_charge writes 40029-40035 in one request and the plant follows."""
    await setup_entry(hass, control_entry)
    start = len(simulator.requests)
    await call(hass, "force_charge", control_entry.entry_id, power=3, target_soc=80)
    await settle(hass)
    sent = writes(simulator, start)
    assert len(sent) == 1
    assert (sent[0].address, sent[0].count, sent[0].function_code) == (40029, 7, 0x10)
    assert simulator.value("remote_ems_enable") == 1
    assert simulator.value("remote_ems_control_mode") == 3
    assert simulator.value("ess_max_charge_limit") == pytest.approx(3.0)
    assert simulator.value("ess_max_discharge_limit") == pytest.approx(0.0)
