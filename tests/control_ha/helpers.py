"""Helpers for the control tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from aiohttp.test_utils import TestClient
from homeassistant.core import Event, HomeAssistant, callback
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.control.controller import SigenController
from custom_components.sigenstor.runtime import controller_for
from simulator import RequestRecord, Simulator

from ..integration.helpers import setup_entry
from .conftest import READBACK_S


async def call(hass: HomeAssistant, service: str, entry_id: str, **data: Any) -> Any:
    """Call one of our actions, blocking."""
    return await hass.services.async_call(
        DOMAIN, service, {"config_entry_id": entry_id, **data}, blocking=True
    )


def collect(hass: HomeAssistant, event_type: str) -> list[Event]:
    """Events of this type from now on, recorded in the loop as they fire."""
    seen: list[Event] = []

    @callback
    def _on(event: Event) -> None:
        seen.append(event)

    hass.bus.async_listen(event_type, _on)
    return seen


async def settle(hass: HomeAssistant) -> None:
    """Let the read-back (and anything it triggers) finish."""
    await asyncio.sleep(READBACK_S * 2)
    await hass.async_block_till_done(wait_background_tasks=True)


async def wait_for(hass: HomeAssistant, done: Callable[[], bool], within: float = 5.0) -> None:
    """Let the controller work until `done()` holds (read-backs run on real time)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not done():
        assert loop.time() < deadline, "timed out waiting for the controller"
        await asyncio.sleep(READBACK_S / 2)
        await hass.async_block_till_done()


def writes(sim: Simulator, since: int = 0) -> list[RequestRecord]:
    """Write requests the plant received after request index `since`."""
    return [r for r in sim.requests[since:] if r.is_write]


async def settled_controller(hass: HomeAssistant, entry: MockConfigEntry) -> SigenController:
    """Set the entry up and wait until its controller has reconciled the plant."""
    await setup_entry(hass, entry)
    controller = controller_for(hass, entry.entry_id)
    assert controller is not None
    await wait_for(hass, lambda: controller.settled)
    return controller


async def open_fix_flow(client: TestClient[Any, Any], issue_id: str) -> dict[str, Any]:
    """Open a repair's fix flow over HTTP, as the Repairs page does; its first step."""
    response = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
    )
    assert response.status == HTTPStatus.OK
    step: dict[str, Any] = await response.json()
    return step


async def confirm_fix_flow(client: TestClient[Any, Any], flow_id: str) -> dict[str, Any]:
    """Submit the fix flow's confirmation; the flow's result."""
    response = await client.post(f"/api/repairs/issues/fix/{flow_id}", json={})
    assert response.status == HTTPStatus.OK
    result: dict[str, Any] = await response.json()
    return result
