"""Pure safety guard: decides whether a proposed Remote-EMS write may reach the plant.

Nothing here imports Home Assistant. The controller builds a `PlantSnapshot` from the latest
telemetry, keeps a `GuardState` (last automatic write, emergency stop) and asks
`check_command(writes, ...)` before every write request; it writes `verdict.writes` (values may
be clamped) only when `verdict.allowed`, then stores `state.after_write(now, automatic)`.

Values are engineering units: kW for power caps, % for SoC registers, plain ints for the
enable/mode enums. In `PlantSnapshot.registers` a missing key means "unknown" and `None`
means "not set" (a U32 cap reading all ones, i.e. no cap).

Model. There is no battery-power setpoint; the integration *forces* the battery only through
Remote EMS (40029 = 1) in a command mode: 3/4 force charge at up to 40032, 5/6 force discharge
at up to 40034. Standby (1) holds the battery idle; self-consumption (2) is the plant's own
logic, the same as after a release. From the registers the guard derives the commanded charge
and discharge power before and after the write (`commanded`) and applies the rules below.
Unknown registers are read pessimistically: the least forcing value before the write, the most
forcing one after it, so missing knowledge can only make the guard stricter.

Every reading is checked against physical bounds first (`sanitize`): SoC outside 0-100 %, a cell
temperature outside -40..90 °C, a cap above 1.5 x the rated power (or `MAX_POWER_KW`), an enable
flag that is not 0/1: such a value is unknown (stale), never trusted.

Rules, in the order checked (the first failing rule is reported):
1. `register_not_allowed`: only `ALLOWED_REGISTERS` are ever written, for every origin.
2. `value_out_of_range`: enums must be valid (mode 1-6 only: 0 would hand the PCS to stale
   dispatch targets, 8 is V2G; 40030 only 0), powers finite in [0, MAX_POWER_KW], SoC in
   [0, 100]. `cutoff_outside_soc_window`: 40047 may not exceed max_soc, 40048 may not go
   below min_soc, or the plant itself would charge or discharge past the owner's bounds.
   Rules 1-2 apply to every write, including releases.
3. `emergency_stop`: while engaged, only a release passes (the plant ends with 40029 = 0
   known), whatever the origin: the owner's own forcing writes are blocked too.
4. A command *toward safety* is allowed at once, whatever its origin, spacing or telemetry age:
   a guard must never stop you making the plant safer. Toward safety means the plant ends
   released (40029 = 0), or, without taking control (40029 0 -> 1 is never toward safety) and
   touching only 40029-40035, it provably forces no more in either direction: caps only lowered
   (to 0, or to at most their known value), or a mode whose commanded power is at most the
   least the plant may be forcing now (standby and self-consumption command none).
5. `write_spacing`: other automatic writes need `min_write_interval_s` since the last automatic
   write (a command written in one cycle counts as one write).
6. `stale_telemetry`: a write that leaves the plant forced to charge or discharge needs SoC
   telemetry no older than `max_telemetry_age_s` and temperature no older than
   `max_temperature_age_s` (both present and plausible; a timestamp more than that far in the
   future counts as stale too).
7. `max_soc` / `min_soc`: no new or stronger forced charge at SoC >= max_soc, no new or stronger
   forced discharge at SoC <= min_soc.
8. `temperature`: no new or stronger forced charge or discharge outside [min_temp, max_temp]
   (the bounds themselves are allowed: the design forbids > 45 °C and < 0 °C).
9. `power_step`: an automatic write may raise the commanded power by at most `max_step_kw`,
   measured on *signed* power (charge +, discharge -): a switch from discharging 5 kW to
   charging counts the whole swing, so the charge may start only once the discharge has been
   stepped down. When the command writes the cap for that direction the guard clamps it (to 0
   at least; verdict allowed, `adjusted`), so the controller steps toward its target over
   successive cycles; otherwise (e.g. a lone mode switch onto a large cap) it refuses. Lowering
   power is never limited. Non-automatic writes (the owner's manual writes and overrides) pass
   rules 1-8 but are neither spaced nor stepped; `is_automatic(origin)` gives the default flag.

Rules 7-8 look at increases: a write that does not add charge or discharge is not refused for
the state the plant is already in. `current_violations` tells the controller when the present
state breaks a rule so it can release. The controller asks the guard once per Modbus request,
against the state the previous requests of the same command leave, so every request on the wire
is judged, not only the final state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime
from enum import StrEnum
import math
from typing import Final, Literal

Origin = Literal["manual", "schedule", "optimiser", "override", "safety"]
ORIGINS: Final[tuple[Origin, ...]] = ("manual", "schedule", "optimiser", "override", "safety")
# Origins whose writes are automatic unless the caller says otherwise.
AUTOMATIC_ORIGINS: Final = frozenset({"schedule", "optimiser", "safety"})

ENABLE: Final = "remote_ems_enable"
PHASE: Final = "independent_phase_control_enable"
MODE: Final = "remote_ems_control_mode"
CHARGE_CAP: Final = "ess_max_charge_limit"
DISCHARGE_CAP: Final = "ess_max_discharge_limit"
PV_CAP: Final = "pv_max_power_limit"
GRID_EXPORT_CAP: Final = "grid_export_limit"
GRID_IMPORT_CAP: Final = "grid_import_limit"
BACKUP_SOC: Final = "ess_backup_soc"
CHARGE_CUTOFF: Final = "ess_charge_cutoff_soc"
DISCHARGE_CUTOFF: Final = "ess_discharge_cutoff_soc"

# key -> (address, words), from the V2.9 map (sigen_modbus.md §3.2). 40030 is allowed only so
# that taking control can be one contiguous write over 40029-40035; its only legal value is 0.
ALLOWED_REGISTERS: Final[Mapping[str, tuple[int, int]]] = {
    ENABLE: (40029, 1),
    PHASE: (40030, 1),
    MODE: (40031, 1),
    CHARGE_CAP: (40032, 2),
    DISCHARGE_CAP: (40034, 2),
    PV_CAP: (40036, 2),
    GRID_EXPORT_CAP: (40038, 2),
    GRID_IMPORT_CAP: (40040, 2),
    BACKUP_SOC: (40046, 1),
    CHARGE_CUTOFF: (40047, 1),
    DISCHARGE_CUTOFF: (40048, 1),
}
POWER_KEYS: Final = frozenset({CHARGE_CAP, DISCHARGE_CAP, PV_CAP, GRID_EXPORT_CAP, GRID_IMPORT_CAP})
SOC_KEYS: Final = frozenset({BACKUP_SOC, CHARGE_CUTOFF, DISCHARGE_CUTOFF})
ENUM_VALUES: Final[Mapping[str, frozenset[int]]] = {
    ENABLE: frozenset({0, 1}),
    PHASE: frozenset({0}),
    MODE: frozenset({1, 2, 3, 4, 5, 6}),
}
# Sanity ceiling for any power cap; residential plants are far below it.
MAX_POWER_KW: Final = 1000.0
# The control block: 40029-40035, taken and released in one request.
CONTROL_BLOCK: Final = (ENABLE, PHASE, MODE, CHARGE_CAP, DISCHARGE_CAP)
# Physical bounds of readings; outside them a reading is garbage, i.e. unknown.
SOC_BOUNDS: Final = (0.0, 100.0)
CELL_TEMP_BOUNDS: Final = (-40.0, 90.0)
PLAUSIBLE_POWER_FACTOR: Final = 1.5  # a power reading may exceed the rating by this much


class Direction(StrEnum):
    """What a Remote-EMS control mode makes the battery do."""

    CHARGE = "charge"
    DISCHARGE = "discharge"
    IDLE = "idle"  # standby: battery held idle
    AUTO = "auto"  # max self-consumption: the plant's own logic, as after a release
    UNKNOWN = "unknown"  # PCS dispatch (0), V2G (8), reserved or unknown values


def mode_direction(mode: float | None) -> Direction:
    """Classify a 40031 value: 3/4 charge, 5/6 discharge, 1 idle, 2 auto, else unknown."""
    table = {1: Direction.IDLE, 2: Direction.AUTO, 3: Direction.CHARGE, 4: Direction.CHARGE}
    table |= {5: Direction.DISCHARGE, 6: Direction.DISCHARGE}
    if mode is None or not float(mode).is_integer():
        return Direction.UNKNOWN
    return table.get(int(mode), Direction.UNKNOWN)


class Rule(StrEnum):
    """Identifier of the rule that refused a write (also a translation key)."""

    REGISTER_NOT_ALLOWED = "register_not_allowed"
    VALUE_OUT_OF_RANGE = "value_out_of_range"
    CUTOFF_OUTSIDE_SOC_WINDOW = "cutoff_outside_soc_window"
    EMERGENCY_STOP = "emergency_stop"
    WRITE_SPACING = "write_spacing"
    STALE_TELEMETRY = "stale_telemetry"
    MAX_SOC = "max_soc"
    MIN_SOC = "min_soc"
    TEMPERATURE = "temperature"
    POWER_STEP = "power_step"


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


class LimitsError(ValueError):
    """Invalid safety options; carries a translation key and placeholders for the UI."""

    def __init__(self, translation_key: str, placeholders: Mapping[str, str]) -> None:
        super().__init__(f"{translation_key}: {dict(placeholders)}")
        self.translation_key = translation_key
        self.placeholders = dict(placeholders)


def validate_limits(limits: SafetyLimits) -> SafetyLimits:
    """Return `limits` unchanged, or raise LimitsError if a value leaves its hard bounds."""
    for name, (low, high) in HARD_BOUNDS.items():
        value = getattr(limits, name)
        if not isinstance(value, int | float) or isinstance(value, bool) or math.isnan(value):
            raise LimitsError("limit_not_a_number", {"field": name, "value": str(value)})
        if not low <= value <= high:
            raise LimitsError(
                "limit_out_of_bounds",
                {"field": name, "value": str(value), "min": str(low), "max": str(high)},
            )
    if limits.min_soc >= limits.max_soc:
        raise LimitsError(
            "min_soc_not_below_max_soc",
            {"min_soc": str(limits.min_soc), "max_soc": str(limits.max_soc)},
        )
    if limits.min_temp_c >= limits.max_temp_c:
        raise LimitsError(
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
            raise LimitsError("limit_not_a_number", {"field": name, "value": str(value)})
        chosen[name] = float(value)
    return validate_limits(replace(SafetyLimits(), **chosen))


def validate_intervals(limits: SafetyLimits, live_s: float, slow_s: float) -> None:
    """Raise LimitsError when a poll interval could outrun the freshness limit it feeds.

    SoC comes from the live tier, temperatures from the slow tier; each interval must fit twice
    into its age limit, so one missed poll never makes an override look stale.
    """
    for field, interval, age in (
        ("live_interval", live_s, limits.max_telemetry_age_s),
        ("slow_interval", slow_s, limits.max_temperature_age_s),
    ):
        if 2 * interval > age:
            raise LimitsError(
                f"{field}_exceeds_age",
                {"field": field, "value": f"{interval:g}", "age": f"{age:g}"},
            )


def plausible(value: float | None, bounds: tuple[float, float]) -> float | None:
    """`value` when it is a finite number inside `bounds`, else None (garbage is unknown)."""
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value) or not bounds[0] <= value <= bounds[1]:
        return None
    return float(value)


def plausible_rating(value: float | None) -> float | None:
    """A rated power (kW) that can be true, else None."""
    rating = plausible(value, (0.0, MAX_POWER_KW))
    return rating if rating else None


def sanitize(
    registers: Mapping[str, float | None],
    rated_charge_kw: float | None,
    rated_discharge_kw: float | None,
) -> dict[str, float | None]:
    """Drop register readings that cannot be true (they become unknown, read pessimistically)."""
    out: dict[str, float | None] = {}
    top = max(rated_charge_kw or 0.0, rated_discharge_kw or 0.0) * PLAUSIBLE_POWER_FACTOR
    ceiling = min(top, MAX_POWER_KW) if top > 0 else MAX_POWER_KW
    for key, value in registers.items():
        if value is None:
            out[key] = None  # unset cap: a real, legal state
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            continue
        if key == ENABLE and value not in (0, 1):
            continue
        if key in POWER_KEYS and not 0.0 <= value <= ceiling:
            continue
        if key in SOC_KEYS and not 0.0 <= value <= 100.0:
            continue
        out[key] = value
    return out


@dataclass(frozen=True, slots=True)
class PlantSnapshot:
    """Telemetry the guard relies on; times are aware datetimes like `now`."""

    soc: float | None
    battery_temp_c: float | None
    timestamp: datetime | None  # when `soc` (and the register values) were read
    registers: Mapping[str, float | None]
    temp_timestamp: datetime | None = None  # None: read together with `soc`
    rated_charge_kw: float | None = None
    rated_discharge_kw: float | None = None


@dataclass(frozen=True, slots=True)
class GuardState:
    """What the guard remembers between writes; the controller persists `emergency_stop`."""

    last_automatic_write: datetime | None = None
    emergency_stop: bool = False

    def after_write(self, now: datetime, automatic: bool) -> GuardState:
        """State after a write was sent (automatic writes restart the spacing clock)."""
        return replace(self, last_automatic_write=now) if automatic else self


@dataclass(frozen=True, slots=True)
class Commanded:
    """Battery power the registers force (kW, both >= 0; inf when uncapped and unrated)."""

    charge_kw: float
    discharge_kw: float


@dataclass(frozen=True, slots=True)
class CommandVerdict:
    """Outcome for a set of registers written together."""

    allowed: bool
    rule: Rule | None
    reason: str
    writes: Mapping[str, float]  # what to write, possibly clamped; the proposal when refused
    adjusted: bool = False
    toward_safety: bool = False


@dataclass(frozen=True, slots=True)
class Verdict:
    """Outcome for a single register write."""

    allowed: bool
    rule: Rule | None
    reason: str
    value: float  # the value to write (clamped where the step rule says so)
    adjusted: bool = False


def _cap(registers: Mapping[str, float | None], key: str, rated: float | None, high: bool) -> float:
    """Effective cap of one direction; unknown is pessimistic, unset means rated (or inf)."""
    ceiling = math.inf if rated is None else rated
    if key not in registers:
        return ceiling if high else 0.0
    value = registers[key]
    if value is None:
        return ceiling
    return min(float(value), ceiling)


def commanded(
    registers: Mapping[str, float | None],
    rated_charge_kw: float | None = None,
    rated_discharge_kw: float | None = None,
    *,
    high: bool = True,
) -> Commanded:
    """Charge/discharge power the registers force; unknowns assume the worst side of `high`."""
    enable = registers.get(ENABLE)
    if enable is None and not high:
        return Commanded(0.0, 0.0)
    if enable is not None and enable != 1:
        return Commanded(0.0, 0.0)
    direction = mode_direction(registers.get(MODE))
    charge = _cap(registers, CHARGE_CAP, rated_charge_kw, high)
    discharge = _cap(registers, DISCHARGE_CAP, rated_discharge_kw, high)
    if direction is Direction.CHARGE:
        return Commanded(charge, 0.0)
    if direction is Direction.DISCHARGE:
        return Commanded(0.0, discharge)
    if direction is Direction.UNKNOWN and high:
        return Commanded(charge, discharge)
    return Commanded(0.0, 0.0)


def _value_problem(key: str, value: float, limits: SafetyLimits) -> tuple[Rule, str] | None:
    """Rules 1-2 for one register value."""
    if key not in ALLOWED_REGISTERS:
        return Rule.REGISTER_NOT_ALLOWED, f"{key} is not on the write allow-list"
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return Rule.VALUE_OUT_OF_RANGE, f"{key}: {value!r} is not a finite number"
    if key in ENUM_VALUES:
        if not float(value).is_integer() or int(value) not in ENUM_VALUES[key]:
            allowed = sorted(ENUM_VALUES[key])
            return Rule.VALUE_OUT_OF_RANGE, f"{key}: {value} not in {allowed}"
    elif key in POWER_KEYS:
        if not 0.0 <= value <= MAX_POWER_KW:
            return Rule.VALUE_OUT_OF_RANGE, f"{key}: {value} kW outside 0-{MAX_POWER_KW:g}"
    elif not 0.0 <= value <= 100.0:
        return Rule.VALUE_OUT_OF_RANGE, f"{key}: {value} % outside 0-100"
    elif key == CHARGE_CUTOFF and value > limits.max_soc:
        return Rule.CUTOFF_OUTSIDE_SOC_WINDOW, f"charge cut-off {value} % above {limits.max_soc} %"
    elif key == DISCHARGE_CUTOFF and value < limits.min_soc:
        msg = f"discharge cut-off {value} % below {limits.min_soc} %"
        return Rule.CUTOFF_OUTSIDE_SOC_WINDOW, msg
    return None


def is_toward_safety(
    writes: Mapping[str, float],
    current: Mapping[str, float | None],
    rated_charge_kw: float | None = None,
    rated_discharge_kw: float | None = None,
) -> bool:
    """Whether a command provably makes the plant no more forced (see rule 4)."""
    if not writes:
        return False
    after = {**current, **writes}
    if after.get(ENABLE, -1) == 0:
        return True
    if writes.get(ENABLE, 1) != 1 or (ENABLE in writes and current.get(ENABLE, -1) != 1):
        return False  # taking control (or an invalid flag) is never toward safety
    if any(key not in CONTROL_BLOCK for key in writes):
        return False
    if MODE in writes:
        rated = (rated_charge_kw, rated_discharge_kw)
        before = commanded(current, *rated, high=False)
        then = commanded(after, *rated, high=True)
        return then.charge_kw <= before.charge_kw and then.discharge_kw <= before.discharge_kw
    for key, value in writes.items():
        if key not in (CHARGE_CAP, DISCHARGE_CAP) or value == 0:
            continue
        if key not in current:
            return False  # unknown current cap: only 0 is provably lower
        old = current[key]
        if old is not None and value > old:  # None = unset, i.e. no cap at all
            return False
    return True


def is_release(writes: Mapping[str, float], current: Mapping[str, float | None]) -> bool:
    """Whether the plant provably ends released (40029 = 0) after `writes`."""
    return {**current, **writes}.get(ENABLE, -1) == 0


def _age_s(at: datetime | None, now: datetime) -> float | None:
    """Seconds since `at`, None when unknown."""
    return None if at is None else (now - at).total_seconds()


def _stale_reason(snapshot: PlantSnapshot, limits: SafetyLimits, now: datetime) -> str | None:
    """Why the telemetry cannot vouch for a forcing write, or None when it can."""
    if plausible(snapshot.soc, SOC_BOUNDS) is None:
        return f"no plausible SoC reading ({snapshot.soc})"
    if plausible(snapshot.battery_temp_c, CELL_TEMP_BOUNDS) is None:
        return f"no plausible battery temperature reading ({snapshot.battery_temp_c})"
    age = _age_s(snapshot.timestamp, now)
    if age is None or abs(age) > limits.max_telemetry_age_s:
        return f"SoC telemetry age {age} s exceeds {limits.max_telemetry_age_s:g} s"
    temp_at = snapshot.temp_timestamp or snapshot.timestamp
    temp_age = _age_s(temp_at, now)
    if temp_age is None or abs(temp_age) > limits.max_temperature_age_s:
        return f"temperature age {temp_age} s exceeds {limits.max_temperature_age_s:g} s"
    return None


def _refuse(rule: Rule, reason: str, writes: Mapping[str, float]) -> CommandVerdict:
    """Refusal verdict."""
    return CommandVerdict(False, rule, reason, dict(writes))


def _clamp_step(
    writes: dict[str, float], snapshot: PlantSnapshot, step: float
) -> tuple[bool, str | None]:
    """Apply rule 9 in place on signed power; returns (adjusted, refusal reason)."""
    adjusted = False
    rated = (snapshot.rated_charge_kw, snapshot.rated_discharge_kw)
    low = commanded(snapshot.registers, *rated, high=False)
    high = commanded(snapshot.registers, *rated, high=True)
    # Signed before-power, read on the strict side: a discharge counts against a new charge.
    ceilings = {
        "charge_kw": max(0.0, low.charge_kw - high.discharge_kw + step),
        "discharge_kw": max(0.0, low.discharge_kw - high.charge_kw + step),
    }
    for key, attr in ((CHARGE_CAP, "charge_kw"), (DISCHARGE_CAP, "discharge_kw")):
        after = commanded({**snapshot.registers, **writes}, *rated)
        allowed = ceilings[attr]
        if getattr(after, attr) <= allowed + 1e-9:
            continue
        if key not in writes:
            return adjusted, f"{attr} would rise to {getattr(after, attr)} kW, step {step:g} kW"
        # Floor to the register resolution (gain 1000) so the clamp never exceeds the step.
        writes[key] = math.floor(allowed * 1000 + 1e-6) / 1000
        adjusted = True
    return adjusted, None


def check_command(
    writes: Mapping[str, float],
    *,
    origin: Origin,
    automatic: bool,
    snapshot: PlantSnapshot,
    state: GuardState,
    limits: SafetyLimits,
    now: datetime,
) -> CommandVerdict:
    """Judge registers the controller writes together (one cycle); see the module rules."""
    proposal = dict(writes)
    for key, value in proposal.items():
        problem = _value_problem(key, value, limits)
        if problem is not None:
            return _refuse(*problem, proposal)
    rated = (snapshot.rated_charge_kw, snapshot.rated_discharge_kw)
    snapshot = replace(snapshot, registers=sanitize(snapshot.registers, *rated))
    if state.emergency_stop and not is_release(proposal, snapshot.registers):
        return _refuse(Rule.EMERGENCY_STOP, "emergency stop is engaged: only releases", proposal)
    if is_toward_safety(proposal, snapshot.registers, *rated):
        return CommandVerdict(True, None, "toward safety", proposal, toward_safety=True)
    if automatic and state.last_automatic_write is not None:
        since = (now - state.last_automatic_write).total_seconds()
        if since < limits.min_write_interval_s:
            gap = limits.min_write_interval_s
            msg = f"{since:.0f} s since the last automatic write (< {gap:g} s)"
            return _refuse(Rule.WRITE_SPACING, msg, proposal)
    before = commanded(snapshot.registers, *rated, high=False)
    after = commanded({**snapshot.registers, **proposal}, *rated)
    if after.charge_kw > 0 or after.discharge_kw > 0:
        stale = _stale_reason(snapshot, limits, now)
        if stale is not None:
            return _refuse(Rule.STALE_TELEMETRY, stale, proposal)
    more_charge = after.charge_kw > before.charge_kw
    more_discharge = after.discharge_kw > before.discharge_kw
    soc = plausible(snapshot.soc, SOC_BOUNDS)
    temp = plausible(snapshot.battery_temp_c, CELL_TEMP_BOUNDS)
    if more_charge and soc is not None and soc >= limits.max_soc:
        return _refuse(Rule.MAX_SOC, f"SoC {soc} % is at or above {limits.max_soc:g} %", proposal)
    if more_discharge and soc is not None and soc <= limits.min_soc:
        return _refuse(Rule.MIN_SOC, f"SoC {soc} % is at or below {limits.min_soc:g} %", proposal)
    if (more_charge or more_discharge) and not (
        temp is not None and limits.min_temp_c <= temp <= limits.max_temp_c
    ):
        msg = f"battery {temp} °C outside {limits.min_temp_c:g}-{limits.max_temp_c:g} °C"
        return _refuse(Rule.TEMPERATURE, msg, proposal)
    if automatic:
        adjusted, refusal = _clamp_step(proposal, snapshot, limits.max_step_kw)
        if refusal is not None:
            return _refuse(Rule.POWER_STEP, refusal, dict(writes))
        if adjusted:
            return CommandVerdict(True, None, "clamped to the power step", proposal, adjusted=True)
    return CommandVerdict(True, None, f"allowed ({origin})", proposal)


def check_write(
    key: str,
    value: float,
    *,
    origin: Origin,
    automatic: bool,
    snapshot: PlantSnapshot,
    state: GuardState,
    limits: SafetyLimits,
    now: datetime,
) -> Verdict:
    """Judge a single register write (a one-register command)."""
    verdict = check_command(
        {key: value},
        origin=origin,
        automatic=automatic,
        snapshot=snapshot,
        state=state,
        limits=limits,
        now=now,
    )
    return Verdict(
        verdict.allowed, verdict.rule, verdict.reason, verdict.writes[key], verdict.adjusted
    )


def current_violations(
    snapshot: PlantSnapshot, limits: SafetyLimits, now: datetime
) -> tuple[Rule, ...]:
    """Rules the plant's present forced state breaks; the controller should then release."""
    rated = (snapshot.rated_charge_kw, snapshot.rated_discharge_kw)
    now_cmd = commanded(sanitize(snapshot.registers, *rated), *rated)
    if now_cmd.charge_kw <= 0 and now_cmd.discharge_kw <= 0:
        return ()
    found: list[Rule] = []
    if _stale_reason(snapshot, limits, now) is not None:
        found.append(Rule.STALE_TELEMETRY)
    soc = plausible(snapshot.soc, SOC_BOUNDS)
    temp = plausible(snapshot.battery_temp_c, CELL_TEMP_BOUNDS)
    if soc is not None and now_cmd.charge_kw > 0 and soc >= limits.max_soc:
        found.append(Rule.MAX_SOC)
    if soc is not None and now_cmd.discharge_kw > 0 and soc <= limits.min_soc:
        found.append(Rule.MIN_SOC)
    if temp is not None and not limits.min_temp_c <= temp <= limits.max_temp_c:
        found.append(Rule.TEMPERATURE)
    return tuple(found)


def is_automatic(origin: Origin) -> bool:
    """Default automatic flag for an origin (schedule, optimiser and safety are automatic)."""
    return origin in AUTOMATIC_ORIGINS
