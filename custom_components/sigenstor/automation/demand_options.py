"""The options step for the demand tariff and peak shaving: rate, daily window, import cap."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.helpers import selector
import voluptuous as vol

from .grid_limits import (
    CONF_DEMAND_RATE,
    CONF_PEAK_CAP,
    CONF_WINDOW_END,
    CONF_WINDOW_START,
    PEAK_CAP_RANGE,
    RATE_RANGE,
    validate_demand,
)

DEMAND_KEYS = (CONF_DEMAND_RATE, CONF_WINDOW_START, CONF_WINDOW_END, CONF_PEAK_CAP)


def _number(low: float, high: float, step: float, unit: str) -> selector.NumberSelector:
    return selector.NumberSelector(
        selector.NumberSelectorConfig(
            min=low,
            max=high,
            step=step,
            unit_of_measurement=unit,
            mode=selector.NumberSelectorMode.BOX,
        )
    )


def _suggested(values: Mapping[str, Any], key: str) -> dict[str, Any] | None:
    value = values.get(key)
    return None if value in (None, "") else {"suggested_value": value}


def demand_schema(values: Mapping[str, Any]) -> vol.Schema:
    """The demand form; optional fields show what is stored (empty clears them)."""
    return vol.Schema(
        {
            vol.Required(CONF_DEMAND_RATE, default=values.get(CONF_DEMAND_RATE, 0.0)): _number(
                *RATE_RANGE, 0.001, "$/kW"
            ),
            vol.Optional(
                CONF_WINDOW_START, description=_suggested(values, CONF_WINDOW_START)
            ): selector.TimeSelector(),
            vol.Optional(
                CONF_WINDOW_END, description=_suggested(values, CONF_WINDOW_END)
            ): selector.TimeSelector(),
            vol.Optional(CONF_PEAK_CAP, description=_suggested(values, CONF_PEAK_CAP)): _number(
                *PEAK_CAP_RANGE, 0.1, "kW"
            ),
        }
    )


class DemandOptionsFlow(OptionsFlow):
    """Demand tariff and peak-shaving step of the plant's options menu."""

    async def async_step_demand(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show, validate and store the demand rate, its window and the peak-shaving cap."""
        errors: dict[str, str] = {}
        if user_input is not None:
            error = validate_demand(user_input)
            if error is None:
                stored = self.config_entry.options
                options = {k: v for k, v in stored.items() if k not in DEMAND_KEYS}
                given = {k: user_input.get(k) for k in DEMAND_KEYS}
                kept = {k: v for k, v in given.items() if v not in (None, "")}
                return self.async_create_entry(data={**options, **kept})
            errors["base"] = error
        values = user_input if user_input is not None else self.config_entry.options
        return self.async_show_form(
            step_id="demand", data_schema=demand_schema(values), errors=errors
        )
