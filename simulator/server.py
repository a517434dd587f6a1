"""Modbus TCP server on asyncio streams: MBAP framing, function codes, faults, request log."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
import logging
import struct
import time
from typing import Final, Protocol

from .faults import (
    BROADCAST,
    DELAYED,
    DROPPED,
    EXCEPTION,
    IGNORED,
    LOST,
    OFFLINE,
    OK,
    Faults,
    RequestRecord,
)

_LOGGER = logging.getLogger(__name__)

READ_HOLDING: Final = 0x03
READ_INPUT: Final = 0x04
WRITE_SINGLE: Final = 0x06
WRITE_MULTIPLE: Final = 0x10
ILLEGAL_FUNCTION: Final = 0x01
ILLEGAL_ADDRESS: Final = 0x02
ILLEGAL_VALUE: Final = 0x03
DEVICE_FAILURE: Final = 0x04
BROADCAST_UNIT: Final = 0
# sigen_modbus.md §2.3: reads carry 1-124 registers, write-multiple 1-123.
MAX_READ: Final = 124
MAX_WRITE: Final = 123
_MBAP: Final = struct.Struct(">HHHB")  # transaction id, protocol id, length, unit id
# A valid PDU has at most 253 bytes (MBAP length 254). Slightly longer frames are still read so an
# oversized write-multiple (124 registers) gets its 0x03 answer instead of a dropped link.
_MAX_LENGTH: Final = 260


class ModbusError(Exception):
    """A request the device answers with a Modbus exception code."""

    def __init__(self, code: int) -> None:
        """Store the exception code."""
        super().__init__(f"Modbus exception 0x{code:02X}")
        self.code = code


class Backend(Protocol):
    """What the server needs from the register image."""

    def has_unit(self, unit_id: int) -> bool:
        """Whether a unit id answers at all."""

    def read(self, unit_id: int, address: int, count: int) -> list[int]:
        """Words at [address, address+count); raises ModbusError."""

    def write(self, unit_id: int, address: int, words: list[int], *, apply: bool) -> None:
        """Validate a write and apply it when `apply`; raises ModbusError."""


@dataclass(frozen=True, slots=True)
class _Request:
    """A parsed request PDU."""

    function_code: int
    address: int
    count: int
    values: tuple[int, ...] | None


class ModbusTcpServer:
    """Serves one backend on host:port; one task per connection, requests answered in order."""

    def __init__(
        self, backend: Backend, faults: Faults, log: list[RequestRecord], host: str, port: int
    ) -> None:
        self._backend = backend
        self._faults = faults
        self._log = log
        self._host = host
        self._port = port
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._connections = 0
        # Slowly applied writes: (due monotonic time, unit, address, words), in arrival order.
        self._delayed: list[tuple[float, int, int, list[int]]] = []
        faults.attach(self.drop_connections)

    @property
    def port(self) -> int:
        """Bound port (the requested one until started)."""
        return self._port

    @property
    def connection_count(self) -> int:
        """Connections currently open."""
        return len(self._writers)

    async def start(self) -> None:
        """Bind and start accepting connections."""
        self._server = await asyncio.start_server(self._serve, self._host, self._port)
        self._port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop accepting, close every connection and wait for the handlers to finish."""
        if self._server is None:
            return
        self._server.close()
        self.drop_connections()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()
        self._server = None

    def apply_due(self) -> None:
        """Apply slowly applied writes whose time has come (in the order they arrived)."""
        now = monotonic()
        while self._delayed and self._delayed[0][0] <= now:
            _, unit, address, words = self._delayed.pop(0)
            with contextlib.suppress(ModbusError):
                self._backend.write(unit, address, words, apply=True)

    def drop_connections(self) -> int:
        """Close all open connections (the fault a flaky Wi-Fi link produces)."""
        writers = list(self._writers)
        for writer in writers:
            writer.close()
        self._writers.clear()
        return len(writers)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Read frames from one connection until it closes."""
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        self._connections += 1
        connection = self._connections
        self._writers.add(writer)
        try:
            while not writer.is_closing():
                header = await reader.readexactly(_MBAP.size)
                tid, protocol, length, unit = _MBAP.unpack(header)
                if protocol != 0 or not 2 <= length <= _MAX_LENGTH:
                    _LOGGER.debug("closing connection %d: bad MBAP header", connection)
                    break
                pdu = await reader.readexactly(length - 1)
                if not await self._answer(writer, connection, tid, unit, pdu):
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()
            if task is not None:
                self._tasks.discard(task)

    async def _answer(
        self, writer: asyncio.StreamWriter, connection: int, tid: int, unit: int, pdu: bytes
    ) -> bool:
        """Handle one request; False when the connection must be closed."""
        arrived, wall = monotonic(), time.time()
        self.apply_due()
        request, parse_error = _parse(pdu)
        response, code, reply = self._execute(unit, request, parse_error)
        record = RequestRecord(
            monotonic=arrived,
            wall=wall,
            connection=connection,
            transaction_id=tid,
            unit_id=unit,
            function_code=request.function_code,
            address=request.address,
            count=request.count,
            values=request.values,
            response=response,
            exception_code=code,
        )
        self._log.append(record)
        _LOGGER.debug(
            "conn %d tid %d unit %d fc 0x%02X addr %d count %d values %s -> %s%s",
            connection,
            tid,
            unit,
            request.function_code,
            request.address,
            request.count,
            request.values,
            response,
            f" 0x{code:02X}" if code is not None else "",
        )
        if response in (DROPPED, LOST):
            return False
        if reply is None:
            return True
        if self._faults.delay_s > 0:
            await asyncio.sleep(self._faults.delay_s)
        if writer.is_closing():
            return False
        writer.write(_MBAP.pack(tid, 0, len(reply) + 1, unit) + reply)
        await writer.drain()
        return True

    def _execute(
        self, unit: int, request: _Request, parse_error: int | None
    ) -> tuple[str, int | None, bytes | None]:
        """Decide the response kind, exception code and reply PDU (None = no reply)."""
        fc = request.function_code
        if unit == BROADCAST_UNIT:
            # V2.9 §2.2: the plant executes broadcast writes and never replies.
            values = request.values
            if parse_error is None and values is not None and not self._faults.ignore_writes:
                with contextlib.suppress(ModbusError):
                    self._backend.write(unit, request.address, list(values), apply=True)
            return BROADCAST, None, None
        if unit in self._faults.offline_units or not self._backend.has_unit(unit):
            return OFFLINE, None, None
        if self._faults.drop_next_requests > 0:
            self._faults.drop_next_requests -= 1
            return DROPPED, None, None
        if parse_error is not None:
            return EXCEPTION, parse_error, _exception(fc, parse_error)
        injected = self._faults.exception_code(unit, fc, request.address, request.count)
        if injected is not None:
            return EXCEPTION, injected, _exception(fc, injected)
        response, code, reply = self._carry_out(unit, request)
        if code is None and self._faults.lose_next_answers > 0:
            # Done on the device, but the answer never reaches the client.
            self._faults.lose_next_answers -= 1
            return LOST, None, None
        return response, code, reply

    def _carry_out(self, unit: int, request: _Request) -> tuple[str, int | None, bytes | None]:
        """Read or write the register image (writes may be ignored or delayed by faults)."""
        fc = request.function_code
        try:
            if request.values is None:
                words = self._backend.read(unit, request.address, request.count)
                payload = b"".join(w.to_bytes(2, "big") for w in words)
                return OK, None, bytes([fc, len(payload)]) + payload
            words = list(request.values)
            # A plant applies writes in the order they came: behind slow ones, a write waits.
            delay = self._faults.apply_delay_s
            queued = delay > 0 or bool(self._delayed)
            apply = not self._faults.ignore_writes and not queued
            self._backend.write(unit, request.address, words, apply=apply)
        except ModbusError as err:
            return EXCEPTION, err.code, _exception(fc, err.code)
        response = OK if apply else IGNORED
        if not self._faults.ignore_writes and queued:
            due = monotonic() + delay
            if self._delayed:
                due = max(due, self._delayed[-1][0])
            self._delayed.append((due, unit, request.address, words))
            response = DELAYED
        if fc == WRITE_SINGLE:
            reply = struct.pack(">BHH", fc, request.address, words[0])
        else:
            reply = struct.pack(">BHH", fc, request.address, request.count)
        return response, None, reply


def monotonic() -> float:
    """time.monotonic() read straight from the OS clock, so freezegun in HA tests cannot stop it."""
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def _exception(function_code: int, code: int) -> bytes:
    """Exception response PDU."""
    return bytes([(function_code | 0x80) & 0xFF, code])


def _parse(pdu: bytes) -> tuple[_Request, int | None]:
    """Parse a request PDU; the second item is an exception code when it is not acceptable."""
    fc = pdu[0] if pdu else 0
    body = pdu[1:]
    if fc in (READ_HOLDING, READ_INPUT):
        if len(body) != 4:
            return _Request(fc, 0, 0, None), ILLEGAL_VALUE
        address, count = struct.unpack(">HH", body)
        request = _Request(fc, address, count, None)
        if not 1 <= count <= MAX_READ:
            return request, ILLEGAL_VALUE
        return request, None
    if fc == WRITE_SINGLE:
        if len(body) != 4:
            return _Request(fc, 0, 0, ()), ILLEGAL_VALUE
        address, value = struct.unpack(">HH", body)
        return _Request(fc, address, 1, (value,)), None
    if fc == WRITE_MULTIPLE:
        if len(body) < 5:
            return _Request(fc, 0, 0, ()), ILLEGAL_VALUE
        address, count, byte_count = struct.unpack(">HHB", body[:5])
        data = body[5:]
        if not 1 <= count <= MAX_WRITE or byte_count != 2 * count or len(data) != byte_count:
            return _Request(fc, address, count, ()), ILLEGAL_VALUE
        values = struct.unpack(f">{count}H", data)
        return _Request(fc, address, count, tuple(values)), None
    return _Request(fc, 0, 0, None), ILLEGAL_FUNCTION
