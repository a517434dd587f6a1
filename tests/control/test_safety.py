"""Rule-by-rule tests of the pure safety guard, boundaries included."""

from __future__ import annotations

from collections.abc import Mapping
import csv
from dataclasses import replace
from datetime import timedelta
import math
from pathlib import Path

import pytest

from custom_components.sigenstor.control import guard as safety
from custom_components.sigenstor.control.guard import (
    ORIGINS,
    GuardState,
    Origin,
    Rule,
    check_command,
    check_write,
    current_violations,
    is_toward_safety,
)
from custom_components.sigenstor.control.limits import SafetyLimits
from custom_components.sigenstor.control.model import (
    ALLOWED_REGISTERS,
    BACKUP_SOC,
    CHARGE_CAP,
    CHARGE_CUTOFF,
    DISCHARGE_CAP,
    DISCHARGE_CUTOFF,
    ENABLE,
    GRID_EXPORT_CAP,
    GRID_IMPORT_CAP,
    MODE,
    PHASE,
    PV_CAP,
    Commanded,
    Direction,
    PlantSnapshot,
    commanded,
    mode_direction,
)

from .helpers import LIMITS, NOW, regs, snap, state

REFERENCE_CSV = Path(__file__).parents[3] / "shared" / "reference" / "sigen_registers.csv"


def run(
    writes: Mapping[str, float],
    *,
    origin: Origin = "manual",
    automatic: bool = False,
    snapshot: PlantSnapshot | None = None,
    guard: GuardState | None = None,
    limits: SafetyLimits = LIMITS,
) -> safety.CommandVerdict:
    """check_command with friendly defaults."""
    return check_command(
        writes,
        origin=origin,
        automatic=automatic,
        snapshot=snapshot or snap(),
        state=guard or state(),
        limits=limits,
        now=NOW,
    )


# --- allow-list -------------------------------------------------------------------------------


def test_allow_list_is_exactly_the_remote_ems_registers() -> None:
    addresses = sorted(address for address, _ in ALLOWED_REGISTERS.values())
    assert addresses == [
        40029,
        40030,
        40031,
        40032,
        40034,
        40036,
        40038,
        40040,
        40046,
        40047,
        40048,
    ]


def test_allow_list_is_writable_in_the_register_map() -> None:
    registers = pytest.importorskip("custom_components.sigenstor.sigen.registers")
    for key in ALLOWED_REGISTERS:
        assert registers.get(key).writable, key


def test_allow_list_matches_the_reference_csv() -> None:
    if not REFERENCE_CSV.exists():
        pytest.skip("reference CSV not available")
    with REFERENCE_CSV.open() as handle:
        rows = {row["name"]: row for row in csv.DictReader(handle)}
    for key, (address, words) in ALLOWED_REGISTERS.items():
        assert int(rows[key]["address"]) == address
        assert int(rows[key]["count"]) == words
        assert rows[key]["access"] == "RW"


@pytest.mark.parametrize(
    "key",
    [
        "pcs_import_limit",
        "pcs_export_limit",
        "plant_active_power_setpoint",
        "plant_start_stop",
        "active_power_ramp_rate",
        "REMOTE_EMS_ENABLE",
        "remote_ems_enable ",
        "",
    ],
)
@pytest.mark.parametrize("origin", ORIGINS)
def test_register_outside_allow_list_is_always_refused(key: str, origin: Origin) -> None:
    verdict = run({key: 0}, origin=origin, automatic=origin != "manual")
    assert not verdict.allowed
    assert verdict.rule is Rule.REGISTER_NOT_ALLOWED


def test_allow_list_applies_inside_a_release_too() -> None:
    verdict = run({ENABLE: 0, "pcs_import_limit": 0}, guard=state(estop=True))
    assert verdict.rule is Rule.REGISTER_NOT_ALLOWED


