"""The optional Amber step of the config flow, against the replay server."""

from __future__ import annotations

from collections.abc import Iterator
from unittest.mock import patch

from homeassistant import config_entries
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest

from custom_components.sigenstor.const import CONF_INVERTERS, DOMAIN
from custom_components.sigenstor.sources.const import (
    CONF_AMBER_BASE_URL,
    CONF_AMBER_SITE_ID,
    CONF_AMBER_TOKEN,
)
from replay import DEMO_TOKEN
from simulator import Simulator

from .conftest import Replay

FLOW = "custom_components.sigenstor.config_flow"


@pytest.fixture(autouse=True)
def fast_probe() -> Iterator[None]:
    """Shorten the probe's spacing; don't set the entry up (only the flow is under test)."""
    with (
        patch(f"{FLOW}.PROBE_MIN_INTERVAL", 0.01),
        patch("custom_components.sigenstor.async_setup_entry", return_value=True),
    ):
        yield


async def test_amber_added_during_setup(
    hass: HomeAssistant, simulator: Simulator, replay: Replay
) -> None:
    """A bad token is refused with a translated error and nothing saved; a good one picks a site."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_HOST: simulator.host, CONF_PORT: simulator.port, CONF_INVERTERS: "1"},
    )
    assert result["step_id"] == "amber"
    hidden = {CONF_AMBER_BASE_URL: replay.base_url}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_AMBER_TOKEN: "wrong-token", **hidden}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}
    assert hass.config_entries.async_entries(DOMAIN) == []
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_AMBER_TOKEN: DEMO_TOKEN, **hidden}
    )
    assert result["step_id"] == "amber_site"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_AMBER_SITE_ID: "01REPLAYSITE0000000000000A"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["options"] == {
        CONF_AMBER_TOKEN: DEMO_TOKEN,
        CONF_AMBER_SITE_ID: "01REPLAYSITE0000000000000A",
        CONF_AMBER_BASE_URL: replay.base_url,
    }


async def test_amber_unreachable_says_amber(
    hass: HomeAssistant, simulator: Simulator, replay: Replay
) -> None:
    """Amber down during setup names Amber, not the plant."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_HOST: simulator.host, CONF_PORT: simulator.port, CONF_INVERTERS: "1"},
    )
    replay.fail("amber", 503, count=10)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_AMBER_TOKEN: DEMO_TOKEN, CONF_AMBER_BASE_URL: replay.base_url}
    )
    assert result["errors"] == {"base": "amber_cannot_connect"}
