"""Hysteresis on live price changes, savings from measured telemetry kept across restarts."""

from __future__ import annotations

from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from custom_components.sigenstor.automation.load_history import async_learn_load
from custom_components.sigenstor.automation.runtime import PLAN_SECOND
from custom_components.sigenstor.sigen.registers import PLANT_UNIT_ID, Tier
from simulator import Simulator

from ..conftest import SERIAL
from ..integration.helpers import entity_id
from .conftest import amber_payload, serve_prices
from .helpers import settle, start, state

pytestmark = pytest.mark.usefixtures("socket_enabled")


def dear_now_cheap_later(minutes: float) -> float:
    """Buy: 45c for two hours (not a spike), then 3c."""
    return 0.45 if minutes < 120 else 0.03


def good_feed_in(minutes: float) -> float:
    """Feed-in earnings: 40c for two hours, then nothing."""
    return 0.40 if minutes < 120 else 0.0


async def _new_prices(
    hass: HomeAssistant, entry: MockConfigEntry, mock: AiohttpClientMocker
) -> None:
    serve_prices(mock, amber_payload(datetime.now(UTC), dear_now_cheap_later, good_feed_in))
    sources = entry.runtime_data.sources
    assert sources is not None
    assert sources.prices is not None
    await sources.prices.async_refresh()
    await settle(hass)


async def test_a_new_action_needs_two_runs(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """Prices flip from charge to export: the first run keeps charging, the second exports."""
    optimiser = await start(hass, opt_entry)
    assert optimiser.intent.decision == "charge_grid"
    await _new_prices(hass, opt_entry, prices)
    assert optimiser.plan is not None
    assert optimiser.plan.first.action == "discharge"  # what the plan now wants
    assert state(hass, "sensor", "optimiser_decision") == "charge_grid"  # held one run
    await optimiser.async_run()
    await settle(hass)
    # On failure, say what the second run planned and what the hysteresis held.
    plan = optimiser.plan
    seen = (plan.first if plan else None, optimiser.hysteresis, optimiser.status)
    assert state(hass, "sensor", "optimiser_decision") == "export", seen
    assert "export" in state(hass, "sensor", "optimiser_reason")


async def test_savings_are_measured_and_survive_a_restart(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """Each live poll prices the measured grid flow; the totals are stored with the entry."""
    optimiser = await start(hass, opt_entry)
    live = opt_entry.runtime_data.coordinator(PLANT_UNIT_ID, Tier.LIVE)
    await live.async_poll()  # the first sample after the start only marks the time
    await settle(hass)
    before = optimiser.ledger.today.actual
    last = optimiser.ledger.last_at
    assert last is not None
    optimiser.ledger.last_at = last - timedelta(seconds=60)
    await live.async_poll()
    await settle(hass)
    value = live.value("grid_active_power")
    assert isinstance(value, float | int)
    grid = float(value)
    assert grid != 0
    price = 0.02 if grid > 0 else 0.05  # the fixture's prices now (buy, feed-in)
    added = optimiser.ledger.today.actual - before
    # The sample covers the 60 s moved back plus the real time since the previous poll.
    assert added == pytest.approx(grid * price / 60, rel=0.5)
    assert optimiser.ledger.today.savings == pytest.approx(0.0)  # self-consumption: no saving
    optimiser.ledger.today.baseline += 1.25  # pretend the day went well
    optimiser.ledger.this_month.baseline += 1.25
    assert await hass.config_entries.async_reload(opt_entry.entry_id)
    await settle(hass)
    restored = opt_entry.runtime_data.optimiser
    assert restored is not optimiser
    assert float(state(hass, "sensor", "savings_today")) == pytest.approx(1.25, abs=0.01)
    assert float(state(hass, "sensor", "savings_month")) == pytest.approx(1.25, abs=0.01)
    ids = hass.states.async_entity_ids("sensor")
    shown = hass.states.get(next(e for e in ids if e.endswith("savings_today")))
    assert shown is not None
    assert shown.attributes["basis"] == "simulated"  # shadow mode
    assert float(state(hass, "sensor", "expected_cost_today")) != 0


async def test_default_profile_without_history(hass: HomeAssistant) -> None:
    """No recorder: the default day shape, never a crash."""
    profile = await async_learn_load(hass, "sensor.sigenstor_house_load", dt_util.utcnow())
    assert profile.history_hours == 0
    assert profile.predict([dt_util.now()])[0] > 0


def cheaper_then_dear(minutes: float) -> float:
    """Buy price: the default's shape 1c lower (the same decision, other numbers)."""
    return 0.01 + 0.01 * minutes / 60 if minutes < 120 else 0.60


async def test_reason_changes_only_with_the_action(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """New prices, same action: the reason sensor's state stays (one logbook entry per action).

    Its live wording moves to the unrecorded attribute `now`; before, every new price changed
    the state and the logbook had 21 "Optimiser reason" entries in 15 minutes.
    """
    optimiser = await start(hass, opt_entry)
    assert optimiser.intent.decision == "charge_grid"
    entity = entity_id(hass, "sensor", f"{SERIAL}_plant_optimiser_reason")
    before = hass.states.get(entity)
    assert before is not None
    serve_prices(prices, amber_payload(datetime.now(UTC), cheaper_then_dear))
    sources = opt_entry.runtime_data.sources
    assert sources is not None
    assert sources.prices is not None
    await sources.prices.async_refresh()
    await settle(hass)
    after = hass.states.get(entity)
    assert after is not None
    assert optimiser.intent.decision == "charge_grid"
    assert optimiser.reason != before.attributes["now"]  # the wording did move
    assert after.attributes["now"] == optimiser.reason
    assert after.state == before.state
    assert after.last_changed == before.last_changed  # the logbook lists state changes only
    await _new_prices(hass, opt_entry, prices)  # export now: a new action, a new reason
    await optimiser.async_run()
    await settle(hass)
    changed = hass.states.get(entity)
    assert changed is not None
    assert "export" in changed.state
    assert changed.last_changed > before.last_changed


async def test_plans_run_just_after_each_five_minute_boundary(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The timer plans 2 s after every 5-minute boundary, where the plan's first step ends.

    A timer every 5 minutes from set-up decided mid-step, and that decision then ran minutes
    into steps it had not planned ("Next: export at 16:35", then 16:40, 16:45).
    """
    optimiser = await start(hass, opt_entry)
    spawned: list[str] = []
    spawn = optimiser._spawn

    def _record(job: Coroutine[Any, Any, None], name: str) -> None:
        spawned.append(name)
        spawn(job, name)

    monkeypatch.setattr(optimiser, "_spawn", _record)
    now = dt_util.utcnow()
    boundary = now.replace(second=0, microsecond=0) + timedelta(minutes=5 - now.minute % 5)
    async_fire_time_changed(hass, boundary + timedelta(seconds=PLAN_SECOND))
    await settle(hass)
    assert spawned.count("timer") == 1  # at the boundary, before set-up + 5 minutes
    async_fire_time_changed(hass, boundary + timedelta(minutes=2, seconds=30))
    await settle(hass)
    assert spawned.count("timer") == 1  # mid-step: the timer does not plan
