"""The owner's notify actions never hold up a release, and a broken one is only logged."""

from __future__ import annotations

import asyncio

from homeassistant.core import HomeAssistant, ServiceCall
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.control.controller import CONF_NOTIFY
from simulator import Simulator

from ..integration.helpers import setup_entry
from .helpers import call, settle, wait_for

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def test_a_hanging_notify_action_does_not_hold_up_the_emergency_stop(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """With one notify action hanging and one raising, the e-stop still releases at once."""
    never = asyncio.Event()
    calls: list[str] = []

    async def hang(call: ServiceCall) -> None:
        calls.append(call.data["message"])
        await never.wait()

    async def broken(_: ServiceCall) -> None:
        raise RuntimeError("push service down")

    hass.services.async_register("notify", "hang", hang)
    hass.services.async_register("notify", "broken", broken)
    entry = MockConfigEntry(
        domain=control_entry.domain,
        title=control_entry.title,
        unique_id=control_entry.unique_id,
        data=dict(control_entry.data),
        options={**control_entry.options, CONF_NOTIFY: "notify.broken, notify.hang"},
    )
    await setup_entry(hass, entry)
    await call(hass, "force_export", entry.entry_id, power=3, floor_soc=10)
    await settle(hass)
    assert simulator.value("remote_ems_enable") == 1
    # The action returns while the hanging notify is still waiting.
    await asyncio.wait_for(call(hass, "emergency_stop", entry.entry_id), timeout=5)
    assert simulator.value("remote_ems_enable") == 0
    await wait_for(hass, lambda: bool(calls))
    assert "emergency stop" in calls[0].lower()
    assert "Notify action notify.broken failed: push service down" in caplog.text
    never.set()
    await hass.async_block_till_done()