# --- values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "ok"),
    [
        (ENABLE, 0, True),
        (ENABLE, 1, True),
        (ENABLE, 2, False),
        (ENABLE, 0.5, False),
        (PHASE, 0, True),
        (PHASE, 1, False),
        (MODE, 0, False),  # PCS dispatch: stale 40001+ targets would act
        (MODE, 1, True),
        (MODE, 2, True),
        (MODE, 6, True),
        (MODE, 7, False),
        (MODE, 8, False),
        (MODE, 3.5, False),
        (MODE, -1, False),
        (CHARGE_CAP, 0, True),
        (CHARGE_CAP, -0.001, False),
        (CHARGE_CAP, 1000, True),
        (CHARGE_CAP, 1000.001, False),
        (PV_CAP, math.inf, False),
        (GRID_EXPORT_CAP, math.nan, False),
        (GRID_IMPORT_CAP, 12.5, True),
        (BACKUP_SOC, -0.1, False),
        (BACKUP_SOC, 0, True),
        (BACKUP_SOC, 100, True),
        (BACKUP_SOC, 100.1, False),
        (CHARGE_CUTOFF, 98, True),
        (DISCHARGE_CUTOFF, 5, True),
        (DISCHARGE_CUTOFF, 100, True),
        (DISCHARGE_CUTOFF, 100.5, False),
    ],
)
def test_value_ranges(key: str, value: float, ok: bool) -> None:
    verdict = run({key: value})
    assert verdict.allowed is ok
    if not ok:
        assert verdict.rule is Rule.VALUE_OUT_OF_RANGE


@pytest.mark.parametrize("value", [True, False])
def test_booleans_are_not_register_values(value: bool) -> None:
    assert run({ENABLE: value}).rule is Rule.VALUE_OUT_OF_RANGE


@pytest.mark.parametrize(
    ("key", "value", "limits", "ok"),
    [
        (CHARGE_CUTOFF, 98.0, LIMITS, True),
        (CHARGE_CUTOFF, 98.1, LIMITS, False),
        (CHARGE_CUTOFF, 100.0, LIMITS, False),
        (CHARGE_CUTOFF, 90.0, SafetyLimits(max_soc=90), True),
        (CHARGE_CUTOFF, 90.5, SafetyLimits(max_soc=90), False),
        (DISCHARGE_CUTOFF, 5.0, LIMITS, True),
        (DISCHARGE_CUTOFF, 4.9, LIMITS, False),
        (DISCHARGE_CUTOFF, 0.0, LIMITS, False),
        (DISCHARGE_CUTOFF, 20.0, SafetyLimits(min_soc=20), True),
        (DISCHARGE_CUTOFF, 19.9, SafetyLimits(min_soc=20), False),
    ],
)
def test_cutoffs_stay_inside_the_owner_soc_window(
    key: str, value: float, limits: SafetyLimits, ok: bool
) -> None:
    # Refused even for a release, even for a manual write.
    for writes in ({key: value}, {ENABLE: 0, key: value}):
        verdict = run(writes, limits=limits)
        assert verdict.allowed is ok
        if not ok:
            assert verdict.rule is Rule.CUTOFF_OUTSIDE_SOC_WINDOW


# --- classification ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "direction"),
    [
        (0, Direction.UNKNOWN),
        (1, Direction.IDLE),
        (2, Direction.AUTO),
        (3, Direction.CHARGE),
        (4, Direction.CHARGE),
        (5, Direction.DISCHARGE),
        (6, Direction.DISCHARGE),
        (7, Direction.UNKNOWN),
        (8, Direction.UNKNOWN),
        (4.0, Direction.CHARGE),
        (4.5, Direction.UNKNOWN),
        (None, Direction.UNKNOWN),
    ],
)
def test_mode_direction(mode: float | None, direction: Direction) -> None:
    assert mode_direction(mode) is direction


