"""Polling benchmark: the integration's coordinators in a real hass against the simulator.

Run as `python -m benchmarks.polling`. The simulator runs on its own thread and event loop
(so its CPU is not counted as ours); the integration is set up in an in-process Home
Assistant, polls for the given number of minutes, and the figures are printed as one JSON
object on the last line:

- requests_per_minute: requests the plant received per minute after setup (target <= 60)
- min_request_spacing_s: smallest gap between two request arrivals at the plant (>= 1.0)
- live_age_p95_s: 95th percentile age of live values, sampled twice a second (<= 5)
- full_age_max_s: oldest any live or slow value got after the first full cycle (<= 65)
- cpu_ms_per_poll_p95: event-loop thread CPU per completed poll, measured over 10 s windows
  after a 15 s warm-up, 95th percentile over windows (<= 5). Everything on that thread counts
  (pymodbus, decoding, entity state writes, HA core), nothing of the simulator's thread.
- setup_s: config entry setup time (<= 2)
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import statistics
import tempfile
import threading
import time

from homeassistant import loader
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)

from custom_components.sigenstor.const import CONF_INVERTERS, CONF_MODEL, CONF_SERIAL, DOMAIN
from custom_components.sigenstor.models import SigenConfigEntry
from custom_components.sigenstor.sigen.registers import Tier
from simulator import SimConfig, Simulator


class SimulatorThread:
    """The simulator on a thread of its own, with its own event loop."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.sim = Simulator(SimConfig(port=0, inverters=1, speed=1.0))
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self) -> int:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.sim.start(), self.loop).result(10)
        return self.sim.port

    def stop(self) -> list[float]:
        arrivals = [r.monotonic for r in self.sim.requests]
        asyncio.run_coroutine_threadsafe(self.sim.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        return arrivals


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def _run(hass: HomeAssistant, port: int, minutes: float) -> dict[str, float]:
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id="BENCH",
        data={
            "host": "127.0.0.1",
            "port": port,
            CONF_INVERTERS: "1",
            CONF_SERIAL: "BENCH",
            CONF_MODEL: "SigenStor",
        },
    )
    entry.add_to_hass(hass)
    started = time.perf_counter()
    assert await hass.config_entries.async_setup(entry.entry_id)
    setup_s = time.perf_counter() - started
    typed: SigenConfigEntry = entry
    coordinators = list(typed.runtime_data.coordinators.values())
    live = [c for c in coordinators if c.tier is Tier.LIVE and c.registers]
    tracked = [c for c in coordinators if c.tier is not Tier.STATIC and c.registers]
    live_ages: list[float] = []
    full_ages: list[float] = []
    # (monotonic, event-loop thread CPU, polls completed so far), sampled every 0.5 s.
    samples: list[tuple[float, float, int]] = []
    start = time.monotonic()
    end = start + minutes * 60
    first_full: float | None = None
    while (now := time.monotonic()) < end:
        await asyncio.sleep(0.5)
        now = time.monotonic()
        samples.append((now, time.thread_time(), sum(c.polls for c in coordinators)))
        live_ages += [now - c.last_read_at for c in live if c.last_read_at is not None]
        if first_full is None and all(c.last_read_at is not None for c in tracked):
            first_full = now
        if first_full is not None:
            full_ages.append(max(now - c.last_read_at for c in tracked if c.last_read_at))
    cpu = _cpu_per_poll_ms([s for s in samples if s[0] >= start + 15])
    await hass.config_entries.async_unload(entry.entry_id)
    return {
        "setup_s": round(setup_s, 3),
        "live_age_p95_s": round(_percentile(live_ages, 0.95), 3),
        "full_age_max_s": round(max(full_ages), 3),
        "cpu_ms_per_poll_p95": round(_percentile(cpu, 0.95), 3),
        "cpu_ms_per_poll_median": round(statistics.median(cpu), 3),
        "polls": samples[-1][2],
    }


def _cpu_per_poll_ms(samples: list[tuple[float, float, int]]) -> list[float]:
    """CPU per completed poll in consecutive 10 s windows."""
    figures: list[float] = []
    window_start = samples[0]
    for sample in samples[1:]:
        if sample[0] - window_start[0] >= 10 and sample[2] > window_start[2]:
            figures.append((sample[1] - window_start[1]) * 1000 / (sample[2] - window_start[2]))
            window_start = sample
    return figures


def _request_figures(arrivals: list[float], minutes: float) -> dict[str, float]:
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    return {
        "requests": len(arrivals),
        "requests_per_minute": round(len(arrivals) / minutes, 2),
        "min_request_spacing_s": round(min(gaps), 3) if gaps else 0.0,
    }


async def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    sim = SimulatorThread()
    port = sim.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            async with async_test_home_assistant(config_dir=tmp) as hass:
                # Load custom_components/ from this checkout, as the test suite does.
                hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
                figures = await _run(hass, port, args.minutes)
                await hass.async_stop(force=True)
    finally:
        arrivals = sim.stop()
    figures |= _request_figures(sorted(arrivals), args.minutes)
    figures["minutes"] = args.minutes
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    asyncio.run(main())
