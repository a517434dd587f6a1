"""The DP against an exact LP on random small problems, within the documented bound."""

from __future__ import annotations

import numpy as np
import pytest

from custom_components.sigenstor.optimiser import Site, plan

from .helpers import battery, horizon

pytest.importorskip("scipy")

from benchmarks._lp import LPBattery, solve_lp


@pytest.mark.parametrize("seed", range(25))
def test_dp_within_bound_of_lp(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 40))
    dt = rng.choice([1 / 12, 0.5, 1.0], n)
    # Convex prices (buy >= 0, feed-in <= buy): the LP is then the exact continuous optimum.
    buy = rng.uniform(0.0, 0.8, n)
    sell = buy - rng.uniform(0.0, 0.4, n)
    pv, load = rng.uniform(0, 6, n), rng.uniform(0.1, 3, n)
    cap = float(rng.uniform(4, 25))
    bat = battery(
        capacity_kwh=cap,
        max_charge_kw=float(rng.uniform(1, 8)),
        max_discharge_kw=float(rng.uniform(1, 8)),
        wear_cost_per_kwh=float(rng.uniform(0, 0.03)),
        discharge_efficiency=0.93,
    )
    soc, end_value, export = float(rng.uniform(0.1, 0.9)), float(rng.uniform(0, 0.3)), 6.0
    h = horizon(list(buy), sell=list(sell), pv=list(pv), load=list(load), hours=list(dt))
    p = plan(h, bat, soc, site=Site(export_limit_kw=export), end_value_per_kwh=end_value)
    lp = solve_lp(
        dt,
        load,
        pv,
        buy,
        sell,
        bat=LPBattery(
            e_min=0.1 * cap,
            e_max=0.9 * cap,
            p_charge=bat.max_charge_kw,
            p_discharge=bat.max_discharge_kw,
            eta_c=0.95,
            eta_d=0.93,
            wear=bat.wear_cost_per_kwh,
            export_limit=export,
        ),
        e0=soc * cap,
        end_value=end_value,
    )
    dp_objective = p.total_cost - p.terminal_value
    gap = dp_objective - lp.objective
    assert gap >= -1e-6  # the plan is feasible for the LP, so it cannot beat it
    assert gap <= p.error_bound
    assert gap <= 0.01 * abs(lp.objective) + 0.02  # what the grid achieves in practice
