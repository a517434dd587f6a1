"""run_optimiser (dry run) and get_plan; missing prices leave the optimiser idle and say so."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from custom_components.sigenstor.const import DOMAIN
from simulator import Simulator

from .conftest import amber_payload, serve_prices
from .helpers import record_writes, settle, start, state

pytestmark = pytest.mark.usefixtures("socket_enabled")

STEP_KEYS = {
    "start",
    "end",
    "action",
    "power_kw",
    "soc",
    "grid_kw",
    "cost_aud",
    "buy_price",
    "feed_in_price",
    "pv_kw",
    "load_kw",
    "reason",
}


async def _respond(hass: HomeAssistant, service: str, entry_id: str) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN, service, {"config_entry_id": entry_id}, blocking=True, return_response=True
    )
    assert isinstance(response, dict)
    return response


async def test_run_optimiser_returns_a_plan_and_writes_nothing(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """The dry run's response follows the contract; it changes neither plant nor decision."""
    optimiser = await start(hass, opt_entry)
    held = optimiser.intent
    generated = optimiser.generated_at
    writes = record_writes(hass)
    plan = await _respond(hass, "run_optimiser", opt_entry.entry_id)
    await settle(hass)
    assert writes == []
    assert optimiser.intent == held
    assert optimiser.generated_at == generated
    assert set(plan) == {"generated_at", "mode", "decision", "reason", "steps", "limits"}
    assert plan["mode"] == "shadow"
    assert plan["decision"] == "charge_grid"
    # With a flat 60c tail the stored energy is worth as much kept as used, so the reason may
    # name the later use or say to keep it; the price now is what the plan acts on.
    assert str(plan["reason"]).startswith("charge: price 2c now ")
    steps = plan["steps"]
    assert isinstance(steps, list)
    assert all(set(step) == STEP_KEYS for step in steps)
    starts = [datetime.fromisoformat(s["start"]) for s in steps]
    ends = [datetime.fromisoformat(s["end"]) for s in steps]
    assert starts[1:] == ends[:-1]  # contiguous
    # 5-minute steps for two hours, then 30-minute ones (the first and last may be partial).
    lengths = [round((e - s).total_seconds() / 60) for s, e in zip(starts, ends, strict=True)]
    middle = lengths[1:-1]
    assert set(middle) == {5, 30}
    assert middle == sorted(middle)
    assert 23 <= middle.count(5) <= 29
    # Amber's prices reach 48 h here, so the plan does too.
    assert ends[-1] - starts[0] >= timedelta(hours=47, minutes=50)
    assert steps[0]["buy_price"] == pytest.approx(0.02, abs=0.002)
    assert steps[-1]["buy_price"] == pytest.approx(0.60)
    assert steps[-1]["feed_in_price"] == pytest.approx(0.05)  # earnings are positive
    assert steps[0]["power_kw"] > 0
    assert 5 <= min(s["soc"] for s in steps) <= max(s["soc"] for s in steps) <= 98


async def test_get_plan_returns_the_latest_plan(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """get_plan answers with what the sensors show, stamped with the last run."""
    optimiser = await start(hass, opt_entry)
    plan = await _respond(hass, "get_plan", opt_entry.entry_id)
    assert optimiser.generated_at is not None
    assert plan["generated_at"] == optimiser.generated_at.isoformat()
    assert plan["decision"] == state(hass, "sensor", "optimiser_decision")
    assert isinstance(plan["steps"], list)
    assert len(plan["steps"]) == len(optimiser.plan.steps if optimiser.plan else [])
    change = optimiser.next_change()
    assert change is not None  # the cheap window ends, so the action changes
    shown = hass.states.get(
        next(
            e for e in hass.states.async_entity_ids("sensor") if e.endswith("optimiser_next_change")
        )
    )
    assert shown is not None
    assert datetime.fromisoformat(shown.state) == change[0]
    assert shown.attributes["action"] == change[1].value
    assert "steps" not in shown.attributes


async def test_missing_prices_idle_with_a_clear_state(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    aioclient_mock: AiohttpClientMocker,
) -> None:
    """Amber failing: no plan, decision idle, the reason says why, the dry run refuses."""
    serve_prices(aioclient_mock, {"message": "down"}, status=500)
    writes = record_writes(hass)
    optimiser = await start(hass, opt_entry)
    assert optimiser.plan is None
    assert state(hass, "sensor", "optimiser_decision") == "idle"
    assert state(hass, "sensor", "optimiser_reason") == "idle: no current prices"
    with pytest.raises(ServiceValidationError) as err:
        await _respond(hass, "run_optimiser", opt_entry.entry_id)
    assert err.value.translation_key == "optimiser_no_prices"
    plan = await _respond(hass, "get_plan", opt_entry.entry_id)
    assert plan["steps"] == []
    assert plan["decision"] == "idle"
    assert writes == []
    # Prices come back: the next Amber update plans at once.
    serve_prices(aioclient_mock, amber_payload(datetime.now(UTC)))
    sources = opt_entry.runtime_data.sources
    assert sources is not None
    assert sources.prices is not None
    await sources.prices.async_refresh()
    await settle(hass)
    assert optimiser.status == "planned"
    assert state(hass, "sensor", "optimiser_decision") == "charge_grid"


async def test_actions_reject_an_unknown_entry(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """A config entry that is not ours, or not loaded, is a translated validation error."""
    await start(hass, opt_entry)
    for service in ("run_optimiser", "get_plan"):
        with pytest.raises(ServiceValidationError) as err:
            await _respond(hass, service, "nope")
        assert err.value.translation_key == "entry_not_loaded"
