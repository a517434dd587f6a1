"""Garbage readings are unknown to the guard, never trusted; intervals fit their age limits."""

from __future__ import annotations

import math

import pytest

from custom_components.sigenstor.control.guard import Rule, check_command, current_violations
from custom_components.sigenstor.control.limits import InputError, SafetyLimits, validate_intervals
from custom_components.sigenstor.control.model import (
    CHARGE_CAP,
    DISCHARGE_CAP,
    ENABLE,
    MODE,
    PHASE,
    plausible_rating,
    sanitize,
)

from .helpers import LIMITS, NOW, regs, snap, state

EXPORT = {ENABLE: 1, PHASE: 0, MODE: 6, CHARGE_CAP: 0.0, DISCHARGE_CAP: 3.0}


@pytest.mark.parametrize("soc", [200.0, 6553.5, -1.0, math.nan, math.inf])
def test_implausible_soc_blocks_a_forced_discharge(soc: float) -> None:
    # The real SoC may be 3 %: a SoC the battery cannot have vouches for nothing.
    verdict = check_command(
        EXPORT,
        origin="override",
        automatic=False,
        snapshot=snap(soc=soc, registers=regs(enable=0)),
        state=state(),
        limits=LIMITS,
        now=NOW,
    )
    assert verdict.rule is Rule.STALE_TELEMETRY
    assert "plausible SoC" in verdict.reason


@pytest.mark.parametrize("temp", [-273.0, 95.0, 6553.5, math.nan])
def test_implausible_temperature_blocks_forcing_and_releases_a_forced_plant(temp: float) -> None:
    verdict = check_command(
        EXPORT,
        origin="override",
        automatic=False,
        snapshot=snap(temp=temp, registers=regs(enable=0)),
        state=state(),
        limits=LIMITS,
        now=NOW,
    )
    assert verdict.rule is Rule.STALE_TELEMETRY
    forced = snap(temp=temp, registers=regs(mode=6))
    assert Rule.STALE_TELEMETRY in current_violations(forced, LIMITS, NOW)


def test_the_bounds_themselves_are_plausible() -> None:
    for soc in (0.0, 100.0):
        assert current_violations(snap(soc=soc, registers=regs(mode=2)), LIMITS, NOW) == ()
    verdict = check_command(
        {**EXPORT, DISCHARGE_CAP: 1.0},
        origin="override",
        automatic=False,
        snapshot=snap(soc=100.0, registers=regs(enable=0)),
        state=state(),
        limits=LIMITS,
        now=NOW,
    )
    assert verdict.allowed, verdict.reason


def test_sanitize_drops_what_cannot_be_true() -> None:
    raw = {
        ENABLE: 7.0,
        MODE: 3.0,
        CHARGE_CAP: 4294967.294,  # all ones but the last bit: garbage, not "unset"
        DISCHARGE_CAP: None,  # unset: a legal state
        "ess_charge_cutoff_soc": 655.35,
        "grid_export_limit": 7.4,  # within 1.5 x 5 kW
    }
    assert sanitize(raw, 5.0, 5.0) == {MODE: 3.0, DISCHARGE_CAP: None, "grid_export_limit": 7.4}
    assert sanitize({CHARGE_CAP: 7.6}, 5.0, 5.0) == {}
    assert sanitize({CHARGE_CAP: 900.0}, None, None) == {CHARGE_CAP: 900.0}


def test_garbage_enable_reads_as_unknown_so_caps_only_count_as_zero() -> None:
    # 40029 reading 0xFFFF: control may be on; a raised cap is not "toward safety".
    garbage = snap(registers={ENABLE: 65535.0, MODE: 6.0, CHARGE_CAP: 0.0, DISCHARGE_CAP: 1.0})
    verdict = check_command(
        {DISCHARGE_CAP: 4.0},
        origin="optimiser",
        automatic=True,
        snapshot=garbage,
        state=state(),
        limits=LIMITS,
        now=NOW,
    )
    assert verdict.allowed
    # Stepped from zero (control may be off), never waved through as a lowered cap.
    assert verdict.adjusted
    assert verdict.writes[DISCHARGE_CAP] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("value", "expected"), [(5.0, 5.0), (0.0, None), (-1.0, None), (None, None), (2e6, None)]
)
def test_plausible_rating(value: float | None, expected: float | None) -> None:
    assert plausible_rating(value) == expected


@pytest.mark.parametrize(
    ("live", "slow", "field"),
    [(16, 60, "live_interval"), (300, 60, "live_interval"), (5, 151, "slow_interval")],
)
def test_intervals_may_not_outrun_the_freshness_limits(
    live: float, slow: float, field: str
) -> None:
    with pytest.raises(InputError) as err:
        validate_intervals(SafetyLimits(), live, slow)
    assert err.value.translation_key == f"{field}_exceeds_age"
    assert err.value.placeholders["field"] == field


def test_default_intervals_fit_and_a_longer_age_allows_a_longer_interval() -> None:
    validate_intervals(SafetyLimits(), 5, 60)
    validate_intervals(SafetyLimits(max_telemetry_age_s=600, max_temperature_age_s=3600), 300, 1800)
