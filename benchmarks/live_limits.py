"""Live-path plans with grid caps, a demand charge and a backup reserve: time and what they keep.

Run: python -m benchmarks.live_limits [--plans 48] [--seed 3]

Builds the live horizon exactly as the integration does (``automation.inputs.build_inputs`` then
``automation.grid_limits.apply_limits``) from the demo's synthetic Amber answers (``replay.prices``:
a Queensland-like day with an evening peak and Amber's demand-window flag 16:00-21:00), the
default house-load shape and a 16 kWh / 5 kW battery, at ``--plans`` times an hour apart, and
plans it four ways: no limits; the plant's caps (import 3 kW, export 2 kW) and a 30 % backup
reserve; a 1 kW peak-shaving cap in the window; a $0.50/kW demand charge. Each runs on Amber's
prices and on a flat retail plan (25c buy, 5c feed-in, Amber's window flags kept: energy plus a
demand tariff, as on Energex 3700). Figures: solve time per plan (ms, p95, this machine), the
highest planned import in the demand window (kW, mean over plans), whether every plan kept its
caps and reserve, and how many plans had to relax a cap the battery could not hold. Last line:
one JSON object.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
import json
import time
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from custom_components.sigenstor.automation.grid_limits import (
    DemandTariff,
    GridFacts,
    apply_limits,
    plan_within_limits,
    window_flags,
)
from custom_components.sigenstor.automation.inputs import PlanInputs, PlantFacts, build_inputs
from custom_components.sigenstor.optimiser import HourOfWeekProfile, Plan
from custom_components.sigenstor.sources.amber_models import PriceSnapshot
from custom_components.sigenstor.sources.amber_parse import parse_interval
from replay.prices import PriceModel, prices_current

TZ = ZoneInfo("Australia/Brisbane")
START = datetime(2026, 1, 12, 0, 3, tzinfo=UTC)  # 10:03 in Brisbane
CASES: dict[str, tuple[DemandTariff, GridFacts]] = {
    "plain": (DemandTariff(), GridFacts()),
    "plant_caps": (DemandTariff(), GridFacts(import_cap_kw=3.0, export_cap_kw=2.0, backup_soc=30)),
    "peak_cap": (DemandTariff(peak_cap_kw=1.0), GridFacts()),
    "demand": (DemandTariff(rate_per_kw=0.5), GridFacts()),
}


def _flat(payload: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same intervals and window flags at 25c buy, 5c feed-in, no bands."""
    out = []
    for item in payload:
        flat = {k: v for k, v in item.items() if k != "advancedPrice"}
        flat["perKwh"] = 25.0 if item["channelType"] == "general" else -5.0
        out.append(flat)
    return out


def _kept(result: Plan, used: PlanInputs, grid: GridFacts) -> bool:
    """Whether the plan kept every cap of its (possibly relaxed) horizon and the floor."""
    flows = np.array([s.grid_kw for s in result.steps])
    cap = used.horizon.import_cap_kw
    ok = cap is None or bool(np.all(flows <= cap + 1e-6))
    if grid.export_cap_kw is not None:
        ok &= bool(flows.min() >= -grid.export_cap_kw - 1e-6)
    floor = used.battery.soc_floor
    return ok and min(s.soc_end for s in result.steps) >= floor - 1e-6


def main() -> None:
    """Plan every case at each time and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=48)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    model = PriceModel(args.seed)
    load = HourOfWeekProfile()
    keys = [f"{kind}_{name}" for kind in ("amber", "flat") for name in CASES]
    times: dict[str, list[float]] = {key: [] for key in keys}
    peaks: dict[str, list[float]] = {key: [] for key in keys}
    kept, relaxed = True, 0
    for i in range(args.plans):
        now = START + timedelta(hours=i)
        payload = prices_current(
            model, now, next_count=288, previous=0, resolution=5, channels=("general", "feedIn")
        )
        soc = 20.0 + 60.0 * (i % 4) / 3
        facts = PlantFacts(soc, 16.0, 5.0, 5.0, min_soc=5.0, max_soc=98.0)
        for kind, items in (("amber", payload), ("flat", _flat(payload))):
            prices = PriceSnapshot("site", now, tuple(parse_interval(item) for item in items))
            base = build_inputs(now, prices=prices, solar=None, load=load, facts=facts, tz=TZ)
            for name, (tariff, grid) in CASES.items():
                ok, was_relaxed = _one(
                    base, prices, tariff, grid, f"{kind}_{name}", times=times, peaks=peaks
                )
                kept &= ok
                relaxed += was_relaxed
    figures: dict[str, object] = {"plans": args.plans, "limits_kept": kept, "relaxed": relaxed}
    for key in keys:
        figures[f"solve_ms_p95_{key}"] = round(float(np.percentile(times[key], 95)), 1)
        figures[f"window_peak_kw_{key}"] = round(float(np.mean(peaks[key])), 3)
    print(json.dumps(figures))


def _one(
    base: PlanInputs,
    prices: PriceSnapshot,
    tariff: DemandTariff,
    grid: GridFacts,
    key: str,
    *,
    times: dict[str, list[float]],
    peaks: dict[str, list[float]],
) -> tuple[bool, int]:
    """Plan one case; record its time and window peak; whether it kept its limits, relaxed."""
    inputs = apply_limits(base, prices=prices, tariff=tariff, grid=grid, tz=TZ)
    in_window = window_flags(base.horizon, prices, DemandTariff(), TZ)
    t0 = time.perf_counter()
    result, used = plan_within_limits(inputs)
    times[key].append((time.perf_counter() - t0) * 1000)
    flows = np.array([s.grid_kw for s in result.steps])
    peaks[key].append(max(0.0, float(flows[in_window].max())) if in_window.any() else 0.0)
    return _kept(result, used, grid), int(used is not inputs)


if __name__ == "__main__":
    main()
