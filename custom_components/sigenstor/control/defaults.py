"""The override a button or the override select starts, from defaults the options can change."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

from . import ems

CONF_CHARGE_POWER: Final = "default_charge_power_kw"
CONF_TARGET_SOC: Final = "default_target_soc"
CONF_EXPORT_POWER: Final = "default_export_power_kw"
CONF_FLOOR_SOC: Final = "default_floor_soc"
CONF_DURATION_MIN: Final = "default_duration_min"
COMMAND_DEFAULTS: Final[Mapping[str, float]] = {
    CONF_CHARGE_POWER: 3.0,
    CONF_TARGET_SOC: 90.0,
    CONF_EXPORT_POWER: 3.0,
    CONF_FLOOR_SOC: 20.0,
    CONF_DURATION_MIN: 60.0,
}
OVERRIDE_MODES: Final = ("automatic", "force_charge", "force_export", "force_hold")


def default_command(mode: str, options: Mapping[str, Any]) -> ems.Command:
    """The override for a select option or button, from the option defaults."""
    value = {key: float(options.get(key, default)) for key, default in COMMAND_DEFAULTS.items()}
    minutes = value[CONF_DURATION_MIN]
    duration = timedelta(minutes=minutes) if minutes > 0 else None
    if mode == "force_charge":
        return ems.ForceCharge(value[CONF_CHARGE_POWER], value[CONF_TARGET_SOC], duration)
    if mode == "force_export":
        return ems.ForceExport(value[CONF_EXPORT_POWER], value[CONF_FLOOR_SOC], duration)
    if mode == "force_hold":
        return ems.ForceHold(duration)
    raise ValueError(mode)
