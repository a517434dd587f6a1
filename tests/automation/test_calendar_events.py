"""Calendar wording of schedule windows and the merging of plan steps into blocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.sigenstor.automation.calendar_events import (
    plan_blocks,
    plan_events,
    schedule_event,
    schedule_summary,
)
from custom_components.sigenstor.automation.schedules import Occurrence
from custom_components.sigenstor.optimiser.model import Action, PlanStep

from .helpers import make

T0 = datetime(2026, 1, 16, 1, 0, tzinfo=UTC)


def test_schedule_summaries() -> None:
    """Action, optional power and target, then the name."""
    assert schedule_summary(make(power_kw=3.0, target_soc=90.0)) == (
        "Charge 3 kW to 90% — Night charge"
    )
    assert schedule_summary(make("Peak", action="discharge", power_kw=2.5)) == (
        "Discharge 2.5 kW — Peak"
    )
    assert schedule_summary(make("Cloudy", action="hold")) == "Hold — Cloudy"
    assert schedule_summary(make("Floor", action="discharge", target_soc=20)) == (
        "Discharge to 20% — Floor"
    )


def test_schedule_event_uid_is_per_window() -> None:
    """Two windows of one schedule get different uids; the text carries the bounds."""
    schedule = make()
    first = schedule_event(Occurrence(T0, T0 + timedelta(hours=4), schedule))
    day = timedelta(days=1)
    second = schedule_event(Occurrence(T0 + day, T0 + day + timedelta(hours=4), schedule))
    assert first.uid != second.uid
    assert (first.start, first.end) == (T0, T0 + timedelta(hours=4))


def _step(offset_h: float, action: Action, kw: float = 0.0, hours: float = 0.5) -> PlanStep:
    return PlanStep(
        start=T0 + timedelta(hours=offset_h),
        duration_h=hours,
        action=action,
        battery_kw=kw,
        soc_start=0.5,
        soc_end=0.5,
        grid_kw=0.0,
        curtailed_kw=0.0,
        cost=0.25,
        reason="why",
    )


def test_blocks_merge_only_contiguous_same_actions() -> None:
    """Same action and touching: one block; a gap or another action starts a new one."""
    steps = [
        _step(0, Action.CHARGE_GRID, 2, hours=1 / 12),
        _step(1 / 12, Action.CHARGE_GRID, 3, hours=0.5 - 1 / 12),
        _step(0.5, Action.CHARGE_PV, 1),
        _step(2.0, Action.CHARGE_PV, 1),  # gap of an hour
        _step(2.5, Action.SELF_CONSUMPTION),
    ]
    blocks = plan_blocks(steps)
    assert [len(b) for b in blocks] == [2, 1, 1, 1]
    found = plan_events(steps)
    assert [e.summary for e in found] == [
        "Optimiser: Charge from grid 3 kW to 50%",
        "Optimiser: Charge from solar 1 kW to 50%",
        "Optimiser: Charge from solar 1 kW to 50%",
    ]
    assert found[0].end == T0 + timedelta(hours=0.5)
    assert found[0].description == "why\nSoC 50% → 50%, cost $0.50"
    assert len({e.uid for e in found}) == 3
    assert plan_events([]) == []
