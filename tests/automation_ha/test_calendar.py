"""The plan calendar: schedule windows and the optimiser's blocks through calendar.get_events."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.optimiser.model import Action, Plan, PlanStep

from ..integration.helpers import setup_entry
from .schedule_helpers import call

pytestmark = pytest.mark.usefixtures("socket_enabled")

CALENDAR = "calendar.sigenstor_plan"


async def events(hass: HomeAssistant, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Events of the plan calendar in [start, end) via the calendar.get_events action."""
    response = await hass.services.async_call(
        "calendar",
        "get_events",
        {"entity_id": CALENDAR, "start_date_time": start, "end_date_time": end},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return cast(list[dict[str, Any]], cast(dict[str, Any], response[CALENDAR])["events"])


def _local(text: str) -> datetime:
    parsed = dt_util.parse_datetime(text)
    assert parsed is not None
    return dt_util.as_local(parsed)


async def test_schedule_windows_are_events(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """A weekday 01:00-05:00 charge gives five events in a week, worded for people."""
    await setup_entry(hass, mock_config_entry)
    entry_id = mock_config_entry.entry_id
    assert hass.states.get(CALENDAR) is not None
    await call(
        hass,
        "set_schedule",
        entry_id,
        name="Night charge",
        action="charge",
        start="01:00",
        end="05:00",
        days=["mon", "tue", "wed", "thu", "fri"],
        power=3,
        target_soc=90,
        priority=4,
    )
    await call(
        hass,
        "set_schedule",
        entry_id,
        name="Off",
        action="hold",
        start="12:00",
        end="13:00",
        enabled=False,
    )
    monday = dt_util.start_of_local_day(datetime(2026, 2, 2))
    found = await events(hass, monday, monday + timedelta(days=7))
    assert [e["summary"] for e in found] == ["Charge 3 kW to 90% — Night charge"] * 5
    assert [_local(e["start"]) for e in found] == [
        monday + timedelta(days=d, hours=1) for d in range(5)
    ]
    assert all(_local(e["end"]) - _local(e["start"]) == timedelta(hours=4) for e in found)
    assert found[0]["description"] == "Schedule, priority 4"


async def test_state_follows_schedule_changes(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """A window covering now turns the calendar on at once; disabling it turns it off."""
    await setup_entry(hass, mock_config_entry)
    entry_id = mock_config_entry.entry_id
    now = dt_util.now()
    created = await call(
        hass,
        "set_schedule",
        entry_id,
        response=True,
        name="Now",
        action="discharge",
        start=(now - timedelta(hours=1)).strftime("%H:%M"),
        end=(now + timedelta(hours=1)).strftime("%H:%M"),
        power=2.5,
    )
    state = hass.states.get(CALENDAR)
    assert state is not None
    assert state.state == "on"
    assert state.attributes["message"] == "Discharge 2.5 kW — Now"
    await call(hass, "set_schedule", entry_id, schedule_id=created["schedule_id"], enabled=False)
    state = hass.states.get(CALENDAR)
    assert state is not None
    assert state.state == "off"
    assert state.attributes.get("message") is None


def _step(start: datetime, action: Action, battery_kw: float, soc: tuple[float, float]) -> PlanStep:
    return PlanStep(
        start=start,
        duration_h=0.5,
        action=action,
        battery_kw=battery_kw,
        soc_start=soc[0],
        soc_end=soc[1],
        grid_kw=0.0,
        curtailed_kw=0.0,
        cost=0.1,
        reason=f"{action.value} reason",
    )


async def test_plan_blocks_are_events(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Consecutive same-action plan steps merge into one event; self-consumption is left out."""
    await setup_entry(hass, mock_config_entry)
    optimiser = mock_config_entry.runtime_data.optimiser
    assert optimiser is not None
    start = dt_util.start_of_local_day() + timedelta(days=1, hours=2)
    half = timedelta(minutes=30)
    steps = [
        _step(start, Action.CHARGE_GRID, 3.0, (0.2, 0.3)),
        _step(start + half, Action.CHARGE_GRID, 4.0, (0.3, 0.45)),
        _step(start + 2 * half, Action.SELF_CONSUMPTION, 0.0, (0.45, 0.45)),
        _step(start + 3 * half, Action.DISCHARGE, -5.0, (0.45, 0.3)),
        _step(start + 4 * half, Action.DISCHARGE, -2.0, (0.3, 0.25)),
        _step(start + 5 * half, Action.HOLD, 0.0, (0.25, 0.25)),
    ]
    optimiser.plan = Plan(
        steps=steps,
        total_cost=0.6,
        demand_cost=0.0,
        terminal_value=0.0,
        soc_cell_kwh=0.1,
        error_bound=0.0,
    )
    optimiser._notify()  # what the runtime does after each run
    await hass.async_block_till_done()

    found = await events(hass, start - timedelta(hours=1), start + timedelta(hours=6))
    assert [e["summary"] for e in found] == [
        "Optimiser: Charge from grid 4 kW to 45%",
        "Optimiser: Discharge 5 kW to 25%",
        "Optimiser: Hold at 25%",
    ]
    spans = [(_local(e["start"]), _local(e["end"])) for e in found]
    assert spans == [
        (start, start + 2 * half),
        (start + 3 * half, start + 5 * half),
        (start + 5 * half, start + 6 * half),
    ]
    assert found[0]["description"].startswith("charge_grid reason")
    assert "SoC 20% → 45%" in found[0]["description"]
    # A range that misses the plan gets none of it.
    after = start + 6 * half
    assert await events(hass, after, after + timedelta(hours=3)) == []
    # With nothing running, the state shows the next event.
    state = hass.states.get(CALENDAR)
    assert state is not None
    assert state.state == "off"
    assert state.attributes["message"] == "Optimiser: Charge from grid 4 kW to 45%"
