"""The Simulator: register image + physics + Modbus TCP server + a clock that drives them."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from types import TracebackType
from typing import Final, Self

from custom_components.sigenstor.sigen.codec import Value

from .config import SimConfig
from .datastore import RegisterImage
from .faults import Faults, RequestRecord
from .plant import PlantState
from .server import ModbusTcpServer

_LOGGER = logging.getLogger(__name__)
TICK_S: Final = 0.1  # real seconds between automatic physics steps


class Simulator:
    """A SigenStor plant on Modbus TCP; see the package docstring and README for the API."""

    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.plant = PlantState(config)
        self.faults = Faults()
        self.requests: list[RequestRecord] = []
        self._image = RegisterImage(self.plant, config)
        self._server = ModbusTcpServer(
            self._image, self.faults, self.requests, config.host, config.port
        )
        self._clock: asyncio.Task[None] | None = None

    @property
    def host(self) -> str:
        """Address the server listens on."""
        return self.config.host

    @property
    def port(self) -> int:
        """Bound port (after start; the configured one before)."""
        return self._server.port

    @property
    def unit_ids(self) -> tuple[int, ...]:
        """Unit ids that answer: inverters 1..N and the plant (247)."""
        return self._image.unit_ids

    @property
    def connection_count(self) -> int:
        """Client connections currently open."""
        return self._server.connection_count

    async def start(self) -> None:
        """Bind the server and, when speed > 0, start the clock."""
        await self._server.start()
        if self.config.speed > 0:
            self._clock = asyncio.create_task(self._run_clock(), name="sigenstor-sim-clock")
        _LOGGER.debug("simulator listening on %s:%d", self.host, self.port)

    async def stop(self) -> None:
        """Stop the clock and the server; closes client connections."""
        if self._clock is not None:
            self._clock.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._clock
            self._clock = None
        await self._server.stop()

    async def __aenter__(self) -> Self:
        """Start on entering `async with`."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop on leaving `async with`."""
        await self.stop()

    async def _run_clock(self) -> None:
        """Advance physics by real elapsed time x speed."""
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            await asyncio.sleep(TICK_S)
            now = loop.time()
            self._server.apply_due()
            self.plant.step((now - last) * self.config.speed)
            last = now

    def step(self, seconds: float) -> None:
        """Advance simulated time by `seconds` at once (deterministic)."""
        self._server.apply_due()
        self.plant.step(seconds)

    def set_value(self, key: str, value: Value, unit_id: int | None = None) -> None:
        """Pin a read-only register's value, or configure a writable one as if written."""
        self._image.set_value(key, value, unit_id)

    def clear_value(self, key: str, unit_id: int | None = None) -> None:
        """Let a pinned register follow the physics again."""
        self._image.clear_value(key, unit_id)

    def clear_values(self) -> None:
        """Drop every pin."""
        self._image.clear_pins()

    def value(self, key: str, unit_id: int | None = None) -> Value:
        """What a read of register `key` returns now, decoded (unit defaults: 247 or 1)."""
        self._server.apply_due()
        return self._image.value(key, unit_id)
