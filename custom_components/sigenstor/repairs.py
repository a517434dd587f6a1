"""Repairs with a fix, each one confirmation step: take control back; clear the emergency stop."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from homeassistant import data_entry_flow
from homeassistant.components.repairs import RepairsFlow
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError

from .control.alerts import AlertKind
from .control.controller import SigenController
from .runtime import controller_for

type Fix = Callable[[SigenController], Awaitable[None]]


async def _take_back(controller: SigenController) -> None:
    # The owner's word ends another controller's hold: release Remote EMS.
    await controller.async_clear_override()


async def _clear_stop(controller: SigenController) -> None:
    await controller.async_clear_emergency_stop()


FIXES: dict[str, Fix] = {
    AlertKind.EXTERNAL_CONTROL.value: _take_back,
    AlertKind.EMERGENCY_STOP.value: _clear_stop,
}


class ConfirmFixFlow(RepairsFlow):
    """Confirm, then apply the fix through the plant's controller (its guard and audit)."""

    def __init__(self, entry_id: str, fix: Fix) -> None:
        """Bind to the plant's entry and the fix of the issue's kind."""
        self.entry_id = entry_id
        self.fix = fix

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> data_entry_flow.FlowResult:
        """Start at the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> data_entry_flow.FlowResult:
        """Ask, then fix."""
        if user_input is None:
            return self.async_show_form(step_id="confirm")
        controller = controller_for(self.hass, self.entry_id)
        if controller is None:
            return self.async_abort(reason="entry_not_loaded")
        try:
            await self.fix(controller)
        except HomeAssistantError:
            return self.async_abort(reason="release_failed")
        return self.async_create_entry(data={})


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """The fix flow of a fixable issue; its id starts with the alert kind."""
    entry_id = str((data or {}).get("entry_id", ""))
    kind = next(k for k in FIXES if issue_id.startswith(f"{k}_"))
    return ConfirmFixFlow(entry_id, FIXES[kind])
