"""Fault injection switches and the request log record."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# Response kinds recorded per request.
OK = "ok"
EXCEPTION = "exception"
DROPPED = "dropped"  # connection closed instead of answering
IGNORED = "ignored"  # write acknowledged but not applied (ignore_writes fault)
OFFLINE = "offline"  # no answer at all: unit offline or unknown
BROADCAST = "broadcast"  # unit 0: applied, never answered
LOST = "lost"  # carried out (a write applied), then the connection closed instead of answering
DELAYED = "delayed"  # write acknowledged now, applied only after `apply_delay_s`


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One received request: when it arrived, what it asked and how it was answered."""

    monotonic: float  # time.monotonic() (unpatched OS clock) when the full frame had arrived
    wall: float  # time.time() at the same moment
    connection: int  # per-server connection counter, 1-based
    transaction_id: int
    unit_id: int
    function_code: int
    address: int
    count: int
    values: tuple[int, ...] | None  # words written (0x06/0x10), None for reads
    response: str  # one of OK, EXCEPTION, DROPPED, IGNORED, OFFLINE, BROADCAST, LOST, DELAYED
    exception_code: int | None = None

    @property
    def is_write(self) -> bool:
        """Whether the request was a write (0x06 or 0x10)."""
        return self.values is not None


@dataclass(frozen=True, slots=True)
class ExceptionRule:
    """Answer requests touching [first, last] on a unit (None = any) with an exception code."""

    unit_id: int | None
    first: int
    last: int
    code: int
    function_codes: frozenset[int] | None

    def matches(self, unit_id: int, function_code: int, address: int, count: int) -> bool:
        """Whether a request overlaps this rule."""
        if self.unit_id is not None and unit_id != self.unit_id:
            return False
        if self.function_codes is not None and function_code not in self.function_codes:
            return False
        return address <= self.last and address + max(count, 1) - 1 >= self.first


@dataclass
class Faults:
    """Live fault switches read by the server on every request; `clear()` resets them all."""

    delay_s: float = 0.0  # wait this long before every answer
    offline_units: set[int] = field(default_factory=set)  # never answered: client times out
    ignore_writes: bool = False  # acknowledge writes without applying them
    drop_next_requests: int = 0  # close the connection instead of answering the next N requests
    lose_next_answers: int = 0  # carry out the next N requests, then close instead of answering
    apply_delay_s: float = 0.0  # acknowledge writes at once, apply them this much later
    rules: list[ExceptionRule] = field(default_factory=list)
    _dropper: Callable[[], int] | None = field(default=None, repr=False, init=False, compare=False)

    def attach(self, dropper: Callable[[], int]) -> None:
        """Let the server provide the connection-dropping hook."""
        self._dropper = dropper

    def drop_connections(self) -> int:
        """Close every open client connection now; returns how many were closed."""
        return self._dropper() if self._dropper is not None else 0

    def exception_for(
        self,
        unit_id: int | None,
        address_range: int | range | tuple[int, int],
        code: int,
        function_codes: Iterable[int] | None = None,
    ) -> ExceptionRule:
        """Answer `code` to requests touching the range (a tuple is first, last inclusive)."""
        if isinstance(address_range, int):
            first, last = address_range, address_range
        elif isinstance(address_range, range):
            first, last = address_range.start, address_range.stop - 1
        else:
            first, last = address_range
        if not 1 <= code <= 0xFF or last < first:
            raise ValueError("exception code must be 1..255 and the range non-empty")
        rule = ExceptionRule(
            unit_id=unit_id,
            first=first,
            last=last,
            code=code,
            function_codes=frozenset(function_codes) if function_codes is not None else None,
        )
        self.rules.append(rule)
        return rule

    def exception_code(
        self, unit_id: int, function_code: int, address: int, count: int
    ) -> int | None:
        """The injected exception code for a request, if any rule matches (latest rule wins)."""
        for rule in reversed(self.rules):
            if rule.matches(unit_id, function_code, address, count):
                return rule.code
        return None

    def clear(self) -> None:
        """Switch every fault off."""
        self.delay_s = 0.0
        self.offline_units.clear()
        self.ignore_writes = False
        self.drop_next_requests = 0
        self.lose_next_answers = 0
        self.apply_delay_s = 0.0
        self.rules.clear()
