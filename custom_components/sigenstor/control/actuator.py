"""Taking and releasing control: the controller's write path, with the lock held.

`_take` writes the control block of a forcing command (40029-40035, one request), storing the
desired state before the write (so a crash after it finds "forced" and releases at start) and,
when the plant does not answer, wanting a release instead (the write may have been taken).
`_release` writes the release, which the guard always allows. Both leave a pending read-back
for the reconciler. `_check_rules` says when our own forced state must end: an override done,
or a safety rule broken.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from homeassistant.components import persistent_notification
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, LOGGER
from ..sigen import SigenError
from . import ems
from .errors import ControlError
from .guard import AUTOMATIC_ORIGINS, Origin, current_violations
from .limits import InputError
from .model import ENABLE, PHASE
from .plant_view import SOC_KEY, WORK_MODE_KEY
from .reconcile import Desired, Want, differing
from .reconciler import Reconciler
from .store import ActiveOverride
from .writer import AuditUnavailableError, WriteRefusedError, WriteUncertainError


class Actuator(Reconciler):
    """The write path of the controller; see the module docstring."""

    async def _set_limit(self, key: str, value: float) -> None:
        """Write one limit register for the owner; a cap of our command becomes part of it."""
        ours = self.desired.want is Want.FORCED and key in self.desired.registers
        try:
            sent = await self._send({key: value}, "manual")
        except ControlError as err:
            if ours and err.translation_key == "write_failed":
                # Maybe taken: want it, and read back; if it does not show, the command is
                # given up (released), never mistaken for another controller's change.
                wanted = {**self.desired.registers, key: value}
                self.desired = replace(self.desired, registers=wanted)
                self._begin_pending()
            raise
        if ours:
            self.desired = Desired(Want.FORCED, {**self.desired.registers, **sent}, "manual")
        self._kick()

    async def _send(self, writes: dict[str, float], origin: Origin) -> dict[str, float]:
        """Write through the writer, turning its outcomes into translated errors."""
        try:
            return await self.writer.send(
                writes, origin=origin, automatic=origin in AUTOMATIC_ORIGINS
            )
        except WriteRefusedError as err:
            raise ControlError("write_refused", rule=err.rule, reason=err.reason) from err
        except AuditUnavailableError as err:
            raise ControlError("audit_unavailable", error=err) from err
        except WriteUncertainError as err:
            self._kick_after(self.base_s)
            raise ControlError("write_failed", error=err.error) from err

    async def _take(
        self,
        command: ems.Command,
        origin: Origin,
        started_at: datetime,
        *,
        skip_in_force: bool = False,
    ) -> dict[str, float]:
        """Write the control block of a forcing command; remember an override once acknowledged."""
        rated = await self._ensure_rated()
        try:
            writes = ems.targets(command, self.plant.firmware(), *rated)
        except InputError as err:
            raise ControlError(err.translation_key, **err.placeholders) from err
        in_force = self.desired.want is Want.FORCED and not differing(writes, self.plant.control())
        if skip_in_force and in_force:
            return {}
        if self.plant.in_control() is not True:
            self._capture_previous_mode()
        before = (self.desired, self.settled, self.override)
        # Intent first: a crash after the write finds "forced" stored and releases at start.
        self.desired, self.settled = Desired(Want.FORCED, writes, origin), False
        if origin == "override":
            self._set_override(ActiveOverride(command, started_at))
        await self._save()
        try:
            sent = await self._send(writes, origin)
        except ControlError as err:
            if err.translation_key == "write_failed":  # may have been taken: release
                self.own.remember(writes)
                self._set_override(None)
                self.desired, self.settled = Desired.released(), False
                self.problem = "no_answer"
                self._begin_pending()
            else:  # nothing was sent
                self.desired, self.settled = before[0], before[1]
                self._set_override(before[2])
            await self._save()
            self._notify()
            raise
        self._end_external()
        self.own.remember(sent)
        self.desired = Desired(Want.FORCED, sent, origin)
        self.problem = None
        self._begin_pending()
        self._notify()
        return sent

    async def _release(
        self, origin: Origin, reason: str, *, notify: bool = True
    ) -> dict[str, float]:
        """Want the plant released and write the release (always allowed by the guard)."""
        self._set_override(None)
        self._end_external()
        self.desired, self.settled = Desired.released(origin), False
        self._release_attempts += 1
        await self._save()
        self._notify()
        try:
            sent = await self._send(self._release_block(), origin)
        except ControlError as err:
            self._begin_pending()
            if err.translation_key == "write_failed":
                self.problem = "no_answer"
                raise ControlError("release_pending", error=err.placeholders.get("error")) from err
            raise
        self._begin_pending()
        message = ems.release_message(self.previous_mode)
        LOGGER.info("%s (%s)", message, reason)
        if notify and not self.writer.stopping:
            persistent_notification.async_create(
                self.hass,
                f"{message} Reason: {reason}.",
                title=f"{self.entry.title}: remote control released",
                notification_id=f"{DOMAIN}_released_{self.entry.entry_id}",
            )
        return sent

    def _release_block(self) -> dict[str, float]:
        """The release: 40029-40035 with caps back to rated, or at least enable off."""
        rated = self.plant.rated_kw()
        if rated[0] is not None and rated[1] is not None:
            return ems.targets(ems.Release(), self.plant.firmware(), rated[0], rated[1])
        return {ENABLE: 0, PHASE: 0, "remote_ems_control_mode": ems.MODE_SELF_CONSUMPTION}

    def _capture_previous_mode(self) -> None:
        """Remember the owner's app mode (30003) before taking control."""
        mode = self.plant.live(WORK_MODE_KEY)
        if mode is not None and int(mode) != 7:
            self.previous_mode = int(mode)

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

    def _check_rules(self) -> tuple[Origin, str] | None:
        """(origin, reason) of a release our own forced state needs now, or None."""
        if self.desired.want is not Want.FORCED:
            return None
        now = dt_util.utcnow()
        override = self.override
        soc = self.plant.live(SOC_KEY)
        if override is not None and ems.is_complete(
            override.command, soc, override.started_at, now
        ):
            return "override", "complete"
        violations = current_violations(self.plant.snapshot(), self.limits, now)
        if violations:
            return "safety", ", ".join(rule.value for rule in violations)
        return None
