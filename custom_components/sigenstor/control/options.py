"""Options fields of the control path: safety limits, read-back delay, alerts, button defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from homeassistant.helpers import selector
import voluptuous as vol

from .controller import CONF_NOTIFY, CONF_READBACK_DELAY, DEFAULT_READBACK_DELAY
from .defaults import COMMAND_DEFAULTS
from .limits import HARD_BOUNDS, SafetyLimits

# By the field name's ending only: "max_temperature_age_s" is seconds, not degrees.
_UNITS = {"_soc": "%", "_c": "°C", "_kw": "kW", "_s": "s", "_min": "min"}


def _unit(name: str) -> str | None:
    return next((unit for suffix, unit in _UNITS.items() if name.endswith(suffix)), None)


def _number(low: float, high: float, step: float, unit: str | None) -> selector.NumberSelector:
    config = selector.NumberSelectorConfig(
        min=low, max=high, step=step, mode=selector.NumberSelectorMode.BOX
    )
    if unit is not None:
        config["unit_of_measurement"] = unit
    return selector.NumberSelector(config)


def control_options_schema(options: Mapping[str, Any]) -> dict[vol.Marker, Any]:
    """Fields added to the options form; limits stay within the guard's hard bounds."""
    defaults = SafetyLimits()
    schema: dict[vol.Marker, Any] = {}
    for field in fields(SafetyLimits):
        low, high = HARD_BOUNDS[field.name]
        default = options.get(field.name, getattr(defaults, field.name))
        schema[vol.Required(field.name, default=default)] = _number(
            low, high, 0.1, _unit(field.name)
        )
    schema[
        vol.Required(
            CONF_READBACK_DELAY, default=options.get(CONF_READBACK_DELAY, DEFAULT_READBACK_DELAY)
        )
    ] = _number(0.0, 30.0, 0.1, "s")
    notify = options.get(CONF_NOTIFY, "")
    schema[vol.Optional(CONF_NOTIFY, default=notify)] = selector.TextSelector()
    for name, default in COMMAND_DEFAULTS.items():
        high = 100.0 if "soc" in name else 1440.0 if "min" in name else 50.0
        schema[vol.Required(name, default=options.get(name, default))] = _number(
            0.0, high, 0.1, _unit(name)
        )
    return schema
