"""Config flow: user step, errors and recovery, duplicates, reconfigure, DHCP, options."""

from __future__ import annotations

from collections.abc import Iterator
import socket
from unittest.mock import patch

from homeassistant import config_entries
from homeassistant.config_entries import ConfigFlowResult
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.const import (
    CONF_INVERTERS,
    CONF_LIVE_INTERVAL,
    CONF_MODEL,
    CONF_SERIAL,
    CONF_SLOW_INTERVAL,
    DOMAIN,
)
from simulator import Simulator

from ..conftest import MODEL, SERIAL

FLOW = "custom_components.sigenstor.config_flow"


@pytest.fixture(autouse=True)
def fast_probe() -> Iterator[None]:
    """Shorten the probe's spacing and timeout; the flow logic is unchanged."""
    with (
        patch(f"{FLOW}.PROBE_MIN_INTERVAL", 0.01),
        patch(f"{FLOW}.PROBE_TIMEOUT", 0.5),
        patch("custom_components.sigenstor.async_setup_entry", return_value=True),
        # Newer test harnesses unload every loaded entry at teardown: nothing was set up.
        patch("custom_components.sigenstor.async_unload_entry", return_value=True),
    ):
        yield


async def _skip_amber(hass: HomeAssistant, result: ConfigFlowResult) -> ConfigFlowResult:
    """The plant was accepted: leave the optional Amber token empty."""
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "amber"
    return await hass.config_entries.flow.async_configure(result["flow_id"], {})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_user_flow_creates_entry(hass: HomeAssistant, simulator: Simulator) -> None:
    """Host, port and unit ids are tested, then saved with the plant's serial."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_HOST: simulator.host, CONF_PORT: simulator.port, CONF_INVERTERS: "1"},
    )
    result = await _skip_amber(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == MODEL
    assert result["data"] == {
        CONF_HOST: simulator.host,
        CONF_PORT: simulator.port,
        CONF_INVERTERS: "1",
        CONF_SERIAL: SERIAL,
        CONF_MODEL: MODEL,
    }
    assert result["result"].unique_id == SERIAL


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("refused", "cannot_connect"),
        ("silent", "timeout"),
        ("wrong_unit", "invalid_unit_id"),
    ],
)
async def test_user_flow_errors_then_recovery(
    hass: HomeAssistant, simulator: Simulator, fault: str, error: str
) -> None:
    """Each failure shows its translated error; fixing the input then succeeds."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    bad = {CONF_HOST: simulator.host, CONF_PORT: simulator.port, CONF_INVERTERS: "1"}
    if fault == "refused":
        bad[CONF_PORT] = _free_port()
    elif fault == "silent":
        simulator.faults.offline_units.add(247)
    else:
        bad[CONF_INVERTERS] = "1, 9"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], bad)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}
    simulator.faults.clear()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_HOST: simulator.host, CONF_PORT: simulator.port, CONF_INVERTERS: "1"},
    )
    result = await _skip_amber(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize("text", ["abc", "0", "1, 1", "247", ""])
async def test_unit_id_text_is_validated(
    hass: HomeAssistant, simulator: Simulator, text: str
) -> None:
    """Unit ids that cannot be inverters are refused before any request."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    before = len(simulator.requests)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_HOST: simulator.host, CONF_PORT: simulator.port, CONF_INVERTERS: text},
    )
    assert result["errors"] == {CONF_INVERTERS: "invalid_unit_id"}
    assert len(simulator.requests) == before


async def test_already_configured(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """The same plant cannot be added twice."""
    mock_config_entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_HOST: simulator.host, CONF_PORT: simulator.port, CONF_INVERTERS: "1"},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reconfigure_changes_host(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """Reconfigure tests the new address and keeps the rest."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, data={**mock_config_entry.data, CONF_HOST: "127.0.0.2"}
    )
    result = await mock_config_entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: simulator.host, CONF_PORT: _free_port()}
    )
    assert result["errors"] == {"base": "cannot_connect"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: simulator.host, CONF_PORT: simulator.port}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert mock_config_entry.data[CONF_HOST] == simulator.host
    assert mock_config_entry.data[CONF_SERIAL] == SERIAL


async def test_reconfigure_refuses_another_plant(hass: HomeAssistant, simulator: Simulator) -> None:
    """Pointing an entry at a different plant aborts and changes nothing."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id="OTHER-SERIAL",
        data={
            CONF_HOST: "10.1.2.3",
            CONF_PORT: 502,
            CONF_INVERTERS: "1",
            CONF_SERIAL: "OTHER-SERIAL",
            CONF_MODEL: MODEL,
        },
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: simulator.host, CONF_PORT: simulator.port}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_plant"
    assert entry.data[CONF_HOST] == "10.1.2.3"


def _dhcp(ip: str) -> DhcpServiceInfo:
    return DhcpServiceInfo(ip=ip, hostname="sigen-plant", macaddress="0c47a9912345")


async def test_dhcp_discovers_new_plant(hass: HomeAssistant, simulator: Simulator) -> None:
    """A discovered plant is confirmed with its unit ids and added."""
    with patch(f"{FLOW}.DEFAULT_PORT", simulator.port):
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": config_entries.SOURCE_DHCP}, data=_dhcp(simulator.host)
        )
        assert result["type"] is FlowResultType.FORM
        assert result["step_id"] == "discovery_confirm"
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_INVERTERS: "1, 4"}
        )
        assert result["errors"] == {"base": "invalid_unit_id"}
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_INVERTERS: "1"}
        )
        result = await _skip_amber(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_HOST] == simulator.host
    assert result["data"][CONF_PORT] == simulator.port
    assert result["result"].unique_id == SERIAL


async def test_dhcp_updates_known_plant_host(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A known plant seen at a new address gets its host updated."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, data={**mock_config_entry.data, CONF_HOST: "10.9.9.9"}
    )
    with patch(f"{FLOW}.DEFAULT_PORT", simulator.port):
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": config_entries.SOURCE_DHCP}, data=_dhcp(simulator.host)
        )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert mock_config_entry.data[CONF_HOST] == simulator.host


async def test_dhcp_known_host_aborts_without_probing(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """A plant already configured at the discovered address is not sent a single request."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, data={**mock_config_entry.data, CONF_HOST: simulator.host}
    )
    with patch(f"{FLOW}.DEFAULT_PORT", simulator.port):
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": config_entries.SOURCE_DHCP}, data=_dhcp(simulator.host)
        )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert simulator.requests == []


async def test_dhcp_unreachable_aborts(hass: HomeAssistant, socket_enabled: None) -> None:
    """A discovered device that does not speak Modbus is ignored."""
    with patch(f"{FLOW}.DEFAULT_PORT", _free_port()):
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": config_entries.SOURCE_DHCP}, data=_dhcp("127.0.0.1")
        )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "cannot_connect"


async def test_options_flow(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """Poll intervals are stored in options."""
    mock_config_entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(mock_config_entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "polling"}
    )
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_LIVE_INTERVAL: 10, CONF_SLOW_INTERVAL: 120}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert mock_config_entry.options[CONF_LIVE_INTERVAL] == 10
    assert mock_config_entry.options[CONF_SLOW_INTERVAL] == 120


async def test_unit_without_serial_is_not_an_inverter(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """A unit that answers but has no serial (not an inverter) is refused."""
    simulator.set_value("inv_serial", "", unit_id=1)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_HOST: simulator.host, CONF_PORT: simulator.port, CONF_INVERTERS: "1"},
    )
    assert result["errors"] == {"base": "invalid_unit_id"}
