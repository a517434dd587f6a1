"""Logbook: show every attempted write and every alert of the control path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from homeassistant.components.logbook.const import LOGBOOK_ENTRY_MESSAGE, LOGBOOK_ENTRY_NAME
from homeassistant.core import Event, HomeAssistant, callback

from .const import DOMAIN, EVENT_ALERT, EVENT_WRITE

type Describer = Callable[[Event], dict[str, str]]


_WHO: Final = {
    "manual": "Owner",
    "override": "Owner",
    "schedule": "Schedule",
    "optimiser": "Optimiser",
    "safety": "Safety",
}
# Remote EMS control modes (40031) as an owner says them.
_MODES: Final = {
    0: "take control",
    1: "hold the battery",
    2: "run for self-consumption",
    3: "charge from the grid",
    4: "charge from solar",
    5: "export, solar first",
    6: "export from the battery",
}
_LIMITS: Final = {
    "ess_max_charge_limit": ("battery charge limit", "kW"),
    "ess_max_discharge_limit": ("battery discharge limit", "kW"),
    "pv_max_power_limit": ("solar limit", "kW"),
    "grid_export_limit": ("grid export limit", "kW"),
    "grid_import_limit": ("grid import limit", "kW"),
    "ess_backup_soc": ("backup reserve", "%"),
    "ess_charge_cutoff_soc": ("charge cut-off", "%"),
    "ess_discharge_cutoff_soc": ("discharge cut-off", "%"),
}
_RESULTS: Final = {
    "intent": "about to write",
    "ok": "done",
    "refused": "refused",
    "failed": "failed",
    "not_confirmed": "not confirmed by the plant",
    "external": "another controller is in charge",
    "reverted": "undone by the plant",
}


def summary(registers: dict[str, float]) -> str:
    """What a write asks of the plant, in an owner's words."""
    enable = registers.get("remote_ems_enable")
    if enable == 0:
        return "gave control back to the plant"
    if enable == 1 or "remote_ems_control_mode" in registers:
        mode = int(registers.get("remote_ems_control_mode", 0))
        text = "took control: " + _MODES.get(mode, f"mode {mode}")
        power = registers.get(
            "ess_max_charge_limit" if mode in (3, 4) else "ess_max_discharge_limit"
        )
        if mode in (3, 4, 5, 6) and power is not None:
            text += f" at {power:g} kW"
        return text
    parts = []
    for key, value in registers.items():
        name, unit = _LIMITS.get(key, (key, ""))
        parts.append(f"set the {name} to {value:g} {unit}".rstrip())
    return ", ".join(parts)


def describe_write(event: Event) -> dict[str, str]:
    """One readable line per attempted command: who, what, and how it went."""
    data: dict[str, Any] = dict(event.data)
    who = _WHO.get(data["origin"], str(data["origin"]).capitalize())
    result = _RESULTS.get(data["result"], str(data["result"]))
    message = f"{who} {summary(data['registers'])}: {result}"
    if data.get("reason") and data["result"] == "refused":
        message += f" ({data['reason']})"
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
