"""Money sensors carry statistics: monetary, TOTAL, reset at local midnight or the month's start."""

from __future__ import annotations

from homeassistant.components.sensor import ATTR_LAST_RESET, ATTR_STATE_CLASS, SensorStateClass
from homeassistant.const import ATTR_DEVICE_CLASS
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from simulator import Simulator

from .helpers import start

pytestmark = pytest.mark.usefixtures("socket_enabled")


def _money_state(hass: HomeAssistant, key: str) -> dict[str, object]:
    """Attributes of our sensor with this translation key."""
    registry = er.async_get(hass)
    entity_id = next(
        e.entity_id
        for e in registry.entities.values()
        if e.platform == "sigenstor" and e.domain == "sensor" and e.translation_key == key
    )
    found = hass.states.get(entity_id)
    assert found is not None
    return dict(found.attributes)


async def test_money_totals_have_statistics_that_survive_the_daily_reset(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """savings_today and expected_cost_today reset at local midnight; savings_month on the 1st."""
    await start(hass, opt_entry)
    midnight = dt_util.start_of_local_day()
    for key in ("savings_today", "expected_cost_today", "savings_month"):
        attrs = _money_state(hass, key)
        assert attrs[ATTR_DEVICE_CLASS] == "monetary", key
        assert attrs[ATTR_STATE_CLASS] == SensorStateClass.TOTAL, key
        reset = dt_util.parse_datetime(str(attrs[ATTR_LAST_RESET]))
        assert reset is not None, key
        expected = midnight.replace(day=1) if key == "savings_month" else midnight
        assert reset == expected, key
        assert dt_util.as_local(reset).hour == 0, key
    # The other optimiser sensors are not totals.
    assert ATTR_LAST_RESET not in _money_state(hass, "planned_soc")
