"""Append-only, crash-safe audit log of every attempted register write (pure, file-backed).

JSON Lines: one `AuditRecord` per line, flushed and fsync'ed per append (a batch of records is
one append), so a crash loses at most the batch being written. The controller appends an
`intent` batch before every Modbus write request and the outcome after it; records of one
request share a `request` id. A torn last line is skipped by the reader and sealed with a newline
before the next append. When the file would exceed `max_bytes` it rotates (`audit.jsonl` ->
`audit.jsonl.1` -> ... keeping `keep` old files). `AuditLog` is synchronous and thread-safe (the
Home Assistant side runs it in the executor); `AsyncAuditLog` wraps it with any
`run_in_executor`-style callable, e.g. `hass.async_add_executor_job`, and stays HA-free; when
the disk refuses a batch that must not be lost (a release, an outcome), it keeps the batch in
memory and writes it ahead of the next append that succeeds.
Records hold register facts only; free text (error, reason) is scrubbed of token-like strings.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
import json
import os
from pathlib import Path
import re
import threading
from typing import Any, Final, Literal, Protocol, TypeVar

# intent: about to be sent; ok: acknowledged; failed: no answer (the plant may have taken it);
# refused: stopped by the guard; not_confirmed: read back different; external: changed by
# another controller; reverted: written by versions that undid unconfirmed writes.
Result = Literal["intent", "ok", "refused", "failed", "not_confirmed", "external", "reverted"]
RESULTS: Final[tuple[Result, ...]] = (
    "intent",
    "ok",
    "refused",
    "failed",
    "not_confirmed",
    "external",
    "reverted",
)
MAX_TEXT: Final = 500
# Anything that looks like a credential is replaced before it reaches the disk.
_SECRET = re.compile(
    r"(?i)((?:token|api[_-]?key|password|secret|authorization)[\"']?\s*[=:]\s*[\"']?"
    r"(?:bearer\s+)?|bearer\s+)"
    r"[^\s\"',;&]+"
)


def scrub(text: str | None) -> str | None:
    """Redact token-like substrings and bound the length of free text."""
    if text is None:
        return None
    return _SECRET.sub(r"\1***", text)[:MAX_TEXT]


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One attempted write; `time` is an aware datetime."""

    time: datetime
    origin: str
    key: str
    address: int | None
    old: float | None
    new: float | None
    result: Result
    rule: str | None = None
    reason: str | None = None
    error: str | None = None
    request: int | None = None  # links the intent and outcome records of one Modbus request

    def to_json(self) -> str:
        """One JSON line (without the newline)."""
        data = asdict(self)
        data["time"] = self.time.isoformat()
        data["reason"] = scrub(self.reason)
        data["error"] = scrub(self.error)
        return json.dumps(data, separators=(",", ":"))  # ASCII: no stray line separators

    @classmethod
    def from_json(cls, line: str) -> AuditRecord:
        """Parse one line; raises ValueError (or KeyError/TypeError) when malformed."""
        data = json.loads(line)
        if not isinstance(data, dict) or data.get("result") not in RESULTS:
            raise ValueError("not an audit record")
        time = datetime.fromisoformat(data["time"])
        # Every record is written aware; a hand-edited naive one is read as UTC, not a crash.
        data["time"] = time if time.tzinfo else time.replace(tzinfo=UTC)
        return cls(**data)


