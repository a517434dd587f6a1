"""Buttons: start an override with the option defaults, clear it, or stop everything."""

from __future__ import annotations

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .control.commands import check_against_limits
from .control.defaults import default_command
from .entity_control import ControlEntity
from .models import SigenConfigEntry

PARALLEL_UPDATES = 1

BUTTONS: tuple[ButtonEntityDescription, ...] = tuple(
    ButtonEntityDescription(key=key, translation_key=key)
    for key in ("force_charge", "force_export", "force_hold", "clear_override", "emergency_stop")
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SigenConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the control buttons to the plant device."""
    async_add_entities(SigenControlButton(entry, description) for description in BUTTONS)


class SigenControlButton(ControlEntity, ButtonEntity):
    """One control button; every press goes through the controller and its guard."""

    async def async_press(self) -> None:
        """Run the button's command."""
        key = self.entity_description.key
        if key == "clear_override":
            await self.controller.async_clear_override()
        elif key == "emergency_stop":
            await self.controller.async_emergency_stop()
        else:
            command = default_command(key, self.entry.options)
            check_against_limits(self.controller, command)
            await self.controller.async_force(command)
