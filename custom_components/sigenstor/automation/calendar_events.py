"""Calendar wording for schedule windows and the optimiser's planned blocks (pure, no HA)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from ..optimiser.model import Action, PlanStep
from .schedules import Occurrence, Schedule

# Self-consumption is what the plant does anyway; showing it would bury the real actions.
HIDDEN_PLAN_ACTIONS: Final = frozenset({Action.SELF_CONSUMPTION})
_PLAN_WORDS: Final = {
    Action.CHARGE_GRID: "Charge from grid",
    Action.CHARGE_PV: "Charge from solar",
    Action.DISCHARGE: "Discharge",
    Action.HOLD: "Hold",
}
_GAP: Final = timedelta(seconds=1)  # steps closer than this count as contiguous


@dataclass(frozen=True, slots=True)
class EventText:
    """One calendar event before it becomes HA's CalendarEvent."""

    start: datetime
    end: datetime
    summary: str
    description: str
    uid: str


def _number(value: float) -> str:
    """3.0 -> '3', 2.55 -> '2.6'."""
    return f"{round(value, 1):g}"


def schedule_summary(schedule: Schedule) -> str:
    """'Charge 3 kW to 90% — Night charge', 'Hold — Cloudy morning'."""
    words = [schedule.action.capitalize()]
    if schedule.power_kw is not None:
        words.append(f"{_number(schedule.power_kw)} kW")
    if schedule.target_soc is not None:
        words.append(f"to {_number(schedule.target_soc)}%")
    return f"{' '.join(words)} — {schedule.name}"


def schedule_event(occurrence: Occurrence) -> EventText:
    """The event for one window of a schedule."""
    schedule = occurrence.schedule
    stamp = occurrence.start.astimezone(UTC).strftime("%Y%m%dT%H%MZ")
    return EventText(
        start=occurrence.start,
        end=occurrence.end,
        summary=schedule_summary(schedule),
        description=f"Schedule, priority {schedule.priority}",
        uid=f"schedule-{schedule.id}-{stamp}",
    )


def _end(step: PlanStep) -> datetime:
    return step.start + timedelta(hours=step.duration_h)


def plan_blocks(steps: Iterable[PlanStep]) -> list[list[PlanStep]]:
    """Runs of contiguous steps with the same action."""
    blocks: list[list[PlanStep]] = []
    for step in steps:
        last = blocks[-1][-1] if blocks else None
        if last is not None and last.action == step.action and abs(step.start - _end(last)) < _GAP:
            blocks[-1].append(step)
        else:
            blocks.append([step])
    return blocks


def plan_block_event(block: Sequence[PlanStep]) -> EventText:
    """One event for a run of same-action steps: peak power and the SoC it ends at."""
    first, last = block[0], block[-1]
    soc_start, soc_end = round(first.soc_start * 100), round(last.soc_end * 100)
    words = [_PLAN_WORDS.get(first.action, first.action.value)]
    if first.action in (Action.CHARGE_GRID, Action.CHARGE_PV, Action.DISCHARGE):
        peak = max(abs(step.battery_kw) for step in block)
        words.append(f"{_number(peak)} kW to {soc_end}%")
    else:
        words.append(f"at {soc_start}%")
    cost = sum(step.cost for step in block)
    return EventText(
        start=first.start,
        end=_end(last),
        summary=f"Optimiser: {' '.join(words)}",
        description=f"{first.reason}\nSoC {soc_start}% → {soc_end}%, cost ${cost:.2f}",
        uid=f"plan-{first.start.astimezone(UTC).strftime('%Y%m%dT%H%MZ')}",
    )


def plan_events(steps: Iterable[PlanStep]) -> list[EventText]:
    """Events for the plan's action blocks, self-consumption left out."""
    return [
        plan_block_event(block)
        for block in plan_blocks(steps)
        if block[0].action not in HIDDEN_PLAN_ACTIONS
    ]
