"""Override mode select: automatic, or one of the overrides with the option defaults."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .control.commands import check_against_limits
from .control.defaults import OVERRIDE_MODES, default_command
from .entity_control import ControlEntity
from .entity_optimiser import optimiser_selects
from .models import SigenConfigEntry

PARALLEL_UPDATES = 1

OVERRIDE_SELECT = SelectEntityDescription(
    key="override_mode", translation_key="override_mode", options=list(OVERRIDE_MODES)
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SigenConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the override select to the plant device."""
    async_add_entities([SigenOverrideSelect(entry, OVERRIDE_SELECT)])
    async_add_entities(optimiser_selects(entry))


class SigenOverrideSelect(ControlEntity, SelectEntity):
    """Shows the active override; choosing one starts it, automatic releases control."""

    @property
    def current_option(self) -> str:
        """The active override, or automatic."""
        override = self.controller.override
        return "automatic" if override is None else override.mode

    async def async_select_option(self, option: str) -> None:
        """Start or clear an override."""
        if option == "automatic":
            await self.controller.async_clear_override()
            return
        command = default_command(option, self.entry.options)
        check_against_limits(self.controller, command)
        await self.controller.async_force(command)
