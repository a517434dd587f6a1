"""The repair for another controller's hold takes control back after one confirmation."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.runtime import controller_for
from simulator import Simulator

from ..integration.helpers import setup_entry
from .helpers import confirm_fix_flow, open_fix_flow, settle, wait_for

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def test_fixing_the_external_control_issue_releases_the_plant(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: Simulator,
    control_entry: MockConfigEntry,
) -> None:
    simulator.set_value("remote_ems_enable", 1)
    simulator.set_value("remote_ems_control_mode", 6)
    assert await async_setup_component(hass, "repairs", {})
    await setup_entry(hass, control_entry)
    await settle(hass)
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None
    assert controller.status == "external"
    issue_id = f"external_control_{control_entry.entry_id}"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.is_fixable
    client = await hass_client()
    flow = await open_fix_flow(client, issue_id)
    assert flow["step_id"] == "confirm"
    assert simulator.value("remote_ems_enable") == 1  # nothing before the confirmation
    assert (await confirm_fix_flow(client, flow["flow_id"]))["type"] == "create_entry"
    await wait_for(hass, lambda: simulator.value("remote_ems_enable") == 0)
    assert controller.status in ("released", "releasing")
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
