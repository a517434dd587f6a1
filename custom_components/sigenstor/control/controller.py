"""The one writer: a per-entry controller that guards, writes, reads back, audits and releases.

Every register write of the integration goes through `SigenController.async_write`: the pure
guard (`safety.check_command`) judges it against a `PlantSnapshot` of the latest telemetry, the
client sends it ahead of polls (`Priority.WRITE`) in as few contiguous requests as possible, a
background read-back after `readback_delay` s confirms it (or reverts and alerts), and every
attempt is appended to the audit log, fired as `sigenstor_write` and shown in the logbook.

Overrides (`ems.ForceCharge/ForceExport/ForceHold`) and the emergency-stop flag are stored and
survive restarts; the plant itself is released whenever the entry unloads or Home Assistant
stops, because Remote EMS never reverts on its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Final

from homeassistant.components import persistent_notification
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_point_in_utc_time, async_track_time_interval
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, LOGGER
from ..coordinator import SigenConfigEntry, SigenRuntimeData, value_of
from ..sigen.client import Priority
from ..sigen.exceptions import SigenError
from ..sigen.registers import PLANT_UNIT_ID, Tier, get
from . import ems
from .alerts import AlertKind, Alerts, parse_notify_services
from .audit import AsyncAuditLog, AuditLog, AuditRecord, Result
from .guard import (
    ALLOWED_REGISTERS,
    CHARGE_CAP,
    DISCHARGE_CAP,
    ENABLE,
    GuardState,
    LimitsError,
    Origin,
    PlantSnapshot,
    SafetyLimits,
    check_command,
    current_violations,
    limits_from_options,
)
from .plant_view import SOC_KEY, WORK_MODE_KEY, PlantView, matches
from .store import ActiveOverride, ControlStore, StoredControl

EVENT_WRITE: Final = f"{DOMAIN}_write"
CONF_READBACK_DELAY: Final = "readback_delay_s"
CONF_NOTIFY: Final = "notify_services"
DEFAULT_READBACK_DELAY: Final = 2.0
CHECK_INTERVAL: Final = timedelta(seconds=10)
UNREACHABLE_AFTER: Final = timedelta(minutes=5)
STOP_READBACK_MAX_S: Final = 2.0  # keep Home Assistant's stop quick
REMOTE_EMS_WORK_MODE: Final = 7  # 30003 while Remote EMS has control


class ControlError(HomeAssistantError):
    """A command could not be carried out (translated)."""

    def __init__(self, key: str, **placeholders: object) -> None:
        """Build a translated error."""
        values = {name: str(value) for name, value in placeholders.items()}
        super().__init__(
            translation_domain=DOMAIN, translation_key=key, translation_placeholders=values
        )


class SigenController:
    """Owns every write of one config entry; see the module docstring."""

    def __init__(self, hass: HomeAssistant, entry: SigenConfigEntry) -> None:
        """Set up state; `async_start` loads storage and reconciles the plant."""
        self.hass = hass
        self.entry = entry
        self.runtime: SigenRuntimeData = entry.runtime_data
        options = entry.options
        try:
            self.limits = limits_from_options(options)
        except LimitsError:
            LOGGER.warning("Invalid safety options; using the defaults")
            self.limits = SafetyLimits()
        self.readback_delay = float(options.get(CONF_READBACK_DELAY, DEFAULT_READBACK_DELAY))
        self.alerts = Alerts(
            hass, entry.entry_id, entry.title, parse_notify_services(options.get(CONF_NOTIFY))
        )
        self.audit = AsyncAuditLog(
            AuditLog(hass.config.path(".storage", f"sigenstor_audit_{entry.entry_id}.jsonl")),
            hass.async_add_executor_job,
        )
        self._store = ControlStore(hass, entry.entry_id)
        self.plant = PlantView(self.runtime, self.limits)
        self.guard = GuardState()
        self.override: ActiveOverride | None = None
        self.previous_mode: int | None = None
        self._lock = asyncio.Lock()
        self._pending: dict[str, int] = {}  # key -> generation awaiting read-back
        self._generation = 0
        self._listeners: list[CALLBACK_TYPE] = []
        self._unsubs: list[CALLBACK_TYPE] = []
        self._expiry: CALLBACK_TYPE | None = None
        self._checking = False
        self._stopped = False
        self.unreachable_alerted = False

    # ---- state others read -------------------------------------------------------------

    @property
    def emergency_stop(self) -> bool:
        """Whether the emergency stop is engaged."""
        return self.guard.emergency_stop

    def remaining(self) -> timedelta | None:
        """Time left of the active override's duration."""
        if self.override is None:
            return None
        return ems.remaining(self.override.command, self.override.started_at, dt_util.utcnow())

    @callback
    def async_add_listener(self, update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call `update` whenever override or emergency-stop state changes."""
        self._listeners.append(update)
        return lambda: self._listeners.remove(update)

    @callback
    def _notify_listeners(self) -> None:
        for update in list(self._listeners):
            update()

    # ---- telemetry ----------------------------------------------------------------------

    def snapshot(self) -> PlantSnapshot:
        """What the guard knows about the plant now."""
        return self.plant.snapshot()

    def register_value(self, key: str) -> float | None:
        """Latest known value of a control register (written, read back or polled)."""
        return self.plant.registers().get(key)

    def in_control(self) -> bool | None:
        """Whether Remote EMS is enabled (None when unknown)."""
        return self.plant.in_control()

    # ---- lifecycle ----------------------------------------------------------------------

    async def async_start(self) -> None:
        """Load stored state, watch telemetry, and bring the plant in line with it."""
        stored = await self._store.async_load()
        self.guard = GuardState(emergency_stop=stored.emergency_stop)
        self.previous_mode = stored.previous_mode
        self.override = stored.override
        self._watch()
        if self.guard.emergency_stop:
            await self.alerts.async_raise(AlertKind.EMERGENCY_STOP, {})
        try:
            await self.plant.async_read()
            await self._reconcile()
        except (SigenError, HomeAssistantError) as err:
            LOGGER.warning("Could not reconcile Remote EMS state at start: %s", err)
        self._notify_listeners()

    def _watch(self) -> None:
        """Follow live and slow polls, and check the override periodically."""
        self.plant.stamp_from_polls()
        live = self.runtime.coordinators.get((PLANT_UNIT_ID, Tier.LIVE))
        if live is not None:
            self._unsubs.append(live.async_add_listener(self._on_live))
        for unit in self.runtime.inverter_ids:
            slow = self.runtime.coordinators.get((unit, Tier.SLOW))
            if slow is not None:
                self._unsubs.append(slow.async_add_listener(self._on_temperature))
        self._unsubs.append(
            async_track_time_interval(
                self.hass, self._on_timer, CHECK_INTERVAL, cancel_on_shutdown=True
            )
        )

    @callback
    def _on_live(self) -> None:
        self.plant.on_live_poll()
        if self.override is not None:
            self._notify_listeners()  # remaining time moved on
        self._schedule_check()

    @callback
    def _on_temperature(self) -> None:
        self.plant.on_temperature_poll()

    @callback
    def _on_timer(self, _: datetime) -> None:
        self._schedule_check()

    @callback
    def _schedule_check(self) -> None:
        if self._checking or self._stopped:
            return
        self._checking = True
        self.entry.async_create_background_task(
            self.hass, self._async_check(), f"{DOMAIN} control check"
        )

    async def _async_check(self) -> None:
        """Finish overrides that are done, release unsafe states, alert on long outages."""
        try:
            await self._check_link()
            if self._lock.locked():
                return
            now = dt_util.utcnow()
            if self.override is not None and ems.is_complete(
                self.override.command, self.plant.live(SOC_KEY), self.override.started_at, now
            ):
                await self.async_release("override", "complete")
                return
            if self.override is not None or self.in_control():
                violations = current_violations(self.snapshot(), self.limits, now)
                if violations:
                    reason = ", ".join(rule.value for rule in violations)
                    LOGGER.warning("Releasing Remote EMS: %s", reason)
                    await self.async_release("safety", reason)
        except (SigenError, HomeAssistantError) as err:
            LOGGER.debug("Control check could not act: %s", err)
        finally:
            self._checking = False

    async def _check_link(self) -> None:
        down_since = self.runtime.link.down_since
        if down_since is None:
            if self.unreachable_alerted:
                self.unreachable_alerted = False
                self.alerts.clear(AlertKind.PLANT_UNREACHABLE)
            return
        if not self.unreachable_alerted and dt_util.utcnow() - down_since >= UNREACHABLE_AFTER:
            self.unreachable_alerted = True
            await self.alerts.async_raise(
                AlertKind.PLANT_UNREACHABLE, {"since": down_since.isoformat(timespec="seconds")}
            )

    async def _reconcile(self) -> None:
        """Re-apply a stored override, or release Remote EMS that nothing here explains."""
        if self.guard.emergency_stop:
            self.override = None
            if self.in_control() is not False:
                await self.async_release("safety", "emergency stop still engaged")
            return
        override = self.override
        now = dt_util.utcnow()
        if override is not None and not ems.is_complete(
            override.command, self.plant.live(SOC_KEY), override.started_at, now
        ):
            try:
                await self._apply(override.command, override.started_at)
            except HomeAssistantError as err:
                LOGGER.warning("Stored override not re-applied: %s", err)
                await self.async_release("safety", "stored override could not be re-applied")
            return
        if override is not None:
            await self._set_override(None)
        if self.in_control():
            await self.async_release("safety", "unexplained Remote EMS state at start")
            persistent_notification.async_create(
                self.hass,
                "Remote EMS was enabled on the plant without an override that Home Assistant "
                "knows about, so it was released. " + ems.release_message(self.previous_mode),
                title=f"{self.entry.title}: remote control released",
                notification_id=f"{DOMAIN}_unexplained_{self.entry.entry_id}",
            )

    async def async_shutdown(self) -> None:
        """Release the plant (keeping a stored override for the next start) and stop."""
        if self._stopped:
            return
        self._stopped = True
        for unsub in self._unsubs:
            unsub()
        self._unsubs.clear()
        self._cancel_expiry()
        if self.override is not None or self.in_control() is not False:
            try:
                await self.async_release("safety", "integration stopping", keep_override=True)
                await self._confirm_released()
            except HomeAssistantError as err:
                LOGGER.error("Could not release Remote EMS while stopping: %s", err)

    async def _confirm_released(self) -> None:
        """Read the stop release back once; write it again if the plant did not take it.

        The usual read-back runs in the background, which would outlive a stopping entry, so
        the release is confirmed here, briefly, while the link is still open.
        """
        for attempt in range(2):
            await asyncio.sleep(min(self.readback_delay, STOP_READBACK_MAX_S))
            try:
                values = await self.runtime.client.read(
                    PLANT_UNIT_ID, [get(ENABLE)], priority=Priority.WRITE
                )
            except SigenError as err:
                LOGGER.error("Could not confirm the release while stopping: %s", err)
                return
            if matches(ENABLE, values.get(ENABLE), 0):
                return
            await self.audit.append(
                AuditRecord(
                    dt_util.utcnow(),
                    "safety",
                    ENABLE,
                    ALLOWED_REGISTERS[ENABLE][0],
                    1,
                    0,
                    "not_confirmed",
                    reason=f"read back {values.get(ENABLE)} while stopping",
                )
            )
            if attempt == 0:
                await self.async_write({ENABLE: 0}, origin="safety", readback=False)
        LOGGER.error(
            "The plant still reports Remote EMS enabled after two releases; check it in the "
            "mySigen app, because it will not revert on its own"
        )

    # ---- commands -----------------------------------------------------------------------

    async def async_force(self, command: ems.Command) -> None:
        """Start an override (ForceCharge, ForceExport or ForceHold)."""
        if self.guard.emergency_stop:
            raise ControlError("emergency_stop_engaged")
        await self._apply(command, dt_util.utcnow())

    async def _apply(self, command: ems.Command, started_at: datetime) -> None:
        """Write the registers that carry out `command` and remember it."""
        rated = await self._ensure_rated()
        if self.in_control() is not True:
            mode = self.plant.live(WORK_MODE_KEY)
            if mode is not None and int(mode) != REMOTE_EMS_WORK_MODE:
                self.previous_mode = int(mode)
        writes = ems.targets(command, self.plant.firmware(), *rated)
        await self.async_write(writes, origin="override")
        await self._set_override(ActiveOverride(command, started_at))
        for caveat in ems.caveats(command, self.plant.firmware()):
            LOGGER.info("Override caveat on this firmware: %s", caveat)

    async def async_automatic(self, command: ems.Command, origin: Origin) -> dict[str, float]:
        """Carry out a schedule or optimiser decision: guarded as automatic, never an override.

        `ems.Release` hands the plant back to self-consumption. Registers already at the wanted
        value are skipped, so repeating a decision costs no request; returns what was written.
        """
        if self.guard.emergency_stop:
            raise ControlError("emergency_stop_engaged")
        if self.override is not None:
            raise ControlError("override_active")
        if isinstance(command, ems.Release) and self.in_control() is False:
            return {}
        rated = await self._ensure_rated()
        if not isinstance(command, ems.Release) and self.in_control() is not True:
            mode = self.plant.live(WORK_MODE_KEY)
            if mode is not None and int(mode) != REMOTE_EMS_WORK_MODE:
                self.previous_mode = int(mode)
        try:
            writes = ems.targets(command, self.plant.firmware(), *rated)
        except ems.CommandError as err:
            raise ControlError(err.translation_key, **err.placeholders) from err
        current = self.plant.registers()
        changed = {
            key: value
            for key, value in writes.items()
            if (now := current.get(key)) is None or not matches(key, now, value)
        }
        if not changed:
            return {}
        # A mode change onto caps that already read right (rated, after a release) still
        # carries them: without the cap the guard cannot clamp the rise to its step and
        # would refuse the command instead.
        for key in (CHARGE_CAP, DISCHARGE_CAP):
            if key in writes:
                changed.setdefault(key, writes[key])
        return await self.async_write(changed, origin=origin)

    async def async_release(
        self, origin: Origin, reason: str, *, keep_override: bool = False
    ) -> None:
        """Give control back to the plant (40029 = 0, caps to rated) and tell the owner."""
        rated = self.plant.rated_kw()
        if rated[0] is not None and rated[1] is not None:
            writes = ems.targets(ems.Release(), self.plant.firmware(), rated[0], rated[1])
        else:  # ratings unknown: at least end the forcing
            writes = {
                ENABLE: 0,
                "independent_phase_control_enable": 0,
                "remote_ems_control_mode": ems.MODE_SELF_CONSUMPTION,
            }
        await self.async_write(writes, origin=origin, readback=not self._stopped)
        if not keep_override:
            await self._set_override(None)
        message = ems.release_message(self.previous_mode)
        LOGGER.info("%s (%s)", message, reason)
        if not self._stopped:
            persistent_notification.async_create(
                self.hass,
                f"{message} Reason: {reason}.",
                title=f"{self.entry.title}: remote control released",
                notification_id=f"{DOMAIN}_released_{self.entry.entry_id}",
            )

    async def async_clear_override(self) -> None:
        """Back to automatic: release control."""
        await self.async_release("manual", "override cleared")

    async def async_emergency_stop(self) -> None:
        """Release control and block every automatic write until cleared."""
        self.guard = GuardState(self.guard.last_automatic_write, emergency_stop=True)
        self.override = None
        await self._save()
        self._notify_listeners()
        await self.alerts.async_raise(AlertKind.EMERGENCY_STOP, {})
        await self.async_release("manual", "emergency stop")

    async def async_clear_emergency_stop(self) -> None:
        """Allow automatic writes again."""
        self.guard = GuardState(self.guard.last_automatic_write, emergency_stop=False)
        await self._save()
        self.alerts.clear(AlertKind.EMERGENCY_STOP)
        self._notify_listeners()

    async def async_set_limit(self, key: str, value: float) -> None:
        """Owner sets one plant limit register (number entities)."""
        await self.async_write({key: value}, origin="manual")

    async def _ensure_rated(self) -> tuple[float, float]:
        rated = self.plant.rated_kw()
        if rated[0] is None or rated[1] is None:
            try:
                await self.plant.async_read()
            except SigenError as err:
                raise ControlError("write_failed", error=err) from err
            rated = self.plant.rated_kw()
        if rated[0] is None or rated[1] is None:
            raise ControlError("plant_info_unknown")
        return rated[0], rated[1]

    # ---- the write path -----------------------------------------------------------------

    async def async_write(
        self,
        writes: Mapping[str, float],
        *,
        origin: Origin,
        automatic: bool | None = None,
        readback: bool = True,
        result: Result = "ok",
    ) -> dict[str, float]:
        """Guard, write, audit and schedule the read-back; returns what was written."""
        is_auto = origin in ("schedule", "optimiser", "safety") if automatic is None else automatic
        async with self._lock:
            now = dt_util.utcnow()
            snapshot = self.snapshot()
            old = dict(snapshot.registers)
            verdict = check_command(
                writes,
                origin=origin,
                automatic=is_auto,
                snapshot=snapshot,
                state=self.guard,
                limits=self.limits,
                now=now,
            )
            rule = verdict.rule.value if verdict.rule is not None else None
            if not verdict.allowed:
                await self._record(
                    now, origin, verdict.writes, old, "refused", rule, verdict.reason
                )
                if is_auto:
                    await self.alerts.async_raise(
                        AlertKind.GUARD_REFUSAL, {"reason": verdict.reason, "rule": rule or ""}
                    )
                raise ControlError("write_refused", rule=rule, reason=verdict.reason)
            sent: dict[str, float] = {}
            try:
                for block in ems.write_blocks(verdict.writes):
                    await self.runtime.client.write(
                        PLANT_UNIT_ID, {get(key): value for key, value in block.items()}
                    )
                    self.plant.remember(block)
                    sent.update(block)
            except SigenError as err:
                failed = {k: v for k, v in verdict.writes.items() if k not in sent}
                await self._record(now, origin, sent, old, "ok", rule, verdict.reason)
                await self._record(now, origin, failed, old, "failed", rule, verdict.reason, err)
                raise ControlError("write_failed", error=err) from err
            self.guard = self.guard.after_write(now, is_auto)
            await self._record(now, origin, sent, old, result, rule, verdict.reason)
            if readback and self.readback_delay >= 0:
                self._generation += 1
                for key in sent:
                    self._pending[key] = self._generation
                self.entry.async_create_background_task(
                    self.hass,
                    self._readback(sent, old, self._generation, origin),
                    f"{DOMAIN} read-back",
                )
            return sent

    async def _readback(
        self,
        sent: Mapping[str, float],
        old: Mapping[str, float | None],
        generation: int,
        origin: Origin,
    ) -> None:
        """Confirm a write took; otherwise revert to the previous values and alert."""
        await asyncio.sleep(self.readback_delay)
        keys = [key for key in sent if self._pending.get(key) == generation]
        if not keys or self._stopped:
            return
        try:
            values = await self.runtime.client.read(
                PLANT_UNIT_ID, [get(key) for key in keys], priority=Priority.WRITE
            )
        except SigenError as err:
            LOGGER.warning("Read-back after a write failed: %s", err)
            return
        missed = {k: values.get(k) for k in keys if not matches(k, values.get(k), sent[k])}
        for key in keys:
            if self._pending.get(key) == generation:
                del self._pending[key]
                self.plant.remember({key: value_of(values, key)})
        if not missed:
            return
        now = dt_util.utcnow()
        async with self._lock:
            for key, actual in missed.items():
                await self.audit.append(
                    AuditRecord(
                        now,
                        origin,
                        key,
                        ALLOWED_REGISTERS[key][0],
                        old.get(key),
                        sent[key],
                        "not_confirmed",
                        reason=f"read back {actual}",
                    )
                )
        # Rewrite every known previous value of the command so the revert stays contiguous.
        revert = {k: v for k in keys if (v := old.get(k)) is not None}
        if origin == "override" and self.override is not None:
            await self._set_override(None)
        for key, actual in missed.items():
            await self.alerts.async_raise(
                AlertKind.WRITE_NOT_CONFIRMED,
                {"register": key, "value": f"{sent[key]:g}", "actual": str(actual)},
            )
        if revert:
            try:
                await self.async_write(
                    revert, origin="safety", automatic=False, readback=False, result="reverted"
                )
            except HomeAssistantError as err:
                LOGGER.error("Could not revert an unconfirmed write: %s", err)

    async def _record(  # noqa: PLR0917
        self,
        now: datetime,
        origin: Origin,
        writes: Mapping[str, float],
        old: Mapping[str, float | None],
        result: Result,
        rule: str | None,
        reason: str | None,
        error: Exception | None = None,
    ) -> None:
        """Audit, fire `sigenstor_write` (the logbook shows it) for one attempted command."""
        if not writes:
            return
        for key, value in writes.items():
            address = ALLOWED_REGISTERS[key][0] if key in ALLOWED_REGISTERS else None
            await self.audit.append(
                AuditRecord(
                    now,
                    origin,
                    key,
                    address,
                    old.get(key),
                    value,
                    result,
                    rule,
                    reason,
                    None if error is None else str(error),
                )
            )
        self.hass.bus.async_fire(
            EVENT_WRITE,
            {
                "entry_id": self.entry.entry_id,
                "origin": origin,
                "result": result,
                "registers": dict(writes),
                "old": {key: old.get(key) for key in writes},
                "rule": rule,
                "reason": reason,
                "error": None if error is None else str(error),
            },
        )

    # ---- storage ------------------------------------------------------------------------

    async def _set_override(self, override: ActiveOverride | None) -> None:
        self.override = override
        self._cancel_expiry()
        if override is not None and (ends := override.ends_at()) is not None:
            self._expiry = async_track_point_in_utc_time(self.hass, self._on_expiry, ends)
        await self._save()
        self._notify_listeners()

    @callback
    def _on_expiry(self, _: datetime) -> None:
        self._expiry = None
        self._schedule_check()

    def _cancel_expiry(self) -> None:
        if self._expiry is not None:
            self._expiry()
            self._expiry = None

    async def _save(self) -> None:
        await self._store.async_save(
            StoredControl(self.guard.emergency_stop, self.previous_mode, self.override)
        )

    async def async_remove_store(self) -> None:
        """Forget stored state (entry removed)."""
        await self._store.async_remove()

    async def async_audit_records(self, limit: int) -> list[AuditRecord]:
        """The newest audit records, oldest first."""
        return await self.audit.read(limit)


def controller_for(hass: HomeAssistant, entry_id: str) -> SigenController | None:
    """The controller of a loaded entry, None when the entry is unknown or not loaded."""
    entry = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN:
        return None
    if entry.state is not ConfigEntryState.LOADED:
        return None
    controller: SigenController | None = entry.runtime_data.controller
    return controller