@pytest.mark.parametrize(
    ("registers", "rated", "high", "expected"),
    [
        (regs(mode=4, charge=3), 5.0, True, Commanded(3, 0)),
        (regs(mode=3, charge=8), 5.0, True, Commanded(5, 0)),  # rated caps it
        (regs(mode=6, charge=3), 5.0, True, Commanded(0, 5)),
        (regs(mode=5, **{DISCHARGE_CAP: 2}), 5.0, True, Commanded(0, 2)),
        (regs(mode=1), 5.0, True, Commanded(0, 0)),
        (regs(mode=2), 5.0, True, Commanded(0, 0)),
        (regs(enable=0, mode=4), 5.0, True, Commanded(0, 0)),
        (regs(mode=0, charge=3), 5.0, True, Commanded(3, 5)),  # unknown mode: both, pessimistic
        (regs(mode=0, charge=3), 5.0, False, Commanded(0, 0)),
        (regs(mode=4, charge=None), 5.0, True, Commanded(5, 0)),  # unset cap = rated
        (regs(mode=4, charge=None), None, True, Commanded(math.inf, 0)),
        (regs(mode=4, charge=None), None, False, Commanded(math.inf, 0)),
        (regs(enable=None, mode=4, charge=2), 5.0, True, Commanded(2, 0)),
        (regs(enable=None, mode=4, charge=2), 5.0, False, Commanded(0, 0)),
        ({MODE: 4}, 5.0, True, Commanded(5, 0)),  # unknown enable and cap: worst case
        ({MODE: 4}, 5.0, False, Commanded(0, 0)),
        ({}, 5.0, True, Commanded(5, 5)),
    ],
)
def test_commanded_power(
    registers: dict[str, float | None], rated: float | None, high: bool, expected: Commanded
) -> None:
    assert commanded(registers, rated, rated, high=high) == expected


@pytest.mark.parametrize(
    ("writes", "current", "expected"),
    [
        ({ENABLE: 0}, regs(), True),
        ({MODE: 1}, regs(), True),
        ({ENABLE: 1, PHASE: 0, MODE: 1, CHARGE_CAP: 5, DISCHARGE_CAP: 5}, regs(), True),
        ({ENABLE: 0, PHASE: 0, MODE: 2, CHARGE_CAP: 5, DISCHARGE_CAP: 5}, regs(), True),
        ({CHARGE_CAP: 0}, {}, True),
        ({CHARGE_CAP: 2}, {}, False),  # unknown current: only 0 is provably lower
        ({CHARGE_CAP: 2}, regs(charge=3), True),
        ({CHARGE_CAP: 3}, regs(charge=3), True),
        ({CHARGE_CAP: 3.5}, regs(charge=3), False),
        ({CHARGE_CAP: 3, DISCHARGE_CAP: 4}, regs(charge=3), True),
        ({CHARGE_CAP: 3, DISCHARGE_CAP: 6}, regs(charge=3), False),
        ({CHARGE_CAP: 40}, regs(charge=None), True),  # below "no cap at all"
        ({MODE: 2}, regs(), True),  # self-consumption forces nothing
        ({MODE: 3}, regs(), False),  # from self-consumption to a forced charge
        ({MODE: 4, CHARGE_CAP: 2}, regs(mode=3, charge=5), True),  # a weaker charge
        ({MODE: 6}, regs(mode=3, charge=5), False),  # a charge turned into a discharge
        ({ENABLE: 1, PHASE: 0, MODE: 1}, regs(enable=0), False),  # taking control, even to hold
        ({ENABLE: 1, MODE: 1}, {}, False),  # unknown enable: maybe taking control
        ({GRID_EXPORT_CAP: 0}, regs(), False),
        ({}, regs(), False),
    ],
)
def test_toward_safety(
    writes: dict[str, float], current: dict[str, float | None], expected: bool
) -> None:
    assert is_toward_safety(writes, current) is expected


# --- releases are never blocked ----------------------------------------------------------------

HOSTILE = snap(soc=1.0, temp=70.0, age_s=3600, registers=regs(mode=6))


RELEASES = [
    {ENABLE: 0},
    {ENABLE: 0, PHASE: 0, MODE: 2, CHARGE_CAP: 5, DISCHARGE_CAP: 5},
]
SAFER = [{MODE: 1}, {ENABLE: 1, MODE: 1}, {DISCHARGE_CAP: 0}, {DISCHARGE_CAP: 1.0}]


