"""Replay policies step by step over a year and settle every step with the actual data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import math
import sys
import time

import numpy as np
from numpy.typing import NDArray

from custom_components.sigenstor.optimiser import (
    Battery,
    DemandCharge,
    Horizon,
    PlanError,
    Site,
    plan,
)

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Series:
    """Actual data over the replay window (warm-up before, look-ahead tail after the year)."""

    rrp: FloatArray
    buy: FloatArray
    sell: FloatArray
    load: FloatArray
    pv: FloatArray
    first: int  # index of the first replayed step
    last: int  # one past the last replayed step
    dt: float = 0.5


@dataclass(slots=True)
class Outcome:
    """Per-step results of one policy over the replayed year."""

    grid: FloatArray
    cost: FloatArray  # $ per step: import cost - export revenue
    energy: FloatArray  # stored kWh at each step start (+1 at the end)
    infeasible: int = 0
    solve_s: list[float] = field(default_factory=list)

    @property
    def total(self) -> float:
        """Total energy cost ($)."""
        return float(self.cost.sum())

    def cycles_per_day(self, capacity: float, dt: float) -> float:
        """Full-capacity discharge equivalents per day (storage side)."""
        out = float(np.maximum(-np.diff(self.energy), 0.0).sum())
        return out / capacity / (self.cost.size * dt / 24.0)


def settle_rule(
    b_req: float, e: float, i: int, s: Series, *, bat: Battery, site: Site
) -> tuple[float, float, float]:
    """Apply a requested battery power within SoC/power limits; curtail PV when export costs.

    Returns (battery kW, grid kW, next stored energy).
    """
    dt = s.dt
    e_min, e_max = bat.soc_floor * bat.capacity_kwh, bat.soc_ceiling * bat.capacity_kwh
    hi = min(bat.max_charge_kw, max(e_max - e, 0.0) / (bat.charge_efficiency * dt))
    lo = -min(bat.max_discharge_kw, max(e - e_min, 0.0) * bat.discharge_efficiency / dt)
    b = min(max(b_req, lo), hi)
    grid = s.load[i] - s.pv[i] + b
    pv_left = s.pv[i]
    if grid < 0 and site.pv_curtailable and s.sell[i] < 0:
        cut = min(pv_left, -grid)  # the plant's PV limit: stop exporting at a loss
        grid += cut
        pv_left -= cut
    if grid < -site.export_limit_kw:
        cut = min(pv_left, -site.export_limit_kw - grid) if site.pv_curtailable else 0.0
        grid += cut
        if grid < -site.export_limit_kw:  # still over: discharge less
            b += -site.export_limit_kw - grid
            grid = -site.export_limit_kw
    de = b * bat.charge_efficiency * dt if b >= 0 else b * dt / bat.discharge_efficiency
    return b, grid, e + de


def step_cost(grid: float, i: int, s: Series) -> float:
    """Energy cost of one step ($)."""
    price = s.buy[i] if grid > 0 else s.sell[i]
    return float(price * grid * s.dt)


Rule = Callable[[int, float, Series, Battery], float]


def no_battery(_i: int, _e: float, _s: Series, _b: Battery) -> float:
    """Battery never used."""
    return 0.0


def self_consumption(i: int, _e: float, s: Series, _b: Battery) -> float:
    """Sigenergy's default: absorb the PV surplus, cover the load, never touch the grid."""
    return float(s.pv[i] - s.load[i])


def design_rules(i: int, e: float, s: Series, bat: Battery) -> float:
    """The threshold rules of the user's design (design.txt section 6), first match wins.

    Price engine: buy < 10c (or negative) charges at full power; buy > 40c with SoC > 50%
    discharges at full power; a feed-in price in the next hour above the buy price now charges.
    Solar engine: PV surplus with SoC < 90% charges from the surplus. Usage engine: with
    SoC > 30% and the price rising, the battery rides the load; otherwise the inverter stays in
    its default self-consumption mode (ModeControl 0 = auto), which also covers the load, so
    both reduce to following the load here. Above 90% the PV surplus is exported.
    """
    soc = e / bat.capacity_kwh
    buy = s.buy[i]
    if buy < 0.10:
        return bat.max_charge_kw
    if buy > 0.40 and soc > 0.50:
        return -bat.max_discharge_kw
    if max(s.sell[i + 1], s.sell[i + 2]) > buy:
        return bat.max_charge_kw
    surplus = float(s.pv[i] - s.load[i])
    if surplus > 0:
        return surplus if soc < 0.90 else 0.0
    return surplus  # the usage engine's "ride the peak" and the default both cover the load


