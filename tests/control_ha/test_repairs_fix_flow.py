"""The take-back repair when it cannot finish: the entry gone, or the plant not answering."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.runtime import controller_for
from custom_components.sigenstor.sigen.registers import PLANT_UNIT_ID
from simulator import Simulator

from ..integration.helpers import setup_entry
from .helpers import settle, writes

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def _open_fix_flow(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: Simulator,
    entry: MockConfigEntry,
) -> tuple[Any, dict[str, Any]]:
    """Another controller holds the plant; the owner opens the repair (nothing written yet)."""
    simulator.set_value("remote_ems_enable", 1)
    simulator.set_value("remote_ems_control_mode", 6)
    assert await async_setup_component(hass, "repairs", {})
    await setup_entry(hass, entry)
    await settle(hass)
    issue_id = f"external_control_{entry.entry_id}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None
    client = await hass_client()
    response = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
    )
    assert response.status == HTTPStatus.OK
    flow = await response.json()
    assert flow["step_id"] == "confirm"
    return client, flow


async def test_fix_after_the_entry_was_unloaded_aborts_without_a_write(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: Simulator,
    control_entry: MockConfigEntry,
) -> None:
    """Confirming once the plant's entry is unloaded says so and writes nothing."""
    client, flow = await _open_fix_flow(hass, hass_client, simulator, control_entry)
    assert await hass.config_entries.async_unload(control_entry.entry_id)
    await hass.async_block_till_done()
    assert controller_for(hass, control_entry.entry_id) is None
    start = len(simulator.requests)
    response = await client.post(f"/api/repairs/issues/fix/{flow['flow_id']}", json={})
    assert response.status == HTTPStatus.OK
    result = await response.json()
    assert (result["type"], result["reason"]) == ("abort", "entry_not_loaded")
    assert writes(simulator, start) == []
    assert simulator.value("remote_ems_enable") == 1  # the other controller's hold stands


async def test_fix_when_the_plant_refuses_the_release_aborts_and_keeps_the_issue_open(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: Simulator,
    control_entry: MockConfigEntry,
) -> None:
    """The release answered with an exception: the flow says it failed, the plant stays held."""
    client, flow = await _open_fix_flow(hass, hass_client, simulator, control_entry)
    simulator.faults.exception_for(PLANT_UNIT_ID, (40029, 40035), 0x04, function_codes=[0x10])
    start = len(simulator.requests)
    response = await client.post(f"/api/repairs/issues/fix/{flow['flow_id']}", json={})
    assert response.status == HTTPStatus.OK
    result = await response.json()
    assert (result["type"], result["reason"]) == ("abort", "release_failed")
    assert [r.address for r in writes(simulator, start)][:1] == [40029]  # it was tried
    assert simulator.value("remote_ems_enable") == 1
    simulator.faults.clear()
