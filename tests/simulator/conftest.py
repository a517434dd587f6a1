"""Fixtures for the simulator tests: a running simulator and a real pymodbus client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
import contextlib
from datetime import datetime, timedelta, timezone
import inspect
import struct
from typing import Any

from pymodbus.client import AsyncModbusTcpClient
import pytest

from simulator import SimConfig, Simulator

TZ = timezone(timedelta(hours=10))
NOON = datetime(2026, 1, 15, 12, 0, tzinfo=TZ)
NIGHT = datetime(2026, 1, 15, 2, 0, tzinfo=TZ)


def unit_kw(method: Callable[..., Any], unit: int) -> dict[str, Any]:
    """pymodbus 3.8 names the unit `slave`, newer releases `device_id`."""
    params = inspect.signature(method).parameters
    return {"device_id": unit} if "device_id" in params else {"slave": unit}


async def read(client: AsyncModbusTcpClient, address: int, count: int, unit: int = 247) -> Any:
    """Read input registers (0x04)."""
    method = client.read_input_registers
    return await method(address, count=count, **unit_kw(method, unit))


async def read_holding(
    client: AsyncModbusTcpClient, address: int, count: int, unit: int = 247
) -> Any:
    """Read holding registers (0x03)."""
    method = client.read_holding_registers
    return await method(address, count=count, **unit_kw(method, unit))


async def write(
    client: AsyncModbusTcpClient, address: int, values: list[int], unit: int = 247
) -> Any:
    """Write with 0x06 for one word, 0x10 otherwise."""
    if len(values) == 1:
        single = client.write_register
        return await single(address, values[0], **unit_kw(single, unit))
    multiple = client.write_registers
    return await multiple(address, values, **unit_kw(multiple, unit))


class RawClient:
    """A bare Modbus TCP socket for frames pymodbus will not build (and broadcast)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.tid = 0

    def send(self, unit: int, pdu: bytes) -> int:
        """Send one request; returns its transaction id."""
        self.tid += 1
        self.writer.write(struct.pack(">HHHB", self.tid, 0, len(pdu) + 1, unit) + pdu)
        return self.tid

    async def receive(self, wait_s: float = 1.0) -> tuple[int, int, bytes]:
        """(transaction id, unit, PDU) of the next response."""
        header = await asyncio.wait_for(self.reader.readexactly(7), wait_s)
        tid, _protocol, length, unit = struct.unpack(">HHHB", header)
        pdu = await asyncio.wait_for(self.reader.readexactly(length - 1), wait_s)
        return tid, unit, pdu

    async def request(self, unit: int, pdu: bytes) -> bytes:
        """Send and wait for the matching answer PDU."""
        tid = self.send(unit, pdu)
        got_tid, got_unit, answer = await self.receive()
        assert (got_tid, got_unit) == (tid, unit)
        return answer

    async def close(self) -> None:
        """Close the socket."""
        self.writer.close()
        with contextlib.suppress(ConnectionError):
            await self.writer.wait_closed()


def make_config(**overrides: Any) -> SimConfig:
    """Frozen-clock config at noon unless overridden."""
    values: dict[str, Any] = {"speed": 0.0, "start_time": NOON}
    values.update(overrides)
    return SimConfig(**values)


@pytest.fixture
async def sim(socket_enabled: None) -> AsyncIterator[Simulator]:
    """A running simulator with a frozen clock at noon."""
    async with Simulator(make_config()) as simulator:
        yield simulator


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[AsyncModbusTcpClient]:
    """A connected pymodbus client."""
    modbus = AsyncModbusTcpClient("127.0.0.1", port=sim.port, timeout=1, retries=0)
    assert await modbus.connect()
    yield modbus
    modbus.close()


@pytest.fixture
async def raw(sim: Simulator) -> AsyncIterator[RawClient]:
    """A raw socket connected to the simulator."""
    reader, writer = await asyncio.open_connection("127.0.0.1", sim.port)
    raw_client = RawClient(reader, writer)
    yield raw_client
    await raw_client.close()
