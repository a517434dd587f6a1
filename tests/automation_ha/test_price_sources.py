"""The optimiser plans with a time-of-use rate plan or a price entity, no Amber needed."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.control.controller import CONF_READBACK_DELAY
from custom_components.sigenstor.sources.const import (
    CONF_PRICE_ENTITIES,
    CONF_PRICE_SOURCE,
    CONF_TOU_PLAN,
)
from custom_components.sigenstor.sources.price_source import EntityPriceCoordinator
from simulator import Simulator

from .conftest import READBACK_S
from .helpers import settle, start

pytestmark = pytest.mark.usefixtures("socket_enabled")

ALL_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ENTITY = "sensor.nordpool_kwh_fi_eur_3_10_024"


def price(hour: int, now: datetime) -> float:
    """This hour and the next two are cheap and rising (2, 3, 4c: sooner is cheaper), then 60c."""
    ahead = (hour - now.hour) % 24
    return 0.02 + 0.01 * ahead if ahead < 3 else 0.60


def entry_with(base: MockConfigEntry, **options: Any) -> MockConfigEntry:
    """The simulator's entry without Amber, with these options."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=base.title,
        unique_id=base.unique_id,
        data=dict(base.data),
        options={**base.options, CONF_READBACK_DELAY: READBACK_S, **options},
    )


async def _plan(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN,
        "run_optimiser",
        {"config_entry_id": entry.entry_id},
        blocking=True,
        return_response=True,
    )
    assert isinstance(response, dict)
    return response


async def test_rate_plan_drives_the_plan(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A rate plan cheap now and dear later: the optimiser charges from the grid and says why."""
    now = dt_util.now()
    periods = [
        {
            "days": ALL_DAYS,
            "start": f"{h:02d}:00",
            "end": f"{(h + 1) % 24:02d}:00",
            "buy": round(price(h, now) * 100, 2),
            "sell": 5.0,
        }
        for h in range(24)
    ]
    plan = {"seasons": [{"name": "All year", "start": "01-01", "end": "12-31", "periods": periods}]}
    entry = entry_with(mock_config_entry, **{CONF_PRICE_SOURCE: "tou", CONF_TOU_PLAN: plan})
    optimiser = await start(hass, entry)
    assert optimiser.inputs is not None
    # The plan is priced for days ahead: nothing is estimated by repeating yesterday.
    assert optimiser.inputs.estimated_steps == 0
    result = await _plan(hass, entry)
    assert result["decision"] == "charge_grid"
    assert str(result["reason"]).startswith("charge: price 2c now ")
    steps = result["steps"]
    assert steps[0]["buy_price"] == pytest.approx(0.02)
    assert max(step["buy_price"] for step in steps) == pytest.approx(0.60)
    assert all(step["feed_in_price"] == pytest.approx(0.05) for step in steps)


def _nordpool_attributes(now: datetime, dear_now: bool = False) -> dict[str, Any]:
    """HACS nordpool's attributes for today and tomorrow, hourly, EUR/kWh."""
    midnight = datetime.combine(now.date(), time(), now.tzinfo)
    rows = []
    for hour in range(48):
        start = midnight + timedelta(hours=hour)
        value = price(start.hour, now) if hour < 24 + now.hour else 0.60
        if dear_now and start <= now < start + timedelta(hours=1):
            value = 0.90
        rows.append(
            {
                "start": start.isoformat(),
                "end": (start + timedelta(hours=1)).isoformat(),
                "value": value,
            }
        )
    return {
        "raw_today": rows[:24],
        "raw_tomorrow": rows[24:],
        "tomorrow_valid": True,
        "unit_of_measurement": "EUR/kWh",
        "currency": "EUR",
    }


async def test_price_entity_drives_the_plan_and_is_followed(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A Nord Pool sensor's forecast is planned with; a change of its state is picked up."""
    hass.config.currency = "EUR"
    now = dt_util.now()
    hass.states.async_set(ENTITY, "0.02", _nordpool_attributes(now))
    entry = entry_with(
        mock_config_entry, **{CONF_PRICE_SOURCE: "entity", CONF_PRICE_ENTITIES: [ENTITY]}
    )
    await start(hass, entry)
    result = await _plan(hass, entry)
    assert result["decision"] == "charge_grid"
    assert str(result["reason"]).startswith("charge: price 2c now ")
    # No sell entity: exporting earns nothing.
    assert {step["feed_in_price"] for step in result["steps"]} == {0.0}
    prices = entry.runtime_data.sources.prices
    assert isinstance(prices, EntityPriceCoordinator)
    hass.states.async_set(ENTITY, "0.90", _nordpool_attributes(now, dear_now=True))
    await settle(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert prices.data.general_price == pytest.approx(0.90)
    result = await _plan(hass, entry)
    assert result["decision"] != "charge_grid"