@pytest.mark.parametrize("writes", RELEASES + SAFER)
@pytest.mark.parametrize("origin", ORIGINS)
@pytest.mark.parametrize("automatic", [False, True])
@pytest.mark.parametrize("estop", [False, True])
def test_release_is_allowed_in_the_worst_conditions(
    writes: dict[str, float], origin: Origin, automatic: bool, estop: bool
) -> None:
    verdict = run(
        writes,
        origin=origin,
        automatic=automatic,
        snapshot=HOSTILE,
        guard=state(since_s=1, estop=estop),
    )
    if estop and writes not in RELEASES:
        # Under the emergency stop only a release passes, not even a weaker forcing.
        assert verdict.rule is Rule.EMERGENCY_STOP
        return
    assert verdict.allowed, verdict.reason
    assert verdict.toward_safety
    assert verdict.writes == writes
    assert not verdict.adjusted


def test_release_with_no_telemetry_at_all() -> None:
    empty = PlantSnapshot(soc=None, battery_temp_c=None, timestamp=None, registers={})
    assert run({ENABLE: 0}, snapshot=empty, automatic=True, guard=state(estop=True)).allowed


# --- emergency stop ----------------------------------------------------------------------------

TAKE_CHARGE = {ENABLE: 1, PHASE: 0, MODE: 4, CHARGE_CAP: 1.0, DISCHARGE_CAP: 0.0}


@pytest.mark.parametrize(
    "writes", [TAKE_CHARGE, {GRID_EXPORT_CAP: 3.0}, {MODE: 2}, {CHARGE_CUTOFF: 90}]
)
@pytest.mark.parametrize("origin", ORIGINS)
@pytest.mark.parametrize("automatic", [False, True])
def test_emergency_stop_blocks_every_write_that_is_not_a_release(
    writes: dict[str, float], origin: Origin, automatic: bool
) -> None:
    verdict = run(writes, origin=origin, automatic=automatic, guard=state(estop=True))
    assert not verdict.allowed
    assert verdict.rule is Rule.EMERGENCY_STOP
    # The same write is fine once the flag is cleared.
    assert run(writes, origin=origin, automatic=automatic, guard=state(estop=False)).allowed


@pytest.mark.parametrize("automatic", [False, True])
def test_emergency_stop_lets_plant_limits_through_once_released(automatic: bool) -> None:
    released = snap(registers=regs(enable=0))
    verdict = run(
        {GRID_EXPORT_CAP: 3.0}, snapshot=released, automatic=automatic, guard=state(estop=True)
    )
    assert verdict.allowed, verdict.reason
    # Not with Remote EMS enabled or unknown: that could leave a forced plant forced.
    for registers in (regs(enable=1), regs(enable=None)):
        forced = snap(registers={k: v for k, v in registers.items() if v is not None})
        refused = run(
            {GRID_EXPORT_CAP: 3.0}, snapshot=forced, automatic=automatic, guard=state(estop=True)
        )
        assert refused.rule is Rule.EMERGENCY_STOP


@pytest.mark.parametrize(
    "writes",
    [{MODE: 4, CHARGE_CAP: 3.0, DISCHARGE_CAP: 0.0}, {MODE: 6}, {DISCHARGE_CAP: 5.0}],
)
def test_emergency_stop_refuses_control_block_writes_that_do_not_release_themselves(
    writes: dict[str, float],
) -> None:
    """A 0 known earlier is not enough for mode or caps: someone may have re-enabled since."""
    released = snap(registers=regs(enable=0))
    refused = run(writes, snapshot=released, guard=state(estop=True))
    assert refused.rule is Rule.EMERGENCY_STOP
    # With 40029 = 0 in the same request it is a release.
    assert run({ENABLE: 0, **writes}, snapshot=released, guard=state(estop=True)).allowed


# --- spacing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("since_s", "interval", "ok"),
    [
        (None, 60, True),
        (0, 60, False),
        (59.999, 60, False),
        (60, 60, True),
        (61, 60, True),
        (-5, 60, False),  # clock went backwards: still too soon
        (29, 30, False),
        (30, 30, True),
    ],
)
def test_spacing_between_automatic_writes(since_s: float | None, interval: float, ok: bool) -> None:
    limits = SafetyLimits(min_write_interval_s=interval)
    verdict = run({GRID_EXPORT_CAP: 3}, automatic=True, guard=state(since_s), limits=limits)
    assert verdict.allowed is ok
    if not ok:
        assert verdict.rule is Rule.WRITE_SPACING
    # Manual writes are never spaced.
    assert run({GRID_EXPORT_CAP: 3}, guard=state(since_s), limits=limits).allowed


