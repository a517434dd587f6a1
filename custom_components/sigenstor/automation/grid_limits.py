"""Grid caps, the demand tariff and the backup reserve laid onto a plan's inputs (pure).

Hard limits: the plant's grid-point caps (40038 export, 40040 import) and the owner's
peak-shaving cap (vendor manual 3.1.6), which holds inside the demand window (all day when there
is no window). The house's load is not ours to cut, so a step's import cap is never below what
the house needs beyond PV and a full discharge; when the battery cannot hold a cap for the whole
horizon, `plan_within_limits` plans again with the caps binding grid charging only. The backup
reserve (40046, manual 3.1.5) is the plan's SoC floor; when the battery is already below it, the
floor is where it is (the plant only stops discharging there; the plan does not force a charge).
The demand window is Amber's flag where Amber sends one, else the owner's daily window.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta, tzinfo
import math
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from ..control.model import BACKUP_SOC, GRID_EXPORT_CAP, GRID_IMPORT_CAP, MAX_POWER_KW
from ..optimiser import DemandCharge, Horizon, Plan, PlanError, Site, plan
from ..sources.amber_models import ChannelType, PriceSnapshot
from .inputs import GridLimits, PlanInputs

CONF_DEMAND_RATE: Final = "demand_rate"
CONF_WINDOW_START: Final = "demand_window_start"
CONF_WINDOW_END: Final = "demand_window_end"
CONF_PEAK_CAP: Final = "peak_shaving_kw"
RATE_RANGE: Final = (0.0, 100.0)  # $ per kW
PEAK_CAP_RANGE: Final = (0.1, 1000.0)  # kW
# The reserve may not reach the ceiling: the planner needs a band to move in.
MIN_BAND: Final = 0.01
_DAY: Final = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DemandTariff:
    """The owner's demand settings: $/kW rate, daily window (local), peak-shaving cap (kW)."""

    rate_per_kw: float = 0.0
    window: tuple[time, time] | None = None  # None: Amber's flag, or all day
    peak_cap_kw: float | None = None


@dataclass(frozen=True, slots=True)
class GridFacts:
    """What the plant and the recorder say: caps (kW, None unset), backup SoC (%), peak (kW)."""

    export_cap_kw: float | None = None
    import_cap_kw: float | None = None
    backup_soc: float | None = None
    peak_so_far_kw: float = 0.0


def facts_from_registers(read: Callable[[str], float | None], peak_so_far_kw: float) -> GridFacts:
    """Caps and reserve from the plant's registers; a value outside physical bounds is unset."""

    def within(key: str, high: float) -> float | None:
        value = read(key)
        return value if value is not None and 0 <= value <= high else None

    return GridFacts(
        export_cap_kw=within(GRID_EXPORT_CAP, MAX_POWER_KW),
        import_cap_kw=within(GRID_IMPORT_CAP, MAX_POWER_KW),
        backup_soc=within(BACKUP_SOC, 100.0),
        peak_so_far_kw=max(peak_so_far_kw, 0.0),
    )


