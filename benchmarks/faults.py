"""Telemetry under faults: the integration in a real Home Assistant against a faulty plant.

The simulator runs on its own thread (a real Modbus TCP server on 127.0.0.1). The entry is
added through the real config flow (its probe counts for the spacing), polls with the vendor's
one-second spacing and the production timeouts, and then lives through a fault schedule, each
fault `--phase` s long with as long a quiet spell after it: every request dropped (the plant
closes the connection), unit 1 silent, exception 0x04 for everything on unit 247, and every
answer 3000 ms late. Last stdout line, JSON:

- connects_per_min_during_drop: connection attempts while requests were dropped (goal <= 6)
- first_good_read_after_drop_s: end of the drop -> first answered read (goal <= 5)
- max_unavailable_beyond_fault_s: longest any telemetry entity stayed unavailable after the
  fault that made it so had ended (goal <= 10)
- slow_device_data_gap_s: while every answer takes 3 s, the longest time without a poll that
  delivered data (goal <= 10)
- error_log_lines: ERROR records from any logger (goal 0)
- warning_log_lines_per_outage: most WARNING records in one fault and its quiet spell (<= 1)
- setup_all_valued_s: the flow's first request -> every telemetry entity has a value (<= 10)
- min_request_spacing_s: smallest gap between two requests at the plant, set-up included
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
import itertools
import json
import logging
from pathlib import Path
import tempfile
import time
from typing import Any

from homeassistant import config_entries, loader
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_platform import async_get_platforms
from pytest_homeassistant_custom_component.common import async_test_home_assistant

from benchmarks.polling import SimulatorThread
from custom_components.sigenstor.const import CONF_INVERTERS, DOMAIN
from custom_components.sigenstor.entity import SigenEntity
from custom_components.sigenstor.models import SigenConfigEntry
from custom_components.sigenstor.sigen.registers import PLANT_UNIT_ID
from simulator import Simulator
from simulator.faults import OK

OURS = ("custom_components.sigenstor", "pymodbus")


class Records(logging.Handler):
    """Every log record of the run with its monotonic time."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen: list[tuple[float, logging.LogRecord]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append((time.monotonic(), record))


class Availability:
    """When each telemetry entity had a value and when it was unavailable."""

    def __init__(self) -> None:
        self.first_value: dict[str, float] = {}
        self.gaps: list[tuple[str, float, float]] = []  # entity, unavailable from, until
        self._since: dict[str, float] = {}

    @callback
    def on_change(self, event: Event[EventStateChangedData]) -> None:
        state, now = event.data["new_state"], time.monotonic()
        entity = event.data["entity_id"]
        if state is None:
            return
        if state.state == STATE_UNAVAILABLE:
            self._since.setdefault(entity, now)
        elif state.state != STATE_UNKNOWN:
            self.first_value.setdefault(entity, now)
            if (since := self._since.pop(entity, None)) is not None:
                self.gaps.append((entity, since, now))

    def close(self, now: float) -> None:
        for entity, since in self._since.items():
            self.gaps.append((entity, since, now))


async def _add_entry(hass: HomeAssistant, port: int) -> SigenConfigEntry:
    flow = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    flow = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {"host": "127.0.0.1", "port": port, CONF_INVERTERS: "1"}
    )
    flow = await hass.config_entries.flow.async_configure(flow["flow_id"], {})  # no Amber
    entry: SigenConfigEntry = flow["result"]
    await hass.async_block_till_done()
    return entry


def _faults(sim: Simulator) -> list[tuple[str, Callable[[], None]]]:
    def drop() -> None:
        sim.faults.drop_next_requests = 10**9

    def silence() -> None:
        sim.faults.offline_units.add(1)

    def exception() -> None:
        sim.faults.exception_for(PLANT_UNIT_ID, (0, 65535), 0x04)

    def delay() -> None:
        sim.faults.delay_s = 3.0

    return [("drop", drop), ("unit_1_silent", silence), ("exception", exception), ("delay", delay)]


async def run(hass: HomeAssistant, sim: Simulator, port: int, phase: float) -> dict[str, Any]:
    """Set up through the flow, run the schedule, and work out the figures."""
    seen = Availability()
    hass.bus.async_listen("state_changed", seen.on_change)
    entry = await _add_entry(hass, port)
    enabled = {
        e.entity_id
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        if not e.disabled_by
    }
    telemetry = {  # entities fed by the plant's registers (not the optimiser's or overrides')
        entity_id
        for platform in async_get_platforms(hass, DOMAIN)
        for entity_id, entity in platform.entities.items()
        if isinstance(entity, SigenEntity) and entity_id in enabled
    }
    await asyncio.sleep(phase)  # quiet: every tier reads at least once
    valued = telemetry & set(seen.first_value)
    client = entry.runtime_data.client
    good_reads: list[float] = []  # a poll of any tier that delivered data

    def watch(coordinator: Any) -> None:
        def on_update() -> None:
            if coordinator.last_update_success:
                good_reads.append(time.monotonic())

        coordinator.async_add_listener(on_update)

    for coordinator in entry.runtime_data.coordinators.values():
        watch(coordinator)
    windows: list[tuple[str, float, float, int]] = []  # name, start, end, connect attempts
    for name, start_fault in _faults(sim):
        before, began = client.stats.connect_attempts, time.monotonic()
        start_fault()
        await asyncio.sleep(phase)
        sim.faults.clear()
        windows.append((name, began, time.monotonic(), client.stats.connect_attempts - before))
        await asyncio.sleep(phase)
    seen.close(time.monotonic())
    return {
        "windows": windows,
        "valued": valued,
        "never_valued": sorted(telemetry - valued),
        "seen": seen,
        "good_reads": good_reads,
        "end": time.monotonic(),
    }


