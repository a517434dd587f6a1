"""Plan the battery over a horizon: validate, run the DP, explain each step."""

from __future__ import annotations

from collections.abc import Callable
import math
from typing import cast

import numpy as np
from numpy.typing import NDArray

from . import dp, early_pv, refine
from .model import (
    Action,
    Battery,
    DemandCharge,
    FloatArray,
    Horizon,
    Plan,
    PlanError,
    PlanStep,
    Site,
)
from .reasons import explain_all

DEFAULT_CELL_KWH = 0.1  # target SoC grid spacing; see docs/optimiser.md for the error bound
ALIGN = True
_TOL_KW = 0.1  # below this a battery power counts as zero when naming the action


def plan(
    horizon: Horizon,
    battery: Battery,
    soc_now: float,
    site: Site | None = None,
    *,
    end_value_per_kwh: float = 0.0,
    demand: DemandCharge | None = None,
    cell_kwh: float = DEFAULT_CELL_KWH,
    explain: bool = True,
) -> Plan:
    """Cheapest feasible schedule for the horizon; raises PlanError on impossible inputs.

    end_value_per_kwh credits energy still stored at the end ($ per kWh stored). A demand charge
    (rate per kW of the peak import inside horizon.demand_window) is optimised by searching the
    import cap in the window; each candidate cap is one DP solve. explain=False leaves the
    reasons empty (for fast replays).
    """
    site = site or Site()
    battery.validate()
    site.validate()
    horizon.validate()
    if demand is not None:
        demand.validate()
        if horizon.demand_window is None:
            raise PlanError("a demand charge needs horizon.demand_window")
    if not (0.0 <= soc_now <= 1.0) or not math.isfinite(soc_now):
        raise PlanError(f"soc_now must be a fraction in [0, 1], got {soc_now}")
    if not math.isfinite(end_value_per_kwh):
        raise PlanError("end_value_per_kwh must be finite")
    if not cell_kwh > 0:
        raise PlanError("cell_kwh must be > 0")

    ph = dp.Physics(
        eta_c=battery.charge_efficiency,
        eta_d=battery.discharge_efficiency,
        p_charge=battery.max_charge_kw,
        p_discharge=battery.max_discharge_kw,
        wear=battery.wear_cost_per_kwh,
        curtailable=site.pv_curtailable,
    )
    cap = battery.capacity_kwh
    e_now = soc_now * cap
    band = (battery.soc_floor * cap, battery.soc_ceiling * cap)
    # Starting outside the band: widen the grid to include the start; a steep penalty makes the
    # plan return to the band as fast as it can and never go further out.
    lo, hi = min(band[0], e_now), max(band[1], e_now)
    base_imp = np.full(len(horizon), site.import_limit_kw)
    if horizon.import_cap_kw is not None:
        base_imp = np.minimum(base_imp, horizon.import_cap_kw)
    inputs = dp.StepInputs(
        dt=horizon.durations_h,
        load=horizon.load_kw,
        pv=horizon.pv_kw,
        buy=horizon.buy,
        sell=horizon.sell,
        import_lim=base_imp,
        export_lim=np.full(len(horizon), site.export_limit_kw),
    )
    window = (
        horizon.demand_window
        if horizon.demand_window is not None
        else np.zeros(len(horizon), dtype=np.bool_)
    )
    heads = _group_heads(inputs, window)
    merged_dt = np.add.reduceat(inputs.dt, heads)
    # The first step moves continuously from the exact start (dp.solve), so its length, often a
    # minute or two, must not shrink the grid for the rest of the horizon.
    later = merged_dt[1:] if merged_dt.size > 1 else merged_dt
    cells = dp.choose_cells(hi - lo, later, ph, cell_kwh)

    def merged(imp: FloatArray) -> dp.StepInputs:
        return dp.StepInputs(
            dt=merged_dt,
            load=inputs.load[heads],
            pv=inputs.pv[heads],
            buy=inputs.buy[heads],
            sell=inputs.sell[heads],
            import_lim=imp[heads],
            export_lim=inputs.export_lim[heads],
        )

    offsets = (
        dp.follow_offsets(
            merged(base_imp), ph, e_now=e_now, lo=lo, delta=(hi - lo) / cells, band=band
        )
        if ALIGN and hi > lo
        else None
    )

    def run(imp: FloatArray) -> tuple[dp.DPResult | None, float]:
        res = dp.solve(
            merged(imp),
            ph,
            e_now=e_now,
            lo=lo,
            hi=hi,
            band=band,
            cells=cells,
            end_value=end_value_per_kwh,
            offsets=offsets,
        )
        return res, (math.inf if res is None else res.objective)

    peak_cap = math.inf
    demand_cost = 0.0
    window_any = horizon.demand_window is not None and bool(horizon.demand_window.any())
    if demand is not None and demand.rate_per_kw > 0 and window_any:
        assert horizon.demand_window is not None
        result, peak_cap = _search_cap(
            run,
            base=base_imp,
            window=horizon.demand_window,
            demand=demand,
            horizon=horizon,
            p_charge=ph.p_charge,
        )
    else:
        result, _ = run(base_imp)
    if result is None:
        raise PlanError(_diagnose(horizon, battery, site, soc_now))

    imp = base_imp if not math.isfinite(peak_cap) else _capped(base_imp, horizon, peak_cap)
    path = result.energy
    if hi > lo:
        box = refine.Corridor(lo=lo, hi=hi, band=band, end_value=end_value_per_kwh)
        path, _ = refine.refine(merged(imp), ph, path, (hi - lo) / cells, box)
    s = dp.StepInputs(
        inputs.dt, inputs.load, inputs.pv, inputs.buy, inputs.sell, imp, inputs.export_lim
    )
    # Back from merged steps: constant power inside a merged run, so energy is linear in time.
    t_merged = np.concatenate(([0.0], np.cumsum(merged_dt)))
    t_steps = np.concatenate(([0.0], np.cumsum(inputs.dt)))
    energy = early_pv.front_load(np.interp(t_steps, t_merged, path), s, ph)
    flows = dp.settle(np.diff(energy), s, ph)
    peak = 0.0
    if horizon.demand_window is not None and horizon.demand_window.any():
        peak = float(np.max(np.maximum(flows.grid_kw[horizon.demand_window], 0.0)))
    if demand is not None:
        demand_cost = demand.rate_per_kw * max(0.0, peak - demand.peak_so_far_kw)
    terminal = end_value_per_kwh * float(energy[-1])
    steps = _steps(horizon, battery, energy, flows, ph, explain=explain)
    energy_cost = float(flows.cost.sum())
    bound = _error_bound(
        merged(imp),
        ph,
        energy=path,
        objective=energy_cost - terminal,
        end_value=end_value_per_kwh,
        span=hi - lo,
        cells=cells,
    )
    return Plan(
        steps=steps,
        total_cost=energy_cost + demand_cost,
        demand_cost=demand_cost,
        terminal_value=terminal,
        soc_cell_kwh=(hi - lo) / cells,
        error_bound=bound,
        peak_import_kw=peak,
    )


