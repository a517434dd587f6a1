"""Builders shared by the control tests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from custom_components.sigenstor.control.guard import GuardState
from custom_components.sigenstor.control.limits import SafetyLimits
from custom_components.sigenstor.control.model import (
    CHARGE_CAP,
    DISCHARGE_CAP,
    ENABLE,
    MODE,
    PHASE,
    PlantSnapshot,
)

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
LIMITS = SafetyLimits()


def regs(
    enable: float | None = 1, mode: float | None = 2, charge: float | None = 5.0, **extra: float
) -> dict[str, float | None]:
    """Register values of a plant under remote control (self-consumption, 5 kW caps)."""
    values: dict[str, float | None] = {
        ENABLE: enable,
        PHASE: 0,
        MODE: mode,
        CHARGE_CAP: charge,
        DISCHARGE_CAP: 5.0,
    }
    values.update(extra)
    return values


def snap(
    *,
    soc: float | None = 50.0,
    temp: float | None = 25.0,
    age_s: float | None = 5.0,
    registers: Mapping[str, float | None] | None = None,
    temp_age_s: float | None = None,
    rated: float | None = 5.0,
) -> PlantSnapshot:
    """Fresh, mid-SoC, mild-temperature snapshot unless told otherwise."""
    return PlantSnapshot(
        soc=soc,
        battery_temp_c=temp,
        timestamp=None if age_s is None else NOW - timedelta(seconds=age_s),
        registers=regs() if registers is None else dict(registers),
        temp_timestamp=None if temp_age_s is None else NOW - timedelta(seconds=temp_age_s),
        rated_charge_kw=rated,
        rated_discharge_kw=rated,
    )


def state(since_s: float | None = None, estop: bool = False) -> GuardState:
    """Guard state whose last automatic write was `since_s` seconds ago."""
    last = None if since_s is None else NOW - timedelta(seconds=since_s)
    return GuardState(last_automatic_write=last, emergency_stop=estop)
