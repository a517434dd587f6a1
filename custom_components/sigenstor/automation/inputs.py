"""Build the planner's horizon from Amber prices, the PV forecast and the load profile (pure).

Steps are 5 minutes for the first two hours (Amber's near-term resolution, and where PV and load
move fastest), then 30 minutes, from now to the end of Amber's forecast: at least 24 h (beyond
Amber's reach prices repeat the same time a day earlier) and at most 48 h.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from itertools import pairwise
import math
from typing import Final

import numpy as np

from ..optimiser import (
    Battery,
    DemandCharge,
    Horizon,
    HourOfWeekProfile,
    Site,
    recurring_feed_in,
)
from ..sources.amber_models import ChannelType, PriceSnapshot
from ..sources.pv_model import SolarForecast

FINE: Final = timedelta(minutes=5)
COARSE: Final = timedelta(minutes=30)
FINE_SPAN: Final = timedelta(hours=2)
MIN_HORIZON: Final = timedelta(hours=24)
MAX_HORIZON: Final = timedelta(hours=48)
# A first step shorter than this is merged into the next one.
MIN_FIRST_STEP: Final = timedelta(seconds=60)
EFFICIENCY: Final = 0.95  # one-way, charge and discharge
WEAR_COST: Final = 0.01  # $ per kWh in or out: skips cycles that would earn less than this
_DAY: Final = timedelta(days=1)

type Series = tuple[tuple[datetime, datetime, float], ...]


class InputsError(Exception):
    """The plan cannot be built; `key` is a translation key, `placeholders` its values."""

    def __init__(self, key: str, **placeholders: str) -> None:
        """Keep the key and placeholders for translated messages."""
        super().__init__(f"{key}: {placeholders}")
        self.key = key
        self.placeholders = placeholders


@dataclass(frozen=True, slots=True)
class PlantFacts:
    """What the plant tells the planner: SoC (%), capacity (kWh), rated powers (kW), limits (%)."""

    soc: float | None
    capacity_kwh: float | None
    charge_kw: float | None
    discharge_kw: float | None
    min_soc: float
    max_soc: float


@dataclass(frozen=True, slots=True)
class GridLimits:
    """Limits a plan was built with, for the owner: SoC floor (%), caps (kW, None: none)."""

    reserve_soc: float  # the plan's SoC floor: the safety minimum or the backup reserve
    import_cap_kw: float | None = None  # the plant's grid-point cap (40040)
    export_cap_kw: float | None = None  # the plant's grid-point cap (40038)
    peak_cap_kw: float | None = None  # the owner's peak-shaving cap, in the demand window
    demand_rate: float = 0.0  # $ per kW of the peak in the demand window
    peak_so_far_kw: float = 0.0  # this billing period's peak so far in the window
    window_steps: int = 0  # steps of the horizon inside the demand window


@dataclass(frozen=True, slots=True)
class PlanInputs:
    """Everything one planner call needs, plus what the owner should know about it."""

    horizon: Horizon
    battery: Battery
    site: Site
    soc_now: float  # fraction
    end_value: float  # $ per stored kWh left at the end
    priced_until: datetime  # end of Amber's forecast
    estimated_steps: int  # steps priced by repeating the day before
    demand: DemandCharge | None = None  # the demand charge over horizon.demand_window
    limits: GridLimits | None = None  # grid caps, demand and reserve applied (grid_limits.py)


def battery_from(facts: PlantFacts) -> tuple[Battery, float]:
    """The planner's battery and the SoC now (fraction); InputsError when facts are missing."""
    if facts.soc is None or not math.isfinite(facts.soc):
        raise InputsError("optimiser_no_soc")
    for value in (facts.capacity_kwh, facts.charge_kw, facts.discharge_kw):
        if value is None or not 0 < value < math.inf:
            raise InputsError("optimiser_no_battery")
    assert facts.capacity_kwh is not None
    assert facts.charge_kw is not None
    assert facts.discharge_kw is not None
    battery = Battery(
        capacity_kwh=facts.capacity_kwh,
        soc_floor=facts.min_soc / 100,
        soc_ceiling=facts.max_soc / 100,
        max_charge_kw=facts.charge_kw,
        max_discharge_kw=facts.discharge_kw,
        charge_efficiency=EFFICIENCY,
        discharge_efficiency=EFFICIENCY,
        wear_cost_per_kwh=WEAR_COST,
    )
    return battery, min(max(facts.soc / 100, 0.0), 1.0)


def _ceil(moment: datetime, step: timedelta) -> datetime:
    """The first multiple of `step` (since the epoch) at or after `moment`."""
    seconds = step.total_seconds()
    stamp = math.ceil(moment.timestamp() / seconds - 1e-9) * seconds
    return datetime.fromtimestamp(stamp, moment.tzinfo)


