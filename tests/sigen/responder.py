"""A tiny Modbus TCP server on 127.0.0.1 for client tests, with fault switches and a request log.

MBAP framing (transaction id, protocol 0, length, unit id) around PDUs for function codes 0x03,
0x04, 0x06 and 0x10, plus exception responses. Written here so the client tests do not depend
on the simulator's physics; faults: exception codes per address, silent units, delays, dropped
connections, and a stop/start on the same port.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
import struct
import time


@dataclass(frozen=True)
class Record:
    """One request as it arrived."""

    at: float  # time.monotonic() when the whole frame had arrived (same clock as the loop)
    unit_id: int
    function_code: int
    address: int
    count: int
    values: tuple[int, ...] | None = None


@dataclass
class Responder:
    """Programmable Modbus TCP responder."""

    host: str = "127.0.0.1"
    port: int = 0
    memory: dict[tuple[int, int], int] = field(default_factory=dict)  # (unit, address) -> word
    exceptions: dict[tuple[int, int], int] = field(default_factory=dict)  # (unit, addr) -> code
    silent_units: set[int] = field(default_factory=set)  # never answered
    delay: float = 0.0  # seconds before each answer
    short_reads: bool = False  # answer reads with one word less than asked
    drop_next: int = 0  # close the connection instead of answering the next N requests
    answer_first: int = 0  # with drop_next: answer this many requests normally before dropping
    records: list[Record] = field(default_factory=list)
    seen: asyncio.Event = field(default_factory=asyncio.Event)  # set at every request
    connections: int = 0
    _server: asyncio.Server | None = None
    _writers: set[asyncio.StreamWriter] = field(default_factory=set)
    _handlers: set[asyncio.Task[None]] = field(default_factory=set)

    async def start(self) -> None:
        """Listen (again on the same port after a stop)."""
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop listening and cut every connection."""
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.close()
        for task in list(self._handlers):
            task.cancel()
        if self._handlers:
            await asyncio.gather(*self._handlers, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    def set_words(self, unit_id: int, address: int, words: list[int]) -> None:
        """Store words at an address."""
        for offset, word in enumerate(words):
            self.memory[unit_id, address + offset] = word

    def words(self, unit_id: int, address: int, count: int) -> list[int]:
        """Read back stored words (0 where unset)."""
        return [self.memory.get((unit_id, address + i), 0) for i in range(count)]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Answer requests on one connection until it closes."""
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self._writers.add(writer)
        self.connections += 1
        try:
            while True:
                header = await reader.readexactly(7)
                tid, _pid, length, unit = struct.unpack(">HHHB", header)
                pdu = await reader.readexactly(length - 1)
                answer = self._handle(unit, pdu)
                if answer is None:
                    continue
                if self.drop_next and self.answer_first:
                    self.answer_first -= 1
                elif self.drop_next:
                    self.drop_next -= 1
                    break
                if self.delay:
                    await asyncio.sleep(self.delay)
                writer.write(struct.pack(">HHHB", tid, 0, len(answer) + 1, unit) + answer)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self._writers.discard(writer)
            self._handlers.discard(task)
            writer.close()

    def _handle(self, unit: int, pdu: bytes) -> bytes | None:
        """Build the response PDU, or None to stay silent."""
        fc = pdu[0]
        address, count = struct.unpack(">HH", pdu[1:5])
        values: tuple[int, ...] | None = None
        if fc == 0x06:
            values, count = (count,), 1
        elif fc == 0x10:
            values = struct.unpack(f">{count}H", pdu[6 : 6 + 2 * count])
        self.records.append(Record(time.monotonic(), unit, fc, address, count, values))
        self.seen.set()
        if unit in self.silent_units:
            return None
        for addr in range(address, address + count):
            code = self.exceptions.get((unit, addr))
            if code is not None:
                return bytes([fc | 0x80, code])
        if fc in (0x03, 0x04):
            count -= 1 if self.short_reads else 0
            data = self.words(unit, address, count)
            return bytes([fc, 2 * count]) + struct.pack(f">{count}H", *data)
        if fc == 0x06:
            assert values is not None
            self.set_words(unit, address, list(values))
            return pdu[:5]
        if fc == 0x10:
            assert values is not None
            self.set_words(unit, address, list(values))
            return pdu[:5]
        return bytes([fc | 0x80, 0x01])