def test_guard_state_after_write() -> None:
    fresh = GuardState(emergency_stop=True)
    assert fresh.after_write(NOW, automatic=False) == fresh
    moved = fresh.after_write(NOW, automatic=True)
    assert moved.last_automatic_write == NOW
    assert moved.emergency_stop


@pytest.mark.parametrize(
    ("origin", "automatic"),
    [
        ("manual", False),
        ("override", False),
        ("schedule", True),
        ("optimiser", True),
        ("safety", True),
    ],
)
def test_default_automatic_flag(origin: Origin, automatic: bool) -> None:
    assert safety.is_automatic(origin) is automatic


# --- stale telemetry ---------------------------------------------------------------------------

FORCE_CHARGE = {ENABLE: 1, MODE: 4, CHARGE_CAP: 1.0}


@pytest.mark.parametrize(
    ("kwargs", "ok"),
    [
        ({"age_s": 30}, True),
        ({"age_s": 30.001}, False),
        ({"age_s": 3600}, False),
        ({"age_s": -30}, True),
        ({"age_s": -31}, False),  # a timestamp from the future is not trustworthy
        ({"age_s": None}, False),
        ({"soc": None}, False),
        ({"soc": math.nan}, False),
        ({"temp": None}, False),
        ({"temp": math.nan}, False),
        ({"temp_age_s": 300}, True),
        ({"temp_age_s": 300.5}, False),
        ({"age_s": 10, "temp_age_s": 200}, True),
    ],
)
def test_stale_telemetry_blocks_forcing_writes(kwargs: dict[str, float | None], ok: bool) -> None:
    snapshot = snap(registers=regs(mode=2), **kwargs)
    verdict = run(FORCE_CHARGE, snapshot=snapshot)
    assert verdict.allowed is ok
    if not ok:
        assert verdict.rule is Rule.STALE_TELEMETRY


def test_custom_telemetry_age() -> None:
    limits = SafetyLimits(max_telemetry_age_s=10)
    assert run(FORCE_CHARGE, snapshot=snap(age_s=10), limits=limits).allowed
    assert run(FORCE_CHARGE, snapshot=snap(age_s=11), limits=limits).rule is Rule.STALE_TELEMETRY


@pytest.mark.parametrize("writes", [{GRID_EXPORT_CAP: 2}, {MODE: 2}, {PV_CAP: 4}, {BACKUP_SOC: 20}])
def test_stale_telemetry_allows_writes_that_force_nothing(writes: dict[str, float]) -> None:
    stale = snap(age_s=3600, registers=regs(mode=2))
    assert run(writes, snapshot=stale).allowed


def test_stale_telemetry_blocks_neutral_writes_while_forced() -> None:
    stale = snap(age_s=3600, registers=regs(mode=4, charge=2))
    assert run({GRID_EXPORT_CAP: 2}, snapshot=stale).rule is Rule.STALE_TELEMETRY


# --- SoC bounds --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("soc", "ok"), [(0.0, True), (50.0, True), (97.9, True), (98.0, False), (100.0, False)]
)
@pytest.mark.parametrize(
    ("current", "writes"),
    [
        (regs(mode=2), {MODE: 4}),
        (regs(mode=2), {MODE: 3}),
        (regs(mode=4, charge=1), {CHARGE_CAP: 2}),
        (regs(enable=0, mode=3), {ENABLE: 1}),
        (regs(enable=0), TAKE_CHARGE),
        (regs(mode=6), {MODE: 3}),
    ],
)
def test_no_new_charge_at_or_above_max_soc(
    soc: float, ok: bool, current: dict[str, float | None], writes: dict[str, float]
) -> None:
    verdict = run(writes, snapshot=snap(soc=soc, registers=current))
    assert verdict.allowed is ok
    if not ok:
        assert verdict.rule is Rule.MAX_SOC


