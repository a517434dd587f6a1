"""The guarded write path: judge each request, audit its intent, write it, audit the outcome.

Called only by the controller, with its lock held. For every Modbus request (a contiguous run of
registers; the control block 40029-40035 is always one) the guard judges the request against
the state the previous requests leave, an `intent` batch is appended to the audit log (flushed
and fsync'ed) before anything goes on the wire, and the outcome after. When the intent cannot be
written the request is refused (`AuditUnavailableError`), except a release: safety comes before the
paperwork, so a release goes out and its records wait in memory for the disk. An unanswered
request makes its registers unknown (`WriteUncertainError`): the plant may have taken it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
import itertools
import time

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from ..const import EVENT_WRITE, LOGGER
from ..sigen import PLANT_UNIT_ID, SigenError, get
from . import ems
from .alerts import AlertKind, Alerts
from .audit import AsyncAuditLog, AuditRecord, Result
from .guard import CommandVerdict, GuardState, Origin, check_command, is_release
from .limits import SafetyLimits
from .model import ALLOWED_REGISTERS
from .plant_view import PlantView


class WriteRefusedError(Exception):
    """The guard (or a stopping controller) refused a request; nothing was sent."""

    def __init__(self, rule: str, reason: str) -> None:
        super().__init__(f"{rule}: {reason}")
        self.rule = rule
        self.reason = reason


class AuditUnavailableError(Exception):
    """The intent record could not be written, so the request was not sent."""


class WriteUncertainError(Exception):
    """A request went unanswered (timeout, drop, exception): the plant may have taken it."""

    def __init__(self, error: SigenError, sent: Mapping[str, float]) -> None:
        super().__init__(str(error))
        self.error = error
        self.sent = dict(sent)  # earlier requests of the same call that were acknowledged


class GuardedWriter:
    """Sends register writes for one plant, guarded and audited; see the module docstring."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        plant: PlantView,
        audit: AsyncAuditLog,
        alerts: Alerts,
        *,
        limits: SafetyLimits,
    ) -> None:
        """Bind to the plant view (knowledge), audit log and alerts of one entry."""
        self.hass = hass
        self.entry_id = entry_id
        self.plant = plant
        self.audit = audit
        self.alerts = alerts
        self.limits = limits
        self.guard = GuardState()
        self.stopping = False  # after stop begins only releases are written
        # Request ids only need to be unique within one audit file: start from the clock.
        self._ids = itertools.count(int(time.time() * 1000))
        self._audit_alerted = False

    def judge(self, writes: Mapping[str, float], origin: Origin, automatic: bool) -> CommandVerdict:
        """What the guard says of `writes` as one request now."""
        snapshot = self.plant.snapshot()
        if self.stopping and not is_release(writes, snapshot.registers):
            return CommandVerdict(False, None, "Home Assistant is stopping", dict(writes))
        return check_command(
            writes,
            origin=origin,
            automatic=automatic,
            snapshot=snapshot,
            state=self.guard,
            limits=self.limits,
            now=dt_util.utcnow(),
        )

    async def send(
        self, writes: Mapping[str, float], *, origin: Origin, automatic: bool
    ) -> dict[str, float]:
        """Judge, audit and write each request of `writes`; returns what the plant acknowledged."""
        sent: dict[str, float] = {}
        for block in ems.write_blocks(writes):
            verdict = self.judge(block, origin, automatic)
            old = self.plant.control()
            now = dt_util.utcnow()
            if not verdict.allowed:
                await self._refused(now, origin, automatic, verdict, old)
            request = next(self._ids)
            release = is_release(verdict.writes, old)
            intent = _records(now, origin, verdict, old, "intent", request)
            try:
                stored = await self.audit.append_many(intent, keep=release)
            except OSError as err:
                await self._audit_failed(err)
                raise AuditUnavailableError(str(err)) from err
            if not stored:
                await self._audit_failed(None)
            try:
                await self.plant.client.write(
                    PLANT_UNIT_ID, {get(key): value for key, value in verdict.writes.items()}
                )
            except SigenError as err:
                self.plant.forget(verdict.writes)
                await self._outcome(now, origin, verdict, old, "failed", request, err)
                raise WriteUncertainError(err, sent) from err
            self.plant.learn(verdict.writes)
            self.guard = self.guard.after_write(now, automatic)
            await self._outcome(now, origin, verdict, old, "ok", request)
            sent.update(verdict.writes)
        return sent

    async def record(
        self, origin: str, values: Mapping[str, float | None], result: Result, reason: str
    ) -> None:
        """Audit something the controller saw rather than wrote (not confirmed, external)."""
        now = dt_util.utcnow()
        records = [
            AuditRecord(now, origin, key, _address(key), None, value, result, reason=reason)
            for key, value in values.items()
        ]
        if not await self.audit.append_many(records, keep=True):
            await self._audit_failed(None)

    async def _refused(
        self,
        now: datetime,
        origin: Origin,
        automatic: bool,
        verdict: CommandVerdict,
        old: Mapping[str, float | None],
    ) -> None:
        """Audit and report a refusal, then raise WriteRefusedError."""
        rule = verdict.rule.value if verdict.rule is not None else "stopping"
        await self._outcome(now, origin, verdict, old, "refused", None)
        if automatic and verdict.rule is not None:
            await self.alerts.async_raise(
                AlertKind.GUARD_REFUSAL, {"reason": verdict.reason, "rule": rule}
            )
        raise WriteRefusedError(rule, verdict.reason)

    async def _outcome(  # noqa: PLR0917
        self,
        now: datetime,
        origin: Origin,
        verdict: CommandVerdict,
        old: Mapping[str, float | None],
        result: Result,
        request: int | None,
        error: SigenError | None = None,
    ) -> None:
        """Audit an outcome (kept in memory if the disk refuses) and fire `sigenstor_write`."""
        records = _records(now, origin, verdict, old, result, request, error)
        if not await self.audit.append_many(records, keep=True):
            await self._audit_failed(None)
        rule = verdict.rule.value if verdict.rule is not None else None
        self.hass.bus.async_fire(
            EVENT_WRITE,
            {
                "entry_id": self.entry_id,
                "origin": origin,
                "result": result,
                "registers": dict(verdict.writes),
                "old": {key: old.get(key) for key in verdict.writes},
                "rule": rule,
                "reason": verdict.reason,
                "error": None if error is None else str(error),
            },
        )

    async def _audit_failed(self, err: OSError | None) -> None:
        """Tell the owner once per outage that the audit log cannot be written."""
        if self._audit_alerted:
            return
        self._audit_alerted = True
        detail = str(err) if err is not None else "write refused by the disk"
        LOGGER.error("The audit log cannot be written (%s); forcing writes are refused", detail)
        await self.alerts.async_raise(AlertKind.AUDIT_FAILED, {"error": detail})

    def audit_recovered(self) -> None:
        """The backlog reached the disk again: allow a new alert next time."""
        if self._audit_alerted and not self.audit.backlog:
            self._audit_alerted = False
            self.alerts.clear(AlertKind.AUDIT_FAILED)


def _address(key: str) -> int | None:
    return ALLOWED_REGISTERS[key][0] if key in ALLOWED_REGISTERS else None


def _records(  # noqa: PLR0917
    now: datetime,
    origin: str,
    verdict: CommandVerdict,
    old: Mapping[str, float | None],
    result: Result,
    request: int | None,
    error: SigenError | None = None,
) -> list[AuditRecord]:
    """One record per register of a request."""
    rule = verdict.rule.value if verdict.rule is not None else None
    return [
        AuditRecord(
            now,
            origin,
            key,
            _address(key),
            old.get(key),
            value,
            result,
            rule,
            verdict.reason,
            None if error is None else str(error),
            request,
        )
        for key, value in verdict.writes.items()
    ]
