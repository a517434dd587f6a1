"""Shared fixtures: a real simulator on 127.0.0.1 and a config entry pointing at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from unittest.mock import PropertyMock, patch

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from custom_components.sigenstor.const import (
    CONF_INVERTERS,
    CONF_MIN_REQUEST_INTERVAL,
    CONF_MODEL,
    CONF_SERIAL,
    DOMAIN,
)
from custom_components.sigenstor.sigen import client as client_module
from simulator import SimConfig, Simulator

SERIAL = "SIG1234567890"
MODEL = "SigenStor EC 10.0 TP"
# Tests shorten the vendor's one-second spacing so that a full poll takes milliseconds.
FAST_SPACING = 0.02


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Load custom_components/ in every test."""


@pytest.fixture(autouse=True)
def _quick_reconnects(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reconnect 0.2 s after a dead connection instead of 10 s: tests run in real time.

    The spacing itself is tested on the client (`tests/sigen/test_client.py`).
    """
    monkeypatch.setattr(client_module, "RECONNECT_SPACING_S", 0.2)


@pytest.fixture
async def simulator(socket_enabled: None) -> AsyncIterator[Simulator]:
    """A frozen-clock simulated plant with one inverter."""
    sim = Simulator(
        SimConfig(
            port=0,
            inverters=1,
            speed=0,
            seed=7,
            serial=SERIAL,
            model=MODEL,
            start_time=datetime(2026, 1, 15, 12, 0),
        )
    )
    await sim.start()
    yield sim
    await sim.stop()


@pytest.fixture
def mock_config_entry(simulator: Simulator) -> MockConfigEntry:
    """A config entry for the simulated plant."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=MODEL,
        unique_id=SERIAL,
        data={
            "host": simulator.host,
            "port": simulator.port,
            CONF_INVERTERS: "1",
            CONF_SERIAL: SERIAL,
            CONF_MODEL: MODEL,
        },
        options={CONF_MIN_REQUEST_INTERVAL: FAST_SPACING},
    )


@pytest.fixture
def entity_registry_enabled_by_default() -> Iterator[None]:
    """Create every entity enabled, including those disabled by default."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Store snapshots in Home Assistant's format under tests/**/snapshots/."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)
