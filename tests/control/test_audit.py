"""Audit log: durable appends, crash recovery, rotation, reading, secret scrubbing, async facade."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
import functools
import json
import os
from pathlib import Path
import threading
from typing import Any

import pytest

from custom_components.sigenstor.control import audit
from custom_components.sigenstor.control.audit import (
    AsyncAuditLog,
    AuditLog,
    AuditRecord,
)

from .helpers import NOW


def record(i: int = 0, **changes: object) -> AuditRecord:
    """A plausible record, `i` seconds after NOW."""
    base: dict[str, object] = {
        "time": NOW + timedelta(seconds=i),
        "origin": "optimiser",
        "key": "ess_max_charge_limit",
        "address": 40032,
        "old": 1.0,
        "new": 2.0 + i,
        "result": "ok",
        "rule": None,
        "reason": "allowed (optimiser)",
        "error": None,
    }
    base.update(changes)
    return AuditRecord(**base)  # type: ignore[arg-type]


def test_append_and_read_round_trip(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    written = [
        record(0),
        record(1, result="refused", rule="max_soc", reason="SoC 99 % is at or above 98 %"),
        record(2, result="failed", error="Modbus exception 2", old=None),
        record(3, result="reverted", origin="safety"),
        record(4, result="not_confirmed", key="remote_ems_control_mode", address=40031, new=4),
    ]
    for item in written:
        log.append(item)
    assert log.read() == written
    lines = (tmp_path / "audit.jsonl").read_text().splitlines()
    assert len(lines) == len(written)
    assert json.loads(lines[1])["rule"] == "max_soc"
    assert json.loads(lines[0])["time"] == NOW.isoformat()


def test_every_append_is_flushed_and_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    log = AuditLog(tmp_path / "audit.jsonl")
    log.append(record(0))  # creation: file and directory
    first = len(synced)
    assert first >= 1
    for i in range(1, 4):
        log.append(record(i))
    assert len(synced) == first + 3


def test_missing_file_reads_empty(tmp_path: Path) -> None:
    assert AuditLog(tmp_path / "nothing" / "audit.jsonl").read() == []


def test_creates_parent_directories(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "a" / "b" / "audit.jsonl")
    log.append(record())
    assert log.read() == [record()]


@pytest.mark.parametrize(("cut", "kept"), [(1, 2), (10, 2), (-2, 2), (-1, 3)])
def test_torn_last_line_is_skipped_and_sealed(tmp_path: Path, cut: int, kept: int) -> None:
    path = tmp_path / "audit.jsonl"
    log = AuditLog(path)
    for i in range(3):
        log.append(record(i))
    data = path.read_bytes()
    last_start = data.rstrip(b"\n").rfind(b"\n") + 1
    # Simulate a crash part-way through the last record (-1: only its newline is missing,
    # the record itself is complete and is kept).
    torn = data[: last_start + cut] if cut > 0 else data[: len(data) + cut]
    path.write_bytes(torn)
    assert log.read() == [record(i) for i in range(kept)]
    # The next append must not be glued onto the torn line.
    log.append(record(7))
    assert log.read() == [*(record(i) for i in range(kept)), record(7)]
    assert path.read_bytes().endswith(b"\n")


def test_foreign_and_garbage_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    log = AuditLog(path)
    log.append(record(0))
    with path.open("ab") as handle:
        handle.write(b"not json\n")
        handle.write(b"[1, 2]\n")
        handle.write(b'{"result": "ok"}\n')
        handle.write(b'{"result": "exploded", "time": "2026-01-01T00:00:00+00:00"}\n')
        handle.write(b"\xff\xfe\n\n")
    log.append(record(1))
    assert log.read() == [record(0), record(1)]


def test_naive_times_are_read_as_utc(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    line = json.loads(record(0).to_json())
    line["time"] = NOW.replace(tzinfo=None).isoformat()
    path.write_text(json.dumps(line) + "\n")
    assert AuditLog(path).read(since=NOW) == [record(0)]


def test_rotation_keeps_n_files_and_the_newest_records(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    line_size = len(record(19).to_json()) + 1  # the longest line
    log = AuditLog(path, max_bytes=line_size * 3, keep=2)
    for i in range(20):
        log.append(record(i))
    files = log.files()
    assert files == [path.with_name("audit.jsonl.2"), path.with_name("audit.jsonl.1"), path]
    assert not path.with_name("audit.jsonl.3").exists()
    for file in files:
        assert file.stat().st_size <= line_size * 3
    # Three records per file: 12-14, 15-17 and 18-19 survive, oldest first.
    assert log.read() == [record(i) for i in range(12, 20)]


def test_rotation_with_keep_zero_truncates(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    log = AuditLog(path, max_bytes=10, keep=0)
    log.append(record(0))
    log.append(record(1))
    assert log.files() == [path]
    assert log.read() == [record(1)]


def test_read_limit_and_since(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    for i in range(10):
        log.append(record(i))
    assert log.read(limit=3) == [record(7), record(8), record(9)]
    assert log.read(limit=0) == []
    assert log.read(limit=100) == [record(i) for i in range(10)]
    since = NOW + timedelta(seconds=6)
    assert log.read(since=since) == [record(i) for i in range(6, 10)]
    assert log.read(limit=2, since=since) == [record(8), record(9)]
    assert log.read(since=NOW + timedelta(days=1)) == []


def test_secrets_never_reach_the_disk(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    log = AuditLog(path)
    log.append(
        record(
            result="failed",
            error="GET https://api.amber.com.au/v1/sites?token=psk_abc123 failed; "
            "Authorization: Bearer psk_secret999; api_key=XYZ password: hunter2",
            reason="x" * 5000,
        )
    )
    text = path.read_text()
    for secret in ("psk_abc123", "psk_secret999", "XYZ", "hunter2"):
        assert secret not in text
    stored = log.read()[0]
    assert stored.error is not None
    assert "***" in stored.error
    assert "failed" in stored.error
    assert stored.reason is not None
    assert len(stored.reason) == audit.MAX_TEXT


def test_unicode_and_line_separators_stay_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    log = AuditLog(path)
    weird = record(reason="battery 46 °C\u2028next\nline")
    log.append(weird)
    log.append(record(1))
    assert len(path.read_bytes().split(b"\n")) == 3
    assert log.read() == [weird, record(1)]


def test_concurrent_appends_from_threads(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl", max_bytes=4000, keep=50)

    def worker(base: int) -> None:
        for i in range(25):
            log.append(record(base + i))

    threads = [threading.Thread(target=worker, args=(n * 100,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    records = log.read()
    assert len(records) == 100
    expected = {record(n * 100 + i).new for n in range(4) for i in range(25)}
    assert {r.new for r in records} == expected


async def test_async_facade_runs_in_the_executor(tmp_path: Path) -> None:
    loop = asyncio.get_running_loop()
    threads: list[str] = []

    def runner(target, *args):
        def job():
            threads.append(threading.current_thread().name)
            return target(*args)

        return loop.run_in_executor(None, job)

    log = AsyncAuditLog(AuditLog(tmp_path / "audit.jsonl"), runner)
    await log.append(record(0))
    await log.append(record(1))
    assert await log.read() == [record(0), record(1)]
    assert await log.read(1) == [record(1)]
    assert await log.read(None, NOW + timedelta(seconds=1)) == [record(1)]
    assert threads
    assert threading.current_thread().name not in threads


async def test_async_facade_accepts_a_partial_of_run_in_executor(tmp_path: Path) -> None:
    loop = asyncio.get_running_loop()
    log = AsyncAuditLog(
        AuditLog(tmp_path / "audit.jsonl"), functools.partial(loop.run_in_executor, None)
    )
    await log.append(record(0))
    assert await log.read() == [record(0)]


def test_record_fields_are_only_register_facts() -> None:
    data = json.loads(record().to_json())
    assert set(data) == {
        "time",
        "origin",
        "key",
        "address",
        "old",
        "new",
        "result",
        "rule",
        "reason",
        "error",
        "request",
    }


def test_a_batch_is_one_fsync(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    log.append(record(0))
    synced: list[int] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    batch = [record(i, result="intent", request=7) for i in range(1, 6)]
    log.append_many(batch)
    assert len(synced) == 1
    assert log.read()[1:] == batch
    assert {r.request for r in log.read()} == {None, 7}


class FullDisk(AuditLog):
    """An audit log whose disk is full while `full` is set."""

    full = False

    def append_many(self, records):
        if self.full:
            raise OSError(28, "No space left on device")
        super().append_many(records)


def _sync_runner(target: Callable[..., Any], *args: Any) -> Awaitable[Any]:
    async def run() -> Any:
        return target(*args)

    return run()


async def test_refused_batches_are_kept_or_raised(tmp_path: Path) -> None:
    disk = FullDisk(tmp_path / "audit.jsonl")
    log = AsyncAuditLog(disk, _sync_runner)
    disk.full = True
    with pytest.raises(OSError, match="No space"):
        await log.append_many([record(0, result="intent")], keep=False)
    assert log.backlog == []  # a refused intent is not kept: its write is refused instead
    kept = [record(1, result="intent"), record(2, result="ok")]
    assert await log.append_many(kept, keep=True) is False
    assert log.backlog == kept
    assert await log.read() == kept  # visible while waiting for the disk
    disk.full = False
    assert await log.append_many([record(3)], keep=True) is True
    assert log.backlog == []
    assert [r.time for r in disk.read()] == [r.time for r in [*kept, record(3)]]
    assert await log.read(limit=0) == []


def test_nothing_to_append_touches_no_file(tmp_path: Path) -> None:
    """An empty batch creates no file and no directory (a flush of nothing is not a write)."""
    path = tmp_path / "audit" / "audit.jsonl"
    AuditLog(path).append_many([])
    assert not path.parent.exists()


def test_a_file_rotated_away_while_reading_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader that lists a file the writer then rotates away reads the rest, no error."""
    path = tmp_path / "audit.jsonl"
    log = AuditLog(path)
    log.append(record(1))
    gone = path.with_name("audit.jsonl.1")
    monkeypatch.setattr(log, "files", lambda: [gone, path])
    assert log.read() == [record(1)]


def test_directory_sync_is_best_effort(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file system that cannot open or fsync a directory raises nothing from the dir sync."""

    def refuse(*_: object) -> int:
        raise OSError(22, "Invalid argument")

    closed: list[int] = []
    real_close = os.close
    monkeypatch.setattr(os, "open", refuse)
    audit._fsync_dir(tmp_path)  # cannot open: nothing to close
    monkeypatch.undo()
    monkeypatch.setattr(os, "fsync", refuse)

    def close(fd: int) -> None:
        closed.append(fd)
        real_close(fd)

    monkeypatch.setattr(os, "close", close)
    audit._fsync_dir(tmp_path)  # cannot fsync: the descriptor is still closed
    assert len(closed) == 1
