"""What the optimiser knows and says: its state, the owner-facing reading of it, diagnostics.

`OptimiserRuntime` (runtime.py) fills this state as it plans and acts; entities, the calendar,
actions and diagnostics only read it through the methods here.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any, Final, Literal

from homeassistant.util import dt as dt_util

from ..listeners import Listeners, Observable
from ..optimiser import HourOfWeekProfile, Plan
from ..sources.runtime import Sources
from .apply import Outcome
from .decision import IDLE, Decision, Hysteresis, Intent, decision_of, plan_steps
from .inputs import PlanInputs
from .savings import Ledger

Mode = Literal["auto", "shadow", "off"]
MODES: Final[tuple[Mode, ...]] = ("auto", "shadow", "off")
DEFAULT_MODE: Final[Mode] = "shadow"


class OptimiserState(Observable):
    """The optimiser's latest plan, decision, outcome and savings, and how they read."""

    def __init__(self, sources: Sources) -> None:
        """Start idle in the default mode, with nothing planned."""
        self.sources = sources
        self.mode: Mode = DEFAULT_MODE
        self.plan: Plan | None = None
        self.inputs: PlanInputs | None = None
        self.generated_at: datetime | None = None
        self.intent: Intent = IDLE  # the decision after hysteresis
        self.status: str = "starting"  # why the optimiser is idle, or "planned"
        self.outcome = Outcome("none")
        self.last_error: str | None = None
        self.hysteresis = Hysteresis()
        self.ledger = Ledger()
        self.load = HourOfWeekProfile()
        self.load_learned_at: datetime | None = None
        self._listeners = Listeners()
        self._held_reason: tuple[tuple[str, ...], str] | None = None

    @property
    def decision(self) -> Decision:
        """The current decision (idle when off or unable to plan)."""
        return self.intent.decision if self.mode != "off" else Decision.IDLE

    @property
    def reason(self) -> str:
        """One line saying what the optimiser does and why, or why it waits."""
        if self.mode == "off":
            return "optimiser is off"
        if self.intent.decision is Decision.IDLE:
            return STATUS_TEXT.get(self.status, self.status)
        text = self.intent.reason
        if self.outcome.driver in ("emergency_stop", "override"):
            text = f"{self.outcome.driver.replace('_', ' ')} in force; optimiser would {text}"
        elif self.outcome.driver == "schedule":
            text = f"schedule {self.outcome.detail} in force; optimiser would {text}"
        elif self.mode == "shadow":
            text = f"shadow: would {text}"
        return text[:255]

    def action_reason(self) -> str:
        """The reason given when the current action began; it changes only with the action.

        The live `reason` names prices that move every interval: as a sensor's state it made a
        logbook entry each time (21 in 15 minutes) while the optimiser kept doing the same.
        """
        driver = self.outcome.driver
        key = (
            self.mode,
            self.decision.value,
            driver,
            self.outcome.detail if driver == "schedule" else "",
            self.status if self.decision is Decision.IDLE else "",
        )
        if self._held_reason is None or self._held_reason[0] != key:
            self._held_reason = (key, self.reason)
        return self._held_reason[1]

    def next_change(self) -> tuple[datetime, Decision] | None:
        """When the plan next changes action, and to what."""
        if self.plan is None or self.mode == "off":
            return None
        current = self.decision
        for step in self.plan.steps[1:]:
            nxt = decision_of(step.action)
            if nxt is not current:
                return step.start, nxt
        return None

    def planned_soc(self) -> float | None:
        """SoC (%) at the end of the current step."""
        if self.plan is None or self.mode == "off":
            return None
        return round(self.plan.first.soc_end * 100, 1)

    def expected_cost_today(self) -> float | None:
        """Cost so far today plus the plan's cost until local midnight."""
        now = dt_util.now()
        today = self.ledger.today.policy if self.ledger.day == now.date().isoformat() else 0.0
        if self.plan is None or self.mode == "off":
            return round(today, 2)
        midnight = dt_util.start_of_local_day(now) + timedelta(days=1)
        ahead = 0.0
        for step in self.plan.steps:
            end = step.start + timedelta(hours=step.duration_h)
            if step.start >= midnight:
                break
            share = min(1.0, (midnight - step.start) / (end - step.start))
            ahead += step.cost * share
        return round(today + ahead, 2)

    def savings(self, period: Literal["today", "month"]) -> float:
        """Realised savings ($) today or this month."""
        now = dt_util.now()
        if period == "today":
            current = self.ledger.day == now.date().isoformat()
            return round(self.ledger.today.savings, 2) if current else 0.0
        current = self.ledger.month == now.strftime("%Y-%m")
        return round(self.ledger.this_month.savings, 2) if current else 0.0

    def plan_response(self) -> dict[str, Any]:
        """The latest plan as the get_plan response."""
        return self._response(self.plan, self.inputs, self.generated_at, self.intent)

    def _response(
        self,
        result: Plan | None,
        inputs: PlanInputs | None,
        at: datetime | None,
        intent: Intent,
    ) -> dict[str, Any]:
        return {
            "generated_at": at.isoformat() if at else None,
            "mode": self.mode,
            "decision": intent.decision.value if self.mode != "off" else Decision.IDLE.value,
            "reason": intent.reason if intent.decision is not Decision.IDLE else self.reason,
            "steps": plan_steps(result, inputs.horizon) if result and inputs else [],
            "limits": limits_of(result, inputs),
        }

    def diagnostics(self) -> dict[str, Any]:
        """Mode, last run, input ages and the decision (no plan steps)."""
        now = dt_util.utcnow()
        sources = self.sources
        prices = sources.prices
        solar = sources.solar
        price_age = prices.age(now) if prices is not None else None
        solar_age = solar.age(now) if solar is not None else None
        inputs = self.inputs
        return {
            "mode": self.mode,
            "status": self.status,
            "decision": self.decision.value,
            "driver": self.outcome.driver,
            "last_run": self.generated_at.isoformat() if self.generated_at else None,
            "last_error": self.last_error,
            "prices_age_s": price_age.total_seconds() if price_age is not None else None,
            "solar_age_s": solar_age.total_seconds() if solar_age is not None else None,
            "load_history_hours": self.load.history_hours,
            "steps": len(inputs.horizon) if inputs else 0,
            "priced_until": inputs.priced_until.isoformat() if inputs else None,
            "estimated_steps": inputs.estimated_steps if inputs else 0,
            "limits": limits_of(self.plan, inputs),
        }


def limits_of(result: Plan | None, inputs: PlanInputs | None) -> dict[str, Any] | None:
    """The caps, demand charge and reserve a plan kept, with its peak in the demand window."""
    if result is None or inputs is None or inputs.limits is None:
        return None
    return {
        **asdict(inputs.limits),
        "planned_peak_kw": round(result.peak_import_kw, 3),
        "demand_cost": round(result.demand_cost, 2),
        "notes": list(result.notes),
    }


STATUS_TEXT: Final = {
    "starting": "waiting for the first plan",
    "off": "optimiser is off",
    "optimiser_no_prices": "idle: no current prices",
    "optimiser_no_soc": "idle: no battery SoC reading",
    "optimiser_no_battery": "idle: battery capacity or ratings unknown",
    "optimiser_plan_failed": "idle: no feasible plan",
}