def _time(value: object) -> time | None:
    try:
        return time.fromisoformat(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _positive(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value >= 0 else None


def tariff_from_options(options: Mapping[str, Any]) -> DemandTariff:
    """The demand settings stored in the options; anything unreadable counts as unset."""
    start, end = _time(options.get(CONF_WINDOW_START)), _time(options.get(CONF_WINDOW_END))
    cap = _positive(options.get(CONF_PEAK_CAP))
    return DemandTariff(
        rate_per_kw=_positive(options.get(CONF_DEMAND_RATE)) or 0.0,
        window=(start, end) if start is not None and end is not None and start != end else None,
        peak_cap_kw=cap if cap else None,
    )


def validate_demand(values: Mapping[str, Any]) -> str | None:
    """An error key for a bad demand form (a window needs both ends, and they must differ)."""
    rate = values.get(CONF_DEMAND_RATE, 0.0)
    if _positive(rate) is None or not RATE_RANGE[0] <= float(rate) <= RATE_RANGE[1]:
        return "demand_rate_out_of_range"
    cap = values.get(CONF_PEAK_CAP)
    if cap not in (None, "") and (
        _positive(cap) is None or not PEAK_CAP_RANGE[0] <= float(cap) <= PEAK_CAP_RANGE[1]
    ):
        return "peak_cap_out_of_range"
    given = [values.get(k) not in (None, "") for k in (CONF_WINDOW_START, CONF_WINDOW_END)]
    if any(given) and not all(given):
        return "demand_window_incomplete"
    start, end = _time(values.get(CONF_WINDOW_START)), _time(values.get(CONF_WINDOW_END))
    if all(given) and (start is None or end is None):
        return "demand_window_incomplete"
    if all(given) and start == end:
        return "demand_window_empty"
    return None


def in_window(moment: datetime, window: tuple[time, time]) -> bool:
    """Whether a local time of day lies in [start, end); a window may span midnight."""
    start, end = window
    now = moment.time().replace(tzinfo=None)
    return start <= now < end if start < end else now >= start or now < end


def _amber_flag(prices: PriceSnapshot | None, moment: datetime) -> bool | None:
    """Amber's demand-window flag at a moment (the same time up to two days earlier beyond it)."""
    if prices is None:
        return None
    for days in range(3):
        interval = prices.at(moment - days * _DAY, ChannelType.GENERAL)
        if interval is not None:
            return interval.demand_window
    return None


def window_flags(
    horizon: Horizon, prices: PriceSnapshot | None, tariff: DemandTariff, tz: tzinfo
) -> NDArray[np.bool_]:
    """Per step: inside the demand window (Amber's flag, else the owner's window, else all day)."""
    flags = []
    for start, hours in zip(horizon.step_starts(), horizon.durations_h, strict=True):
        middle = start + timedelta(hours=float(hours) / 2)
        amber = _amber_flag(prices, middle)
        if amber is not None:
            flags.append(amber)
        elif tariff.window is not None:
            flags.append(in_window(middle.astimezone(tz), tariff.window))
        else:
            flags.append(True)
    return np.asarray(flags, dtype=np.bool_)


def this_month(horizon: Horizon, tz: tzinfo) -> NDArray[np.bool_]:
    """Per step: its middle falls in the local calendar month the horizon starts in."""
    first = horizon.start.astimezone(tz)
    flags = []
    for start, hours in zip(horizon.step_starts(), horizon.durations_h, strict=True):
        middle = (start + timedelta(hours=float(hours) / 2)).astimezone(tz)
        flags.append((middle.year, middle.month) == (first.year, first.month))
    return np.asarray(flags, dtype=np.bool_)


def reserve_floor(soc_now: float, floor: float, ceiling: float, backup_soc: float | None) -> float:
    """The plan's SoC floor (fraction): the backup reserve, but not above the SoC now."""
    if backup_soc is None or not math.isfinite(backup_soc):
        return floor
    reserve = max(floor, min(backup_soc / 100, soc_now))
    return max(floor, min(reserve, ceiling - MIN_BAND))


def apply_limits(
    inputs: PlanInputs,
    *,
    prices: PriceSnapshot | None,
    tariff: DemandTariff,
    grid: GridFacts,
    tz: tzinfo,
) -> PlanInputs:
    """The inputs with the caps, the demand charge and the reserve applied."""
    horizon, battery = inputs.horizon, inputs.battery
    wanted = tariff.rate_per_kw > 0 or tariff.peak_cap_kw is not None
    window = window_flags(horizon, prices, tariff, tz) if wanted else None
    n = len(horizon)
    cap: NDArray[np.float64] = np.full(n, math.inf)
    if grid.import_cap_kw is not None:
        cap[:] = grid.import_cap_kw
    if tariff.peak_cap_kw is not None and window is not None:
        cap = np.asarray(np.where(window, np.minimum(cap, tariff.peak_cap_kw), cap))
    # What the house draws beyond PV and a full discharge is not ours to cap.
    unavoidable = horizon.load_kw - horizon.pv_kw - battery.max_discharge_kw
    import_cap = np.maximum(cap, unavoidable) if np.isfinite(cap).any() else None
    demand = None
    if tariff.rate_per_kw > 0 and window is not None:
        # The peak so far is this month's: next month's window starts afresh, so it is left out
        # (re-planned once the month turns) rather than priced against this month's peak.
        window = window & this_month(horizon, tz)
        if window.any():
            demand = DemandCharge(tariff.rate_per_kw, grid.peak_so_far_kw)
    export_cap = grid.export_cap_kw
    floor = reserve_floor(inputs.soc_now, battery.soc_floor, battery.soc_ceiling, grid.backup_soc)
    return replace(
        inputs,
        horizon=replace(horizon, demand_window=window, import_cap_kw=import_cap),
        battery=replace(battery, soc_floor=floor),
        # The plant curtails PV itself to hold an export cap; without one PV is never cut.
        site=Site(
            export_limit_kw=math.inf if export_cap is None else export_cap,
            pv_curtailable=export_cap is not None,
        ),
        demand=demand,
        limits=GridLimits(
            reserve_soc=round(floor * 100, 1),
            import_cap_kw=grid.import_cap_kw,
            export_cap_kw=export_cap,
            peak_cap_kw=tariff.peak_cap_kw,
            demand_rate=tariff.rate_per_kw if demand is not None else 0.0,
            peak_so_far_kw=grid.peak_so_far_kw,
            window_steps=int(window.sum()) if window is not None else 0,
        ),
    )


def _run(inputs: PlanInputs) -> Plan:
    return plan(
        inputs.horizon,
        inputs.battery,
        inputs.soc_now,
        inputs.site,
        end_value_per_kwh=inputs.end_value,
        demand=inputs.demand,
    )


def plan_within_limits(inputs: PlanInputs) -> tuple[Plan, PlanInputs]:
    """Plan within the caps; if the battery cannot hold them, within what it can (noted)."""
    try:
        return _run(inputs), inputs
    except PlanError:
        horizon = inputs.horizon
        if horizon.import_cap_kw is None:
            raise
    # The caps then bind grid charging only: the house may draw what PV does not cover.
    relaxed_cap = np.maximum(horizon.import_cap_kw, horizon.load_kw - horizon.pv_kw)
    relaxed = replace(inputs, horizon=replace(horizon, import_cap_kw=relaxed_cap))
    result = _run(relaxed)
    result.notes.append("import cap cannot be held over the whole horizon")
    return result, relaxed
