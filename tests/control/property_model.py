"""Random plants and command sequences for the guard property, shared by pytest and the benchmark.

A scenario is a plant (true register values, ratings, firmware, owner limits) and a sequence of
steps. Each step changes the telemetry (SoC, temperature, ages, emergency stop, which registers
the controller does not know), then proposes either an owner command (through `ems.targets`) or
raw register writes, with a random origin. The guard sees a snapshot; `Checker` independently
re-states the rules against the *true* registers and counts every allowed write that breaks one.
It also counts releases the guard refused (a guard must never block making the plant safer).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import math
import os
from typing import Final

from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from custom_components.sigenstor.control import ems
from custom_components.sigenstor.control.guard import (
    ORIGINS,
    CommandVerdict,
    GuardState,
    Origin,
    check_command,
)
from custom_components.sigenstor.control.limits import InputError, SafetyLimits
from custom_components.sigenstor.control.model import PlantSnapshot

PROPERTY_EXAMPLES: Final = int(os.environ.get("SIGEN_PROPERTY_EXAMPLES", "2000"))
START: Final = datetime(2026, 1, 15, 0, 0, tzinfo=UTC)

# The checker's own allow-list, typed from sigen_modbus.md §3.2, not imported from the guard.
ALLOWED: Final = {
    "remote_ems_enable": 40029,
    "independent_phase_control_enable": 40030,
    "remote_ems_control_mode": 40031,
    "ess_max_charge_limit": 40032,
    "ess_max_discharge_limit": 40034,
    "pv_max_power_limit": 40036,
    "grid_export_limit": 40038,
    "grid_import_limit": 40040,
    "ess_backup_soc": 40046,
    "ess_charge_cutoff_soc": 40047,
    "ess_discharge_cutoff_soc": 40048,
}
FORBIDDEN: Final = ("pcs_import_limit", "plant_active_power_setpoint", "plant_start_stop")
KW_KEYS: Final = (
    "ess_max_charge_limit",
    "ess_max_discharge_limit",
    "pv_max_power_limit",
    "grid_export_limit",
    "grid_import_limit",
)
PCT_KEYS: Final = ("ess_backup_soc", "ess_charge_cutoff_soc", "ess_discharge_cutoff_soc")
CAPS: Final = ("ess_max_charge_limit", "ess_max_discharge_limit")
CONTROL: Final = (
    "remote_ems_enable",
    "independent_phase_control_enable",
    "remote_ems_control_mode",
    *CAPS,
)

Registers = dict[str, float | None]


@dataclass(frozen=True)
class Step:
    """One cycle: new telemetry, then one proposal."""

    proposal: ems.Command | dict[str, float]
    origin: Origin
    automatic: bool
    advance_s: float
    soc: float | None
    temp: float | None
    age_s: float | None
    temp_age_s: float | None
    estop: bool
    hidden: frozenset[str]


@dataclass(frozen=True)
class Scenario:
    """A plant and what happens to it."""

    firmware: str | None
    rated_charge_kw: float
    rated_discharge_kw: float
    registers: Registers
    limits: SafetyLimits
    steps: tuple[Step, ...]


@dataclass
class Outcome:
    """Counts over one or many scenarios."""

    proposals: int = 0
    allowed: int = 0
    unsafe: list[str] = field(default_factory=list)
    blocked_releases: list[str] = field(default_factory=list)

    def add(self, other: Outcome) -> None:
        """Accumulate another outcome."""
        self.proposals += other.proposals
        self.allowed += other.allowed
        self.unsafe += other.unsafe
        self.blocked_releases += other.blocked_releases


# --- the independent checker -------------------------------------------------------------------


def _forced(regs: Registers, rated_c: float, rated_d: float) -> tuple[float, float]:
    """(charge, discharge) kW the true registers force."""
    if regs.get("remote_ems_enable") != 1:
        return 0.0, 0.0
    mode = regs.get("remote_ems_control_mode")
    charge = regs.get("ess_max_charge_limit")
    discharge = regs.get("ess_max_discharge_limit")
    c = rated_c if charge is None else min(charge, rated_c)
    d = rated_d if discharge is None else min(discharge, rated_d)
    if mode in (3, 4):
        return c, 0.0
    if mode in (5, 6):
        return 0.0, d
    if mode in (1, 2):
        return 0.0, 0.0
    return c, d  # dispatch/V2G/unknown: could be either


def _valid(key: str, value: float, limits: SafetyLimits) -> bool:
    """The value rules, restated."""
    if key not in ALLOWED or isinstance(value, bool) or not math.isfinite(value):
        return False
    if key == "remote_ems_enable":
        return value in (0, 1)
    if key == "independent_phase_control_enable":
        return value == 0
    if key == "remote_ems_control_mode":
        return value in (1, 2, 3, 4, 5, 6)
    if key in KW_KEYS:
        return 0 <= value <= 1000
    if key == "ess_charge_cutoff_soc" and value > limits.max_soc:
        return False
    if key == "ess_discharge_cutoff_soc" and value < limits.min_soc:
        return False
    return 0 <= value <= 100


def _as_timestamp(seconds: float) -> float:
    """An age as it survives a datetime round trip (microsecond resolution)."""
    return timedelta(seconds=seconds).total_seconds()


@dataclass
class Checker:
    """Re-states every rule against the plant's true registers."""

    scenario: Scenario
    last_auto: datetime | None = None

    def violations(
        self, step: Step, now: datetime, before: Registers, writes: Mapping[str, float]
    ) -> list[str]:
        """Rules an allowed command breaks (empty when it is safe)."""
        limits = self.scenario.limits
        bad = [f"invalid {k}={v}" for k, v in writes.items() if not _valid(k, v, limits)]
        after = {**before, **writes}
        rated = (self.scenario.rated_charge_kw, self.scenario.rated_discharge_kw)
        c0, d0 = _forced(before, *rated)
        c1, d1 = _forced(after, *rated)
        released = after.get("remote_ems_enable") == 0
        takes_control = (
            writes.get("remote_ems_enable") == 1 and before.get("remote_ems_enable") != 1
        )
        weaker = (
            bool(writes)
            and not takes_control
            and all(k in CONTROL for k in writes)
            and c1 <= c0
            and d1 <= d0
        )
        if step.estop and not released:
            bad.append("write under emergency stop that does not release")
        if released or weaker:
            return bad
        gap = None if self.last_auto is None else (now - self.last_auto).total_seconds()
        if step.automatic and gap is not None and gap < limits.min_write_interval_s:
            bad.append(f"automatic writes {gap} s apart")
        temp_age = step.temp_age_s if step.temp_age_s is not None else step.age_s
        fresh = (
            step.soc is not None
            and step.temp is not None
            and step.age_s is not None
            and abs(_as_timestamp(step.age_s)) <= limits.max_telemetry_age_s
            and abs(_as_timestamp(temp_age or 0.0)) <= limits.max_temperature_age_s
        )
        if (c1 > 0 or d1 > 0) and not fresh:
            bad.append("forcing write on stale telemetry")
        soc, temp = step.soc, step.temp
        if c1 > c0 and soc is not None and soc >= limits.max_soc:
            bad.append(f"more charge at SoC {soc}")
        if d1 > d0 and soc is not None and soc <= limits.min_soc:
            bad.append(f"more discharge at SoC {soc}")
        hot_or_cold = temp is None or not limits.min_temp_c <= temp <= limits.max_temp_c
        if (c1 > c0 or d1 > d0) and hot_or_cold:
            bad.append(f"more power at {temp} °C")
        step_kw = limits.max_step_kw + 1e-6  # the register resolution is 1e-3 kW
        # Signed power (charge +, discharge -) may move by one step toward more forcing.
        too_much_charge = c1 > max(0.0, c0 - d0 + step_kw)
        too_much_discharge = d1 > max(0.0, d0 - c0 + step_kw)
        if step.automatic and (too_much_charge or too_much_discharge):
            bad.append(f"automatic step {c0}->{c1} / {d0}->{d1} kW")
        return bad