@pytest.mark.parametrize(
    ("soc", "ok"), [(100.0, True), (50.0, True), (5.1, True), (5.0, False), (0.0, False)]
)
@pytest.mark.parametrize(
    ("current", "writes"),
    [
        (regs(mode=2), {MODE: 6}),
        (regs(mode=2), {MODE: 5}),
        (regs(mode=6, **{DISCHARGE_CAP: 1}), {DISCHARGE_CAP: 2}),
        (regs(enable=0, mode=5), {ENABLE: 1}),
        (regs(mode=4), {MODE: 6, CHARGE_CAP: 0, DISCHARGE_CAP: 1}),
    ],
)
def test_no_new_discharge_at_or_below_min_soc(
    soc: float, ok: bool, current: dict[str, float | None], writes: dict[str, float]
) -> None:
    verdict = run(writes, snapshot=snap(soc=soc, registers=current))
    assert verdict.allowed is ok
    if not ok:
        assert verdict.rule is Rule.MIN_SOC


def test_custom_soc_bounds() -> None:
    limits = SafetyLimits(min_soc=20, max_soc=80)
    assert run({MODE: 4}, snapshot=snap(soc=80), limits=limits).rule is Rule.MAX_SOC
    assert run({MODE: 4}, snapshot=snap(soc=79.9), limits=limits).allowed
    assert run({MODE: 6}, snapshot=snap(soc=20), limits=limits).rule is Rule.MIN_SOC
    assert run({MODE: 6}, snapshot=snap(soc=20.1), limits=limits).allowed


def test_discharge_allowed_when_full_and_charge_allowed_when_empty() -> None:
    assert run({MODE: 6}, snapshot=snap(soc=100)).allowed
    assert run({MODE: 4}, snapshot=snap(soc=0)).allowed


def test_writes_that_add_no_charge_are_not_refused_for_the_present_state() -> None:
    full_and_charging = snap(soc=99, registers=regs(mode=4, charge=2))
    assert run({MODE: 3}, snapshot=full_and_charging).allowed  # same cap, same power
    assert run({GRID_EXPORT_CAP: 1}, snapshot=full_and_charging).allowed
    assert run({CHARGE_CAP: 2.5}, snapshot=full_and_charging).rule is Rule.MAX_SOC


# --- temperature -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("temp", "ok"),
    [(-10.0, False), (-0.1, False), (0.0, True), (25.0, True), (45.0, True), (45.1, False)],
)
@pytest.mark.parametrize("writes", [{MODE: 4}, {MODE: 6}, TAKE_CHARGE])
def test_temperature_window(temp: float, ok: bool, writes: dict[str, float]) -> None:
    current = regs(enable=0) if writes is TAKE_CHARGE else regs(mode=2)
    verdict = run(writes, snapshot=snap(temp=temp, registers=current))
    assert verdict.allowed is ok
    if not ok:
        assert verdict.rule is Rule.TEMPERATURE


def test_custom_temperature_window_and_neutral_writes() -> None:
    limits = SafetyLimits(min_temp_c=5, max_temp_c=35)
    assert run({MODE: 4}, snapshot=snap(temp=4.9), limits=limits).rule is Rule.TEMPERATURE
    assert run({MODE: 4}, snapshot=snap(temp=35.1), limits=limits).rule is Rule.TEMPERATURE
    assert run({MODE: 4}, snapshot=snap(temp=35), limits=limits).allowed
    # Writes that force nothing are not temperature-gated.
    assert run({GRID_EXPORT_CAP: 2}, snapshot=snap(temp=60), limits=limits).allowed


# --- power step --------------------------------------------------------------------------------


def auto(
    writes: dict[str, float], current: dict[str, float | None], **kw: float
) -> safety.CommandVerdict:
    """Automatic optimiser write."""
    return run(writes, origin="optimiser", automatic=True, snapshot=snap(registers=current, **kw))