def run_rule(rule: Rule, s: Series, bat: Battery, site: Site, e0: float) -> Outcome:
    """Replay a rule policy."""
    n = s.last - s.first
    grid, cost, energy = np.zeros(n), np.zeros(n), np.zeros(n + 1)
    e = e0
    for k, i in enumerate(range(s.first, s.last)):
        energy[k] = e
        _b, g, e = settle_rule(rule(i, e, s, bat), e, i, s, bat=bat, site=site)
        grid[k], cost[k] = g, step_cost(g, i, s)
    energy[n] = e
    return Outcome(grid=grid, cost=cost, energy=energy)


@dataclass(frozen=True, slots=True)
class DemandSetup:
    """A monthly demand charge: window flags and a month number per step, rate in $/kW."""

    window: NDArray[np.bool_]
    month: NDArray[np.int64]
    rate: float


ForecastFn = Callable[[int], tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]]
EndValueFn = Callable[[FloatArray, FloatArray], float]


def run_planner(
    forecast: ForecastFn,
    s: Series,
    bat: Battery,
    site: Site,
    e0: float,
    *,
    horizon: int,
    end_value: EndValueFn,
    label: str,
    cell_kwh: float = 0.1,
    demand: DemandSetup | None = None,
) -> Outcome:
    """Re-plan every step over the horizon; execute the first step with the actual data.

    With a demand setup the plan pays the rate on the month's peak window import above the peak
    already reached this month (the window is cut at the month's end).
    """
    n = s.last - s.first
    grid, cost, energy = np.zeros(n), np.zeros(n), np.zeros(n + 1)
    e = e0
    dts = np.full(horizon, s.dt)
    infeasible = 0
    solve_s: list[float] = []
    start = time.monotonic()
    t0 = datetime(2000, 1, 1, tzinfo=UTC)
    peak: dict[int, float] = {}
    for k, i in enumerate(range(s.first, s.last)):
        energy[k] = e
        buy, sell, load, pv, _rrp = forecast(i)
        charge = None
        window = None
        if demand is not None:
            hz = slice(i, i + horizon)
            window = demand.window[hz] & (demand.month[hz] == demand.month[i])
            charge = DemandCharge(demand.rate, peak.get(int(demand.month[i]), 0.0))
        h = Horizon(
            start=t0 + timedelta(hours=k * s.dt),
            durations_h=dts,
            buy=buy,
            sell=sell,
            pv_kw=pv,
            load_kw=load,
            demand_window=window,
        )
        soc = min(max(e / bat.capacity_kwh, 0.0), 1.0)
        tic = time.perf_counter()
        try:
            p = plan(
                h,
                bat,
                soc,
                site,
                end_value_per_kwh=end_value(buy, sell),
                cell_kwh=cell_kwh,
                explain=False,
                demand=charge,
            )
            b_req = p.steps[0].battery_kw
        except PlanError:
            infeasible += 1
            b_req = float(s.pv[i] - s.load[i])  # fall back to self-consumption
        solve_s.append(time.perf_counter() - tic)
        _b, g, e = settle_planned(b_req, e, i, s, bat=bat, site=site)
        grid[k], cost[k] = g, step_cost(g, i, s)
        if demand is not None and demand.window[i]:
            m = int(demand.month[i])
            peak[m] = max(peak.get(m, 0.0), g)
        if k % 2000 == 0:
            print(
                f"[{label}] step {k}/{n} {time.monotonic() - start:.0f}s cost so far "
                f"${cost[: k + 1].sum():.2f}",
                file=sys.stderr,
            )
    energy[n] = e
    return Outcome(grid=grid, cost=cost, energy=energy, infeasible=infeasible, solve_s=solve_s)


def settle_planned(
    b: float, e: float, i: int, s: Series, *, bat: Battery, site: Site
) -> tuple[float, float, float]:
    """Execute a planned battery power: best curtailment for the actual prices (like the plan)."""
    dt = s.dt
    e_min, e_max = bat.soc_floor * bat.capacity_kwh, bat.soc_ceiling * bat.capacity_kwh
    de = b * bat.charge_efficiency * dt if b >= 0 else b * dt / bat.discharge_efficiency
    if e + de > e_max + 1e-6 or e + de < e_min - 1e-6:  # never leave the band
        return settle_rule(b, e, i, s, bat=bat, site=site)
    net = s.load[i] - s.pv[i] + b
    lo = max(net, -site.export_limit_kw)
    hi = net + s.pv[i] if site.pv_curtailable else net
    cands = [lo, min(max(0.0, lo), hi), max(hi, lo)]
    best = min(cands, key=lambda g: step_cost(g, i, s) + 1e-9 * (g - lo))
    if math.isnan(best):
        best = lo
    return b, best, min(max(e + de, e_min), e_max)
