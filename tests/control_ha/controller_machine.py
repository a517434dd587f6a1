"""The controller's fault model: a hypothesis state machine against the real simulator.

Each sequence is a fresh plant and Home Assistant (`fault_world.World`) driven by random owner
actions (force, clear, emergency stop and its clearing), schedule/optimiser commands, faults
switched on and off (dropped requests, answers lost after the plant applied the write, slow
apply, ignored writes, exception replies, a silent plant, a full audit disk), garbage readings
(SoC 200 % or 0xFFFF while the truth is 3 %, cell temperature 95 °C), clock steps, another
controller taking and releasing Remote EMS, and unload, reload, unload during a write and
Home Assistant restarts at any point. Checked on the simulator's registers and request log:

(a) nothing unsafe reached the plant on any request: only allowed registers and values; no
    forcing write while the emergency stop is engaged, or once the controller's telemetry held
    a garbage SoC or temperature (timed by when the coordinators committed it);
(b) after quiescence (faults off, the plant answering, the controller with nothing left to read
    or write), the plant is released whenever nobody owns control, and agrees with whoever the
    controller says owns it;
(c) every write that reached the plant has an intent record (on disk or awaiting the disk);
(d) no raw exception reached a caller: only translated Home Assistant errors.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
import contextlib
from dataclasses import dataclass, field, replace
import functools
from pathlib import Path
import shutil
import tempfile
from typing import Any

from homeassistant.exceptions import HomeAssistantError
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.control import ems
from custom_components.sigenstor.control.controller import SigenController
from custom_components.sigenstor.control.model import ALLOWED_REGISTERS, ENUM_VALUES, MAX_POWER_KW
from custom_components.sigenstor.sigen.codec import decode
from custom_components.sigenstor.sigen.registers import PLANT_UNIT_ID, get
from simulator import RequestRecord

from .fault_world import GARBAGE_SOC, GARBAGE_TEMP, World

_BY_ADDRESS = {address: get(key) for key, (address, _) in ALLOWED_REGISTERS.items()}
QUIET_S = 6.0  # real seconds the plant gets to settle at the end (the property allows 30)
# A write's verdict comes a moment before it reaches the plant (behind at most one request in
# flight, 0.3 s at worst here): a reading committed within this of its arrival is not held
# against it. The controller must still end the forced state (checked at quiescence).
VERDICT_LEAD_S = 0.5


def decode_write(request: RequestRecord) -> dict[str, float | None] | None:
    """The registers and values of a logged write to the plant (None if not one)."""
    if request.values is None or request.unit_id != PLANT_UNIT_ID:
        return None
    out: dict[str, float | None] = {}
    offset = 0
    words = list(request.values)
    while offset < len(words):
        register = _BY_ADDRESS.get(request.address + offset)
        if register is None:
            return None
        value = decode(register, words[offset : offset + register.count])
        out[register.key] = value if isinstance(value, int | float) else None
        offset += register.count
    return out


def unsafe_log_writes(requests: Iterable[RequestRecord]) -> list[str]:
    """Writes in the request log that break a write rule (allow-list, enums, ranges, unit)."""
    problems: list[str] = []
    for request in requests:
        if request.values is None:
            continue
        where = f"write {request.address}+{request.count}"
        if request.unit_id != PLANT_UNIT_ID:
            problems.append(f"{where}: unit {request.unit_id}")
            continue
        values = decode_write(request)
        if values is None:
            problems.append(f"{where}: address not allowed")
            continue
        for key, value in values.items():
            register = get(key)
            if key in ENUM_VALUES:
                if value not in ENUM_VALUES[key]:
                    problems.append(f"{where}: {key} = {value}")
            elif value is None or not 0 <= value <= (
                MAX_POWER_KW if register.unit == "kW" else 100
            ):
                problems.append(f"{where}: {key} = {value}")
    return problems


def quiet(controller: SigenController) -> bool:
    """Nothing left to do: the plant read back as wanted, no doubt, no hint of a change."""
    return (
        controller.settled
        and controller.status != "releasing"
        and not controller.plant.control_unknown()
        and not controller.plant.hints_change()
        and not controller._suspected
        and controller._pending is None
    )


def forces(values: dict[str, float | None]) -> bool:
    """Whether a write leaves Remote EMS on in a mode that charges or discharges."""
    if values.get("remote_ems_enable") != 1:
        return False
    mode = values.get("remote_ems_control_mode")
    charge = values.get("ess_max_charge_limit")
    discharge = values.get("ess_max_discharge_limit")
    if mode in (3, 4):
        return charge is None or charge > 0
    if mode in (5, 6):
        return discharge is None or discharge > 0
    return mode not in (1, 2)


@dataclass
class Tally:
    """What many sequences found (the benchmark adds these up)."""

    sequences: int = 0
    steps: int = 0
    writes: int = 0
    unsafe: list[str] = field(default_factory=list)
    stuck: list[str] = field(default_factory=list)
    unaudited: list[str] = field(default_factory=list)
    raw_errors: list[str] = field(default_factory=list)
    traces: list[str] = field(default_factory=list)  # each finding's sequence, step by step


TALLY = Tally()
_WORLD: list[World] = []


def shared_world() -> World:
    """The Home Assistant the sequences share (started on first use)."""
    if not _WORLD:
        _WORLD.append(World(Path(tempfile.mkdtemp(prefix="sigen-fault-"))))
    return _WORLD[0]


def close_shared_world() -> None:
    """Stop the shared Home Assistant and remove its folder."""
    while _WORLD:
        world = _WORLD.pop()
        try:
            world.close()
        finally:
            shutil.rmtree(world.folder, ignore_errors=True)


def logged(step: Callable[..., None]) -> Callable[..., None]:
    """Record a rule and its arguments in the sequence's step log (findings quote it)."""

    @functools.wraps(step)
    def wrapper(self: ControllerMachine, **kwargs: Any) -> None:
        args = ", ".join(f"{key}={value!r}" for key, value in kwargs.items())
        self.steps.append(f"{step.__name__}({args})")
        step(self, **kwargs)

    return wrapper


