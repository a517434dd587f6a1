"""The planner against scipy's LP on 48 h horizons of 576 distinct 5-minute steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray

from benchmarks._lp import LPBattery, solve_lp
from custom_components.sigenstor.optimiser import Battery, Horizon, Site, dp, plan

FloatArray = NDArray[np.float64]
STEPS = 576
DT = 1 / 12


@dataclass(frozen=True, slots=True)
class Case:
    """One 5-minute horizon with its start SoC and end value."""

    buy: FloatArray
    sell: FloatArray
    load: FloatArray
    pv: FloatArray
    soc: float
    end_value: float


def distinct_case(
    rng: np.random.Generator,
    buy30: FloatArray,
    sell30: FloatArray,
    load30: FloatArray,
    pv30: FloatArray,
) -> Case:
    """96 half-hours upsampled to 5 minutes with noise, so no two steps are alike.

    Load varies +-30 % and PV -15 % per step, prices by about 1c; feed-in stays at or below the
    buy price (convex costs), where the LP is the exact continuous optimum.
    """
    rep = [np.repeat(x[:96], 6) for x in (buy30, sell30, load30, pv30)]
    buy = rep[0] + rng.normal(0.0, 0.01, STEPS)
    sell = np.minimum(rep[1] + rng.normal(0.0, 0.01, STEPS), buy)
    load = rep[2] * rng.uniform(0.7, 1.3, STEPS)
    pv = rep[3] * rng.uniform(0.85, 1.0, STEPS)
    end_value = max(float(np.percentile(buy, 20)), 0.0) * 0.95
    return Case(buy, sell, load, pv, float(rng.uniform(0.1, 0.9)), end_value)


def value_shares(case: Case, bat: Battery, site: Site) -> tuple[float, float]:
    """The planner's and the LP's battery value over no battery ($, end credit included)."""
    dt = np.full(STEPS, DT)
    h = Horizon(
        start=datetime(2023, 1, 1, tzinfo=UTC),
        durations_h=dt,
        buy=case.buy,
        sell=case.sell,
        pv_kw=case.pv,
        load_kw=case.load,
    )
    cap = bat.capacity_kwh
    p = plan(h, bat, case.soc, site, end_value_per_kwh=case.end_value, explain=False)
    lp = solve_lp(
        dt,
        case.load,
        case.pv,
        case.buy,
        case.sell,
        bat=LPBattery(
            e_min=bat.soc_floor * cap,
            e_max=bat.soc_ceiling * cap,
            p_charge=bat.max_charge_kw,
            p_discharge=bat.max_discharge_kw,
            eta_c=bat.charge_efficiency,
            eta_d=bat.discharge_efficiency,
            wear=bat.wear_cost_per_kwh,
            export_limit=site.export_limit_kw,
            import_limit=site.import_limit_kw,
            curtailable=site.pv_curtailable,
        ),
        e0=case.soc * cap,
        end_value=case.end_value,
    )
    inputs = dp.StepInputs(
        dt,
        case.load,
        case.pv,
        case.buy,
        case.sell,
        np.full(STEPS, site.import_limit_kw),
        np.full(STEPS, site.export_limit_kw),
    )
    ph = dp.Physics(
        bat.charge_efficiency, bat.discharge_efficiency, 0.0, 0.0, 0.0, site.pv_curtailable
    )
    idle = float(dp.settle(np.zeros(STEPS), inputs, ph).cost.sum())
    idle -= case.end_value * case.soc * cap
    return idle - (p.total_cost - p.terminal_value), idle - lp.objective


def dp_vs_lp(cases: list[Case], bat: Battery, site: Site) -> float:
    """The planner's share of the LP's battery value, summed over the cases."""
    got = [value_shares(c, bat, site) for c in cases]
    return sum(g[0] for g in got) / sum(g[1] for g in got)
