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
- property_examples, unsafe_writes (property + request log; must be 0), unsafe_log_writes
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Iterable
import itertools
import json
import statistics
import tempfile
import time
from typing import Any

from homeassistant import loader
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_test_home_assistant

from benchmarks.control_property import run as run_property
from benchmarks.polling import SimulatorThread
from custom_components.sigenstor.const import CONF_INVERTERS, CONF_MODEL, CONF_SERIAL, DOMAIN
from custom_components.sigenstor.control.model import ALLOWED_REGISTERS, ENUM_VALUES, MAX_POWER_KW
from custom_components.sigenstor.sigen.codec import decode
from custom_components.sigenstor.sigen.registers import PLANT_UNIT_ID, get
from simulator import RequestRecord

COMMANDS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("force_charge", {"power": 3.0, "target_soc": 95}),
    ("force_export", {"power": 3.0, "floor_soc": 10}),
    ("force_hold", {}),
    ("clear_override", {}),
)
# Register by address, for decoding the words of logged writes.
_BY_ADDRESS = {address: get(key) for key, (address, _) in ALLOWED_REGISTERS.items()}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


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
        offset = 0
        words = list(request.values)
        while offset < len(words):
            register = _BY_ADDRESS.get(request.address + offset)
            if register is None:
                problems.append(f"{where}: address {request.address + offset} not allowed")
                break
            value = decode(register, words[offset : offset + register.count])
            offset += register.count
            if register.key in ENUM_VALUES:
                if value not in ENUM_VALUES[register.key]:
                    problems.append(f"{where}: {register.key} = {value}")
            elif not isinstance(value, int | float) or not 0 <= value <= (
                MAX_POWER_KW if register.unit == "kW" else 100
            ):
                problems.append(f"{where}: {register.key} = {value}")
    return problems


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
    figures |= {
        "min_request_spacing_s": round(min(gaps), 3) if gaps else None,
        "property_examples": prop["property_examples"],
        "unsafe_log_writes": len(problems),
        "unsafe_writes": int(str(prop["unsafe_writes"])) + len(problems),
        "log_writes": sum(1 for r in requests if r.is_write),
    }
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    asyncio.run(main())
