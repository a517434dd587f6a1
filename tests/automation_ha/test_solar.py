"""The plan uses the Open-Meteo PV forecast (faked at the HTTP layer)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.sources.const import CONF_PV_ARRAYS
from custom_components.sigenstor.sources.open_meteo import OPEN_METEO_BASE_URL
from simulator import Simulator

from .helpers import start

pytestmark = pytest.mark.usefixtures("socket_enabled")

ARRAY = {"name": "North roof", "kwp": 6.6, "tilt": 20, "azimuth": 0, "efficiency": 0.93}


def _irradiance(now: datetime, gti: float) -> dict[str, Any]:
    """Hourly plane-of-array irradiance, flat at `gti`, from an hour ago for 60 hours."""
    first = now.replace(minute=0, second=0, microsecond=0)
    stamps = [int((first + timedelta(hours=h)).timestamp()) for h in range(61)]
    return {
        "hourly": {
            "time": stamps,
            "global_tilted_irradiance": [gti] * len(stamps),
            "temperature_2m": [25.0] * len(stamps),
        }
    }


async def test_plan_steps_carry_the_pv_forecast(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """Steps show the forecast PV power; the dry run carries it too."""
    prices.get(f"{OPEN_METEO_BASE_URL}/forecast", json=_irradiance(datetime.now(UTC), 800.0))
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=opt_entry.title,
        unique_id=opt_entry.unique_id,
        data=dict(opt_entry.data),
        options={**opt_entry.options, CONF_PV_ARRAYS: [ARRAY]},
    )
    optimiser = await start(hass, entry)
    solar = entry.runtime_data.sources.solar
    assert solar is not None
    assert solar.data is not None
    plan = optimiser.plan_response()
    steps = plan["steps"]
    assert steps
    expected_kw = solar.data.forecast.power_at(datetime.now(UTC) + timedelta(hours=3)) / 1000
    assert expected_kw > 2.0
    later = [s for s in steps if datetime.fromisoformat(s["start"]) > datetime.now(UTC)][30]
    assert later["pv_kw"] == pytest.approx(expected_kw, rel=0.02)
    assert all(s["pv_kw"] >= 0 for s in steps)