def _group_heads(s: dp.StepInputs, window: NDArray[np.bool_]) -> NDArray[np.intp]:
    """First step of each run of consecutive steps with identical inputs (step 0 stays alone).

    Such a run is one decision: with convex step costs an even power over the run is optimal
    (Jensen), so merging it loses nothing and makes upsampled horizons (30-minute forecasts on
    a 5-minute grid) as cheap to solve as their distinct steps.
    """
    keys = np.column_stack((s.load, s.pv, s.buy, s.sell, s.import_lim, s.export_lim, window))
    new: NDArray[np.bool_] = np.asarray(np.any(keys[1:] != keys[:-1], axis=1), dtype=np.bool_)
    if new.size:
        new[0] = True
    return np.concatenate(([0], np.flatnonzero(new) + 1)).astype(np.intp)


def _capped(base: FloatArray, horizon: Horizon, cap_kw: float) -> FloatArray:
    """Import limits with cap_kw applied inside the demand window."""
    assert horizon.demand_window is not None
    return np.where(horizon.demand_window, np.minimum(base, cap_kw), base)


def _search_cap(
    run: Callable[[FloatArray], tuple[dp.DPResult | None, float]],
    *,
    base: FloatArray,
    window: NDArray[np.bool_],
    demand: DemandCharge,
    horizon: Horizon,
    p_charge: float,
) -> tuple[dp.DPResult | None, float]:
    """Find the import cap in the window that minimises energy cost + demand charge.

    The LP value is convex in the cap, so a coarse scan followed by golden-section refinement
    finds the best cap; the DP's grid makes it only nearly convex, which the scan tolerates.
    """
    lo_cap = demand.peak_so_far_kw
    # No plan imports more than the house plus a full-power charge in the window.
    hi_cap = min(float(np.max(horizon.load_kw[window])) + p_charge, float(np.max(base[window])))

    def f(c: float) -> tuple[dp.DPResult | None, float]:
        res, obj = run(_capped(base, horizon, c))
        return res, obj + demand.rate_per_kw * max(0.0, c - demand.peak_so_far_kw)

    caps = [float(c) for c in np.linspace(lo_cap, max(lo_cap, hi_cap), 9)]
    scored = [f(c) for c in caps]
    best_i = min(range(len(caps)), key=lambda i: scored[i][1])
    best = (scored[best_i], caps[best_i])
    a, b = caps[max(best_i - 1, 0)], caps[min(best_i + 1, len(caps) - 1)]
    phi = (math.sqrt(5) - 1) / 2
    for _ in range(10):
        c1, c2 = b - phi * (b - a), a + phi * (b - a)
        r1, r2 = f(c1), f(c2)
        for r, c in ((r1, c1), (r2, c2)):
            if r[1] < best[0][1]:
                best = (r, c)
        if r1[1] <= r2[1]:
            b = c2
        else:
            a = c1
    (res, obj), cap = best
    if res is None or not math.isfinite(obj):
        return None, math.inf
    return res, cap


