"""A real Home Assistant with the integration against a faulty simulated plant, on its own loop.

Used by the controller state machine (pytest and `benchmarks/control.py`): hypothesis rules are
synchronous, so the world runs Home Assistant, the simulator and every call on an event loop of
its own (`World.run`). Time: the wall clock (`dt_util.utcnow`, which override durations and the
guard's spacing read) can be moved forward (`step_clock`); telemetry ages move with it because
the coordinators' read stamps are moved back by the same amount. Read-backs and retries run on
real time, shortened by a 50 ms read-back delay.
"""

from __future__ import annotations

import asyncio
import bisect
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager, contextmanager
from datetime import datetime, timedelta
import errno
from pathlib import Path
import time
from typing import Any, TypeVar
from unittest.mock import patch

from homeassistant import loader
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_test_home_assistant

from custom_components.sigenstor.const import (
    CONF_INVERTERS,
    CONF_MIN_REQUEST_INTERVAL,
    CONF_MODEL,
    CONF_SERIAL,
    DOMAIN,
)
from custom_components.sigenstor.control.audit import AuditLog, AuditRecord
from custom_components.sigenstor.control.controller import CONF_READBACK_DELAY, SigenController
from custom_components.sigenstor.control.release import DATA_RELEASERS, async_stop_releaser
from custom_components.sigenstor.coordinator import SigenCoordinator, SigenData, value_of
from custom_components.sigenstor.sigen import client as client_module
from custom_components.sigenstor.sigen.registers import PLANT_UNIT_ID, Tier
from simulator import SimConfig, Simulator

T = TypeVar("T")
_REAL_UTCNOW = dt_util.utcnow
READBACK_S = 0.05
SERIAL = "SIGFAULT0001"
GARBAGE_SOC = (200.0, 6553.5)
GARBAGE_TEMP = 95.0
_SET_UPDATED_DATA = SigenCoordinator.async_set_updated_data
MODEL = "SigenStor EC 10.0 TP"


class FullDisk(AuditLog):
    """The controller's audit log on a disk that refuses writes while `full` is set."""

    full = False

    def append_many(self, records: Any) -> None:
        """Refuse like a full disk, or append."""
        if self.full:
            raise OSError(errno.ENOSPC, "No space left on device")
        super().append_many(records)


