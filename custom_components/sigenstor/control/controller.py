"""The one writer of a config entry: a desired state, commands, and a reconciler that keeps to it.

The controller holds what the plant should be (`reconcile.Desired`: released, one command with
its caps, or another controller's and so hands off) and makes the plant agree: every write goes
through `GuardedWriter` (the guard judges each request, its intent is audited first), and every
uncertainty - an unanswered write, a read-back that differs, a poll hinting at a change, a start
with an unknown plant - marks registers unknown and schedules a read of 40029-40035, judged by
`reconcile.assess`. Corrective writes are releases only: a forcing write that does not show is
given up, a release that does not show is written again with backoff until it does (the owner
is alerted while it does not), and a change nobody here wrote is another controller's, left
alone until it hands back or the owner acts. One lock covers commands, reconciliation, unload
and stop; once stopping begins only releases are written (`release.py`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_track_point_in_utc_time, async_track_time_interval
from homeassistant.util import dt as dt_util

from ..const import CONF_MIN_REQUEST_INTERVAL, DEFAULT_MIN_REQUEST_INTERVAL, LOGGER
from ..coordinator import Plant
from ..listeners import Listeners, Observable
from ..sigen import PLANT_UNIT_ID, SigenClient, Tier
from . import ems
from .actuator import Actuator
from .alerts import AlertKind, Alerts, parse_notify_services
from .audit import AsyncAuditLog, AuditLog, AuditRecord
from .errors import ControlError
from .guard import GuardState, Origin
from .limits import InputError, SafetyLimits, limits_from_options
from .model import PlantSnapshot
from .plant_view import PlantView
from .reconcile import Desired, Want, read_schedule
from .release import Releaser, async_start_releaser, release_until_confirmed
from .store import ActiveOverride, ControlStore, StoredControl
from .writer import GuardedWriter

CONF_READBACK_DELAY: Final = "readback_delay_s"
CONF_NOTIFY: Final = "notify_services"
DEFAULT_READBACK_DELAY: Final = 2.0
CHECK_INTERVAL: Final = timedelta(seconds=10)
STOP_BUDGET_S: Final = 5.0  # keep unload and Home Assistant's stop quick; a releaser goes on


class SigenController(Observable, Actuator):
    """Owns every write of one config entry; see the module docstring."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry[Any], telemetry: Plant) -> None:
        """Set up state; `async_start` loads storage and reconciles the plant."""
        self.hass, self.entry = hass, entry
        self.telemetry = telemetry
        options = entry.options
        try:
            self.limits = limits_from_options(options)
        except InputError:
            LOGGER.warning("Invalid safety options; using the defaults")
            self.limits = SafetyLimits()
        self.readback_delay = float(options.get(CONF_READBACK_DELAY, DEFAULT_READBACK_DELAY))
        # Read-backs at base, 2x, 4x base: a plant that applies slowly gets that long.
        self.base_s = max(self.readback_delay, 0.05)
        self.schedule_s = read_schedule(self.base_s, 4 * self.base_s)
        self.alerts = Alerts(
            hass, entry.entry_id, entry.title, parse_notify_services(options.get(CONF_NOTIFY))
        )
        self.audit = AsyncAuditLog(
            AuditLog(hass.config.path(".storage", f"sigenstor_audit_{entry.entry_id}.jsonl")),
            hass.async_add_executor_job,
        )
        self._store = ControlStore(hass, entry.entry_id)
        self.plant = PlantView(self.telemetry, self.limits)
        self.writer = GuardedWriter(
            hass, entry.entry_id, self.plant, self.audit, self.alerts, limits=self.limits
        )
        self.override: ActiveOverride | None = None
        self.previous_mode: int | None = None
        self.desired = Desired.released()
        self.settled = False
        self.problem: str | None = None  # not_confirmed / no_answer, shown on the entities
        self.external_mode: float | None = None
        self._stored = StoredControl()
        self._lock = asyncio.Lock()
        self._listeners = Listeners()
        self._unsubs: list[CALLBACK_TYPE] = []
        self._expiry: CALLBACK_TYPE | None = None
        self._stopped = self.unreachable_alerted = False
        self._init_reconciler()

    # ---- state others read -------------------------------------------------------------

    @property
    def emergency_stop(self) -> bool:
        """Whether the emergency stop is engaged."""
        return self.writer.guard.emergency_stop

    @property
    def guard(self) -> GuardState:
        """The guard's memory (last automatic write, emergency stop)."""
        return self.writer.guard

    @property
    def status(self) -> str:
        """Who has the plant: emergency_stop, external, override, automatic, releasing, released."""
        if self.emergency_stop:
            return "emergency_stop"
        if self.desired.want is Want.EXTERNAL:
            return "external"
        if self.override is not None:
            return "override"
        if self.desired.want is Want.FORCED:
            return "automatic"
        return "released" if self.settled else "releasing"

    def remaining(self) -> timedelta | None:
        """Time left of the active override's duration."""
        if self.override is None:
            return None
        return ems.remaining(self.override.command, self.override.started_at, dt_util.utcnow())

    def snapshot(self) -> PlantSnapshot:
        """What the guard knows about the plant now."""
        return self.plant.snapshot()

    def register_value(self, key: str) -> float | None:
        """Latest known value of a plant limit register (for display)."""
        return self.plant.registers().get(key)

    def in_control(self) -> bool | None:
        """Whether Remote EMS is enabled as last read or written (None when unknown)."""
        return self.plant.in_control()

    # ---- lifecycle ----------------------------------------------------------------------

    async def async_start(self) -> None:
        """Watch telemetry and bring the plant in line with the stored state (background)."""
        if self._stopped:  # unloaded while it was starting (a reload during set-up)
            return
        self._watch()
        if self.emergency_stop:
            await self.alerts.async_raise(AlertKind.EMERGENCY_STOP, {})
        await self._run_pass()
        self._notify()

    async def async_load(self) -> None:
        """Load the stored state before anything can ask for a command (during setup)."""
        self._stored = stored = await self._store.async_load()
        self.writer.guard = GuardState(emergency_stop=stored.emergency_stop)
        self.previous_mode = stored.previous_mode
        self.override = stored.override
        self.own.restore(stored.own)
        if stored.want is Want.EXTERNAL:
            self.desired, self.settled = Desired(Want.EXTERNAL, {}, "external"), True
        elif stored.want is Want.FORCED or not stored.settled:
            # Ours may be on the plant (a crash, an unconfirmed release): release it.
            self.desired, self.settled = Desired.released(), False
            self._begin_pending()
        else:
            self.desired, self.settled = Desired.released(), True

    def _watch(self) -> None:
        """Reconcile after every live and slow plant poll and every CHECK_INTERVAL."""
        for tier in (Tier.LIVE, Tier.SLOW):
            coordinator = self.telemetry.coordinators.get((PLANT_UNIT_ID, tier))
            if coordinator is not None:
                self._unsubs.append(coordinator.async_add_listener(self._on_poll))
        self._unsubs.append(
            async_track_time_interval(
                self.hass, self._on_timer, CHECK_INTERVAL, cancel_on_shutdown=True
            )
        )

    @callback
    def _on_poll(self) -> None:
        if self.override is not None:
            self._notify()  # remaining time moved on
        self._kick()

    @callback
    def _on_timer(self, _: datetime) -> None:
        self._kick()

    async def async_shutdown(self, *, final: bool = False) -> bool:
        """Release the plant (a stored override is kept for the next start) and stop.

        Returns whether the plant confirmed the release. Unless Home Assistant itself is
        stopping (`final`), an unconfirmed release is handed to a `Releaser`.
        """
        if self._stopped:
            return True
        self.writer.stopping = True  # from now on only releases are written
        for unsub in self._unsubs:
            unsub()
        self._unsubs.clear()
        self._cancel_wake()
        if self._expiry is not None:  # the override itself stays stored for the next start
            self._expiry()
            self._expiry = None
        async with self._lock:
            self._stopped = True
            if self.desired.want is Want.EXTERNAL:
                await self._save()
                return True
            confirmed = True
            # Released and read back so (now or as stored), and nothing forced since: an
            # unknown 40029 (a reload before the start could read it) is not ours to release.
            if (
                self.desired.want is Want.FORCED
                or not self.settled
                or self.plant.in_control() is True
            ):
                self.desired = Desired.released()
                self.settled = False
                await self._save()
                confirmed = await release_until_confirmed(
                    self.writer,
                    self.plant,
                    self._release_block(),
                    budget_s=STOP_BUDGET_S,
                    readback_s=min(self.base_s, 1.0),
                )
                self.settled = confirmed
                await self._save()
        if not confirmed:
            LOGGER.error(
                "The plant has not confirmed the release of remote control; %s. Check it in the "
                "mySigen app: it never reverts on its own",
                "it is released again at the next start" if final else "retrying in the background",
            )
            if not final:
                self._hand_to_releaser()
        return confirmed

    def _hand_to_releaser(self) -> None:
        """Keep releasing after unload, on a connection opened once the entry's has closed."""
        data = self.entry.data
        interval = self.entry.options.get(CONF_MIN_REQUEST_INTERVAL, DEFAULT_MIN_REQUEST_INTERVAL)
        releaser = Releaser(
            self.writer,
            self.plant,
            self._release_block(),
            lambda: SigenClient(data["host"], data["port"], min_interval=interval),
            self.base_s,
        )
        async_start_releaser(self.hass, self.entry.entry_id, releaser)

    # ---- commands -----------------------------------------------------------------------

    @asynccontextmanager
    async def _command(self) -> AsyncIterator[None]:
        """Hold the lock for one command; refuse once stopping.

        A command that comes before the start has read the plant runs the start first, so the
        stored state (an override to re-apply, a release owed) never lands after the command.
        """
        async with self._lock:
            if self.writer.stopping:
                raise ControlError("stopping")
            if not self._started:
                await self._start_from_store()
            if not self._started:  # unread: the owner's command is newer than the store
                self._started = True
                if self.override is not None:  # never re-applied, so it ends here
                    self._set_override(None)
                    await self._save()
            yield

    async def async_force(self, command: ems.Command) -> None:
        """Start an override (ForceCharge, ForceExport or ForceHold)."""
        async with self._command():
            if self.emergency_stop:
                raise ControlError("emergency_stop_engaged")
            await self._take(command, "override", dt_util.utcnow())
        for caveat in ems.caveats(command, self.plant.firmware()):
            LOGGER.info("Override caveat on this firmware: %s", caveat)

    async def async_automatic(self, command: ems.Command, origin: Origin) -> dict[str, float]:
        """Carry out a schedule or optimiser decision: guarded as automatic, never an override.

        `ems.Release` hands the plant back to self-consumption. A command already in force is
        not written again, so repeating a decision costs no request; returns what was written.
        """
        async with self._command():
            if self.emergency_stop:
                raise ControlError("emergency_stop_engaged")
            if self.override is not None:
                raise ControlError("override_active")
            if self.desired.want is Want.EXTERNAL:
                raise ControlError("external_control")
            if isinstance(command, ems.Release):
                if self.desired.want is Want.RELEASED and self.plant.in_control() is False:
                    return {}
                return await self._release(origin, "automatic release", notify=False)
            return await self._take(command, origin, dt_util.utcnow(), skip_in_force=True)

    async def async_release(self, origin: Origin, reason: str) -> None:
        """Give control back to the plant (40029 = 0, caps to rated) and tell the owner."""
        async with self._command():
            await self._release(origin, reason)

    async def async_clear_override(self) -> None:
        """Back to automatic: release control (nothing is written when already released)."""
        async with self._command():
            if self._released_and_settled():
                return
            await self._release("manual", "override cleared")

    def _released_and_settled(self) -> bool:
        """No override, released on purpose, and the plant shows it: a release writes nothing."""
        return (
            self.override is None
            and self.desired.want is Want.RELEASED
            and self.settled
            and self.plant.in_control() is False
        )

    async def async_emergency_stop(self) -> None:
        """Release control and block every forcing write until cleared."""
        async with self._lock:
            engaged = self.guard.emergency_stop
            if engaged and self._released_and_settled():
                return  # a second press: nothing to write and nothing new to tell the owner
            self.writer.guard = GuardState(self.guard.last_automatic_write, emergency_stop=True)
            self._set_override(None)
            await self._save()  # the flag first: it holds even if the release is not answered
            self._notify()
            try:  # the release before the alert: a slow notify action must not hold it up
                await self._release("manual", "emergency stop")
            finally:
                if not engaged:  # one notification per stop, not per press
                    await self.alerts.async_raise(AlertKind.EMERGENCY_STOP, {})

    async def async_clear_emergency_stop(self) -> None:
        """Allow forcing writes again."""
        async with self._lock:
            self.writer.guard = GuardState(self.guard.last_automatic_write, emergency_stop=False)
            await self._save()
        self.alerts.clear(AlertKind.EMERGENCY_STOP)
        self._notify()

    async def async_set_limit(self, key: str, value: float) -> None:
        """Owner sets one plant limit register (number entities)."""
        async with self._command():
            await self._set_limit(key, value)

    async def async_audit_records(self, limit: int) -> list[AuditRecord]:
        """The newest audit records, oldest first."""
        return await self.audit.read(limit)

    async def async_remove_store(self) -> None:
        """Forget stored state (entry removed)."""
        await self._store.async_remove()

    # ---- storage ------------------------------------------------------------------------

    def _set_override(self, override: ActiveOverride | None) -> None:
        self.override = override
        if self._expiry is not None:
            self._expiry()
            self._expiry = None
        if override is not None and (ends := override.ends_at()) is not None:
            self._expiry = async_track_point_in_utc_time(self.hass, self._on_expiry, ends)

    @callback
    def _on_expiry(self, _: datetime) -> None:
        self._expiry = None
        self._kick()

    async def _save(self) -> None:
        await self._store.async_save(
            StoredControl(
                self.emergency_stop,
                self.previous_mode,
                self.override,
                self.desired.want,
                self.settled,
                self.own.latest(),
            )
        )
