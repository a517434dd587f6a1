"""Owner-adjustable safety limits: design defaults, hard bounds, translated errors (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
import math
from typing import Final


@dataclass(frozen=True, slots=True)
class SafetyLimits:
    """Owner-adjustable limits; defaults are the design's guardrails."""

    min_soc: float = 5.0
    max_soc: float = 98.0
    min_temp_c: float = 0.0
    max_temp_c: float = 45.0
    max_step_kw: float = 1.0
    min_write_interval_s: float = 60.0
    max_telemetry_age_s: float = 30.0
    # Temperature is polled on the slow tier and changes slowly, so it gets its own age limit.
    max_temperature_age_s: float = 300.0


# Hard bounds options may never leave (inclusive).
HARD_BOUNDS: Final[Mapping[str, tuple[float, float]]] = {
    "min_soc": (0.0, 50.0),
    "max_soc": (50.0, 100.0),
    "min_temp_c": (-20.0, 60.0),
    "max_temp_c": (-20.0, 60.0),
    "max_step_kw": (0.1, 10.0),
    "min_write_interval_s": (10.0, 3600.0),
    "max_telemetry_age_s": (5.0, 600.0),
    "max_temperature_age_s": (30.0, 3600.0),
}
# Durations of overrides and schedules may not exceed this (a hostile value would overflow).
MAX_DURATION_S: Final = 7 * 24 * 3600


class InputError(ValueError):
    """Bad owner input (a command, the safety options); a translation key and placeholders."""

    def __init__(self, translation_key: str, placeholders: Mapping[str, str]) -> None:
        super().__init__(f"{translation_key}: {dict(placeholders)}")
        self.translation_key = translation_key
        self.placeholders = dict(placeholders)


def validate_limits(limits: SafetyLimits) -> SafetyLimits:
    """Return `limits` unchanged, or raise InputError if a value leaves its hard bounds."""
    for name, (low, high) in HARD_BOUNDS.items():
        value = getattr(limits, name)
        if not isinstance(value, int | float) or isinstance(value, bool) or math.isnan(value):
            raise InputError("limit_not_a_number", {"field": name, "value": str(value)})
        if not low <= value <= high:
            raise InputError(
                "limit_out_of_bounds",
                {"field": name, "value": str(value), "min": str(low), "max": str(high)},
            )
    if limits.min_soc >= limits.max_soc:
        raise InputError(
            "min_soc_not_below_max_soc",
            {"min_soc": str(limits.min_soc), "max_soc": str(limits.max_soc)},
        )
    if limits.min_temp_c >= limits.max_temp_c:
        raise InputError(
            "min_temp_not_below_max_temp",
            {"min_temp_c": str(limits.min_temp_c), "max_temp_c": str(limits.max_temp_c)},
        )
    return limits


def limits_from_options(options: Mapping[str, object]) -> SafetyLimits:
    """Build validated limits from an options mapping; missing keys keep their defaults."""
    names = {f.name for f in fields(SafetyLimits)}
    chosen: dict[str, float] = {}
    for name in names & options.keys():
        value = options[name]
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise InputError("limit_not_a_number", {"field": name, "value": str(value)})
        chosen[name] = float(value)
    return validate_limits(replace(SafetyLimits(), **chosen))


def validate_intervals(limits: SafetyLimits, live_s: float, slow_s: float) -> None:
    """Raise InputError when a poll interval could outrun the freshness limit it feeds.

    SoC comes from the live tier, temperatures from the slow tier; each interval must fit twice
    into its age limit, so one missed poll never makes an override look stale.
    """
    for field, interval, age in (
        ("live_interval", live_s, limits.max_telemetry_age_s),
        ("slow_interval", slow_s, limits.max_temperature_age_s),
    ):
        if 2 * interval > age:
            raise InputError(
                f"{field}_exceeds_age",
                {"field": field, "value": f"{interval:g}", "age": f"{age:g}"},
            )