@pytest.mark.parametrize(
    ("current", "writes", "key", "expected"),
    [
        (regs(enable=0), {**TAKE_CHARGE, CHARGE_CAP: 5.0}, CHARGE_CAP, 1.0),
        (regs(mode=4, charge=2), {CHARGE_CAP: 5}, CHARGE_CAP, 3.0),
        (regs(mode=4, charge=2.25), {CHARGE_CAP: 5}, CHARGE_CAP, 3.25),
        (regs(mode=2), {MODE: 6, DISCHARGE_CAP: 4}, DISCHARGE_CAP, 1.0),
        # From charging 5 kW straight to discharging: signed power may move one step, so the
        # discharge is held at 0 until the charge has come down (a 6 kW swing is refused).
        (regs(mode=4, charge=5), {MODE: 6, CHARGE_CAP: 0, DISCHARGE_CAP: 5}, DISCHARGE_CAP, 0.0),
        (
            regs(mode=6, **{DISCHARGE_CAP: 5}),
            {MODE: 3, CHARGE_CAP: 1, DISCHARGE_CAP: 0},
            CHARGE_CAP,
            0.0,
        ),
        (
            regs(mode=6, **{DISCHARGE_CAP: 0.5}),
            {MODE: 3, CHARGE_CAP: 1, DISCHARGE_CAP: 0},
            CHARGE_CAP,
            0.5,
        ),
        (regs(mode=6, **{DISCHARGE_CAP: 0.5}), {DISCHARGE_CAP: 2}, DISCHARGE_CAP, 1.5),
    ],
)
def test_automatic_power_rise_is_clamped_to_one_step(
    current: dict[str, float | None], writes: dict[str, float], key: str, expected: float
) -> None:
    verdict = auto(writes, current)
    assert verdict.allowed
    assert verdict.adjusted
    assert verdict.writes[key] == pytest.approx(expected)
    # Everything else in the command is unchanged.
    assert {k: v for k, v in verdict.writes.items() if k != key} == {
        k: v for k, v in writes.items() if k != key
    }


@pytest.mark.parametrize(
    ("current", "writes"),
    [
        (regs(mode=4, charge=2), {CHARGE_CAP: 3}),  # exactly one step
        (regs(mode=4, charge=2), {CHARGE_CAP: 2.5}),
        (regs(mode=4, charge=4.5), {CHARGE_CAP: 10}),  # rated 5 kW: only +0.5 kW really
        (regs(mode=2), {MODE: 4, CHARGE_CAP: 1}),
    ],
)
def test_automatic_rise_within_one_step_is_untouched(
    current: dict[str, float | None], writes: dict[str, float]
) -> None:
    verdict = auto(writes, current)
    assert verdict.allowed
    assert not verdict.adjusted
    assert verdict.writes == writes


@pytest.mark.parametrize(
    ("current", "writes"),
    [
        (regs(mode=2, charge=5), {MODE: 4}),  # lone mode switch onto a 5 kW cap
        (regs(enable=0, mode=6), {ENABLE: 1}),
        (regs(mode=4, charge=5), {MODE: 6}),
    ],
)
def test_automatic_rise_that_cannot_be_clamped_is_refused(
    current: dict[str, float | None], writes: dict[str, float]
) -> None:
    verdict = auto(writes, current)
    assert not verdict.allowed
    assert verdict.rule is Rule.POWER_STEP
    assert verdict.writes == writes


def test_power_decrease_is_never_stepped() -> None:
    verdict = auto({CHARGE_CAP: 0.5}, regs(mode=4, charge=5))
    assert verdict.allowed
    assert verdict.writes == {CHARGE_CAP: 0.5}


@pytest.mark.parametrize("origin", ["manual", "override"])
def test_owner_writes_are_not_stepped(origin: Origin) -> None:
    writes = {**TAKE_CHARGE, CHARGE_CAP: 5.0}
    verdict = run(writes, origin=origin, snapshot=snap(registers=regs(enable=0)))
    assert verdict.allowed
    assert not verdict.adjusted
    assert verdict.writes == writes


def test_custom_step_and_ramp_over_cycles() -> None:
    limits = SafetyLimits(max_step_kw=0.5, min_write_interval_s=60)
    current = regs(enable=0)
    guard = state()
    target = {**TAKE_CHARGE, CHARGE_CAP: 2.0}
    caps = []
    now = NOW
    for _ in range(6):
        verdict = check_command(
            target,
            origin="optimiser",
            automatic=True,
            snapshot=replace(snap(registers=current), timestamp=now),
            state=guard,
            limits=limits,
            now=now,
        )
        assert verdict.allowed
        current = {**current, **verdict.writes}
        caps.append(current[CHARGE_CAP])
        guard = guard.after_write(now, automatic=True)
        now += timedelta(seconds=60)
    assert caps == [0.5, 1.0, 1.5, 2.0, 2.0, 2.0]


