"""Fixtures: the replay server (synthetic Amber, Open-Meteo) on 127.0.0.1, an entry using it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from aiohttp.test_utils import TestServer
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.sources.const import (
    CONF_AMBER_BASE_URL,
    CONF_AMBER_SITE_ID,
    CONF_AMBER_TOKEN,
    CONF_OPEN_METEO_BASE_URL,
    CONF_PV_ARRAYS,
)
from replay import DEMO_TOKEN, SITE_ID, ReplayConfig, create_app
from replay.server import STATE_KEY

ARRAY = {"name": "North roof", "kwp": 6.6, "tilt": 20, "azimuth": 0, "efficiency": 0.93}


@dataclass
class Replay:
    """A running replay server."""

    server: TestServer

    @property
    def base_url(self) -> str:
        """Base URL for both clients."""
        return str(self.server.make_url("/v1"))

    def fail(self, service: str, status: int | str, count: int = 1) -> None:
        """Queue failures for the next requests to a service."""
        state = self.server.app[STATE_KEY]
        state.faults.setdefault(service, []).extend([status] * count)

    def clear(self) -> None:
        """Drop queued failures."""
        self.server.app[STATE_KEY].faults.clear()


def replay_config(**kwargs: Any) -> ReplayConfig:
    """Replay settings (real clock unless given)."""
    return ReplayConfig(**kwargs)


@pytest.fixture
def replay_settings() -> ReplayConfig:
    """Override to change the replay server's settings."""
    return replay_config()


@pytest.fixture
async def replay(socket_enabled: None, replay_settings: ReplayConfig) -> AsyncIterator[Replay]:
    """The replay server on 127.0.0.1."""
    server = TestServer(create_app(replay_settings), host="127.0.0.1")
    await server.start_server()
    yield Replay(server)
    await server.close()


def with_options(entry: MockConfigEntry, **options: object) -> MockConfigEntry:
    """A copy of the plant entry with extra options."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=entry.title,
        unique_id=entry.unique_id,
        data=dict(entry.data),
        options={**entry.options, **options},
    )


@pytest.fixture
def sources_entry(mock_config_entry: MockConfigEntry, replay: Replay) -> MockConfigEntry:
    """The plant entry with Amber and one PV array pointed at the replay server."""
    return with_options(
        mock_config_entry,
        **{
            CONF_AMBER_TOKEN: DEMO_TOKEN,
            CONF_AMBER_SITE_ID: SITE_ID,
            CONF_AMBER_BASE_URL: replay.base_url,
            CONF_OPEN_METEO_BASE_URL: replay.base_url,
            CONF_PV_ARRAYS: [ARRAY],
        },
    )
