"""The live plan keeps the plant's grid caps, the peak-shaving cap and the backup reserve."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
import numpy as np
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.sigen import PLANT_UNIT_ID, Tier
from simulator import Simulator

from .helpers import settle, start

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def _plan(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN, "get_plan", {"config_entry_id": entry.entry_id}, blocking=True, return_response=True
    )
    assert isinstance(response, dict)
    return response


async def test_plan_keeps_the_plant_caps_and_the_reserve(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """40040 = 2.5 kW, 40038 = 0.5 kW, 40046 = 40 %: cheap hours import at most 2.5 kW."""
    simulator.set_value("grid_import_limit", 2.5)
    simulator.set_value("grid_export_limit", 0.5)
    simulator.set_value("ess_backup_soc", 40.0)
    optimiser = await start(hass, opt_entry)
    assert optimiser.status == "planned", optimiser.status
    plan = await _plan(hass, opt_entry)
    limits = plan["limits"]
    assert limits["import_cap_kw"] == pytest.approx(2.5)
    assert limits["export_cap_kw"] == pytest.approx(0.5)
    assert optimiser.inputs is not None
    soc_now = optimiser.inputs.soc_now * 100
    assert limits["reserve_soc"] == pytest.approx(max(5.0, min(40.0, soc_now)), abs=0.1)
    steps = plan["steps"]
    grid = np.array([s["grid_kw"] for s in steps])
    need = np.array([s["load_kw"] - s["pv_kw"] for s in steps])
    assert np.all(grid <= np.maximum(2.5, need) + 1e-3)
    assert grid.min() >= -0.5 - 1e-3
    assert min(s["soc"] for s in steps) >= limits["reserve_soc"] - 0.1
    # The cheap first hours still charge from the grid, up to the cap.
    assert grid[:24].max() == pytest.approx(2.5, abs=0.05)
    assert max(s["power_kw"] for s in steps[:12]) > 0.5, (soc_now, steps[:3], limits)


async def test_peak_shaving_cap_from_the_options(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """An owner's 1 kW cap all day, with a $2/kW demand charge: the evening peak is shaved."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=opt_entry.title,
        unique_id=opt_entry.unique_id,
        data=dict(opt_entry.data),
        options={**opt_entry.options, "peak_shaving_kw": 1.0, "demand_rate": 2.0},
    )
    simulator.set_value("plant_ess_soc", 90.0)
    optimiser = await start(hass, entry)
    assert optimiser.status == "planned", optimiser.status
    plan = await _plan(hass, entry)
    limits = plan["limits"]
    assert limits["peak_cap_kw"] == pytest.approx(1.0)
    assert limits["demand_rate"] == pytest.approx(2.0)
    assert limits["window_steps"] == len(plan["steps"])
    grid = np.array([s["grid_kw"] for s in plan["steps"]])
    need = np.array([s["load_kw"] - s["pv_kw"] for s in plan["steps"]])
    assert not limits["notes"], limits  # held over the whole horizon
    assert need.max() > 1.2  # the default evening load would import more
    assert grid.max() <= 1.0 + 1e-3
    assert limits["planned_peak_kw"] == pytest.approx(grid.max(), abs=1e-3)


async def test_a_limit_changed_in_the_app_re_plans_at_the_next_slow_poll(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """A 2 kW import limit and a 50 % reserve set in the app: the next plan keeps both."""
    optimiser = await start(hass, opt_entry)
    assert optimiser.inputs is not None
    assert optimiser.inputs.limits is not None
    assert optimiser.inputs.limits.import_cap_kw is None
    before = optimiser.generated_at
    simulator.set_value("grid_import_limit", 2.0)
    simulator.set_value("ess_backup_soc", 50.0)
    slow = opt_entry.runtime_data.plant.coordinators[(PLANT_UNIT_ID, Tier.SLOW)]
    await slow.async_refresh()
    await settle(hass)
    assert optimiser.generated_at != before
    limits = optimiser.inputs.limits
    assert limits is not None
    assert limits.import_cap_kw == pytest.approx(2.0)
    soc_now = optimiser.inputs.soc_now * 100
    assert limits.reserve_soc == pytest.approx(max(5.0, min(50.0, soc_now)), abs=0.1)
    assert optimiser.plan is not None
    assert all(s.soc_end * 100 >= limits.reserve_soc - 0.1 for s in optimiser.plan.steps)