Guard = Callable[..., CommandVerdict]


def run_scenario(scenario: Scenario, guard_fn: Guard = check_command) -> Outcome:
    """Drive the guard (and ems) through a scenario and judge each allowed write."""
    outcome = Outcome()
    truth: Registers = dict(scenario.registers)
    guard = GuardState()
    checker = Checker(scenario)
    now = START
    for step in scenario.steps:
        now += timedelta(seconds=step.advance_s)
        guard = GuardState(guard.last_automatic_write, step.estop)
        if isinstance(step.proposal, dict):
            writes = step.proposal
        else:
            try:
                writes = ems.targets(
                    step.proposal,
                    scenario.firmware,
                    scenario.rated_charge_kw,
                    scenario.rated_discharge_kw,
                )
            except InputError:
                continue
        snapshot = PlantSnapshot(
            soc=step.soc,
            battery_temp_c=step.temp,
            timestamp=None if step.age_s is None else now - timedelta(seconds=step.age_s),
            registers={k: v for k, v in truth.items() if k not in step.hidden},
            temp_timestamp=(
                None if step.temp_age_s is None else now - timedelta(seconds=step.temp_age_s)
            ),
            rated_charge_kw=scenario.rated_charge_kw,
            rated_discharge_kw=scenario.rated_discharge_kw,
        )
        verdict = guard_fn(
            writes,
            origin=step.origin,
            automatic=step.automatic,
            snapshot=snapshot,
            state=guard,
            limits=scenario.limits,
            now=now,
        )
        outcome.proposals += 1
        is_release = writes.get("remote_ems_enable") == 0 and all(
            _valid(k, v, scenario.limits) for k, v in writes.items()
        )
        if not verdict.allowed:
            if is_release:
                outcome.blocked_releases.append(f"{writes} refused: {verdict.reason}")
            continue
        outcome.allowed += 1
        for problem in checker.violations(step, now, truth, verdict.writes):
            outcome.unsafe.append(f"{problem}: {dict(verdict.writes)} ({verdict.reason})")
        truth.update(verdict.writes)
        guard = guard.after_write(now, step.automatic)
        if step.automatic:
            checker.last_auto = now
    return outcome


