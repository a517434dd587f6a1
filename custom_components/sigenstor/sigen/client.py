"""One gentle async Modbus TCP client per plant host: serialised, spaced, prioritised requests."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any, Final

from pymodbus.client import AsyncModbusTcpClient
from pymodbus.exceptions import ModbusException

from .backoff import Backoff, Refusals
from .codec import Value, encode
from .exceptions import (
    ILLEGAL_DATA_ADDRESS,
    SigenConnectionError,
    SigenModbusError,
    SigenTimeoutError,
    SigenUnsupportedError,
)
from .pymodbus_glue import CONNECTING, retrieve, unit_kwarg
from .read_plan import ReadBlock, plan_reads, plan_writes
from .registers import HOLDING_FC, INPUT_FC, Register
from .slot import Priority, RequestSlot
from .timing import AnswerTimeout, RequestStats

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Iterable, Mapping

__all__ = ["Priority", "RequestStats", "SigenClient"]

_LOGGER = logging.getLogger(__name__)

# Gateway exceptions: the addressed sub-device is absent or silent. The link itself is fine.
_GATEWAY_CODES: Final = frozenset({0x0A, 0x0B})
DEFAULT_TIMEOUT = 4.0  # seconds to wait for a connection, and for answers until learnt (timing.py)
# After a connection that never answered (refused, closed at once, silent), the next attempt
# waits this long from the previous one: at most 6 connection attempts a minute in an outage.
RECONNECT_SPACING_S = 10.0
_MIN_UNIT, _MAX_UNIT = 1, 247  # 0 is broadcast: the plant never answers it.
# When the last request to each plant ended (loop time), whichever client sent it: the spacing
# holds across the config flow's probe, the entry's client and an unload's releaser too.
_LAST_END: dict[tuple[str, int], float] = {}


class SigenClient:
    """Async client for one plant host; every request goes through one spaced, prioritised slot.

    Rules (vendor V2.9 §4.2 and field experience): one request at a time, at least
    `min_interval` seconds between the end of one request and the start of the next, writes
    first, then live, slow and static polls (FIFO within a priority). Exception 0x02 marks
    registers unsupported per unit without touching the link. A unit that does not answer
    (timeout, gateway exception) goes into bounded exponential backoff on its own; polls honour
    it, requests at `Priority.WRITE` (the controller's writes and read-backs) do not: the
    controller paces its own retries. The link has one pace for everyone: after a connection
    that never answered, the next attempt waits `RECONNECT_SPACING_S` from the previous one
    (requests meanwhile fail at once), so an outage costs at most 6 attempts a minute and a
    plant that is back is read within that spacing. A link that has answered reconnects at once.
    Answers are awaited for a timeout learnt from the plant's own answer times (`timing.py`).
    """

    def __init__(
        self,
        host: str,
        port: int = 502,
        *,
        min_interval: float = 1.0,
        timeout: float | None = None,
        max_backoff: float = 8.0,
        reconnect_spacing: float | None = None,
    ) -> None:
        """Store settings; nothing is opened until connect() or the first request."""
        self.host = host
        self.port = port
        self._min_interval = min_interval
        self._timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        self._answer_timeout = AnswerTimeout(self._timeout)
        self._max_backoff = max_backoff
        self._modbus: AsyncModbusTcpClient | None = None
        self._lost: asyncio.Future[None] | None = None  # resolves when the current link drops
        self._conn_lock = asyncio.Lock()
        self._link_up: bool | None = None  # None until the first attempt, for state-change logs
        self._reconnect_spacing = (
            RECONNECT_SPACING_S if reconnect_spacing is None else reconnect_spacing
        )
        self._connect_started: float | None = None  # loop time of the last connect attempt
        self._answered = True  # the current (or last) connection has answered at least once
        self._closed = False
        self._slot = RequestSlot(min_interval)
        self._slot.last_end = _LAST_END.get((host, port))
        self._refusals = Refusals()
        self._backoff = Backoff(host, max_backoff)
        self._stats = RequestStats()

    # ----------------------------------------------------------------- public API

    @property
    def stats(self) -> RequestStats:
        """Request counters."""
        return self._stats

    def unsupported(self, unit_id: int) -> frozenset[str]:
        """Keys of registers this unit answered with exception 0x02."""
        return self._refusals.unsupported(unit_id)

    def backoff_remaining(self, unit_id: int) -> float:
        """Seconds until requests to this unit are attempted again (the unit's or the link's)."""
        return max(self._backoff.remaining(unit_id), self._reconnect_wait())

    def _reconnect_wait(self) -> float:
        """Seconds until the link may be opened again (0 while it is up or may open now)."""
        if (self._modbus is not None and self._modbus.connected) or self._answered:
            return 0.0
        if self._connect_started is None:
            return 0.0
        now = asyncio.get_running_loop().time()
        return max(0.0, self._connect_started + self._reconnect_spacing - now)

    async def connect(self) -> None:
        """Open the TCP link now; raises SigenConnectionError or SigenTimeoutError."""
        self._closed = False
        self._slot.reopen()
        await self._ensure_connected()

    async def close(self) -> None:
        """Close the link and fail queued requests; safe to call repeatedly."""
        self._closed = True
        self._slot.close()
        self._drop_link()

    async def read(
        self,
        unit_id: int,
        registers: Iterable[Register],
        *,
        priority: Priority = Priority.SLOW,
    ) -> dict[str, Value]:
        """Read registers in planned blocks; all or nothing, unsupported ones are omitted."""
        result: dict[str, Value] = {}
        for block in self._refusals.plan(unit_id, registers):
            result.update(await self.read_block(unit_id, block, priority=priority))
        return result

    def plan(self, unit_id: int, registers: Iterable[Register]) -> tuple[ReadBlock, ...]:
        """The block reads `read` would send for these registers now."""
        return self._refusals.plan(unit_id, registers)

    async def read_block(
        self, unit_id: int, block: ReadBlock, *, priority: Priority = Priority.SLOW
    ) -> dict[str, Value]:
        """Read one planned block (re-planned if it holds registers now known unsupported)."""
        if any(self._refusals.is_unsupported(unit_id, reg.key) for reg in block.registers):
            result: dict[str, Value] = {}
            for sub in self._refusals.plan(unit_id, block.registers):
                result.update(await self._read_resolving(unit_id, sub, priority))
            return result
        return await self._read_resolving(unit_id, block, priority)

    async def write(self, unit_id: int, values: Mapping[Register, Value | float]) -> None:
        """Write holding registers; contiguous ones in one 0x10, single words with 0x06."""
        encoded: list[tuple[Register, list[int]]] = []
        for reg, value in sorted(values.items(), key=lambda item: item[0].address):
            if not reg.writable or reg.function_code != HOLDING_FC:
                raise ValueError(f"{reg.key} is not writable")
            encoded.append((reg, encode(reg, value)))
        for run in plan_writes(encoded):
            address = run[0][0].address
            words = [w for _, ws in run for w in ws]
            if len(words) == 1:
                await self._request(unit_id, Priority.WRITE, "write_register", address, words[0])
            else:
                await self._request(unit_id, Priority.WRITE, "write_registers", address, words)

    async def _read_resolving(
        self, unit_id: int, block: ReadBlock, priority: Priority
    ) -> dict[str, Value]:
        """Read a block; on 0x02 bisect it to find the refused registers (each step spaced)."""
        method = "read_holding_registers"
        if block.function_code == INPUT_FC:
            method = "read_input_registers"
        try:
            words = await self._request(unit_id, priority, method, block.start, count=block.count)
        except SigenUnsupportedError:
            if len(block.registers) == 1:
                self._refusals.mark_unsupported(unit_id, block.registers[0])
                return {}
            regs = sorted(block.registers, key=lambda r: r.address)
            half = len(regs) // 2
            left = plan_reads(regs[:half], max_count=block.count, max_gap=block.count)
            right = plan_reads(regs[half:], max_count=block.count, max_gap=block.count)
            before = self._refusals.learned(unit_id)
            result: dict[str, Value] = {}
            for sub in (*left, *right):
                result.update(await self._read_resolving(unit_id, sub, priority))
            if self._refusals.learned(unit_id) == before:
                # Both halves answered as they are: what the device refuses is reading across
                # the boundary between them, so plans must not span it any more.
                self._refusals.add_cut(unit_id, right[0].start)
            return result
        return block.decode(words)

    # ----------------------------------------------------------------- transport

    def _check_backoff(self, unit_id: int, priority: Priority) -> None:
        """Fail fast while a unit is backing off, so a dead device is not polled."""
        if not _MIN_UNIT <= unit_id <= _MAX_UNIT:
            raise ValueError(f"unit id {unit_id} outside {_MIN_UNIT}-{_MAX_UNIT}")
        if priority is Priority.WRITE:
            return  # paced by the controller (see the class docstring)
        remaining = self._backoff.remaining(unit_id)
        if remaining > 0:
            raise SigenConnectionError(
                f"unit {unit_id} backing off for {remaining:.1f} s after errors"
            )
        wait = self._reconnect_wait()
        if wait > 0:
            raise SigenConnectionError(f"{self.host}: no answer; reconnecting in {wait:.1f} s")

    async def _request(
        self, unit_id: int, priority: Priority, method: str, address: int, *args: Any, **kw: Any
    ) -> Any:
        """Run one Modbus request in the slot; returns registers (reads) or None (writes)."""
        self._check_backoff(unit_id, priority)
        await self._slot.acquire(priority)
        try:
            self._check_backoff(unit_id, priority)  # the unit may have failed while we queued
            return await self._send(unit_id, method, address, *args, **kw)
        finally:
            self._slot.release()
            if self._slot.last_end is not None:
                _LAST_END[self.host, self.port] = self._slot.last_end

    async def _send(self, unit_id: int, method: str, address: int, *args: Any, **kw: Any) -> Any:
        """Send while holding the slot and translate every outcome."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        stats = self._stats
        if self._slot.last_end is not None:
            gap = started - self._slot.last_end
            if stats.min_spacing_s is None or gap < stats.min_spacing_s:
                stats.min_spacing_s = gap
        stats.count += 1
        stats.last_request_at = time.time()
        try:
            modbus = await self._ensure_connected()
            call: Callable[..., Awaitable[Any]] = getattr(modbus, method)
            asked = loop.time()
            response = await self._await_answer(
                call(address, *args, **kw, **{unit_kwarg(): unit_id}), unit_id
            )
            self._answer_timeout.answered(unit_id, loop.time() - asked)
        except TimeoutError as err:
            stats.errors += 1
            stats.timeouts += 1
            self._answer_timeout.timed_out(unit_id)
            self._drop_link()
            # A silent unit is the unit's fault (its backoff paces it), not the link's: the
            # next connection may open at once, so the other units keep their pace.
            self._answered = True
            self._backoff.failed(unit_id, "timeout")
            raise SigenTimeoutError(f"{self.host} unit {unit_id}: no answer") from err
        except SigenConnectionError:
            stats.errors += 1  # the link's own pace applies, not the unit's backoff
            raise
        except (ModbusException, OSError) as err:
            stats.errors += 1
            self._drop_link()
            raise SigenConnectionError(f"{self.host} unit {unit_id}: {err}") from err
        except asyncio.CancelledError:
            self._drop_link()  # the caller gave up: a late answer must not meet the next request
            self._answered = True  # not the plant's fault: reconnect at once
            raise
        finally:
            stats.last_duration_s = loop.time() - started
        self._answered = True
        if response.isError():
            stats.errors += 1
            stats.exceptions += 1
            code = int(getattr(response, "exception_code", 0))
            if code in _GATEWAY_CODES:
                self._backoff.failed(unit_id, f"gateway exception 0x{code:02X}")
                raise SigenConnectionError(f"unit {unit_id} unreachable (0x{code:02X})")
            self._backoff.answered(unit_id)
            if code == ILLEGAL_DATA_ADDRESS:
                raise SigenUnsupportedError(f"unit {unit_id} {method} {address}: illegal address")
            raise SigenModbusError(code, f"unit {unit_id} {method} {address}: 0x{code:02X}")
        self._backoff.answered(unit_id)
        if method.startswith("read"):
            registers = list(response.registers)
            if len(registers) != kw["count"]:
                stats.errors += 1
                self._drop_link()
                raise SigenConnectionError(
                    f"unit {unit_id}: asked {kw['count']} registers, got {len(registers)}"
                )
            return registers
        return None

    async def _await_answer(self, request: Awaitable[Any], unit_id: int) -> Any:
        """Await a pymodbus request, failing at once if the link drops (pymodbus would wait)."""
        lost = self._lost
        task = asyncio.ensure_future(request)
        # pymodbus 3.9+ turns a cancel into ModbusIOException; a request abandoned while its
        # caller was cancelled would otherwise log "Task exception was never retrieved".
        task.add_done_callback(retrieve)
        abandoned = False
        try:
            async with asyncio.timeout(self._answer_timeout.seconds(unit_id)):
                waiting: set[asyncio.Future[Any]] = {task} if lost is None else {task, lost}
                await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        finally:
            if not task.done():
                # Close the link first: an answer arriving after pymodbus' future was cancelled
                # would make pymodbus raise InvalidStateError inside its protocol callback.
                self._drop_link()
                task.cancel()
                abandoned = True
                await asyncio.wait({task})
        if abandoned:
            raise ConnectionError("connection closed by the plant")
        return task.result()

    async def _ensure_connected(self) -> AsyncModbusTcpClient:
        """Return a connected pymodbus client, opening a fresh one if needed."""
        async with self._conn_lock:
            if self._closed:
                raise SigenConnectionError(f"client for {self.host} closed")
            if self._modbus is not None and self._modbus.connected:
                return self._modbus
            self._drop_link()
            wait = self._reconnect_wait()
            if wait > 0:
                raise SigenConnectionError(
                    f"{self.host}:{self.port}: no answer; reconnecting in {wait:.1f} s"
                )
            self._connect_started = asyncio.get_running_loop().time()
            self._answered = False
            self._stats.connect_attempts += 1
            # Our own timeout and reconnect logic rule: pymodbus gets no retries, no automatic
            # reconnect, and a longer timeout so ours always fires first.
            lost: asyncio.Future[None] = asyncio.get_running_loop().create_future()

            def on_connection(up: bool) -> None:
                if not up and not lost.done():
                    lost.set_result(None)

            modbus = AsyncModbusTcpClient(
                self.host,
                port=self.port,
                timeout=self._answer_timeout.ceiling_s + 1.0,
                retries=0,
                reconnect_delay=0,
                trace_connect=on_connection,
            )
            token = CONNECTING.set(True)
            try:
                async with asyncio.timeout(self._timeout):
                    connected = await modbus.connect()
            except TimeoutError as err:
                modbus.close()
                self._link_down(f"connect timed out after {self._timeout} s")
                raise SigenTimeoutError(f"{self.host}:{self.port}: connect timed out") from err
            except OSError as err:
                modbus.close()
                self._link_down(str(err))
                raise SigenConnectionError(f"{self.host}:{self.port}: {err}") from err
            finally:
                CONNECTING.reset(token)
            if not connected:
                modbus.close()
                self._link_down("connection refused or unreachable")
                raise SigenConnectionError(f"{self.host}:{self.port}: cannot connect")
            self._modbus, self._lost = modbus, lost
            self._stats.connects += 1
            if self._link_up is not True:
                _LOGGER.info("Connected to %s:%s", self.host, self.port)
            self._link_up = True
            return modbus

    def _drop_link(self) -> None:
        """Close the socket; the next request reconnects."""
        modbus, self._modbus = self._modbus, None
        lost, self._lost = self._lost, None
        if lost is not None and not lost.done():
            lost.cancel()
        if modbus is not None:
            modbus.close()

    def _link_down(self, reason: str) -> None:
        """Log a lost link once per state change (INFO: the entry's link monitor warns)."""
        if self._link_up is not False:
            _LOGGER.info("Cannot reach %s:%s: %s", self.host, self.port, reason)
        self._link_up = False
