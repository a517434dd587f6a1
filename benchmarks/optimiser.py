"""Replay a year of QLD prices and an Ausgrid household under several battery policies.

Run: python -m benchmarks.optimiser [--year 2023] [--data DIR] ...; progress goes to stderr and
the figures to the last line of stdout as one JSON object. See docs/optimiser.md.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
import json
import math
from pathlib import Path
import sys
import time

import numpy as np

from benchmarks import _demand
from benchmarks._data import DEFAULT_DATA, TARIFFS, RetailTOU, Tariff, load_year
from benchmarks._fine import distinct_case, dp_vs_lp
from benchmarks._forecasts import BLENDED, YESTERDAY, Forecaster
from benchmarks._lp import LPBattery, solve_lp
from benchmarks._policies import (
    FloatArray,
    Outcome,
    Series,
    design_rules,
    no_battery,
    run_planner,
    run_rule,
    self_consumption,
)
from custom_components.sigenstor.optimiser import Battery, Horizon, Site, plan, recurring_feed_in

SPIKE_RRP = 300.0  # $/MWh
KNOWN_STEPS = 3  # this step and the next hour are known exactly


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--year", type=int, default=2023)
    ap.add_argument("--tariff", choices=sorted(TARIFFS), default="6900-2025-26")
    ap.add_argument("--capacity", type=float, default=16.0, help="battery kWh")
    ap.add_argument("--power", type=float, default=5.0, help="charge/discharge kW")
    ap.add_argument("--efficiency", type=float, default=0.95, help="one-way efficiency")
    ap.add_argument("--soc-min", type=float, default=0.05)
    ap.add_argument("--soc-max", type=float, default=0.98)
    ap.add_argument("--soc-start", type=float, default=0.05)
    ap.add_argument("--pv-kwp", type=float, default=10.0)
    ap.add_argument("--export-limit", type=float, default=10.0, help="kW")
    ap.add_argument("--import-limit", type=float, default=math.inf, help="kW")
    ap.add_argument("--wear", type=float, default=0.0, help="planner wear cost $/kWh")
    ap.add_argument("--horizon-h", type=float, default=48.0)
    ap.add_argument("--days", type=int, default=0, help="replay only the first N days (0: all)")
    ap.add_argument("--end-value", choices=["zero", "low", "median"], default="low")
    ap.add_argument(
        "--forecast",
        choices=["blended", "yesterday", "oracle-price", "oracle-house"],
        default="blended",
        help="realistic policy's forecast (oracle-* are diagnostics: one input made perfect)",
    )
    ap.add_argument("--forecast-json", default="", help="diagnostics: override blend settings")
    ap.add_argument("--skip-perfect", action="store_true", help="diagnostics: skip one replay")
    ap.add_argument("--timing-samples", type=int, default=60)
    ap.add_argument(
        "--demand",
        action="store_true",
        help="demand case: Energex 3700 + monthly peak charge, perfect-forecast planner vs LP",
    )
    ap.add_argument("--fine-samples", type=int, default=20, help="576-step horizons vs the LP")
    ap.add_argument("--cell-kwh", type=float, default=0.1, help="planner SoC grid spacing")
    return ap.parse_args(argv)


def log(msg: str) -> None:
    """Progress to stderr."""
    print(msg, file=sys.stderr, flush=True)


def end_value_fn(kind: str, eta_d: float) -> object:
    """Value ($/kWh stored) of energy left at the horizon's end, from the forecast prices.

    "low": the energy will at least displace an import at a low price of the horizon (its 20th
    percentile), or be sold at the feed-in peak of every day (recurring_feed_in), after discharge
    losses; holding more than that is not worth charging for. Steps are step_h long.
    """

    def value(buy: FloatArray, sell: FloatArray, step_h: float = 0.5) -> float:
        if kind == "zero":
            return 0.0
        q = 20 if kind == "low" else 50
        fed = recurring_feed_in(sell, np.full(sell.shape, step_h))
        return max(float(np.percentile(buy, q)), fed, 0.0) * eta_d

    return value


def shares(no_bat: float, cost: float, bound: float) -> float:
    """Share of the bound's saving over no battery."""
    return (no_bat - cost) / (no_bat - bound) if no_bat != bound else math.nan


