"""Turn a plan's first step into a controller command, with hysteresis (pure).

Hysteresis: a new action is adopted only when two runs in a row propose it (runs come every
Amber interval and at least every 5 minutes), unless waiting is costly or pointless: the price
now is a spike or negative, or the held action can no longer run (charge target or export floor
reached). Within one action the power moves only by more than a 0.3 kW deadband; the guard then
raises it by at most its step per write, so re-issuing the decision each cycle ramps it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from ..control import ems
from ..optimiser import Action, Horizon, Plan

CONFIRM_RUNS: Final = 2
POWER_DEADBAND_KW: Final = 0.3
SPIKE_PRICE: Final = 0.5  # $/kWh: above this (or below 0) a change is adopted at once
MIN_POWER_KW: Final = 0.1
REASON_MAX: Final = 255


class Decision(StrEnum):
    """The optimiser's decision (the `optimiser_decision` sensor's options)."""

    CHARGE_GRID = "charge_grid"
    CHARGE_PV = "charge_pv"
    EXPORT = "export"
    HOLD = "hold"
    SELF_CONSUMPTION = "self_consumption"
    IDLE = "idle"


DECISIONS: Final = [d.value for d in Decision]
_FROM_ACTION: Final = {
    Action.CHARGE_GRID: Decision.CHARGE_GRID,
    Action.CHARGE_PV: Decision.CHARGE_PV,
    Action.DISCHARGE: Decision.EXPORT,
    Action.HOLD: Decision.HOLD,
    Action.SELF_CONSUMPTION: Decision.SELF_CONSUMPTION,
}


def decision_of(action: Action) -> Decision:
    """The decision name of a planner action."""
    return _FROM_ACTION[action]


@dataclass(frozen=True, slots=True)
class Intent:
    """What to do now: decision, power (kW), SoC target or floor (%), and why."""

    decision: Decision
    power_kw: float = 0.0
    soc_limit: float | None = None
    reason: str = ""


IDLE: Final = Intent(Decision.IDLE)


def intent_from_plan(plan: Plan, min_soc: float, max_soc: float) -> Intent:
    """The first step as an intent; the SoC limit is where its run of equal actions ends."""
    first = plan.first
    decision = decision_of(first.action)
    run = [first]
    for step in plan.steps[1:]:
        if step.action is not first.action:
            break
        run.append(step)
    power = max(round(abs(first.battery_kw), 1), MIN_POWER_KW)
    limit: float | None = None
    if decision in (Decision.CHARGE_GRID, Decision.CHARGE_PV):
        limit = min(round(max(s.soc_end for s in run) * 100, 1), max_soc)
    elif decision is Decision.EXPORT:
        limit = max(round(min(s.soc_end for s in run) * 100, 1), min_soc)
    else:
        power = 0.0
    return Intent(decision, power, limit, first.reason[:REASON_MAX])


def command_for(intent: Intent) -> ems.Command | None:
    """The controller command of an intent (None when idle)."""
    match intent.decision:
        case Decision.CHARGE_GRID | Decision.CHARGE_PV:
            source: ems.Source = "grid" if intent.decision is Decision.CHARGE_GRID else "pv"
            return ems.ForceCharge(intent.power_kw, intent.soc_limit or 100.0, source=source)
        case Decision.EXPORT:
            return ems.ForceExport(intent.power_kw, intent.soc_limit or 0.0)
        case Decision.HOLD:
            return ems.ForceHold()
        case Decision.SELF_CONSUMPTION:
            return ems.Release()
    return None


def runnable(intent: Intent, soc: float | None) -> bool:
    """Whether the intent can still act at this SoC (charge below target, export above floor)."""
    if soc is None or intent.soc_limit is None:
        return True
    if intent.decision in (Decision.CHARGE_GRID, Decision.CHARGE_PV):
        return soc < intent.soc_limit
    if intent.decision is Decision.EXPORT:
        return soc > intent.soc_limit
    return True


@dataclass
class Hysteresis:
    """Holds the acted-on intent; see the module docstring for when it changes."""

    held: Intent | None = None
    candidate: Decision | None = None
    count: int = 0

    def update(self, proposed: Intent, *, soc: float | None, urgent: bool) -> Intent:
        """Feed one run's proposal; return the intent to act on."""
        held = self.held
        if held is None or proposed.decision is held.decision:
            self.candidate, self.count = None, 0
            if held is not None and abs(proposed.power_kw - held.power_kw) < POWER_DEADBAND_KW:
                proposed = replace(proposed, power_kw=held.power_kw)
            self.held = proposed
            return proposed
        if self.candidate is proposed.decision:
            self.count += 1
        else:
            self.candidate, self.count = proposed.decision, 1
        if self.count >= CONFIRM_RUNS or urgent or not runnable(held, soc):
            self.candidate, self.count = None, 0
            self.held = proposed
            return proposed
        return held

    def reset(self) -> None:
        """Forget the held intent (idle, mode change)."""
        self.held, self.candidate, self.count = None, None, 0


def is_urgent(horizon: Horizon) -> bool:
    """Whether the first step's prices make waiting for confirmation costly."""
    buy, sell = float(horizon.buy[0]), float(horizon.sell[0])
    return buy >= SPIKE_PRICE or sell >= SPIKE_PRICE or buy < 0 or sell < 0


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def plan_steps(plan: Plan, horizon: Horizon) -> list[dict[str, Any]]:
    """The plan's steps in the action response's form (prices AUD/kWh, SoC %)."""
    out = []
    for i, step in enumerate(plan.steps):
        end = step.start + timedelta(hours=step.duration_h)
        out.append(
            {
                "start": _iso(step.start),
                "end": _iso(end),
                "action": decision_of(step.action).value,
                "power_kw": round(step.battery_kw, 3),
                "soc": round(step.soc_end * 100, 1),
                "grid_kw": round(step.grid_kw, 3),
                "cost_aud": round(step.cost, 4),
                "buy_price": round(float(horizon.buy[i]), 4),
                "feed_in_price": round(float(horizon.sell[i]), 4),
                "pv_kw": round(float(horizon.pv_kw[i]), 3),
                "load_kw": round(float(horizon.load_kw[i]), 3),
                "reason": step.reason,
            }
        )
    return out