POWERS = st.sampled_from([0.5, 1.0, 3.0, 5.0, 9.0])
DURATIONS = st.sampled_from([None, 2, 30, 3600])
SOCS = st.sampled_from([20.0, 60.0, 90.0])
COMMANDS = st.one_of(
    st.builds(ems.ForceCharge, POWERS, SOCS),
    st.builds(ems.ForceExport, POWERS, st.just(10.0)),
    st.builds(ems.ForceHold),
    st.just(ems.Release()),
)
FAULTS = st.sampled_from(
    ["drop", "lose_answer", "slow_apply", "very_slow_apply", "ignore", "exception", "silent"]
)


class ControllerMachine(RuleBasedStateMachine):
    """See the module docstring."""

    def __init__(self) -> None:
        """A fresh plant and entry per sequence, in a Home Assistant shared between them."""
        super().__init__()
        self.world = shared_world()
        self.sim = self.world.begin()
        self.checked = 0
        self.estop = False
        self.external = False  # another controller has Remote EMS (as far as the test did it)
        self.unloaded = False
        self.found_before = self._findings()
        self.steps: list[str] = []
        TALLY.sequences += 1

    # ---- helpers ------------------------------------------------------------------------

    def _call(self, awaitable: Awaitable[Any]) -> None:
        """Run an action; translated Home Assistant errors are fine, anything else is not."""
        TALLY.steps += 1
        try:
            self.world.run(awaitable)
        except HomeAssistantError as err:
            if err.translation_key is None:
                TALLY.raw_errors.append(f"untranslated {type(err).__name__}: {err}")
        except Exception as err:
            TALLY.raw_errors.append(f"{type(err).__name__}: {err}")
        self._check_wire()

    def _service(self, service: str, **data: Any) -> None:
        hass = self.world.hass
        assert hass is not None
        self._call(
            hass.services.async_call(
                DOMAIN, service, {"config_entry_id": self.world.entry_id, **data}, blocking=True
            )
        )

    def _check_wire(self) -> None:
        """(a) on every request since the last check."""
        new = self.sim.requests[self.checked :]
        self.checked = len(self.sim.requests)
        for problem in unsafe_log_writes(new):
            TALLY.unsafe.append(problem)
        for request in new:
            values = decode_write(request)
            if values is None:
                continue
            TALLY.writes += 1
            if self.estop and values.get("remote_ems_enable") == 1:
                TALLY.unsafe.append(f"40029 = 1 under emergency stop: {values}")
            if not forces(values):
                continue
            judged = request.monotonic - VERDICT_LEAD_S
            if self.world.garbage_at("soc", judged):
                TALLY.unsafe.append(f"forcing write after a garbage SoC reading: {values}")
            if self.world.garbage_at("temp", judged):
                TALLY.unsafe.append(f"forcing write after a garbage temperature: {values}")

    # ---- owner actions ------------------------------------------------------------------

    @rule(
        service=st.sampled_from(["force_charge", "force_export", "force_hold"]),
        power=POWERS,
        duration=DURATIONS,
    )
    @logged
    def force(self, service: str, power: float, duration: int | None) -> None:
        data: dict[str, Any] = {} if duration is None else {"duration": {"seconds": duration}}
        if service == "force_charge":
            data |= {"power": power, "target_soc": 90}
        elif service == "force_export":
            data |= {"power": power, "floor_soc": 10}
        self._service(service, **data)

    @rule()
    @logged
    def clear_override(self) -> None:
        self._service("clear_override")

    @rule()
    @logged
    def emergency_stop(self) -> None:
        self._service("emergency_stop")
        # Stored by the controller before anything is written; from now on nothing may force.
        self.estop = self.world.controller is not None or self.estop

    @rule()
    @logged
    def clear_emergency_stop(self) -> None:
        was = self.estop
        self.estop = False
        self._service("clear_emergency_stop")
        controller = self.world.controller
        if controller is None:
            self.estop = was  # not loaded: nothing was cleared

    @rule(command=COMMANDS, origin=st.sampled_from(["schedule", "optimiser"]))
    @logged
    def automatic(self, command: ems.Command, origin: str) -> None:
        controller = self.world.controller
        if controller is None:
            return
        # The optimiser only writes once the guard's spacing allows: pretend it has passed.
        controller.writer.guard = replace(controller.writer.guard, last_automatic_write=None)
        self._call(controller.async_automatic(command, origin))  # type: ignore[arg-type]

    # ---- the plant and the world --------------------------------------------------------

    @rule(kind=FAULTS, count=st.integers(1, 3))
    @logged
    def fault(self, kind: str, count: int) -> None:
        faults = self.sim.faults
        if kind == "drop":
            faults.drop_next_requests = count
        elif kind == "lose_answer":
            faults.lose_next_answers = count
        elif kind == "slow_apply":
            faults.apply_delay_s = 0.08  # inside the read-back window (0.2 s)
        elif kind == "very_slow_apply":
            faults.apply_delay_s = 0.5  # beyond it
        elif kind == "ignore":
            faults.ignore_writes = True
        elif kind == "exception":
            faults.exception_for(PLANT_UNIT_ID, (40029, 40035), 0x04, function_codes=[0x10])
        else:
            faults.offline_units.add(PLANT_UNIT_ID)

    @rule()
    @logged
    def faults_off(self) -> None:
        self.sim.faults.clear()

    @rule(full=st.booleans())
    @logged
    def audit_disk(self, full: bool) -> None:
        self.world.set_disk_full(full)

    @rule(value=st.sampled_from([*GARBAGE_SOC, 3.0, 55.0]))
    @logged
    def soc_reading(self, value: float) -> None:
        self.sim.set_value("plant_ess_soc", value)

    @rule(hot=st.booleans())
    @logged
    def temperature_reading(self, hot: bool) -> None:
        for key in ("inv_ess_max_cell_temperature", "inv_ess_min_cell_temperature"):
            if hot:
                self.sim.set_value(key, GARBAGE_TEMP)
            else:
                self.sim.clear_value(key)

    @rule()
    @logged
    def poll(self) -> None:
        self._call(self.world.poll())

    @rule(seconds=st.sampled_from([1, 11, 61, 3601]))
    @logged
    def clock_step(self, seconds: int) -> None:
        self.world.step_clock(seconds)
        hass = self.world.hass
        assert hass is not None

        async def fire() -> None:
            async_fire_time_changed(hass, None)
            await hass.async_block_till_done()

        self._call(fire())

    @rule(mode=st.sampled_from([3, 6]))
    @logged
    def another_controller_takes_over(self, mode: int) -> None:
        self.sim.set_value("remote_ems_enable", 1)
        self.sim.set_value("remote_ems_control_mode", mode)
        self.external = True

    @rule()
    @logged
    def another_controller_releases(self) -> None:
        self.sim.set_value("remote_ems_enable", 0)
        self.external = False

    @rule()
    @logged
    def unload(self) -> None:
        self._call(self.world.unload())
        self.unloaded = True

    @rule()
    @logged
    def unload_during_a_write(self) -> None:
        hass = self.world.hass
        assert hass is not None

        async def both() -> None:
            write = hass.async_create_task(
                hass.services.async_call(
                    DOMAIN,
                    "force_export",
                    {"config_entry_id": self.world.entry_id, "power": 3, "floor_soc": 10},
                    blocking=True,
                )
            )
            await asyncio.sleep(0)
            await self.world.unload()
            with contextlib.suppress(HomeAssistantError):
                await write

        self._call(both())
        self.unloaded = True

    @precondition(lambda self: self.unloaded)
    @rule()
    @logged
    def reload(self) -> None:
        self._call(self.world.setup())
        self.unloaded = False  # set up, or Home Assistant retries while the plant is silent

    @rule()
    @logged
    def restart(self) -> None:
        self._call(self.world.restart())
        self.unloaded = False  # Home Assistant sets the entry up at start (or retries)

    # ---- invariants ---------------------------------------------------------------------

    @invariant()
    def every_write_has_an_intent(self) -> None:
        """(c): intents are written before their request, so this holds after every step."""
        wanted = Counter(
            tuple(sorted(values.items()))
            for request in self.sim.requests
            if (values := decode_write(request)) is not None
        )
        intents: dict[int | None, dict[str, float | None]] = {}
        for record in self.world.intents():
            intents.setdefault(record.request, {})[record.key] = record.new
        have = Counter(tuple(sorted(batch.items())) for batch in intents.values())
        missing = wanted - have
        for batch in missing:
            TALLY.unaudited.append(f"write without an intent record: {dict(batch)}")

    @staticmethod
    def _lists() -> tuple[list[str], ...]:
        return TALLY.unsafe, TALLY.stuck, TALLY.unaudited, TALLY.raw_errors

    def _findings(self) -> tuple[int, ...]:
        return tuple(len(items) for items in self._lists())

    def teardown(self) -> None:
        """(b) after quiescence, then remove the entry and the plant; findings keep the steps."""
        try:
            self._quiesce()
            self.every_write_has_an_intent()
        finally:
            self.world.end()
        # Not raised into hypothesis: the plant runs in real time, so a replay is not the
        # same sequence and hypothesis would report flaky data instead of the finding.
        before = zip(self._lists(), self.found_before, strict=True)
        new = [item for items, n in before for item in items[n:]]
        if new:
            TALLY.traces.append("\n  ".join([*new, "in the sequence:", *self.steps]))

    def _quiesce(self) -> None:
        sim, world = self.sim, self.world
        sim.faults.clear()
        world.set_disk_full(False)
        sim.clear_values()
        if world.controller is None and not self.unloaded:
            world.run(world.setup())  # setup failed while the plant was silent: HA retries
        if world.controller is None:
            world.run(world.wait(lambda: not world.releasing_after_unload(), QUIET_S))
            if not self.external and sim.value("remote_ems_enable") != 0:
                TALLY.stuck.append("unloaded and still forced")
            return
        controller = world.controller
        settled = world.run(
            world.settle(lambda: quiet(controller) and controller.status != "releasing", QUIET_S)
        )
        enable = sim.value("remote_ems_enable")
        status = controller.status
        self._check_wire()
        if not settled:
            TALLY.stuck.append(f"not settled after {QUIET_S} s: {status}, 40029 = {enable}")
        elif status in ("released", "emergency_stop") and enable != 0:
            TALLY.stuck.append(f"{status} but 40029 = {enable}")
        elif status == "external" and not (self.external and enable == 1):
            TALLY.stuck.append(f"external without another controller (40029 = {enable})")
        elif status in ("override", "automatic") and enable != 1:
            TALLY.stuck.append(f"{status} but 40029 = {enable}")
        if self.estop and enable != 0:
            TALLY.stuck.append(f"emergency stop engaged but 40029 = {enable}")