def _steps(
    horizon: Horizon,
    battery: Battery,
    energy: FloatArray,
    flows: dp.Flows,
    ph: dp.Physics,
    *,
    explain: bool,
) -> list[PlanStep]:
    """Name each step's action and attach its reason."""
    cap = battery.capacity_kwh
    starts = horizon.step_starts()
    actions = _classify(horizon, energy, flows, ph, battery)
    reasons = explain_all(actions, horizon, flows, starts) if explain else [""] * len(actions)
    # Whole arrays to Python floats at once (one numpy scalar per field and step was slower).
    soc = _floats(np.asarray(energy / cap, dtype=np.float64))
    columns = zip(
        starts,
        _floats(horizon.durations_h),
        actions,
        _floats(flows.battery_kw),
        soc[:-1],
        soc[1:],
        _floats(flows.grid_kw),
        _floats(flows.curtailed_kw),
        _floats(flows.cost),
        reasons,
        strict=True,
    )
    return [PlanStep(*row) for row in columns]


def _floats(a: FloatArray) -> list[float]:
    """A 1-D array as Python floats."""
    return cast(list[float], a.tolist())


def _classify(
    horizon: Horizon, energy: FloatArray, flows: dp.Flows, ph: dp.Physics, battery: Battery
) -> list[Action]:
    """Compare each planned power with what plain self-consumption would do in that step."""
    b = flows.battery_kw
    dt = horizon.durations_h
    surplus = horizon.pv_kw - horizon.load_kw
    cap = battery.capacity_kwh
    room = np.maximum((battery.soc_ceiling * cap - energy[:-1]) / (ph.eta_c * dt), 0.0)
    avail = np.maximum((energy[:-1] - battery.soc_floor * cap) * ph.eta_d / dt, 0.0)
    sc = np.minimum(
        np.maximum(surplus, -np.minimum(avail, ph.p_discharge)), np.minimum(room, ph.p_charge)
    )
    grid_charge = b > np.maximum(surplus, 0.0) + _TOL_KW
    codes = np.where(
        np.abs(b - sc) <= _TOL_KW,
        0,
        np.where(np.abs(b) <= _TOL_KW, 1, np.where(b > 0, np.where(grid_charge, 2, 3), 4)),
    )
    names = (
        Action.SELF_CONSUMPTION,
        Action.HOLD,
        Action.CHARGE_GRID,
        Action.CHARGE_PV,
        Action.DISCHARGE,
    )
    return [names[int(c)] for c in codes]


def _error_bound(
    s: dp.StepInputs,
    ph: dp.Physics,
    *,
    energy: FloatArray,
    objective: float,
    end_value: float,
    span: float,
    cells: int,
) -> float:
    """Proven bound on (plan objective - exact optimum) when costs are convex (docs/optimiser.md).

    Scale the exact optimum's moves by (1 - theta) towards holding, round to the grid, and charge
    each step at most its steepest marginal price for the rounding; theta = 2*delta/(smallest
    full-power move) leaves room for the rounding within the power limits.
    """
    delta = span / cells if cells else 0.0
    if delta == 0.0:
        return 0.0
    lc, ld = dp.move_limits(s.dt, ph)
    smallest = float(min(lc.min(), ld.min()))
    theta = 2 * delta / smallest if smallest > 0 else 1.0
    if theta >= 1:
        return math.inf
    steep = (np.maximum(np.abs(s.buy), np.abs(s.sell)) + ph.wear) * max(1 / ph.eta_c, ph.eta_d)
    b0 = delta * float(steep.sum()) + delta * abs(end_value) / 2
    hold = dp.settle(np.zeros_like(s.dt), s, ph).cost
    c_hold = float(hold.sum()) - end_value * float(energy[0])
    if not math.isfinite(c_hold):
        return math.inf
    return (theta * max(c_hold - objective, 0.0) + b0) / (1 - theta)


def _diagnose(horizon: Horizon, battery: Battery, site: Site, soc_now: float) -> str:
    """Explain why no feasible plan exists, naming the first step that cannot be met."""
    imp = np.full(len(horizon), site.import_limit_kw)
    if horizon.import_cap_kw is not None:
        imp = np.minimum(imp, horizon.import_cap_kw)
    need = horizon.load_kw - horizon.pv_kw - battery.max_discharge_kw - imp
    bad = np.flatnonzero(need > 1e-9)
    starts = horizon.step_starts()
    if bad.size:
        i = int(bad[0])
        return (
            f"infeasible: at {starts[i]:%Y-%m-%d %H:%M} the load {horizon.load_kw[i]:.2f} kW "
            f"exceeds PV + full discharge + import limit {imp[i]:.2f} kW"
        )
    return (
        f"infeasible: from SoC {soc_now:.1%} the battery cannot keep the house within the grid "
        "limits over the horizon (not enough stored energy or import headroom)"
    )
