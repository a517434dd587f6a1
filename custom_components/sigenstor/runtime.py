"""The one resolver of "a loaded entry of ours": for actions, repairs, energy and lookups."""

from __future__ import annotations

from typing import Final

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import ServiceValidationError

from .const import DOMAIN
from .control.controller import SigenController
from .models import SigenConfigEntry

ATTR_CONFIG_ENTRY_ID: Final = "config_entry_id"


def not_loaded(entry_id: str) -> ServiceValidationError:
    """The error for an unknown, foreign or unloaded entry."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="entry_not_loaded",
        translation_placeholders={"entry_id": entry_id},
    )


def entry_for(hass: HomeAssistant, entry_id: str) -> SigenConfigEntry | None:
    """The loaded SigenStor entry with this id, None when unknown, foreign or not loaded."""
    entry: SigenConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN or entry.state is not ConfigEntryState.LOADED:
        return None
    return entry


def loaded_entry(hass: HomeAssistant, call: ServiceCall) -> SigenConfigEntry:
    """The loaded SigenStor entry named by the call's `config_entry_id`."""
    entry_id = str(call.data[ATTR_CONFIG_ENTRY_ID])
    entry = entry_for(hass, entry_id)
    if entry is None:
        raise not_loaded(entry_id)
    return entry


def controller_for(hass: HomeAssistant, entry_id: str) -> SigenController | None:
    """The controller of a loaded entry, None when the entry is unknown or not loaded."""
    entry = entry_for(hass, entry_id)
    return None if entry is None else entry.runtime_data.controller