# --- strategies --------------------------------------------------------------------------------

KEYS = st.sampled_from([*ALLOWED, *FORBIDDEN, *ALLOWED])  # forbidden keys now and then
VALUES = st.one_of(
    st.sampled_from([0, 1, 2, 3, 4, 5, 6, 7, 8, -1, 0.5, 1.0, 5.0, 98.0, 100.0, 1000.0]),
    st.floats(-5, 1100),
    st.floats(allow_nan=True, allow_infinity=True),
)
POWER = st.floats(0.05, 15.0)
PCT = st.floats(0.0, 100.0)
TEMPS = st.floats(-30.0, 70.0)
AGES = st.floats(-60.0, 600.0)
DURATION = st.none() | st.integers(1, 7200).map(lambda s: timedelta(seconds=s))
COMMANDS: st.SearchStrategy[ems.Command] = st.one_of(
    st.builds(ems.ForceCharge, POWER, PCT, DURATION, st.sampled_from(["grid", "pv"])),
    st.builds(ems.ForceExport, POWER, PCT, DURATION),
    st.builds(ems.ForceHold, DURATION),
    st.just(ems.Release()),
)
FIRMWARES = st.sampled_from(["V100R001C00SPC115", "V100R001C21SPC112B107C", None, "SPC113"])


@st.composite
def limits_strategy(draw: st.DrawFn) -> SafetyLimits:
    """Owner limits anywhere inside the hard bounds."""
    if draw(st.booleans()):
        return SafetyLimits()
    t1, t2 = sorted(draw(st.lists(st.integers(-20, 60), min_size=2, max_size=2, unique=True)))
    return SafetyLimits(
        min_soc=draw(st.floats(0, 49)),
        max_soc=draw(st.floats(51, 100)),
        min_temp_c=float(t1),
        max_temp_c=float(t2),
        max_step_kw=draw(st.sampled_from([0.1, 0.5, 1.0, 2.5, 10.0])),
        min_write_interval_s=draw(st.sampled_from([10.0, 60.0, 300.0])),
        max_telemetry_age_s=draw(st.sampled_from([5.0, 30.0, 120.0])),
        max_temperature_age_s=draw(st.sampled_from([30.0, 300.0])),
    )


