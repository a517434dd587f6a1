"""Repairs with a fix: take control back from another controller (one confirmation step)."""

from __future__ import annotations

from homeassistant import data_entry_flow
from homeassistant.components.repairs import RepairsFlow
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError

from .runtime import controller_for


class TakeBackFlow(RepairsFlow):
    """Confirm, then release Remote EMS: the owner's word ends another controller's hold."""

    def __init__(self, entry_id: str) -> None:
        """Bind to the plant's entry."""
        self.entry_id = entry_id

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> data_entry_flow.FlowResult:
        """Start at the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> data_entry_flow.FlowResult:
        """Ask, then release."""
        if user_input is None:
            return self.async_show_form(step_id="confirm")
        controller = controller_for(self.hass, self.entry_id)
        if controller is None:
            return self.async_abort(reason="entry_not_loaded")
        try:
            await controller.async_clear_override()
        except HomeAssistantError:
            return self.async_abort(reason="release_failed")
        return self.async_create_entry(data={})


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """The fix flow of a fixable issue (only another controller's hold is fixable)."""
    entry_id = str((data or {}).get("entry_id", ""))
    return TakeBackFlow(entry_id)
