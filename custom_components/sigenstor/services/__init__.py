"""Every action of the integration, registered from one place (`async_setup_services`).

One module per room that owns the action's subject: `control` (overrides, emergency stop, audit),
`optimiser`, `prices`, `schedules`. Each resolves its target with `runtime.loaded_entry` and lets
only translated errors out (`errors.translated`, `control.commands.refused`).
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback

from .control import async_setup_control_services
from .optimiser import async_setup_optimiser_services
from .prices import async_setup_price_services
from .schedules import async_setup_schedule_services


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register every action once, for all entries (from `async_setup`)."""
    async_setup_control_services(hass)
    async_setup_price_services(hass)
    async_setup_optimiser_services(hass)
    async_setup_schedule_services(hass)
