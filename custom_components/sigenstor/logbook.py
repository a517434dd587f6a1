"""Logbook: show every attempted write and every alert of the control path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.logbook.const import LOGBOOK_ENTRY_MESSAGE, LOGBOOK_ENTRY_NAME
from homeassistant.core import Event, HomeAssistant, callback

from .const import DOMAIN, EVENT_ALERT, EVENT_WRITE

type Describer = Callable[[Event], dict[str, str]]


def describe_write(event: Event) -> dict[str, str]:
    """One line per attempted command: origin, registers, result."""
    data: dict[str, Any] = dict(event.data)
    registers = ", ".join(f"{key} = {value:g}" for key, value in data["registers"].items())
    message = f"{data['origin']} write {registers}: {data['result']}"
    if data.get("rule"):
        message += f" ({data['rule']})"
    return {LOGBOOK_ENTRY_NAME: "SigenStor", LOGBOOK_ENTRY_MESSAGE: message}


def describe_alert(event: Event) -> dict[str, str]:
    """The alert's message."""
    return {LOGBOOK_ENTRY_NAME: "SigenStor", LOGBOOK_ENTRY_MESSAGE: str(event.data["message"])}


@callback
def async_describe_events(
    hass: HomeAssistant, async_describe_event: Callable[[str, str, Describer], None]
) -> None:
    """Describe the control path's events for the logbook."""
    async_describe_event(DOMAIN, EVENT_WRITE, describe_write)
    async_describe_event(DOMAIN, EVENT_ALERT, describe_alert)
