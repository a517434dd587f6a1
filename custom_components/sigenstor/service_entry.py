"""The config entry an action targets: loaded, ours, or a translated error."""

from __future__ import annotations

from typing import Final

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import ServiceValidationError

from .const import DOMAIN
from .coordinator import SigenConfigEntry

ATTR_CONFIG_ENTRY_ID: Final = "config_entry_id"


def not_loaded(entry_id: str) -> ServiceValidationError:
    """The error for an unknown, foreign or unloaded entry."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="entry_not_loaded",
        translation_placeholders={"entry_id": entry_id},
    )


def loaded_entry(hass: HomeAssistant, call: ServiceCall) -> SigenConfigEntry:
    """The loaded SigenStor entry named by the call's `config_entry_id`."""
    entry_id = str(call.data[ATTR_CONFIG_ENTRY_ID])
    entry: SigenConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN or entry.state is not ConfigEntryState.LOADED:
        raise not_loaded(entry_id)
    return entry
