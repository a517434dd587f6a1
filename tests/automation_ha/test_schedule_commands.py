"""What each schedule action writes, and holding once its SoC is reached (owner's schedules)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from custom_components.sigenstor.automation.decision import Decision
from custom_components.sigenstor.automation.runtime import OptimiserRuntime
from custom_components.sigenstor.control import ems
from custom_components.sigenstor.sigen.registers import PLANT_UNIT_ID, Tier
from simulator import Simulator

from .helpers import controller, record_writes, set_mode, settle, start, unspace

pytestmark = pytest.mark.usefixtures("socket_enabled")

HOLD_MODES = (ems.MODE_STANDBY, ems.MODE_SELF_CONSUMPTION)  # per firmware; neither discharges


async def _with_schedule(
    entry: MockConfigEntry, optimiser: OptimiserRuntime, **fields: Any
) -> list[dict[str, Any]]:
    """Store a window around now through the real schedule manager, then apply one cycle."""
    manager = entry.runtime_data.schedules
    assert manager is not None
    now = dt_util.now()
    await manager.async_set(
        {
            "name": "Window",
            "start": f"{(now - timedelta(hours=1)):%H:%M}",
            "end": f"{(now + timedelta(hours=1)):%H:%M}",
            "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
            **fields,
        }
    )
    writes = record_writes(optimiser.hass)
    unspace(entry)
    await optimiser.async_apply()
    await settle(optimiser.hass)
    return writes


async def _soc(
    hass: HomeAssistant, entry: MockConfigEntry, simulator: Simulator, soc: float
) -> None:
    """The plant reports this SoC and the live tier has read it."""
    simulator.set_value("plant_ess_soc", soc)
    live = controller(entry).telemetry.coordinators[(PLANT_UNIT_ID, Tier.LIVE)]
    assert await live.async_poll()
    await settle(hass)
    assert controller(entry).snapshot().soc == pytest.approx(soc)


async def test_a_charge_window_charges_from_the_grid(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """Charge to 95 % at 2 kW: the plant charges grid-first, the cap ramped by the guard."""
    optimiser = await start(hass, opt_entry)
    await _soc(hass, opt_entry, simulator, 40.0)
    writes = await _with_schedule(
        opt_entry, optimiser, action="charge", power_kw=2.0, target_soc=95.0
    )
    assert [w["origin"] for w in writes] == ["schedule"]
    assert simulator.value("remote_ems_control_mode") == ems.MODE_CHARGE_GRID_FIRST
    assert 0 < float(simulator.value("ess_max_charge_limit")) <= 2.0  # type: ignore[arg-type]
    assert optimiser.outcome.driver == "schedule"
    assert optimiser.outcome.detail == "Window"


@pytest.mark.parametrize(
    ("fields", "soc"),
    [
        ({"action": "charge", "power_kw": 2.0, "target_soc": 60.0}, 70.0),  # target reached
        ({"action": "discharge", "power_kw": 2.0, "target_soc": 50.0}, 45.0),  # floor reached
        ({"action": "hold"}, 60.0),
    ],
)
async def test_a_window_whose_soc_is_reached_or_that_holds_keeps_the_battery_idle(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
    *,
    fields: dict[str, Any],
    soc: float,
) -> None:
    """Neither charging nor discharging: the plant is held (standby, or capped self-use)."""
    optimiser = await start(hass, opt_entry)
    await _soc(hass, opt_entry, simulator, soc)
    writes = await _with_schedule(opt_entry, optimiser, **fields)
    assert [w["origin"] for w in writes] == ["schedule"]
    assert simulator.value("remote_ems_enable") == 1
    assert simulator.value("remote_ems_control_mode") in HOLD_MODES
    assert simulator.value("ess_max_discharge_limit") == pytest.approx(0.0)


async def test_an_optimiser_charge_already_at_its_target_holds_instead(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """The held charge decision meets its SoC target before the next plan: hold, not charge."""
    optimiser = await start(hass, opt_entry)
    await set_mode(hass, opt_entry, "auto")
    intent = optimiser.intent
    assert intent.decision is Decision.CHARGE_GRID
    assert intent.soc_limit is not None
    await _soc(hass, opt_entry, simulator, intent.soc_limit)
    writes = record_writes(hass)
    unspace(opt_entry)
    await optimiser.async_apply()
    await settle(hass)
    assert optimiser.intent.decision is Decision.CHARGE_GRID  # the decision is unchanged
    assert [w["origin"] for w in writes] == ["optimiser"]
    assert simulator.value("remote_ems_control_mode") in HOLD_MODES
    assert simulator.value("ess_max_discharge_limit") == pytest.approx(0.0)
