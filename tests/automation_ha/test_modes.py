"""The optimiser against the simulator: plans from faked Amber prices, acts only in auto mode."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from simulator import Simulator

from .helpers import record_writes, set_mode, settle, start, state, unspace

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def test_shadow_is_default_plans_and_writes_nothing(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """A new install plans (cheap now, dear later: charge from grid) but never writes."""
    writes = record_writes(hass)
    optimiser = await start(hass, opt_entry)
    assert optimiser.mode == "shadow"
    assert optimiser.plan is not None, optimiser.status
    assert state(hass, "select", "optimiser_mode") == "shadow"
    assert state(hass, "sensor", "optimiser_decision") == "charge_grid"
    reason = state(hass, "sensor", "optimiser_reason")
    assert reason.startswith("shadow: would charge"), reason
    assert float(state(hass, "sensor", "planned_soc")) > simulator.plant.soc
    assert [w for w in writes if w["origin"] == "optimiser"] == []
    assert simulator.value("remote_ems_enable") == 0


async def test_auto_writes_through_the_guard_and_ramps(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """Auto mode charges from the grid; the guard's 1 kW step ramps the power cycle by cycle."""
    writes = record_writes(hass)
    optimiser = await start(hass, opt_entry)
    await set_mode(hass, opt_entry, "auto")
    assert simulator.value("remote_ems_enable") == 1
    assert simulator.value("remote_ems_control_mode") == 3  # charge, grid first
    assert simulator.value("ess_max_charge_limit") == pytest.approx(1.0)
    assert [w["origin"] for w in writes] == ["optimiser"]
    # Within the 60 s spacing nothing is attempted (no refusal, no alert).
    await optimiser.async_apply()
    await settle(hass)
    assert len(writes) == 1
    assert all(w["result"] == "ok" for w in writes)
    unspace(opt_entry)
    await optimiser.async_apply()
    await settle(hass)
    assert simulator.value("ess_max_charge_limit") == pytest.approx(2.0)
    # Once the power is where the plan wants it, repeating the decision writes nothing.
    for _ in range(5):
        unspace(opt_entry)
        await optimiser.async_apply()
    await settle(hass)
    assert simulator.value("ess_max_charge_limit") == pytest.approx(optimiser.intent.power_kw)
    count = len(writes)
    unspace(opt_entry)
    await optimiser.async_apply()
    await settle(hass)
    assert len(writes) == count


async def test_leaving_auto_releases_and_off_does_nothing(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """Off idles with a clear state and hands the plant back to self-consumption."""
    optimiser = await start(hass, opt_entry)
    await set_mode(hass, opt_entry, "auto")
    assert simulator.value("remote_ems_enable") == 1
    writes = record_writes(hass)
    await set_mode(hass, opt_entry, "off")
    assert simulator.value("remote_ems_enable") == 0
    assert [w["origin"] for w in writes] == ["optimiser"]
    assert state(hass, "sensor", "optimiser_decision") == "idle"
    assert state(hass, "sensor", "optimiser_reason") == "optimiser is off"
    assert optimiser.plan is None
    writes.clear()
    unspace(opt_entry)
    await optimiser.async_run()
    await settle(hass)
    assert writes == []


async def test_mode_is_stored(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """The chosen mode survives a reload."""
    await start(hass, opt_entry)
    await set_mode(hass, opt_entry, "off")
    assert await hass.config_entries.async_reload(opt_entry.entry_id)
    await settle(hass)
    assert opt_entry.runtime_data.optimiser is not None
    assert opt_entry.runtime_data.optimiser.mode == "off"
    assert state(hass, "select", "optimiser_mode") == "off"
