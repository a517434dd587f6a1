"""Fixtures: a scripted HTTP server and a client session (sockets on 127.0.0.1 only)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from .fake_http import FakeApi


@pytest.fixture
async def fake_api(socket_enabled: None) -> AsyncIterator[FakeApi]:
    api = FakeApi()
    await api.server.start_server()
    yield api
    await api.server.close()


@pytest.fixture
async def session(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session