class AuditLog:
    """Synchronous JSON Lines audit log with size-based rotation."""

    def __init__(self, path: Path | str, max_bytes: int = 1_000_000, keep: int = 5) -> None:
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.keep = keep
        self._lock = threading.Lock()

    def _rotated(self, index: int) -> Path:
        """Path of the index-th older file."""
        return self.path.with_name(f"{self.path.name}.{index}")

    def files(self) -> list[Path]:
        """Existing log files, oldest first (for download or export)."""
        older = [self._rotated(i) for i in range(self.keep, 0, -1)]
        return [p for p in [*older, self.path] if p.exists()]

    def _rotate(self) -> None:
        """Shift files up one index, dropping the oldest."""
        self._rotated(self.keep).unlink(missing_ok=True)
        for index in range(self.keep - 1, 0, -1):
            if self._rotated(index).exists():
                self._rotated(index).replace(self._rotated(index + 1))
        if self.keep > 0:
            self.path.replace(self._rotated(1))
        else:
            self.path.unlink()
        _fsync_dir(self.path.parent)

    def append(self, record: AuditRecord) -> None:
        """Append one record durably (flush + fsync), rotating first when the file is full."""
        self.append_many([record])

    def append_many(self, records: Iterable[AuditRecord]) -> None:
        """Append records durably with one flush + fsync, rotating first when the file is full."""
        line = "".join(record.to_json() + "\n" for record in records).encode()
        if not line:
            return
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            size = self.path.stat().st_size if self.path.exists() else 0
            if size and size + len(line) > self.max_bytes:
                self._rotate()
                size = 0
            created = size == 0 and not self.path.exists()
            with self.path.open("ab+") as handle:
                if size:
                    handle.seek(-1, os.SEEK_END)
                    if handle.read(1) != b"\n":  # seal a line torn by a crash
                        line = b"\n" + line
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())
            if created:
                _fsync_dir(self.path.parent)

    def _lines(self) -> Iterator[str]:
        """All lines of all files, oldest first."""
        for path in self.files():
            try:
                data = path.read_bytes()
            except FileNotFoundError:  # rotated away meanwhile
                continue
            yield from data.decode("utf-8", errors="replace").split("\n")

    def read(self, limit: int | None = None, since: datetime | None = None) -> list[AuditRecord]:
        """Records oldest first: at `since` or later, the newest `limit`; bad lines skipped."""
        records: list[AuditRecord] = []
        with self._lock:
            lines = list(self._lines())
        for line in lines:
            try:
                record = AuditRecord.from_json(line)
            except (ValueError, KeyError, TypeError):
                continue  # torn or foreign line
            if since is None or record.time >= since:
                records.append(record)
        if limit is not None:
            records = records[-limit:] if limit > 0 else []
        return records


def _fsync_dir(directory: Path) -> None:
    """Make a rename or creation durable (best effort; not every OS allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


T = TypeVar("T")


class ExecutorRunner(Protocol):
    """`hass.async_add_executor_job`-style: run a sync callable in a worker thread."""

    def __call__(self, target: Callable[..., T], /, *args: Any) -> Awaitable[T]:
        """Schedule `target(*args)` and return an awaitable of its result."""


class AsyncAuditLog:
    """Async facade over `AuditLog` that never blocks the event loop."""

    def __init__(self, log: AuditLog, run: ExecutorRunner) -> None:
        self.log = log
        self._run = run
        self.backlog: list[AuditRecord] = []  # kept records the disk refused, oldest first

    async def append(self, record: AuditRecord) -> None:
        """Append in the executor; raises OSError when the disk refuses."""
        await self.append_many([record], keep=False)

    async def append_many(self, records: Iterable[AuditRecord], *, keep: bool) -> bool:
        """Append a batch after any backlog; True when it reached the disk.

        On OSError a `keep` batch joins the backlog (False is returned); otherwise the error is
        raised and the batch dropped, so the caller can refuse the write it describes.
        """
        batch = list(records)
        pending = [*self.backlog, *batch]
        try:
            await self._run(self.log.append_many, pending)
        except OSError:
            if not keep:
                raise
            self.backlog = pending
            return False
        self.backlog = []
        return True

    async def read(
        self, limit: int | None = None, since: datetime | None = None
    ) -> list[AuditRecord]:
        """Read in the executor; records still waiting for the disk come last."""
        records = await self._run(self.log.read, None if limit is None else limit, since)
        waiting = [r for r in self.backlog if since is None or r.time >= since]
        records = [*records, *waiting]
        if limit is None:
            return records
        return records[-limit:] if limit > 0 else []
