"""The reconciling half of the controller: read the plant back and act on `reconcile.assess`.

A pass runs after every plant poll, every 10 s, after each write (at the read-back times) and
whenever a retry is due; it holds the controller's lock. It starts the controller from its
stored state once the plant answers, reads 40029-40035 when anything is in doubt, acts on the
assessment (only ever by releasing), then ends a finished override or a forced state that breaks
a safety rule. Failed reads back off (base, 2x ... `RETRY_CAP_S`); so do repeated releases, and
the owner is alerted from the third.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
import time
from typing import Final

from homeassistant.core import CALLBACK_TYPE, callback
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, LOGGER
from ..sigen import PLANT_UNIT_ID, SigenError
from . import ems
from .alerts import AlertKind
from .base import ControlBase
from .errors import ControlError
from .guard import Origin
from .model import ENABLE, MODE
from .own import OwnWrites
from .plant_view import SOC_KEY
from .reconcile import (
    RETRY_CAP_S,
    Action,
    Desired,
    Want,
    assess,
    enable_state,
    retry_delay,
)

RELEASE_ALERT_AFTER: Final = 3  # releases written before the owner is told it does not take
UNREACHABLE_AFTER: Final = 300.0  # seconds of silence before the owner is alerted


class Reconciler(ControlBase):
    """Reads the plant back and keeps it to the desired state; see the module docstring."""

    def _init_reconciler(self) -> None:
        self.retry_cap_s = min(RETRY_CAP_S, 5 * self.base_s)
        self._pending: float | None = None  # monotonic time of a write not yet read back
        self._reads = 0  # read-backs of that write so far
        self._suspected = False  # the last read showed a change nobody here wrote
        self._failures = 0  # failed reads in a row
        self._next_try = 0.0  # no read before this (monotonic)
        self._release_attempts = 0
        self._release_alerted = False
        self._started = False
        self._running = False
        self._again = False
        self._wake: CALLBACK_TYPE | None = None
        self._wake_at: float | None = None
        self.own = OwnWrites(10 * self.schedule_s[-1])  # a slow plant may apply them late

    # ---- scheduling ---------------------------------------------------------------------

    @callback
    def _kick(self) -> None:
        """Run a pass now (or right after the one running)."""
        if self._stopped:
            return
        if self._running:
            self._again = True
            return
        self.entry.async_create_background_task(self.hass, self._run_pass(), f"{DOMAIN} reconcile")

    @callback
    def _kick_after(self, delay: float) -> None:
        """Run a pass in `delay` s; the earliest request wins."""
        if self._stopped:
            return
        due = time.monotonic() + delay
        if self._wake is not None and self._wake_at is not None:
            if self._wake_at <= due:
                return
            self._wake()
        self._wake_at = due
        self._wake = async_call_later(self.hass, max(delay, 0.0), self._on_wake)

    @callback
    def _on_wake(self, _: datetime) -> None:
        self._wake = self._wake_at = None
        self._kick()

    def _cancel_wake(self) -> None:
        if self._wake is not None:
            self._wake()
            self._wake = self._wake_at = None

    def _begin_pending(self) -> None:
        """A write (or an unanswered one) to read back at the scheduled times."""
        self._pending = time.monotonic()
        self._reads = 0
        self._suspected = False
        self._kick_after(self.schedule_s[0])

    def _end_external(self) -> None:
        """The owner takes control back from another controller."""
        if self.desired.want is Want.EXTERNAL:
            self.external_mode = None
            self.alerts.clear(AlertKind.EXTERNAL_CONTROL)

    # ---- the pass -----------------------------------------------------------------------

    async def _run_pass(self) -> None:
        self._running = True
        try:
            while True:
                self._again = False
                await self._check_link()
                async with self._lock:
                    if self._stopped:
                        return
                    await self._pass()
                if not self._again:
                    return
        finally:
            self._running = False

    async def _pass(self) -> None:
        now = time.monotonic()
        if now < self._next_try:
            self._kick_after(self._next_try - now)
            return
        if not self._started:
            await self._start_from_store()
            return
        if self._needs_read(now):
            try:
                read = await self.plant.async_read_control()
            except SigenError as err:
                self._failed_read(err)
                return
            self._failures = 0
            await self._act(read, time.monotonic())
        found = self._check_rules()
        if found is not None:
            LOGGER.info("Releasing remote control: %s", found[1])
            await self._try_release(*found)

    def _needs_read(self, now: float) -> bool:
        if self.plant.control_unknown() or self._suspected:
            return True
        if self._pending is not None:
            due = self._pending + self.schedule_s[min(self._reads, len(self.schedule_s) - 1)]
            if now < due:
                self._kick_after(due - now)
            return now >= due
        return not self.settled or self.plant.hints_change()

    def _failed_read(self, err: SigenError) -> None:
        self._failures += 1
        delay = retry_delay(self._failures, self.base_s, self.retry_cap_s)
        LOGGER.debug("Reading the plant back failed (%s); again in %.1f s", err, delay)
        self._next_try = time.monotonic() + delay
        self._kick_after(delay)

    async def _try_release(self, origin: Origin, reason: str) -> None:
        try:
            await self._release(origin, reason)
        except ControlError as err:
            LOGGER.debug("Release not carried out yet: %s", err)

    async def _act(self, read: Mapping[str, float | None], now: float) -> None:
        """Do what the assessment of one read says."""
        if self.writer.guard.emergency_stop and self.desired.want is Want.EXTERNAL:
            # The owner's emergency stop outranks any other controller (the stop wants release).
            await self._try_release("safety", "emergency stop engaged")
            return
        pending = self._pending is not None
        if self.desired.want is Want.RELEASED and self.own.shows(read, now):
            pending = True  # our own write, landing late: release it again, never hand off
        window_over = pending and now - (self._pending or now) >= self.schedule_s[-1] - 1e-6
        found = assess(
            self.desired, read, pending=pending, window_over=window_over, suspected=self._suspected
        )
        action = found.action
        if action is Action.SETTLED:
            await self._settle()
        elif action is Action.WAIT:
            self._reads += 1
            step = self.schedule_s[min(self._reads, len(self.schedule_s) - 1)]
            self._kick_after((self._pending or now) + step - now)
        elif action is Action.GIVE_UP:
            await self._give_up(found.differing, read)
        elif action is Action.RELEASE_AGAIN:
            await self._release_again(read, now)
        elif action is Action.SUSPECT:
            self._suspected = True
            self._kick_after(self.base_s)
        elif action is Action.TAKEN_OVER and self.writer.guard.emergency_stop:
            # The owner's emergency stop outranks any other controller: release it.
            await self._try_release("safety", "emergency stop engaged")
        elif action is Action.TAKEN_OVER:
            await self._taken_over(read)
        elif action is Action.RELEASED_ELSEWHERE:
            await self._released_elsewhere()
        elif action is Action.HANDED_BACK:
            await self._handed_back()
        else:  # still external
            self._suspected = False
            self.external_mode = read.get(MODE)

    async def _settle(self) -> None:
        self._pending, self._reads, self._suspected = None, 0, False
        self._release_attempts = 0
        if self._release_alerted:
            self._release_alerted = False
            self.alerts.clear(AlertKind.RELEASE_NOT_CONFIRMED)
        if not self.settled:
            self.settled = True
            await self._save()
            self._notify()

    async def _give_up(self, keys: tuple[str, ...], read: Mapping[str, float | None]) -> None:
        """Our forcing write did not show: record it, tell the owner once, release."""
        wanted = self.desired.registers
        await self.writer.record(
            self.desired.origin,
            {key: read.get(key) for key in keys},
            "not_confirmed",
            "read back: " + ", ".join(f"{key} wanted {wanted.get(key)}" for key in keys),
        )
        key = keys[0]
        LOGGER.warning(
            "The plant did not take %s = %s (read back %s); releasing remote control",
            key,
            wanted.get(key),
            read.get(key),
        )
        self.problem = "not_confirmed"
        await self.alerts.async_raise(
            AlertKind.WRITE_NOT_CONFIRMED,
            {"register": key, "value": f"{wanted.get(key)}", "actual": str(read.get(key))},
        )
        await self._try_release("safety", "write not confirmed")

    async def _release_again(self, read: Mapping[str, float | None], now: float) -> None:
        """Our release did not show: write it again after a growing pause, alert from the third."""
        # Nothing pending: our own forcing write landed after the release settled; at once.
        due = (self._pending or -self.retry_cap_s) + retry_delay(
            self._release_attempts, self.base_s, self.retry_cap_s
        )
        if now < due:
            self._kick_after(due - now)
            return
        await self.writer.record(
            "safety", {ENABLE: read.get(ENABLE)}, "not_confirmed", "release read back"
        )
        if self._release_attempts >= RELEASE_ALERT_AFTER and not self._release_alerted:
            self._release_alerted = True
            LOGGER.warning(
                "The plant still reports Remote EMS enabled after %s releases; retrying",
                self._release_attempts,
            )
            await self.alerts.async_raise(
                AlertKind.RELEASE_NOT_CONFIRMED, {"attempts": str(self._release_attempts)}
            )
        await self._try_release("safety", "release not confirmed")

    async def _taken_over(self, read: Mapping[str, float | None]) -> None:
        """Another controller has Remote EMS: end ours, write nothing, tell the owner."""
        self.external_mode = read.get(MODE)
        self._set_override(None)
        self.desired, self.settled = Desired(Want.EXTERNAL, {}, "external"), True
        self._pending, self._suspected = None, False
        await self.writer.record(
            "external",
            {key: read.get(key) for key in (ENABLE, MODE)},
            "external",
            "Remote EMS changed without a write from Home Assistant",
        )
        LOGGER.warning(
            "Another controller took Remote EMS (mode %s); left alone until it releases",
            self.external_mode,
        )
        await self.alerts.async_raise(AlertKind.EXTERNAL_CONTROL, {"mode": f"{self.external_mode}"})
        await self._save()
        self._notify()

    async def _released_elsewhere(self) -> None:
        """Someone else released our command: it ends, and is not forced again."""
        ended = self.override.mode if self.override is not None else self.desired.origin
        self._set_override(None)
        self.desired, self.settled = Desired.released("external"), True
        self._pending, self._suspected = None, False
        await self.writer.record(
            "external", {ENABLE: 0}, "external", "Remote EMS released outside Home Assistant"
        )
        LOGGER.warning(
            "Remote EMS was released outside Home Assistant; the %s command ended", ended
        )
        await self.alerts.async_raise(
            AlertKind.CONTROL_RELEASED,
            {
                "message": "Remote EMS was released outside Home Assistant (for example in the "
                f"mySigen app); the {ended} command ended and is not forced again."
            },
        )
        await self._save()
        self._notify()

    async def _handed_back(self) -> None:
        """The other controller released the plant: ours again, released."""
        self.external_mode = None
        self.desired, self.settled = Desired.released(), True
        self._suspected = False
        self.alerts.clear(AlertKind.EXTERNAL_CONTROL)
        LOGGER.info("The other controller released Remote EMS; Home Assistant is in charge again")
        await self._save()
        self._notify()

    # ---- start and link -----------------------------------------------------------------

    async def _start_from_store(self) -> None:
        """First good read: re-apply a stored override, release what is ours, leave the rest."""
        try:
            if self.override is not None:  # re-applying it needs every input of the guard now
                await self.plant.async_read()
            else:  # one request: ratings, firmware, temperatures come with the first polls
                await self.plant.async_read_control()
        except SigenError as err:
            LOGGER.warning("Could not read the plant's Remote EMS state at start: %s", err)
            self._failed_read(err)
            return
        self._started = True
        stored, read = self._stored, self.plant.control()
        enabled, override = enable_state(read), self.override
        own = self.own.shows(read, time.monotonic())  # ours, landing late (even after a restart)
        now = dt_util.utcnow()
        if stored.emergency_stop or self.writer.guard.emergency_stop:  # pressed before this read
            self._set_override(None)
            await self._keep_or_release(enabled, "emergency stop still engaged")
        elif override is not None and not ems.is_complete(
            override.command, self.plant.live(SOC_KEY), override.started_at, now
        ):
            try:
                await self._take(override.command, "override", override.started_at)
            except ControlError as err:
                LOGGER.warning("Stored override not re-applied: %s", err)
                self._set_override(None)  # it ends here; the owner is told by the warning
                if err.translation_key != "write_failed":  # unanswered: already releasing
                    await self._keep_or_release(enabled, "stored override not re-applied")
        elif stored.want is Want.EXTERNAL and enabled != 0 and not own:
            self._set_override(None)
            await self._taken_over(read)
        elif stored.want is not Want.RELEASED or not stored.settled or enabled != 1 or own:
            # Ours left on the plant (a crash, an unconfirmed release), or already released.
            self._set_override(None)
            self.alerts.clear(AlertKind.EXTERNAL_CONTROL)
            await self._keep_or_release(enabled, "a command of Home Assistant was left on")
        else:
            self._set_override(None)
            await self._taken_over(read)  # on, and nothing here turned it on
        self._notify()

    async def _keep_or_release(self, enabled: int | None, reason: str) -> None:
        if enabled == 0:
            self.desired, self.settled = Desired.released(), True
            await self._save()
        else:
            await self._try_release("safety", reason)

    async def _check_link(self) -> None:
        down_since = self.telemetry.link.unit_down_since(PLANT_UNIT_ID)  # the unit we write
        if down_since is None:
            if self.unreachable_alerted:
                self.unreachable_alerted = False
                self.alerts.clear(AlertKind.PLANT_UNREACHABLE)
            return
        silent = (dt_util.utcnow() - down_since).total_seconds()
        if not self.unreachable_alerted and silent >= UNREACHABLE_AFTER:
            self.unreachable_alerted = True
            await self.alerts.async_raise(
                AlertKind.PLANT_UNREACHABLE, {"since": down_since.isoformat(timespec="seconds")}
            )
