"""Typed inputs and outputs of the planner (pure, no Home Assistant)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
import math

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


class PlanError(ValueError):
    """The planner's inputs are inconsistent or describe an impossible situation."""


class Action(StrEnum):
    """What the battery does in one step, in the controller's vocabulary."""

    CHARGE_GRID = "charge_grid"  # charge beyond the PV surplus, importing for the battery
    CHARGE_PV = "charge_pv"  # charge from PV only, less than the surplus (rest exported)
    DISCHARGE = "discharge"  # discharge more than the house needs (export) or a set power
    HOLD = "hold"  # battery idle although it could follow the house
    SELF_CONSUMPTION = "self_consumption"  # battery follows the house: absorb surplus, cover load


@dataclass(frozen=True, slots=True)
class Battery:
    """Battery limits; SoC values are fractions of the capacity (0..1)."""

    capacity_kwh: float
    soc_floor: float
    soc_ceiling: float
    max_charge_kw: float
    max_discharge_kw: float
    charge_efficiency: float = 0.95
    discharge_efficiency: float = 0.95
    wear_cost_per_kwh: float = 0.0  # $ per kWh of AC energy in or out

    def validate(self) -> None:
        """Raise PlanError when the battery description is impossible."""
        if not (self.capacity_kwh > 0 and math.isfinite(self.capacity_kwh)):
            raise PlanError(f"battery capacity must be positive, got {self.capacity_kwh}")
        if not 0.0 <= self.soc_floor < self.soc_ceiling <= 1.0:
            raise PlanError(
                f"need 0 <= soc_floor < soc_ceiling <= 1, got {self.soc_floor}, {self.soc_ceiling}"
            )
        if not (self.max_charge_kw >= 0 and self.max_discharge_kw >= 0):
            raise PlanError("battery power limits must be >= 0")
        for name in ("charge_efficiency", "discharge_efficiency"):
            eta = getattr(self, name)
            if not 0.0 < eta <= 1.0:
                raise PlanError(f"{name} must be in (0, 1], got {eta}")
        if not (self.wear_cost_per_kwh >= 0 and math.isfinite(self.wear_cost_per_kwh)):
            raise PlanError("wear cost must be a finite number >= 0")


@dataclass(frozen=True, slots=True)
class Site:
    """Grid connection limits and whether PV can be curtailed."""

    export_limit_kw: float = math.inf
    import_limit_kw: float = math.inf
    pv_curtailable: bool = True

    def validate(self) -> None:
        """Raise PlanError when a limit is negative or not a number."""
        if not (self.export_limit_kw >= 0 and self.import_limit_kw >= 0):
            raise PlanError("grid limits must be >= 0")


@dataclass(frozen=True, slots=True)
class DemandCharge:
    """Peak-demand charge: rate per kW of the highest import in the window steps."""

    rate_per_kw: float
    peak_so_far_kw: float = 0.0  # already reached this billing period (not charged again)

    def validate(self) -> None:
        """Raise PlanError when the rate or the earlier peak is negative."""
        if not (self.rate_per_kw >= 0 and self.peak_so_far_kw >= 0):
            raise PlanError("demand rate and peak so far must be >= 0")


@dataclass(frozen=True, slots=True)
class Horizon:
    """Per-step forecasts; prices in $/kWh, powers in kW (averages over the step)."""

    start: datetime
    durations_h: FloatArray
    buy: FloatArray  # price to import
    sell: FloatArray  # feed-in earned per kWh exported (negative: exporting costs)
    pv_kw: FloatArray
    load_kw: FloatArray
    demand_window: NDArray[np.bool_] | None = None  # steps where the demand charge/cap applies
    import_cap_kw: FloatArray | None = None  # per-step cap on import (e.g. a demand window cap)

    @classmethod
    def build(
        cls,
        start: datetime,
        *,
        durations_h: object,
        buy: object,
        sell: object,
        pv_kw: object,
        load_kw: object,
        demand_window: object | None = None,
        import_cap_kw: object | None = None,
    ) -> Horizon:
        """Make a horizon from sequences, converting them to float arrays."""
        return cls(
            start=start,
            durations_h=np.asarray(durations_h, dtype=np.float64),
            buy=np.asarray(buy, dtype=np.float64),
            sell=np.asarray(sell, dtype=np.float64),
            pv_kw=np.asarray(pv_kw, dtype=np.float64),
            load_kw=np.asarray(load_kw, dtype=np.float64),
            demand_window=None
            if demand_window is None
            else np.asarray(demand_window, dtype=np.bool_),
            import_cap_kw=None
            if import_cap_kw is None
            else np.asarray(import_cap_kw, dtype=np.float64),
        )

    def __len__(self) -> int:
        """Number of steps."""
        return int(self.durations_h.shape[0])

    def step_starts(self) -> list[datetime]:
        """Start time of every step."""
        offsets = np.concatenate(([0.0], np.cumsum(self.durations_h)[:-1]))
        return [self.start + timedelta(hours=float(h)) for h in offsets]

    def validate(self) -> None:
        """Raise PlanError on mismatched lengths, NaN, or negative durations/powers."""
        n = len(self)
        if n == 0:
            raise PlanError("horizon has no steps")
        series = {
            "buy": self.buy,
            "sell": self.sell,
            "pv_kw": self.pv_kw,
            "load_kw": self.load_kw,
        }
        if self.import_cap_kw is not None:
            series["import_cap_kw"] = self.import_cap_kw
        for name, arr in series.items():
            if arr.shape != (n,):
                raise PlanError(f"{name} has shape {arr.shape}, expected ({n},)")
            if not np.all(np.isfinite(arr)) and name != "import_cap_kw":
                raise PlanError(f"{name} contains NaN or infinite values")
        cap = self.import_cap_kw
        if cap is not None and (np.any(np.isnan(cap)) or np.any(cap < 0)):
            # +inf means no cap; NaN compared false everywhere and let any import through.
            raise PlanError("import_cap_kw must be >= 0 (inf for no cap), not NaN")
        if self.demand_window is not None and self.demand_window.shape != (n,):
            raise PlanError("demand_window must have one flag per step")
        if not np.all(self.durations_h > 0) or not np.all(np.isfinite(self.durations_h)):
            raise PlanError("every step must have a positive, finite duration")
        if np.any(self.pv_kw < 0) or np.any(self.load_kw < 0):
            raise PlanError("pv_kw and load_kw must be >= 0")


@dataclass(frozen=True, slots=True)
class PlanStep:
    """One planned step; battery_kw > 0 charges, grid_kw > 0 imports (AC side)."""

    start: datetime
    duration_h: float
    action: Action
    battery_kw: float
    soc_start: float  # fraction of capacity
    soc_end: float
    grid_kw: float
    curtailed_kw: float
    cost: float  # $ for the step: import - export revenue + wear
    reason: str


@dataclass(frozen=True, slots=True)
class Plan:
    """A complete plan and the figures needed to judge it."""

    steps: list[PlanStep]
    total_cost: float  # $ over the horizon (energy + wear + demand charge)
    demand_cost: float  # $ part of total_cost from the demand charge
    terminal_value: float  # $ credited for the energy left at the end
    soc_cell_kwh: float  # spacing of the SoC grid used by the dynamic programme
    error_bound: float  # proven upper bound on the gap to the exact optimum ($, convex case)
    peak_import_kw: float = 0.0  # highest planned import in the demand window
    notes: list[str] = field(default_factory=list)

    @property
    def first(self) -> PlanStep:
        """The step to act on now."""
        return self.steps[0]