def test_unknown_current_state_is_stepped_from_the_worst_case() -> None:
    # Nothing known: the plant may be discharging at its rating, so a charge may not start yet.
    verdict = auto({**TAKE_CHARGE, CHARGE_CAP: 4.0}, {})
    assert verdict.allowed
    assert verdict.writes[CHARGE_CAP] == 0.0
    # Known released: one step from zero.
    verdict = auto({**TAKE_CHARGE, CHARGE_CAP: 4.0}, {ENABLE: 0})
    assert verdict.writes[CHARGE_CAP] == 1.0


# --- single writes, rule order, violations -----------------------------------------------------


def test_check_write_reports_the_clamped_value() -> None:
    verdict = check_write(
        CHARGE_CAP,
        4.0,
        origin="schedule",
        automatic=True,
        snapshot=snap(registers=regs(mode=4, charge=1)),
        state=state(),
        limits=LIMITS,
        now=NOW,
    )
    assert verdict.allowed
    assert verdict.adjusted
    assert verdict.value == 2.0
    assert verdict.rule is None


def test_check_write_refusal_keeps_the_proposed_value() -> None:
    verdict = check_write(
        MODE,
        4,
        origin="manual",
        automatic=False,
        snapshot=snap(soc=99),
        state=state(),
        limits=LIMITS,
        now=NOW,
    )
    assert not verdict.allowed
    assert verdict.rule is Rule.MAX_SOC
    assert verdict.value == 4
    assert "99" in verdict.reason


def test_rule_order_first_failure_is_reported() -> None:
    bad = snap(soc=99, temp=60, age_s=3600)
    args = {"snapshot": bad, "guard": state(since_s=1, estop=True)}
    assert run({MODE: 9}, automatic=True, **args).rule is Rule.VALUE_OUT_OF_RANGE  # type: ignore[arg-type]
    assert run({MODE: 4}, automatic=True, **args).rule is Rule.EMERGENCY_STOP  # type: ignore[arg-type]
    no_estop = {"snapshot": bad, "guard": state(since_s=1)}
    assert run({MODE: 4}, automatic=True, **no_estop).rule is Rule.WRITE_SPACING  # type: ignore[arg-type]
    assert run({MODE: 4}, **no_estop).rule is Rule.STALE_TELEMETRY  # type: ignore[arg-type]
    assert run({MODE: 4}, snapshot=snap(soc=99, temp=60)).rule is Rule.MAX_SOC
    assert run({MODE: 4}, snapshot=snap(soc=50, temp=60)).rule is Rule.TEMPERATURE


def test_empty_command_is_a_harmless_no_op() -> None:
    verdict = run({}, automatic=True, snapshot=snap(soc=1, temp=80))
    assert verdict.allowed
    assert verdict.writes == {}


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"registers": regs(mode=2)}, ()),
        ({"registers": regs(mode=4), "soc": 98}, (Rule.MAX_SOC,)),
        ({"registers": regs(mode=4), "soc": 97}, ()),
        ({"registers": regs(mode=6), "soc": 5}, (Rule.MIN_SOC,)),
        ({"registers": regs(mode=6), "temp": 46}, (Rule.TEMPERATURE,)),
        ({"registers": regs(mode=6), "age_s": 100}, (Rule.STALE_TELEMETRY,)),
        ({"registers": regs(enable=0, mode=6), "soc": 1, "temp": 80}, ()),
        ({"registers": regs(mode=1), "soc": 1}, ()),
        (
            {"registers": regs(mode=3), "soc": 99, "temp": -5, "age_s": 100},
            (Rule.STALE_TELEMETRY, Rule.MAX_SOC, Rule.TEMPERATURE),
        ),
    ],
)
def test_current_violations(kwargs: dict[str, object], expected: tuple[Rule, ...]) -> None:
    assert current_violations(snap(**kwargs), LIMITS, NOW) == expected  # type: ignore[arg-type]
