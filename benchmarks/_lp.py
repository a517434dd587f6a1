"""Exact linear programme for the battery problem (scipy HiGHS): the perfect-foresight bound."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import linprog

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class LPBattery:
    """Battery and site constants for the LP (energies in kWh, powers in kW)."""

    e_min: float
    e_max: float
    p_charge: float
    p_discharge: float
    eta_c: float
    eta_d: float
    wear: float = 0.0
    export_limit: float = np.inf
    import_limit: float = np.inf
    curtailable: bool = True


@dataclass(frozen=True, slots=True)
class LPResult:
    """Optimal flows per step and the objective."""

    objective: float  # energy cost + wear - terminal value ($)
    energy: FloatArray  # (T+1,)
    charge_kw: FloatArray
    discharge_kw: FloatArray
    import_kw: FloatArray
    export_kw: FloatArray
    curtail_kw: FloatArray
    peaks_kw: FloatArray  # peak import per demand group (empty without a demand charge)


def solve_lp(
    dt: FloatArray,
    load: FloatArray,
    pv: FloatArray,
    buy: FloatArray,
    sell: FloatArray,
    *,
    bat: LPBattery,
    e0: float,
    end_value: float = 0.0,
    e_end_min: float | None = None,
    demand: tuple[NDArray[np.int64], float] | None = None,
) -> LPResult:
    """Minimise import cost - export revenue + wear - end_value * E_T; a relaxation (see docs).

    Variables per step: charge c, discharge d, import g+, export g-, curtailment k, then E_1..E_T.
    The LP may charge and discharge (or import and export) at once when that pays, so its value
    is a lower bound on what any physical schedule can cost. demand = (group per step, -1 outside
    the window; rate $/kW) adds one peak variable per group, at least every import in the group.
    """
    t_n = dt.shape[0]
    idx = np.arange(t_n)
    c, d, gp, gm, k, e = (idx + j * t_n for j in range(6))
    group, rate = demand if demand is not None else (np.full(t_n, -1, dtype=np.int64), 0.0)
    n_groups = int(group.max()) + 1
    n_var = 6 * t_n + n_groups
    cost = np.zeros(n_var)
    cost[6 * t_n :] = rate
    cost[c] = bat.wear * dt
    cost[d] = bat.wear * dt
    cost[gp] = buy * dt
    cost[gm] = -sell * dt
    cost[e[-1]] = -end_value
    # Power balance: pv - k + g+ + d - c - g- = load.
    rows = np.concatenate([idx] * 5)
    cols = np.concatenate([k, gp, d, c, gm])
    vals = np.concatenate([-np.ones(t_n), np.ones(t_n), np.ones(t_n), -np.ones(t_n), -np.ones(t_n)])
    # Dynamics: E_{t+1} - E_t - eta_c dt c + dt/eta_d d = 0 (E_0 on the right-hand side).
    r2 = t_n + idx
    rows = np.concatenate([rows, r2, r2[1:], r2, r2])
    cols = np.concatenate([cols, e, e[:-1], c, d])
    vals = np.concatenate([vals, np.ones(t_n), -np.ones(t_n - 1), -bat.eta_c * dt, dt / bat.eta_d])
    a_eq = sparse.csr_array((vals, (rows, cols)), shape=(2 * t_n, n_var))
    b_eq = np.concatenate([load - pv, np.zeros(t_n)])
    b_eq[t_n] = e0
    ub = np.concatenate(
        [
            np.full(t_n, bat.p_charge),
            np.full(t_n, bat.p_discharge),
            np.full(t_n, bat.import_limit),
            np.full(t_n, bat.export_limit),
            pv if bat.curtailable else np.zeros(t_n),
            np.full(t_n, bat.e_max),
            np.full(n_groups, np.inf),
        ]
    )
    lb = np.zeros(n_var)
    lb[e] = bat.e_min
    if e_end_min is not None:
        lb[e[-1]] = max(bat.e_min, e_end_min)
    bounds = np.column_stack([lb, np.where(np.isfinite(ub), ub, np.inf)])
    inside = np.flatnonzero(group >= 0)
    a_ub = sparse.csr_array(
        (
            np.concatenate([np.ones(inside.size), -np.ones(inside.size)]),
            (
                np.tile(np.arange(inside.size), 2),
                np.concatenate([gp[inside], 6 * t_n + group[inside]]),
            ),
        ),
        shape=(inside.size, n_var),
    )
    res = linprog(
        cost,
        A_ub=a_ub if inside.size else None,
        b_ub=np.zeros(inside.size) if inside.size else None,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=bounds,
        method="highs",
    )
    if res.status != 0:
        raise RuntimeError(f"LP failed: {res.message}")
    x = np.asarray(res.x, dtype=np.float64)
    return LPResult(
        objective=float(res.fun),
        energy=np.concatenate([[e0], x[e]]),
        charge_kw=x[c],
        discharge_kw=x[d],
        import_kw=x[gp],
        export_kw=x[gm],
        curtail_kw=x[k],
        peaks_kw=x[6 * t_n :],
    )