def step_bounds(now: datetime, end: datetime) -> list[datetime]:
    """Step boundaries from now to end: 5 minutes near term, then 30 minutes."""
    bounds = [now]
    t = _ceil(now, FINE)
    if t - now < MIN_FIRST_STEP:
        t += FINE
    while t < end and (t < now + FINE_SPAN or t != _ceil(t, COARSE)):
        bounds.append(t)
        t += FINE
    while t < end:
        bounds.append(t)
        t += COARSE
    if len(bounds) > 1 and end - bounds[-1] < FINE:
        # A last step of seconds (a run just after a boundary) would set the planner's grid
        # cell by its tiny full-power move: seconds per plan instead of milliseconds.
        bounds.pop()
    bounds.append(end)
    return bounds


class _Lookup:
    """Duration-weighted mean of a price series over any span; gaps repeat the day before."""

    def __init__(self, series: Series) -> None:
        self.series = series
        self.starts = [s for s, _, _ in series]

    def covered(self, moment: datetime) -> float | None:
        i = bisect_right(self.starts, moment) - 1
        if i >= 0 and moment < self.series[i][1]:
            return self.series[i][2]
        return None

    def at(self, moment: datetime) -> tuple[float, bool]:
        """Price at a moment and whether it was estimated."""
        for days in range(3):
            value = self.covered(moment - days * _DAY)
            if value is not None:
                return value, days > 0
        return self.series[-1][2], True

    def mean(self, start: datetime, end: datetime) -> tuple[float, bool]:
        """Mean price over [start, end) by 5-minute samples (all steps are multiples)."""
        total, estimated, seconds = 0.0, False, 0.0
        t = start
        while t < end:
            nxt = min(end, _ceil(t + timedelta(seconds=1), FINE))
            value, est = self.at(t + (nxt - t) / 2)
            weight = (nxt - t).total_seconds()
            total += value * weight
            seconds += weight
            estimated |= est
            t = nxt
        return total / seconds if seconds > 0 else self.at(start)[0], estimated


def end_value(buy: Sequence[float], sell: Sequence[float], hours: Sequence[float]) -> float:
    """Value of stored energy left at the end: it will at least displace a cheap import.

    The 20th percentile of the buy prices ahead by time (or the feed-in peak both the first and
    the last day offer, if higher), after discharge losses: the benchmark's "low" rule on its
    uniform steps. Weighting by step length matters because 5-minute steps would otherwise count
    six times.
    """
    order = np.argsort(np.asarray(buy))
    cumulative = np.cumsum(np.asarray(hours)[order])
    index = int(np.searchsorted(cumulative, 0.2 * cumulative[-1]))
    low = float(np.asarray(buy)[order][index])
    return max(low, recurring_feed_in(sell, hours), 0.0) * EFFICIENCY


def build_inputs(
    now: datetime,
    *,
    prices: PriceSnapshot | None,
    solar: SolarForecast | None,
    load: HourOfWeekProfile,
    facts: PlantFacts,
    tz: tzinfo,
) -> PlanInputs:
    """Everything the planner needs at `now`; InputsError when prices or plant facts are missing."""
    battery, soc = battery_from(facts)
    general = prices.price_series(ChannelType.GENERAL, advanced=True) if prices else ()
    general = tuple(item for item in general if item[1] > now)
    if not general:
        raise InputsError("optimiser_no_prices")
    feed_in = prices.price_series(ChannelType.FEED_IN, advanced=True) if prices else ()
    priced_until = general[-1][1]
    end = min(max(priced_until, now + MIN_HORIZON), now + MAX_HORIZON)
    bounds = step_bounds(now, end)
    buy_lookup = _Lookup(general)
    sell_lookup = _Lookup(feed_in) if feed_in else None
    durations, buy, sell, pv, middles = [], [], [], [], []
    estimated = 0
    for start, stop in pairwise(bounds):
        hours = (stop - start).total_seconds() / 3600
        durations.append(hours)
        price, est = buy_lookup.mean(start, stop)
        earn, est_sell = sell_lookup.mean(start, stop) if sell_lookup else (0.0, False)
        buy.append(price)
        sell.append(earn)
        estimated += int(est or est_sell)
        pv.append(solar.energy_between(start, stop) / 1000 / hours if solar else 0.0)
        middles.append((start + (stop - start) / 2).astimezone(tz))
    horizon = Horizon.build(
        now, durations_h=durations, buy=buy, sell=sell, pv_kw=pv, load_kw=load.predict(middles)
    )
    return PlanInputs(
        horizon=horizon,
        battery=battery,
        site=Site(pv_curtailable=False),  # the controller has no curtailment command
        soc_now=soc,
        end_value=end_value(buy, sell, durations),
        priced_until=priced_until,
        estimated_steps=estimated,
    )
