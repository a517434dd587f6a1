"""Pure battery planner: dynamic programming over stored energy (no Home Assistant imports).

Public API (all prices in $/kWh, powers in kW, energy in kWh, SoC as a fraction 0..1):

- ``Horizon.build(start, *, durations_h, buy, sell, pv_kw, load_kw, demand_window=None,
  import_cap_kw=None)``: the forecast, one entry per step; steps may differ in length
  (5-minute near term, 30-minute later). ``sell`` is the feed-in earned (negative: exporting costs).
- ``Battery(capacity_kwh, soc_floor, soc_ceiling, max_charge_kw, max_discharge_kw,
  charge_efficiency, discharge_efficiency, wear_cost_per_kwh)`` and
  ``Site(export_limit_kw, import_limit_kw, pv_curtailable)``.
- ``plan(horizon, battery, soc_now, site, *, end_value_per_kwh=0, demand=None,
  cell_kwh=0.1) -> Plan``. ``Plan.steps`` holds a ``PlanStep`` per step: ``action`` (an
  ``Action``), ``battery_kw`` (+ charge), ``soc_start``/``soc_end``, ``grid_kw`` (+ import),
  ``curtailed_kw``, ``cost`` ($) and a one-line ``reason``. ``Plan.first`` is the step to act on.
  ``Plan.error_bound`` is a proven bound on the gap to the exact optimum (convex prices).
  Raises ``PlanError`` (a ``ValueError``) with a readable message when inputs are impossible.
- ``DemandCharge(rate_per_kw, peak_so_far_kw)`` adds a peak-demand charge over the horizon's
  ``demand_window`` steps; ``import_cap_kw`` caps import per step instead.
- ``forecast``: ``HourOfWeekProfile`` (house load learned from history with a default shape),
  ``blend_days`` and ``anchor`` (forecast blending shared with the benchmark).
- ``recurring_feed_in(sell, hours)``: the feed-in energy left at the end can expect (the lower of
  the first and the last day's best), for the end value the callers pass to ``plan``.
"""

from .end_value import recurring_feed_in
from .forecast import DEFAULT_DAY_SHAPE_KW, HourOfWeekProfile, anchor, blend_days
from .model import (
    Action,
    Battery,
    DemandCharge,
    Horizon,
    Plan,
    PlanError,
    PlanStep,
    Site,
)
from .planner import plan

__all__ = [
    "DEFAULT_DAY_SHAPE_KW",
    "Action",
    "Battery",
    "DemandCharge",
    "Horizon",
    "HourOfWeekProfile",
    "Plan",
    "PlanError",
    "PlanStep",
    "Site",
    "anchor",
    "blend_days",
    "plan",
    "recurring_feed_in",
]
