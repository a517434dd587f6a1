"""Pure safety guard: decides whether a proposed Remote-EMS write may reach the plant.

Nothing here imports Home Assistant. The controller builds a `PlantSnapshot` from the latest
telemetry, keeps a `GuardState` (last automatic write, emergency stop) and asks
`check_command(writes, ...)` before every write request; it writes `verdict.writes` (values may
be clamped) only when `verdict.allowed`, then stores `state.after_write(now, automatic)`.

What it reasons about (registers, readings, `commanded` power) is in `model`; the owner's
limits and their hard bounds in `limits`.

There is no battery-power setpoint; the integration *forces* the battery only through
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
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
import math
from typing import Final, Literal

from .limits import SafetyLimits
from .model import (
    ALLOWED_REGISTERS,
    CELL_TEMP_BOUNDS,
    CHARGE_CAP,
    CHARGE_CUTOFF,
    CONTROL_BLOCK,
    DISCHARGE_CAP,
    DISCHARGE_CUTOFF,
    ENABLE,
    ENUM_VALUES,
    MAX_POWER_KW,
    MODE,
    POWER_KEYS,
    SOC_BOUNDS,
    PlantSnapshot,
    commanded,
    plausible,
    sanitize,
)

Origin = Literal["manual", "schedule", "optimiser", "override", "safety"]
ORIGINS: Final[tuple[Origin, ...]] = ("manual", "schedule", "optimiser", "override", "safety")
# Origins whose writes are automatic unless the caller says otherwise.
AUTOMATIC_ORIGINS: Final = frozenset({"schedule", "optimiser", "safety"})


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
class GuardState:
    """What the guard remembers between writes; the controller persists `emergency_stop`."""

    last_automatic_write: datetime | None = None
    emergency_stop: bool = False

    def after_write(self, now: datetime, automatic: bool) -> GuardState:
        """State after a write was sent (automatic writes restart the spacing clock)."""
        return replace(self, last_automatic_write=now) if automatic else self


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
    """Whether the plant provably ends released (40029 = 0) after `writes`.

    A request that touches the control block must write 40029 = 0 itself: mode and caps written
    on the strength of a 0 known earlier would force the plant if someone re-enabled it since.
    """
    if {**current, **writes}.get(ENABLE, -1) != 0:
        return False
    return ENABLE in writes or not any(key in CONTROL_BLOCK for key in writes)


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
