"""Realised savings against a self-consumption baseline, from measured flows and prices (pure).

Every telemetry sample (PV, house load, grid flow, SoC) is priced at the interval's actual buy
and feed-in prices. Three costs accumulate per day and month:
* `actual`: the measured grid flow;
* `baseline`: what plain self-consumption would have cost. While the plant runs its own
  self-consumption (no Remote EMS) that is the measured cost itself, and a virtual battery
  follows the real SoC; while something controls the plant, the virtual battery carries on
  alone with the measured PV and load;
* `shadow`: a second virtual battery that follows the optimiser's decision, used in shadow
  mode to say what acting would have earned.
Savings are baseline minus the cost of the policy in force: the shadow cost in shadow mode,
the measured cost otherwise.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final

from .decision import Decision, Intent

EFFICIENCY: Final = 0.95
# Longer gaps (an outage, a restart) are not integrated: nothing is known about them.
MAX_GAP: Final = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class BatteryModel:
    """Limits of the virtual batteries (kWh, kW, fractions)."""

    capacity_kwh: float
    charge_kw: float
    discharge_kw: float
    floor: float
    ceiling: float


@dataclass(frozen=True, slots=True)
class Sample:
    """One telemetry sample: powers in kW (grid + imports), SoC %, prices $/kWh."""

    at: datetime  # local time
    pv_kw: float
    load_kw: float
    grid_kw: float
    soc: float | None
    buy: float
    sell: float
    in_control: bool  # Remote EMS enabled: the plant is not self-consuming on its own
    shadow: bool  # shadow mode: the policy's cost is the shadow battery's


@dataclass
class Totals:
    """Costs ($) of one period."""

    actual: float = 0.0
    baseline: float = 0.0
    shadow: float = 0.0
    policy: float = 0.0

    @property
    def savings(self) -> float:
        """Baseline minus the policy in force."""
        return self.baseline - self.policy


@dataclass
class Ledger:
    """Running totals of today and this month, and the virtual batteries' stored energy."""

    day: str = ""
    month: str = ""
    today: Totals = field(default_factory=Totals)
    this_month: Totals = field(default_factory=Totals)
    baseline_kwh: float | None = None
    shadow_kwh: float | None = None
    last_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form for the store."""
        data = asdict(self)
        data["last_at"] = self.last_at.isoformat() if self.last_at else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Ledger:
        """Inverse of to_dict; unknown or broken data gives an empty ledger."""
        try:
            last = data.get("last_at")
            return cls(
                day=str(data.get("day", "")),
                month=str(data.get("month", "")),
                today=Totals(**data.get("today", {})),
                this_month=Totals(**data.get("this_month", {})),
                baseline_kwh=data.get("baseline_kwh"),
                shadow_kwh=data.get("shadow_kwh"),
                last_at=datetime.fromisoformat(last) if last else None,
            )
        except (TypeError, ValueError):
            return cls()


def _cost(grid_kw: float, buy: float, sell: float, hours: float) -> float:
    """Money for a grid flow: imports at the buy price, exports earn the feed-in."""
    return (grid_kw * buy if grid_kw > 0 else grid_kw * sell) * hours


def _move(energy: float, battery_kw: float, hours: float) -> float:
    """Stored energy after charging (+) or discharging (-) at AC power for `hours`."""
    if battery_kw >= 0:
        return energy + battery_kw * EFFICIENCY * hours
    return energy + battery_kw / EFFICIENCY * hours


def _room(m: BatteryModel, energy: float, hours: float) -> tuple[float, float]:
    """Largest AC charge and discharge power the virtual battery can take for `hours`."""
    charge = max(m.ceiling * m.capacity_kwh - energy, 0.0) / EFFICIENCY / hours
    discharge = max(energy - m.floor * m.capacity_kwh, 0.0) * EFFICIENCY / hours
    return min(charge, m.charge_kw), min(discharge, m.discharge_kw)


def self_consumption_kw(m: BatteryModel, energy: float, surplus_kw: float, hours: float) -> float:
    """Battery power of plain self-consumption: absorb the surplus, cover the deficit."""
    charge, discharge = _room(m, energy, hours)
    return min(max(surplus_kw, -discharge), charge)


def policy_kw(
    m: BatteryModel, energy: float, surplus_kw: float, hours: float, intent: Intent
) -> float:
    """Battery power the optimiser's decision would give in this sample."""
    charge, discharge = _room(m, energy, hours)
    match intent.decision:
        case Decision.CHARGE_GRID:
            return min(intent.power_kw, charge)
        case Decision.CHARGE_PV:
            return min(intent.power_kw, max(surplus_kw, 0.0), charge)
        case Decision.EXPORT:
            return -min(intent.power_kw, discharge)
        case Decision.HOLD:
            return min(max(surplus_kw, 0.0), charge)  # PV surplus still charges
    return self_consumption_kw(m, energy, surplus_kw, hours)


def record(ledger: Ledger, sample: Sample, model: BatteryModel | None, intent: Intent) -> None:
    """Add one sample to the ledger (rolling the day and month over first)."""
    day, month = sample.at.date().isoformat(), sample.at.strftime("%Y-%m")
    if ledger.day != day:
        ledger.day, ledger.today = day, Totals()
    if ledger.month != month:
        ledger.month, ledger.this_month = month, Totals()
    last, ledger.last_at = ledger.last_at, sample.at
    real_kwh = None
    if model is not None and sample.soc is not None:
        real_kwh = sample.soc / 100 * model.capacity_kwh
    if ledger.baseline_kwh is None or not sample.in_control:
        ledger.baseline_kwh = real_kwh
    if ledger.shadow_kwh is None or not sample.shadow:
        ledger.shadow_kwh = real_kwh
    if last is None or not timedelta(0) < sample.at - last <= MAX_GAP:
        return
    hours = (sample.at - last).total_seconds() / 3600
    surplus = sample.pv_kw - sample.load_kw
    actual = _cost(sample.grid_kw, sample.buy, sample.sell, hours)
    baseline = shadow = actual
    if model is not None and ledger.baseline_kwh is not None and sample.in_control:
        kw = self_consumption_kw(model, ledger.baseline_kwh, surplus, hours)
        baseline = _cost(kw - surplus, sample.buy, sample.sell, hours)
        ledger.baseline_kwh = _move(ledger.baseline_kwh, kw, hours)
    if model is not None and ledger.shadow_kwh is not None and sample.shadow:
        kw = policy_kw(model, ledger.shadow_kwh, surplus, hours, intent)
        shadow = _cost(kw - surplus, sample.buy, sample.sell, hours)
        ledger.shadow_kwh = _move(ledger.shadow_kwh, kw, hours)
    policy = shadow if sample.shadow else actual
    for totals in (ledger.today, ledger.this_month):
        totals.actual += actual
        totals.baseline += baseline
        totals.shadow += shadow
        totals.policy += policy
