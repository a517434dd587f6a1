"""The demand-tariff case: Energex 3700 with a monthly peak charge, planner against the LP."""

from __future__ import annotations

from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from benchmarks._data import DEMAND_3700_RATE, DEMAND_WINDOW_HOURS
from benchmarks._lp import LPBattery, solve_lp
from benchmarks._policies import (
    DemandSetup,
    EndValueFn,
    ForecastFn,
    Outcome,
    Series,
    no_battery,
    run_planner,
    run_rule,
)
from custom_components.sigenstor.optimiser import Battery, Site

FloatArray = NDArray[np.float64]
GST = 1.1


def setup(starts: list[datetime]) -> DemandSetup:
    """Window flags (16:00-21:00) and month numbers for every step; the rate includes GST."""
    hours = np.array([t.hour for t in starts], dtype=np.int64)
    window = (hours >= DEMAND_WINDOW_HOURS[0]) & (hours < DEMAND_WINDOW_HOURS[1])
    month = np.array([t.year * 12 + t.month - 1 for t in starts], dtype=np.int64)
    return DemandSetup(window=window, month=month, rate=GST * DEMAND_3700_RATE)


def monthly_peaks(grid: FloatArray, d: DemandSetup, first: int) -> dict[int, float]:
    """Highest window import per month over the replayed steps (grid indexed from first)."""
    out: dict[int, float] = {}
    for k, g in enumerate(grid):
        i = first + k
        if d.window[i]:
            out[int(d.month[i])] = max(out.get(int(d.month[i]), 0.0), float(g), 0.0)
    return out


def run(
    perfect: ForecastFn,
    s: Series,
    bat: Battery,
    site: Site,
    e0: float,
    *,
    horizon: int,
    end_value: EndValueFn,
    starts: list[datetime],
) -> dict[str, float | None]:
    """Replay the planner with perfect forecasts and the demand charge; compare with the LP."""
    d = setup(starts)
    sl = slice(s.first, s.last)
    months = [int(m) for m in np.unique(d.month[sl])]
    group = np.where(d.window[sl], np.searchsorted(months, d.month[sl]), -1).astype(np.int64)
    lp = solve_lp(
        np.full(s.last - s.first, s.dt),
        s.load[sl],
        s.pv[sl],
        s.buy[sl],
        s.sell[sl],
        bat=LPBattery(
            e_min=bat.soc_floor * bat.capacity_kwh,
            e_max=bat.soc_ceiling * bat.capacity_kwh,
            p_charge=bat.max_charge_kw,
            p_discharge=bat.max_discharge_kw,
            eta_c=bat.charge_efficiency,
            eta_d=bat.discharge_efficiency,
            export_limit=site.export_limit_kw,
            import_limit=site.import_limit_kw,
        ),
        e0=e0,
        demand=(group, d.rate),
    )
    nb: Outcome = run_rule(no_battery, s, bat, site, e0)
    out = run_planner(
        perfect, s, bat, site, e0, horizon=horizon, end_value=end_value, label="demand", demand=d
    )
    plan_peaks = monthly_peaks(out.grid, d, s.first)
    nb_peaks = monthly_peaks(nb.grid, d, s.first)
    lp_peaks = {m: float(p) for m, p in zip(months, lp.peaks_kw, strict=True)}
    lp_energy = float((s.dt * (s.buy[sl] * lp.import_kw - s.sell[sl] * lp.export_kw)).sum())
    total_plan = out.total + d.rate * sum(plan_peaks.values())
    total_nb = nb.total + d.rate * sum(nb_peaks.values())
    total_lp = lp_energy + d.rate * sum(lp_peaks.values())
    sum_lp = sum(lp_peaks.values())
    return {
        "demand_cost_no_battery_aud": round(total_nb, 2),
        "demand_cost_perfect_aud": round(total_plan, 2),
        "demand_cost_pf_bound_aud": round(total_lp, 2),
        "demand_pf_share_perfect": round((total_nb - total_plan) / (total_nb - total_lp), 4),
        "demand_peak_kw_plan": round(sum(plan_peaks.values()) / len(months), 3),
        "demand_peak_kw_lp": round(sum_lp / len(months), 3),
        "demand_peak_kw_no_battery": round(sum(nb_peaks.values()) / len(months), 3),
        # Undefined (null) when the LP avoids every window import: 0/0 is no "within 5 %".
        "demand_peak_ratio": round(sum(plan_peaks.values()) / sum_lp, 4) if sum_lp else None,
        "demand_peak_gap_kw": round((sum(plan_peaks.values()) - sum_lp) / len(months), 3),
        # The gap as a share of the no-battery peak: defined even when the LP imports nothing.
        "demand_peak_gap_share_no_battery": round(
            (sum(plan_peaks.values()) - sum_lp) / sum(nb_peaks.values()), 4
        )
        if sum(nb_peaks.values())
        else None,
        "demand_peak_worst_month_gap_kw": round(
            max(plan_peaks.get(m, 0.0) - lp_peaks[m] for m in months), 3
        ),
        "demand_months": len(months),
    }
