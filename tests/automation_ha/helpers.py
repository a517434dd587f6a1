"""Helpers for the optimiser tests."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from homeassistant.core import Event, HomeAssistant, callback
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.automation.runtime import OptimiserRuntime
from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.control.controller import SigenController

from ..conftest import SERIAL
from ..integration.helpers import entity_id, setup_entry
from .conftest import READBACK_S


async def start(hass: HomeAssistant, entry: MockConfigEntry) -> OptimiserRuntime:
    """Set the entry up and wait for the optimiser's first plan."""
    await setup_entry(hass, entry)
    await settle(hass)
    optimiser: OptimiserRuntime | None = entry.runtime_data.optimiser
    assert optimiser is not None
    return optimiser


async def settle(hass: HomeAssistant) -> None:
    """Let background work (plans, writes, read-backs) finish."""
    await asyncio.sleep(READBACK_S * 2)
    await hass.async_block_till_done(wait_background_tasks=True)


def controller(entry: MockConfigEntry) -> SigenController:
    """The entry's controller."""
    found: SigenController | None = entry.runtime_data.controller
    assert found is not None
    return found


def unspace(entry: MockConfigEntry) -> None:
    """Pretend the guard's 60 s write spacing has passed."""
    ctl = controller(entry)
    ctl.writer.guard = replace(ctl.guard, last_automatic_write=None)


def record_writes(hass: HomeAssistant) -> list[dict[str, Any]]:
    """Collect sigenstor_write events from now on."""
    seen: list[dict[str, Any]] = []

    @callback
    def _on(event: Event) -> None:
        seen.append(dict(event.data))

    hass.bus.async_listen(f"{DOMAIN}_write", _on)
    return seen


def state(hass: HomeAssistant, platform: str, key: str) -> str:
    """State of one of the plant's optimiser entities by its key."""
    found = hass.states.get(entity_id(hass, platform, f"{SERIAL}_plant_{key}"))
    assert found is not None, key
    return found.state


async def set_mode(hass: HomeAssistant, entry: MockConfigEntry, mode: str) -> None:
    """Choose a mode on the select, as the owner does."""
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": select_id(hass), "option": mode},
        blocking=True,
    )
    await settle(hass)


def select_id(hass: HomeAssistant) -> str:
    """Entity id of the optimiser mode select."""
    return entity_id(hass, "select", f"{SERIAL}_plant_optimiser_mode")
