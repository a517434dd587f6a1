"""Diagnostics with the plant's address and serial numbers redacted."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant

from .const import CONF_SERIAL
from .models import SigenConfigEntry
from .sources.const import SECRET_KEYS
from .sources.runtime import sources_diagnostics

TO_REDACT = {CONF_HOST, CONF_SERIAL, "inv_serial", "host", "serial", *SECRET_KEYS}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: SigenConfigEntry
) -> dict[str, Any]:
    """What the integration knows about the plant and how polling is going."""
    runtime = entry.runtime_data
    stats = runtime.client.stats
    return {
        "entry": {
            "data": async_redact_data(dict(entry.data), TO_REDACT),
            "options": async_redact_data(dict(entry.options), TO_REDACT),
        },
        "link": {
            "down_since": runtime.link.down_since.isoformat() if runtime.link.down_since else None,
            "last_error": runtime.link.last_error,
        },
        "client": asdict(stats) if is_dataclass(stats) and not isinstance(stats, type) else {},
        "unsupported_registers": {
            str(unit): sorted(runtime.client.unsupported(unit))
            for unit in {c.unit_id for c in runtime.coordinators.values()}
        },
        "sources": sources_diagnostics(runtime.sources),
        "optimiser": runtime.optimiser.diagnostics() if runtime.optimiser else None,
        "coordinators": {
            coordinator.source: {
                "last_update_success": coordinator.last_update_success,
                "registers": [r.key for r in coordinator.registers],
                "data": async_redact_data(dict(coordinator.data or {}), TO_REDACT),
            }
            for coordinator in runtime.coordinators.values()
        },
    }
