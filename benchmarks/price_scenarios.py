"""Probe: does planning over price scenarios (a stochastic DP) beat the point-forecast DP?

Run: python -m benchmarks.price_scenarios [--year 2021] [--mode excess] ...; progress on stderr,
figures as JSON on the last line of stdout (docs/optimiser_figures.md, "price scenarios").

Both policies use the same small DP (no refinement, 30-minute steps, SoC cells of --cell kWh) so
only the price model differs. "point" plans against the blended forecast; "excess" plans against
the blended forecast plus, with equal weight per day, each of the last --days days' spike excess
at that time (an empirical spike distribution); "raw" plans against the last days' prices
themselves; "oracle" against the actual prices. In the stochastic DP the price of each step is
seen before that step's decision, so holding charge for a spike that may come has its option
value, no more: V_t(e) = sum_j w_j min_m [cost_j,t(m) + V_t+1(e + m)].
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, replace
import json
import math
from pathlib import Path
import sys
import time

import numpy as np
from numpy.typing import NDArray

from benchmarks._data import DEFAULT_DATA, TARIFFS, Tariff, load_year
from benchmarks._forecasts import BLENDED, SPD, Forecaster
from benchmarks._lp import LPBattery, solve_lp
from benchmarks._policies import FloatArray, Series, no_battery, run_rule, settle_planned, step_cost
from benchmarks.optimiser import KNOWN_STEPS, SPIKE_RRP, end_value_fn
from custom_components.sigenstor.optimiser import Battery, Site
from custom_components.sigenstor.optimiser.dp import Physics, StepInputs, settle

MODES = ("point", "excess", "raw", "oracle")


@dataclass(frozen=True, slots=True)
class Grid:
    """Stored-energy cells lo + i*delta and the storage moves (in cells) one step allows."""

    lo: float
    hi: float
    energy: FloatArray  # (N,)
    moves: NDArray[np.int64]  # (M,)

    @property
    def d_e(self) -> FloatArray:
        """Storage change (kWh) of each move."""
        return np.asarray(self.moves * (self.energy[1] - self.energy[0]), dtype=np.float64)


def make_grid(lo: float, hi: float, cell: float, ph: Physics, dt: float) -> Grid:
    """Cells about ``cell`` kWh wide and every whole-cell move within the power limits."""
    cells = max(1, round((hi - lo) / cell))
    delta = (hi - lo) / cells
    kc = math.floor(ph.p_charge * dt * ph.eta_c / delta + 1e-9)
    kd = math.floor(ph.p_discharge * dt / ph.eta_d / delta + 1e-9)
    energy = np.asarray(lo + delta * np.arange(cells + 1), dtype=np.float64)
    return Grid(lo, hi, energy, np.arange(-kd, kc + 1, dtype=np.int64))


def value_after_first(cost: FloatArray, w: FloatArray, g: Grid, terminal: FloatArray) -> FloatArray:
    """V_1 over the cells: expected cost-to-go from step 1, prices seen before each decision.

    cost (J, T, M) is each scenario's cost of each move; w (J,) the scenario weights; terminal
    (N,) the cost of ending in each cell (minus the value of the energy left).
    """
    n = g.energy.size
    idx = np.arange(n)[:, None] + g.moves[None, :]
    valid = (idx >= 0) & (idx < n)
    idx = np.clip(idx, 0, n - 1)
    v = terminal
    for t in range(cost.shape[1] - 1, 0, -1):
        nxt = np.where(valid, v[idx], np.inf)  # (N, M)
        v = np.asarray(w @ (cost[:, t, None, :] + nxt[None, :, :]).min(axis=2), dtype=np.float64)
    return v


def decide(e: float, cost_now: FloatArray, v1: FloatArray, g: Grid) -> float:
    """Storage change (kWh) now from energy e: the move with the least cost now plus V_1."""
    e_next = e + g.d_e
    ok = (e_next >= g.lo - 1e-9) & (e_next <= g.hi + 1e-9)
    total = np.where(ok, cost_now + np.interp(np.clip(e_next, g.lo, g.hi), g.energy, v1), np.inf)
    return float(g.d_e[int(np.argmin(total))]) if np.isfinite(total).any() else 0.0


def scenarios(
    fc: Forecaster, f: FloatArray, t: int, mode: str, days: int
) -> tuple[FloatArray, FloatArray]:
    """(J, H) price scenarios with weights for a plan made at t from its forecast f (H,)."""
    h, rrp = fc.h, fc.rrp
    if mode == "oracle":
        return rrp[t : t + h][None, :].copy(), np.ones(1)
    lead = np.arange(h)
    k0 = lead // SPD + 1
    clip = max(fc.cfg.price_clip, fc.cfg.price_clip_rel * float(fc.level[t]))
    rows = []
    for j in range(days if mode != "point" else 0):
        idx = t + lead - (k0 + j) * SPD
        if idx.min() < 0:
            break
        past = rrp[idx]
        rows.append(f + np.maximum(past - clip, 0.0) if mode == "excess" else past)
    if not rows:
        return f[None, :], np.ones(1)
    sc = np.array(rows)
    sc[:, :KNOWN_STEPS] = rrp[t : t + KNOWN_STEPS]
    return sc, np.full(len(rows), 1.0 / len(rows))


def step_costs(
    sc: FloatArray,
    hours: NDArray[np.int64],
    load: FloatArray,
    pv: FloatArray,
    *,
    tariff: Tariff,
    ph: Physics,
    g: Grid,
    export_kw: float,
) -> FloatArray:
    """(J, H, M) cost of each move in each scenario and step (the planner's settle)."""
    j, h = sc.shape
    buy, sell = tariff.prices(sc, np.broadcast_to(hours, sc.shape))
    ins = StepInputs(
        dt=np.full(j * h, 0.5),
        load=np.tile(load, j),
        pv=np.tile(pv, j),
        buy=buy.reshape(-1),
        sell=sell.reshape(-1),
        import_lim=np.full(j * h, np.inf),
        export_lim=np.full(j * h, export_kw),
    )
    d_e = np.broadcast_to(g.d_e, (j * h, g.d_e.size))
    return np.asarray(settle(d_e, ins, ph).objective.reshape(j, h, -1), dtype=np.float64)


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--year", type=int, default=2021)
    ap.add_argument("--mode", choices=MODES, default="excess")
    ap.add_argument("--days", type=int, default=28, help="past days that make the scenarios")
    ap.add_argument("--capacity", type=float, default=16.0)
    ap.add_argument("--power", type=float, default=5.0)
    ap.add_argument("--cell", type=float, default=0.2, help="SoC cell (kWh)")
    ap.add_argument("--limit", type=int, default=0, help="replay only the first N steps")
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Replay one policy over a year and print its share of the perfect-foresight LP bound."""
    a = parse(argv)
    tariff = TARIFFS["6900-2025-26"]
    assert isinstance(tariff, Tariff)
    h, eff, export_kw = 96, 0.95, 10.0
    yr, first, last = load_year(a.data, a.year, tariff, pv_kwp=10.0, warmup=14 * SPD, tail=h)
    last = min(last, first + a.limit) if a.limit else last
    s = Series(yr.rrp, yr.buy, yr.sell, yr.load, yr.pv, first, last)
    hours = np.array([t.hour for t in yr.starts], dtype=np.int64)
    slots = np.array([(t.weekday() * 24 + t.hour) * 2 + t.minute // 30 for t in yr.starts])
    lo, hi = 0.05 * a.capacity, 0.98 * a.capacity
    bat = Battery(
        capacity_kwh=a.capacity,
        soc_floor=0.05,
        soc_ceiling=0.98,
        max_charge_kw=a.power,
        max_discharge_kw=a.power,
        charge_efficiency=eff,
        discharge_efficiency=eff,
    )
    site = Site(export_limit_kw=export_kw)
    ph = Physics(eta_c=eff, eta_d=eff, p_charge=a.power, p_discharge=a.power, wear=0.0,
                 curtailable=True)  # fmt: skip
    g = make_grid(lo, hi, a.cell, ph, 0.5)
    fc = Forecaster(rrp=yr.rrp, load=yr.load, pv=yr.pv, slots=slots, horizon=h,
                    known=KNOWN_STEPS, cfg=replace(BLENDED))  # fmt: skip
    end_value = end_value_fn("low", eff)
    assert callable(end_value)
    n = last - first
    cost = np.zeros(n)
    e = lo
    tic = time.monotonic()
    for k, t in enumerate(range(first, last)):
        f, load_f, pv_f = fc.at(t)
        sc, w = scenarios(fc, f, t, a.mode, a.days)
        c = step_costs(sc, hours[t : t + h], load_f, pv_f, tariff=tariff, ph=ph, g=g,
                       export_kw=export_kw)  # fmt: skip
        buy_f, sell_f = tariff.prices(f, hours[t : t + h])
        v1 = value_after_first(c, w, g, -end_value(buy_f, sell_f) * g.energy)
        de = decide(e, c[0, 0], v1, g)  # the price now is known: every scenario agrees
        b_req = de / (eff * 0.5) if de >= 0 else de * eff / 0.5
        _b, grid_kw, e = settle_planned(b_req, e, t, s, bat=bat, site=site)
        cost[k] = step_cost(grid_kw, t, s)
        if k % 2000 == 0:
            print(f"step {k}/{n} {time.monotonic() - tic:.0f}s", file=sys.stderr, flush=True)
    nb = run_rule(no_battery, s, bat, site, lo)
    sl = slice(first, last)
    lp_bat = LPBattery(e_min=lo, e_max=hi, p_charge=a.power, p_discharge=a.power, eta_c=eff,
                       eta_d=eff, export_limit=export_kw, import_limit=math.inf)  # fmt: skip
    lp = solve_lp(np.full(n, 0.5), yr.load[sl], yr.pv[sl], yr.buy[sl], yr.sell[sl], bat=lp_bat,
                  e0=lo)  # fmt: skip
    lp_cost = 0.5 * (yr.buy[sl] * lp.import_kw - yr.sell[sl] * lp.export_kw)
    spike = yr.rrp[sl] > SPIKE_RRP
    spike_nb = float(nb.cost[spike].sum())
    bound = float(lp_cost.sum())
    figures = {
        "pf_share": round((nb.total - float(cost.sum())) / (nb.total - bound), 4),
        "spike_value_share": round(
            (spike_nb - float(cost[spike].sum())) / (spike_nb - float(lp_cost[spike].sum())), 4
        ),
        "year": a.year,
        "mode": a.mode,
        "days": a.days,
        "cell_kwh": a.cell,
        "battery_kwh": a.capacity,
        "steps": n,
        "wall_s": round(time.monotonic() - tic, 1),
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
