"""Helpers for the schedule tests."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant

from custom_components.sigenstor.const import DOMAIN


async def call(
    hass: HomeAssistant, service: str, entry_id: str, *, response: bool = False, **data: Any
) -> Any:
    """Call one of our actions, blocking; optionally return its response."""
    result = await hass.services.async_call(
        DOMAIN,
        service,
        {"config_entry_id": entry_id, **data},
        blocking=True,
        return_response=response,
    )
    await hass.async_block_till_done()
    return result


async def listed(hass: HomeAssistant, entry_id: str) -> list[dict[str, Any]]:
    """The list_schedules response's schedules."""
    response = await call(hass, "list_schedules", entry_id, response=True)
    assert set(response) == {"schedules"}
    schedules: list[dict[str, Any]] = response["schedules"]
    return schedules