class World:
    """Home Assistant + the integration + the simulator; see the module docstring."""

    def __init__(self, folder: Path) -> None:
        """Start Home Assistant on a new event loop; `begin` adds a plant and an entry."""
        self.folder = folder
        self.loop = asyncio.new_event_loop()
        self.offset = timedelta(0)
        self.disk_full = False
        self.controllers: list[SigenController] = []
        self.audit_paths: set[Path] = set()
        self.hass: HomeAssistant | None = None
        self._context: AbstractAsyncContextManager[HomeAssistant] | None = None
        self.entry_id = ""
        self.sim: Simulator | None = None
        # When the controller's view turned garbage or good again, per reading: "soc", "temp"
        # -> (monotonic times, garbage then). Taken from what the coordinators committed.
        self.readings: dict[str, tuple[list[float], list[bool]]] = {
            "soc": ([], []),
            "temp": ([], []),
        }
        self.run(self._start_hass())

    def begin(self) -> Simulator:
        """A fresh simulated plant and a fresh entry for it (new id, new stored state)."""
        self.controllers = []
        self.audit_paths = set()
        self.disk_full = False
        self.readings = {"soc": ([], []), "temp": ([], [])}
        self.sim = Simulator(
            SimConfig(
                port=0,
                inverters=1,
                speed=0,
                seed=11,
                serial=SERIAL,
                model=MODEL,
                start_time=datetime(2026, 1, 15, 12, 0),
            )
        )
        self.run(self.sim.start())
        self.entry_id = ""
        self.run(self._add_entry())
        return self.sim

    def end(self) -> None:
        """Remove the entry (its releaser too) and stop the plant."""
        self.run(self._remove_entry())
        if self.sim is not None:
            self.run(self.sim.stop())
            self.sim = None

    async def _remove_entry(self) -> None:
        if self.hass is None:
            return
        await async_stop_releaser(self.hass, self.entry_id)
        if self.hass.config_entries.async_get_entry(self.entry_id) is not None:
            await self.hass.config_entries.async_remove(self.entry_id)
        await self.hass.async_block_till_done()

    # ---- running ------------------------------------------------------------------------

    def run(self, awaitable: Awaitable[T]) -> T:
        """Run a coroutine on the world's loop, with the world's clock."""
        with self._clock():
            return self.loop.run_until_complete(_wrap(awaitable))

    @contextmanager
    def _clock(self) -> Iterator[None]:
        offset = self.offset

        def shifted() -> datetime:
            return _REAL_UTCNOW() + offset

        def committed(coordinator: SigenCoordinator, data: SigenData) -> None:
            _SET_UPDATED_DATA(coordinator, data)
            self._note(coordinator)

        # A silent plant costs the client's timeout per request: 0.3 s here instead of 3 s;
        # a dead connection is retried after 0.2 s instead of 10 s.
        with (
            patch.object(dt_util, "utcnow", shifted),
            patch.object(client_module, "DEFAULT_TIMEOUT", 0.3),
            patch.object(client_module, "RECONNECT_SPACING_S", 0.2),
            patch.object(SigenCoordinator, "async_set_updated_data", committed),
        ):
            yield

    def _note(self, coordinator: SigenCoordinator) -> None:
        """Record whether a commit left the guard's SoC or temperature reading garbage."""
        where = (coordinator.unit_id, coordinator.tier)
        if where == (PLANT_UNIT_ID, Tier.LIVE):
            kind, garbage = "soc", value_of(coordinator.data, "plant_ess_soc") in GARBAGE_SOC
        elif where == (1, Tier.SLOW):
            temp = value_of(coordinator.data, "inv_ess_max_cell_temperature")
            kind, garbage = "temp", temp == GARBAGE_TEMP
        else:
            return
        times, states = self.readings[kind]
        times.append(time.monotonic())
        states.append(garbage)

    def garbage_at(self, kind: str, at: float) -> bool:
        """Whether the controller's `kind` reading was garbage at monotonic time `at`."""
        times, states = self.readings[kind]
        index = bisect.bisect_right(times, at)
        return index > 0 and states[index - 1]

    def close(self) -> None:
        """Stop everything and close the loop."""
        try:
            if self.sim is not None:
                self.end()
            self.run(self._stop_hass())
        finally:
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.close()

    async def _start_hass(self) -> None:
        self._context = async_test_home_assistant(config_dir=str(self.folder))
        self.hass = await self._context.__aenter__()
        # Load custom_components/ from this checkout, as the test suite does.
        self.hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)

    async def _add_entry(self) -> None:
        assert self.hass is not None
        assert self.sim is not None
        entry = MockConfigEntry(
            domain=DOMAIN,
            title=MODEL,
            unique_id=SERIAL,
            entry_id=self.entry_id or None,
            data={
                "host": self.sim.host,
                "port": self.sim.port,
                CONF_INVERTERS: "1",
                CONF_SERIAL: SERIAL,
                CONF_MODEL: MODEL,
            },
            options={CONF_MIN_REQUEST_INTERVAL: 0.01, CONF_READBACK_DELAY: READBACK_S},
        )
        self.entry_id = entry.entry_id
        entry.add_to_hass(self.hass)
        await self.setup()

    async def _stop_hass(self) -> None:
        if self.hass is None or self._context is None:
            return
        await self.hass.async_stop(force=True)
        await self._context.__aexit__(None, None, None)
        self.hass = None

    async def restart(self) -> None:
        """Home Assistant stops (the stop event, not an unload) and starts again."""
        await self._stop_hass()
        await self._start_hass()
        await self._add_entry()

    # ---- the entry ----------------------------------------------------------------------

    @property
    def controller(self) -> SigenController | None:
        """The loaded entry's controller."""
        if self.hass is None:
            return None
        entry = self.hass.config_entries.async_get_entry(self.entry_id)
        if entry is None or not hasattr(entry, "runtime_data"):
            return None
        controller: SigenController | None = getattr(entry.runtime_data, "controller", None)
        return controller if entry.state is ConfigEntryState.LOADED else None

    async def setup(self) -> bool:
        """Set the entry up (it may fail while the plant is silent: HA retries later)."""
        assert self.hass is not None
        entry = self.hass.config_entries.async_get_entry(self.entry_id)
        assert entry is not None
        for times, states in self.readings.values():  # new coordinators: nothing read yet
            times.append(time.monotonic())
            states.append(False)
        if entry.state is ConfigEntryState.SETUP_RETRY:  # Home Assistant's own retry, sooner
            ok = await self.hass.config_entries.async_reload(self.entry_id)
        else:
            ok = await self.hass.config_entries.async_setup(self.entry_id)
        await self.hass.async_block_till_done()
        controller = self.controller
        if controller is not None and controller not in self.controllers:
            self.controllers.append(controller)
            self.audit_paths.add(controller.audit.log.path)
            disk = FullDisk(controller.audit.log.path)
            disk.full = self.disk_full
            controller.audit.log = disk
        return ok

    async def unload(self) -> None:
        """Unload the entry (the controller releases; a releaser may go on)."""
        assert self.hass is not None
        await self.hass.config_entries.async_unload(self.entry_id)
        await self.hass.async_block_till_done()

    def set_disk_full(self, full: bool) -> None:
        """Make every controller's audit disk full (or not)."""
        self.disk_full = full
        for controller in self.controllers:
            if isinstance(controller.audit.log, FullDisk):
                controller.audit.log.full = full

    async def poll(self) -> None:
        """The plant's live and slow tiers and the inverter's slow tier poll once."""
        controller = self.controller
        if controller is None:
            return
        for key in ((PLANT_UNIT_ID, Tier.LIVE), (PLANT_UNIT_ID, Tier.SLOW), (1, Tier.SLOW)):
            coordinator = controller.telemetry.coordinators.get(key)
            if coordinator is not None:
                await coordinator.async_poll()

    def step_clock(self, seconds: float) -> None:
        """Move the wall clock forward; telemetry read before the step ages with it."""
        self.offset += timedelta(seconds=seconds)
        controller = self.controller
        if controller is None:
            return
        for coordinator in controller.telemetry.coordinators.values():
            if coordinator.last_read_at is not None:
                coordinator.last_read_at -= seconds

    async def settle(self, done: Callable[[], bool], within: float) -> bool:
        """Poll and let the controller work (real time) until `done()` has held over three good
        live polls in a row (a change needs two reads to be believed), or `within` s pass."""
        assert self.hass is not None
        deadline = self.loop.time() + within
        quiet = 0
        while True:
            await asyncio.sleep(READBACK_S)
            before = self._live_read_at()
            await self.poll()
            await self.hass.async_block_till_done()
            polled = self._live_read_at() not in (None, before)
            quiet = quiet + 1 if polled and done() else 0
            if quiet >= 3:
                return True
            if self.loop.time() >= deadline:
                return False

    async def wait(self, done: Callable[[], bool], within: float) -> bool:
        """Wait (real time) until `done()` or `within` seconds pass."""
        deadline = self.loop.time() + within
        while not done():
            if self.loop.time() >= deadline:
                return False
            await asyncio.sleep(READBACK_S)
        return True

    def _live_read_at(self) -> float | None:
        controller = self.controller
        if controller is None:
            return None
        return controller.telemetry.coordinators[(PLANT_UNIT_ID, Tier.LIVE)].last_read_at

    def releasing_after_unload(self) -> bool:
        """Whether a releaser is still at work for the entry."""
        if self.hass is None:
            return False
        return self.entry_id in self.hass.data.get(DATA_RELEASERS, {})

    # ---- the audit ----------------------------------------------------------------------

    def intents(self) -> list[AuditRecord]:
        """Intent records on disk and in every controller's memory, oldest first."""
        records: list[AuditRecord] = []
        for path in self.audit_paths:
            records += AuditLog(path).read()
        for controller in self.controllers:
            records += controller.audit.backlog
        seen: set[tuple[int | None, str, str]] = set()
        unique = []
        for record in records:
            key = (record.request, record.key, record.result)
            if record.result == "intent" and key not in seen:
                seen.add(key)
                unique.append(record)
        return unique


async def _wrap[T](awaitable: Awaitable[T]) -> T:
    return await awaitable