def main(argv: Sequence[str] | None = None) -> int:
    """Run every policy and print the JSON figures."""
    args = parse(argv)
    tariff: Tariff | RetailTOU = TARIFFS["3700-2024-25" if args.demand else args.tariff]
    horizon = round(args.horizon_h * 2)
    t_start = time.monotonic()
    yr, first, last = load_year(
        args.data, args.year, tariff, pv_kwp=args.pv_kwp, warmup=14 * 48, tail=horizon
    )
    if args.days:
        last = min(last, first + args.days * 48)
    s = Series(yr.rrp, yr.buy, yr.sell, yr.load, yr.pv, first, last)
    hours = np.array([t.hour for t in yr.starts], dtype=np.int64)
    slots = np.array([(t.weekday() * 24 + t.hour) * 2 + t.minute // 30 for t in yr.starts])
    log(f"{args.year}: {last - first} steps, data from {args.data}")
    bat = Battery(
        capacity_kwh=args.capacity,
        soc_floor=args.soc_min,
        soc_ceiling=args.soc_max,
        max_charge_kw=args.power,
        max_discharge_kw=args.power,
        charge_efficiency=args.efficiency,
        discharge_efficiency=args.efficiency,
        wear_cost_per_kwh=args.wear,
    )
    site = Site(export_limit_kw=args.export_limit, import_limit_kw=args.import_limit)
    e0 = args.soc_start * args.capacity

    end_value = end_value_fn(args.end_value, args.efficiency)
    assert callable(end_value)

    def perfect(i: int) -> tuple[FloatArray, ...]:
        h = slice(i, i + horizon)
        return yr.buy[h], yr.sell[h], yr.load[h], yr.pv[h], yr.rrp[h]

    if args.demand:
        figures = _demand.run(
            perfect,  # type: ignore[arg-type]
            s,
            bat,
            site,
            e0,
            horizon=horizon,
            end_value=end_value,
            starts=yr.starts,
        )
        meta = {"year": args.year, "tariff": "3700-2024-25", "battery_kwh": args.capacity}
        meta |= {"steps": last - first, "wall_s": round(time.monotonic() - t_start, 1)}
        print(json.dumps(figures | meta))
        return 0

    out: dict[str, Outcome] = {}
    for name, rule in (
        ("no_battery", no_battery),
        ("self_consumption", self_consumption),
        ("design_rules", design_rules),
    ):
        out[name] = run_rule(rule, s, bat, site, e0)
        log(f"{name}: ${out[name].total:.2f}")

    sl = slice(first, last)
    lp = solve_lp(
        np.full(last - first, 0.5),
        yr.load[sl],
        yr.pv[sl],
        yr.buy[sl],
        yr.sell[sl],
        bat=LPBattery(
            e_min=args.soc_min * args.capacity,
            e_max=args.soc_max * args.capacity,
            p_charge=args.power,
            p_discharge=args.power,
            eta_c=args.efficiency,
            eta_d=args.efficiency,
            export_limit=args.export_limit,
            import_limit=args.import_limit,
        ),
        e0=e0,
    )
    lp_cost = 0.5 * (yr.buy[sl] * lp.import_kw - yr.sell[sl] * lp.export_kw)
    log(f"pf_bound (LP): ${lp_cost.sum():.2f}")

    fc = Forecaster(
        rrp=yr.rrp,
        load=yr.load,
        pv=yr.pv,
        slots=slots,
        horizon=horizon,
        known=KNOWN_STEPS,
        cfg=YESTERDAY
        if args.forecast == "yesterday"
        else replace(BLENDED, **json.loads(args.forecast_json or "{}")),
    )

    def realistic(i: int) -> tuple[FloatArray, ...]:
        rrp_f, load_f, pv_f = fc.at(i)
        h = slice(i, i + horizon)
        if args.forecast == "oracle-price":
            rrp_f = yr.rrp[h]
        if args.forecast == "oracle-house":
            load_f, pv_f = yr.load[h], yr.pv[h]
        buy_f, sell_f = tariff.prices(rrp_f, hours[h])
        return buy_f, sell_f, load_f, pv_f, rrp_f

    runs = (("perfect", perfect), ("realistic", realistic))
    for name, fn in runs[1:] if args.skip_perfect else runs:
        out[name] = run_planner(
            fn,  # type: ignore[arg-type]
            s,
            bat,
            site,
            e0,
            horizon=horizon,
            end_value=end_value,
            label=name,
            cell_kwh=args.cell_kwh,
        )
        log(f"{name}: ${out[name].total:.2f}")

    solve_ms = time_576(
        realistic, s, bat=bat, site=site, samples=args.timing_samples, end_value=end_value
    )
    distinct_ms = time_576(
        realistic,
        s,
        bat=bat,
        site=site,
        samples=args.timing_samples,
        end_value=end_value,
        distinct=True,
    )
    rng = np.random.default_rng(args.year)
    fine = [
        distinct_case(rng, *perfect(int(i))[:4])
        for i in np.linspace(first, last - 1, args.fine_samples).astype(int)
    ]
    fine_share = dp_vs_lp(fine, bat, site) if fine else math.nan
    if args.skip_perfect:
        out["perfect"] = out["realistic"]
    nb = out["no_battery"].total
    bound = float(lp_cost.sum())
    spike = yr.rrp[sl] > SPIKE_RRP
    spike_nb = float(out["no_battery"].cost[spike].sum())
    spike_share = (spike_nb - float(out["realistic"].cost[spike].sum())) / (
        spike_nb - float(lp_cost[spike].sum())
    )
    e_lp = lp.energy
    result = {
        "cost_no_battery_aud": round(nb, 2),
        "cost_self_consumption_aud": round(out["self_consumption"].total, 2),
        "cost_design_rules_aud": round(out["design_rules"].total, 2),
        "cost_perfect_aud": round(out["perfect"].total, 2),
        "cost_realistic_aud": round(out["realistic"].total, 2),
        "cost_pf_bound_aud": round(bound, 2),
        "pf_share_perfect": round(shares(nb, out["perfect"].total, bound), 4),
        "pf_share_realistic": round(shares(nb, out["realistic"].total, bound), 4),
        "spike_value_share": round(spike_share, 4),
        "solve_ms_p95": round(float(np.percentile(solve_ms, 95)), 2),
        "infeasible": out["perfect"].infeasible + out["realistic"].infeasible,
        "cycles_per_day": round(out["realistic"].cycles_per_day(args.capacity, 0.5), 3),
        "pf_share_self_consumption": round(shares(nb, out["self_consumption"].total, bound), 4),
        "pf_share_design_rules": round(shares(nb, out["design_rules"].total, bound), 4),
        "cycles_per_day_perfect": round(out["perfect"].cycles_per_day(args.capacity, 0.5), 3),
        "cycles_per_day_pf_bound": round(
            float(np.maximum(-np.diff(e_lp), 0).sum()) / args.capacity / ((last - first) / 48),
            3,
        ),
        "solve_ms_p95_576_distinct": round(float(np.percentile(distinct_ms, 95)), 2),
        "dp_vs_lp_value_576": round(fine_share, 4),
        "solve_ms_p50": round(float(np.percentile(solve_ms, 50)), 2),
        "solve_ms_p95_96_steps": round(
            1000 * float(np.percentile(out["realistic"].solve_s, 95)), 2
        ),
        "year": args.year,
        "tariff": args.tariff,
        "battery_kwh": args.capacity,
        "steps": last - first,
        "forecast": args.forecast,
        "end_value": args.end_value,
        "wall_s": round(time.monotonic() - t_start, 1),
    }
    print(json.dumps(result))
    return 0


def time_576(
    forecast: object,
    s: Series,
    *,
    bat: Battery,
    site: Site,
    samples: int,
    end_value: object,
    distinct: bool = False,
) -> list[float]:
    """Milliseconds for full plans (with reasons) of 48 h at 5 minutes, at sampled times.

    The 5-minute steps repeat the 30-minute forecast, as an upsampled Amber forecast would;
    distinct=True adds a 1 W ramp to the load so that no two steps are alike (nothing merges).
    """
    assert callable(forecast)
    assert callable(end_value)
    picks = np.linspace(s.first, s.last - 1, samples).astype(int)
    times = []
    for i in picks:
        buy, sell, load, pv, _ = forecast(int(i))
        rep = [np.repeat(x[:96], 6) for x in (buy, sell, load, pv)]
        if distinct:
            rep[2] = rep[2] + 0.001 * (np.arange(576) % 6)
        h = Horizon(
            start=datetime(2023, 1, 1, tzinfo=UTC),
            durations_h=np.full(576, 1 / 12),
            buy=rep[0],
            sell=rep[1],
            pv_kw=rep[3],
            load_kw=rep[2],
        )
        soc = 0.05 + 0.9 * ((int(i) * 7919) % 100) / 100
        tic = time.perf_counter()
        plan(h, bat, soc, site, end_value_per_kwh=end_value(rep[0], rep[1], 1 / 12))
        times.append(1000 * (time.perf_counter() - tic))
    return times


if __name__ == "__main__":
    sys.exit(main())
