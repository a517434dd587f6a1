"""The emergency-stop repair clears the stop after one confirmation, writing nothing itself."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.control.alerts import FIXABLE_KINDS
from custom_components.sigenstor.repairs import FIXES
from custom_components.sigenstor.runtime import controller_for
from simulator import Simulator

from ..integration.helpers import setup_entry
from .helpers import confirm_fix_flow, open_fix_flow, settle

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def test_fixing_the_emergency_stop_issue_clears_the_stop(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    simulator: Simulator,
    control_entry: MockConfigEntry,
) -> None:
    """Nothing changes before the confirmation; after it the stop is off and the issue gone."""
    assert await async_setup_component(hass, "repairs", {})
    await setup_entry(hass, control_entry)
    await settle(hass)
    await hass.services.async_call(
        DOMAIN, "emergency_stop", {"config_entry_id": control_entry.entry_id}, blocking=True
    )
    await settle(hass)
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None

    def stopped() -> bool:  # read afresh each time (the guard state is replaced, not mutated)
        return controller.guard.emergency_stop

    assert stopped()
    issue_id = f"emergency_stop_{control_entry.entry_id}"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.is_fixable
    writes = len([r for r in simulator.requests if r.is_write])
    client = await hass_client()
    flow = await open_fix_flow(client, issue_id)
    assert flow["step_id"] == "confirm"
    assert stopped()  # nothing before the confirmation
    assert (await confirm_fix_flow(client, flow["flow_id"]))["type"] == "create_entry"
    await settle(hass)
    assert not stopped()
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    assert len([r for r in simulator.requests if r.is_write]) == writes  # clearing writes nothing


def test_every_fixable_alert_has_a_fix_and_no_other() -> None:
    """The alerts mark issues fixable; repairs.py must hold a fix for exactly those kinds."""
    assert set(FIXES) == {kind.value for kind in FIXABLE_KINDS}
