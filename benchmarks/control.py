"""Control benchmark: override actions in a real hass while polls run against the simulator.

The simulator runs on its own thread (see benchmarks/polling.py); the integration polls with the
vendor's default one-second spacing. The benchmark calls force_charge, force_export, force_hold
and clear_override in turn and measures, per command, the time from the action call until every
write of the command was acknowledged (the blocking call returns after the plant's answer; the
2 s read-back runs later and is excluded). Every write in the simulator's request log is then
checked against the write rules, and the pure guard property (benchmarks/control_property.py)
runs on random plants. Last stdout line, JSON:

- command_latency_p95_ms (target <= 1200), command_latency_max_ms, command_latency_median_ms
- write_arrival_p95_ms: action call -> last write of the command arriving at the plant
- requests_per_command: write requests per command (1: control taken in one request)
- min_request_spacing_s: smallest gap between requests at the plant (>= 1.0 expected)
- property_examples: random plants x command sequences judged by the pure guard property
- controller_sequences: sequences of the controller's fault model (tests/control_ha/
  controller_machine.py: a real hass against the faulty simulator), run long on `--workers`
  processes; stuck_forced (the plant left forced with nobody in control, or disagreeing with
  the controller), unaudited_writes (writes without an intent record) and raw_errors (an
  untranslated exception reaching a caller) must all be 0
- unsafe_writes: unsafe writes found by the property, the latency run's request log and the
  fault model together (must be 0); unsafe_log_writes: the latency run's share
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import multiprocessing
import statistics
import sys
import tempfile
import threading
import time
from typing import Any

from homeassistant import loader
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_test_home_assistant

from benchmarks.control_property import run as run_property
from benchmarks.polling import SimulatorThread
from custom_components.sigenstor.const import CONF_INVERTERS, CONF_MODEL, CONF_SERIAL, DOMAIN
from tests.control_ha.controller_machine import unsafe_log_writes

COMMANDS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("force_charge", {"power": 3.0, "target_soc": 95}),
    ("force_export", {"power": 3.0, "floor_soc": 10}),
    ("force_hold", {}),
    ("clear_override", {}),
)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _machine(sequences: int) -> dict[str, Any]:
    """Run the controller fault model for `sequences` sequences (in this process)."""
    logging.disable(logging.CRITICAL)  # the faults make the integration log, by design
    from hypothesis import HealthCheck, Phase, settings  # noqa: PLC0415
    from hypothesis.stateful import run_state_machine_as_test  # noqa: PLC0415

    from tests.control_ha import controller_machine as machine  # noqa: PLC0415

    done = threading.Event()

    def progress() -> None:  # a long run says how far it got, once a minute
        while not done.wait(60):
            print(f"fault model: {machine.TALLY.sequences} sequences", file=sys.stderr)

    threading.Thread(target=progress, daemon=True).start()
    try:
        run_state_machine_as_test(
            machine.ControllerMachine,
            settings=settings(
                max_examples=sequences,
                stateful_step_count=8,
                deadline=None,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            ),
        )
    finally:
        done.set()
        machine.close_shared_world()
    tally = machine.TALLY
    found = {
        "unsafe": tally.unsafe,
        "stuck": tally.stuck,
        "unaudited": tally.unaudited,
        "raw_errors": tally.raw_errors,
    }
    return {
        "sequences": tally.sequences,
        "steps": tally.steps,
        "writes": tally.writes,
        "counts": {key: len(items) for key, items in found.items()},
        "samples": {key: items[:10] for key, items in found.items()},
        "traces": tally.traces[:5],
    }


def run_machine(sequences: int, workers: int) -> dict[str, int]:
    """The fault model on `workers` fresh processes; figures added up, findings on stderr."""
    share = [sequences // workers + (1 if i < sequences % workers else 0) for i in range(workers)]
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        parts = pool.map(_machine, [n for n in share if n > 0])
    total = {"sequences": 0, "steps": 0, "writes": 0}
    total |= {"unsafe": 0, "stuck": 0, "unaudited": 0, "raw_errors": 0}
    for part in parts:
        for key in ("sequences", "steps", "writes"):
            total[key] += part[key]
        for key, count in part["counts"].items():
            total[key] += count
        for key, items in part["samples"].items():
            for item in items:
                print(f"{key}: {item}", file=sys.stderr)
        for trace in part["traces"]:
            print(trace, file=sys.stderr)
    return total


async def _run(hass: HomeAssistant, sim: SimulatorThread, commands: int) -> dict[str, Any]:
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id="BENCH",
        data={
            "host": "127.0.0.1",
            "port": sim.sim.port,
            CONF_INVERTERS: "1",
            CONF_SERIAL: "BENCH",
            CONF_MODEL: "SigenStor",
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await asyncio.sleep(8)  # let the controller start and the slow tier read temperatures
    latencies: list[float] = []
    arrivals: list[float] = []
    writes_per_command: list[int] = []
    for service, data in itertools.islice(itertools.cycle(COMMANDS), commands):
        before = len(sim.sim.requests)
        started = time.monotonic()
        await hass.services.async_call(
            DOMAIN, service, {"config_entry_id": entry.entry_id, **data}, blocking=True
        )
        latencies.append((time.monotonic() - started) * 1000)
        sent = [r for r in list(sim.sim.requests)[before:] if r.is_write]
        writes_per_command.append(len(sent))
        if sent:
            arrivals.append((max(r.monotonic for r in sent) - started) * 1000)
        # Leave room for the read-back (2 s) and a poll or two before the next command.
        await asyncio.sleep(3.5)
    await hass.config_entries.async_unload(entry.entry_id)
    return {
        "commands": commands,
        "command_latency_p95_ms": round(_percentile(latencies, 0.95), 1),
        "command_latency_median_ms": round(statistics.median(latencies), 1),
        "command_latency_max_ms": round(max(latencies), 1),
        "write_arrival_p95_ms": round(_percentile(arrivals, 0.95), 1) if arrivals else None,
        "requests_per_command": round(statistics.mean(writes_per_command), 2),
    }


async def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--commands", type=int, default=30)
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--sequences", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    sim = SimulatorThread()
    sim.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            async with async_test_home_assistant(config_dir=tmp) as hass:
                # Load custom_components/ from this checkout, as the test suite does.
                hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
                figures = await _run(hass, sim, args.commands)
                await hass.async_stop(force=True)
    finally:
        requests = list(sim.sim.requests)
        sim.stop()
    arrivals = sorted(r.monotonic for r in requests)
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    problems = unsafe_log_writes(requests)
    prop = run_property(args.examples)
    started = time.monotonic()
    machine = run_machine(args.sequences, args.workers)
    figures |= {
        "min_request_spacing_s": round(min(gaps), 3) if gaps else None,
        "property_examples": prop["property_examples"],
        "unsafe_log_writes": len(problems),
        "log_writes": sum(1 for r in requests if r.is_write),
        "controller_sequences": machine["sequences"],
        "controller_steps": machine["steps"],
        "controller_writes": machine["writes"],
        "controller_seconds": round(time.monotonic() - started),
        "stuck_forced": machine["stuck"],
        "unaudited_writes": machine["unaudited"],
        "raw_errors": machine["raw_errors"],
        "unsafe_writes": int(str(prop["unsafe_writes"])) + len(problems) + machine["unsafe"],
    }
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    asyncio.run(main())