def figures(
    result: dict[str, Any], arrivals: list[tuple[float, str, bool]], logs: Records
) -> dict[str, Any]:
    """The JSON line from the run, the plant's request log and the log records."""
    windows: list[tuple[str, float, float, int]] = result["windows"]
    seen: Availability = result["seen"]
    drop = next(w for w in windows if w[0] == "drop")
    good = [at for at, response, read in arrivals if read and response == OK and at >= drop[2]]
    beyond, worst = 0.0, ""
    for entity, since, until in seen.gaps:
        if entity not in result["valued"]:
            continue
        cause = [w for w in windows if w[1] - 1 <= since <= w[2] + 1]
        end = cause[0][2] if cause else since  # unavailable with no fault: all of it counts
        if until - end > beyond:
            beyond, worst = until - end, f"{entity} after {cause[0][0] if cause else 'no fault'}"
    print(f"longest unavailable beyond its fault: {beyond:.1f} s, {worst}")
    delay = next(w for w in windows if w[0] == "delay")
    inside = [delay[1]] + [at for at in result["good_reads"] if delay[1] <= at <= delay[2]]
    gap = max(b - a for a, b in itertools.pairwise([*inside, delay[2]]))
    bounds = [w[1] for w in windows[1:]] + [result["end"]]
    per_outage = [
        sum(
            1
            for at, record in logs.seen
            if start <= at < stop
            and record.levelno == logging.WARNING
            and record.name.startswith(OURS)
        )
        for (_, start, _, _), stop in zip(windows, bounds, strict=True)
    ]
    times = [at for at, _, _ in arrivals]
    first_values = [result["seen"].first_value[e] for e in result["valued"]]
    last = sorted(result["valued"], key=lambda e: result["seen"].first_value[e])[-3:]
    print("valued last:", ", ".join(f"{e} {seen.first_value[e] - times[0]:.1f} s" for e in last))
    return {
        "connects_per_min_during_drop": round(drop[3] * 60 / (drop[2] - drop[1]), 1),
        "first_good_read_after_drop_s": round(good[0] - drop[2], 2) if good else None,
        "max_unavailable_beyond_fault_s": round(beyond, 1),
        "slow_device_data_gap_s": round(gap, 1),
        "error_log_lines": sum(1 for _, r in logs.seen if r.levelno >= logging.ERROR),
        "warning_log_lines_per_outage": max(per_outage),
        "setup_all_valued_s": round(max(first_values) - times[0], 1),
        "min_request_spacing_s": round(min(b - a for a, b in itertools.pairwise(times)), 3),
        "telemetry_entities": len(result["valued"]),
        "entities_never_valued": len(result["never_valued"]),
    }


async def _main(phase: float) -> dict[str, Any]:
    logs = Records()
    logging.getLogger().addHandler(logs)
    logging.getLogger().setLevel(logging.INFO)
    simulator = SimulatorThread()
    port = simulator.start()
    try:
        with tempfile.TemporaryDirectory(prefix="sigen-faults-") as folder:
            async with async_test_home_assistant(config_dir=str(Path(folder))) as hass:
                hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)  # this checkout's integration
                result = await run(hass, simulator.sim, port, phase)
                await hass.async_stop(force=True)
    finally:
        requests = list(simulator.sim.requests)
        simulator.stop()
        logging.getLogger().removeHandler(logs)
    arrivals = [(r.monotonic, r.response, r.values is None) for r in requests]
    for name in result["never_valued"]:
        print(f"never valued: {name}")
    for name, began, ended, attempts in result["windows"]:
        print(f"{name}: {ended - began:.0f} s, {attempts} connection attempts")
    for _, record in logs.seen:
        if record.levelno >= logging.WARNING:
            print(f"{record.levelname} {record.name}: {record.getMessage()}")
    return figures(result, arrivals, logs)


def main() -> None:
    """Run the schedule and print the figures as the last line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase", type=float, default=30.0, help="seconds per fault and per lull")
    print(json.dumps(asyncio.run(_main(parser.parse_args().phase)), sort_keys=True))


if __name__ == "__main__":
    main()