OFFSETS = st.sampled_from([-0.1, 0.0, 0.1])
SOC_ANCHOR = st.sampled_from(["min", "max", "zero", "full"])
TEMP_ANCHOR = st.sampled_from(["min", "max"])
RAW = st.dictionaries(KEYS, VALUES, min_size=1, max_size=4)
PROPOSALS = st.one_of(COMMANDS, RAW)
# Registers the controller may not know, as a few fixed sets (cheaper than drawing sets).
HIDDEN = st.sampled_from(
    [
        frozenset(),
        frozenset(),
        frozenset({"remote_ems_enable"}),
        frozenset({"remote_ems_control_mode"}),
        frozenset({"ess_max_charge_limit", "ess_max_discharge_limit"}),
        frozenset({"remote_ems_enable", "remote_ems_control_mode", "ess_max_charge_limit"}),
    ]
)
ADVANCE = st.sampled_from([0.0, 1.0, 30.0, 59.9, 60.0, 61.0, 300.0])


KIND = st.integers(0, 5)
AGE_KIND = st.integers(0, 4)
BOOLS = st.booleans()
ORIGIN = st.sampled_from(ORIGINS)
TEMP_AGES = st.none() | st.floats(0, 4000)
STEP_COUNT = st.integers(1, 10)
CAP_VALUES = st.none() | st.floats(0, 12)


def draw_step(draw: st.DrawFn, limits: SafetyLimits) -> Step:
    """One step with telemetry biased toward the limits' boundaries."""
    soc_points = {"min": limits.min_soc, "max": limits.max_soc, "zero": 0.0, "full": 100.0}
    temp_points = {"min": limits.min_temp_c, "max": limits.max_temp_c}
    kind = draw(KIND)
    soc: float | None = None
    if kind < 3:
        soc = soc_points[draw(SOC_ANCHOR)] + draw(OFFSETS)
    elif kind < 5:
        soc = draw(PCT)
    temp: float | None = None
    if kind != 5:
        hot_cold = draw(BOOLS)
        temp = temp_points[draw(TEMP_ANCHOR)] + draw(OFFSETS) if hot_cold else draw(TEMPS)
    age_kind = draw(AGE_KIND)
    age: float | None = None
    if age_kind < 2:
        age = limits.max_telemetry_age_s + draw(OFFSETS)
    elif age_kind < 4:
        age = draw(AGES)
    return Step(
        proposal=draw(PROPOSALS),
        origin=draw(ORIGIN),
        automatic=draw(BOOLS),
        advance_s=draw(ADVANCE),
        soc=soc,
        temp=temp,
        age_s=age,
        temp_age_s=draw(TEMP_AGES),
        estop=draw(BOOLS),
        hidden=draw(HIDDEN),
    )


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """A random plant state and a random sequence of proposals."""
    limits = draw(limits_strategy())
    registers: Registers = {
        "remote_ems_enable": draw(st.sampled_from([0, 1])),
        "independent_phase_control_enable": draw(st.sampled_from([0, 1])),
        "remote_ems_control_mode": draw(st.integers(0, 8)),
        "ess_max_charge_limit": draw(CAP_VALUES),
        "ess_max_discharge_limit": draw(CAP_VALUES),
        "pv_max_power_limit": draw(CAP_VALUES),
        "ess_discharge_cutoff_soc": draw(PCT),
        "ess_charge_cutoff_soc": draw(PCT),
    }
    return Scenario(
        firmware=draw(FIRMWARES),
        rated_charge_kw=draw(st.sampled_from([3.0, 5.0, 10.0])),
        rated_discharge_kw=draw(st.sampled_from([3.0, 5.0, 10.0])),
        registers=registers,
        limits=limits,
        steps=tuple(draw_step(draw, limits) for _ in range(draw(STEP_COUNT))),
    )


def property_check(
    examples: int, on_outcome: Callable[[Outcome], None], guard_fn: Guard = check_command
) -> Callable[[], None]:
    """A hypothesis-driven callable that runs `examples` scenarios and reports each outcome."""
    profile = settings(
        max_examples=examples,
        deadline=None,
        database=None,  # never write a .hypothesis directory into the checkout
        derandomize=False,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )

    @profile
    @given(scenarios())
    def check(scenario: Scenario) -> None:
        on_outcome(run_scenario(scenario, guard_fn))

    return check


settings.register_profile("control_property", max_examples=PROPERTY_EXAMPLES, deadline=None)
