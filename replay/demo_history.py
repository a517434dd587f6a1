"""A simulated past for the demo: hourly long-term statistics of a few days (pure).

The same models the live demo uses (the simulator's PV and load curves, the replay server's
Amber prices) drive a small self-consumption battery in 5-minute steps; each hour becomes one
statistics row. Counters end at `sum` 0 at the boundary, where Home Assistant's own statistics
begin (the recorder starts every sum at 0 with its first state), so the seeded past and the live
statistics join without a jump whichever of them the recorder wrote first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

from replay.prices import PriceModel, feed_in_cents, general_cents
from simulator.curves import PV_SYSTEM_EFFICIENCY, clear_sky_fraction, hour_of_day, load_kw, pv_kw

STEP: Final = timedelta(minutes=5)
HOUR: Final = timedelta(hours=1)
STEP_H: Final = STEP / HOUR

# Counters (statistics with a sum) and measurements (statistics with mean/min/max), by the
# translation key of the entity they belong to.
COUNTERS: Final = (
    "pv_energy",
    "load_energy",
    "grid_import_energy",
    "grid_export_energy",
    "battery_charge_energy",
    "battery_discharge_energy",
)
MEASUREMENTS: Final = (
    "battery_soc",
    "pv_power",
    "house_load",
    "battery_power",
    "grid_power",
    "general_price",
    "feed_in_earnings_rate",
    "pv_forecast_power",
)


@dataclass(frozen=True, slots=True)
class Plant:
    """The simulated plant: the simulator's defaults."""

    pv_kwp: float = 10.0
    capacity_kwh: float = 16.0
    max_kw: float = 5.0
    min_soc: float = 10.0
    efficiency: float = 0.95  # one way, charge and discharge each
    seed: int = 0  # the simulator's seed
    price_seed: int = 1  # the replay server's seed


@dataclass(slots=True)
class _Hour:
    """Accumulators of one hour."""

    energy: dict[str, float] = field(default_factory=lambda: dict.fromkeys(COUNTERS, 0.0))
    samples: dict[str, list[float]] = field(
        default_factory=lambda: {key: [] for key in MEASUREMENTS}
    )


def forecast_kw(plant: Plant, moment: datetime) -> float:
    """What a forecast expects: the clear-sky bell at the mean cloudiness (90 % of clear sky)."""
    return plant.pv_kwp * PV_SYSTEM_EFFICIENCY * clear_sky_fraction(hour_of_day(moment)) * 0.9


def simulate(
    start: datetime, end: datetime, soc: float = 50.0, plant: Plant | None = None
) -> dict[str, list[dict[str, float | datetime]]]:
    """Hourly rows per statistic for whole hours in [start, end) (aware local datetimes).

    Counter rows hold `sum` (kWh, ending at 0 at `end`); measurement rows hold mean, min and max.
    """
    plant = plant or Plant()
    prices = PriceModel(plant.price_seed)
    hours: list[tuple[datetime, _Hour]] = []
    moment = start.replace(minute=0, second=0, microsecond=0)
    if moment < start:
        moment += HOUR  # only whole hours: a partial first hour would understate its energy
    while moment + HOUR <= end:
        acc = _Hour()
        step = moment
        while step < moment + HOUR:
            soc = _step(plant, prices, step, soc, acc)
            step += STEP
        hours.append((moment, acc))
        moment += HOUR
    rows: dict[str, list[dict[str, float | datetime]]] = {k: [] for k in (*COUNTERS, *MEASUREMENTS)}
    totals = {key: sum(acc.energy[key] for _, acc in hours) for key in COUNTERS}
    running = {key: -totals[key] for key in COUNTERS}
    for begin, acc in hours:
        for key in COUNTERS:
            running[key] += acc.energy[key]
            rows[key].append({"start": begin, "sum": round(running[key], 4)})
        for key in MEASUREMENTS:
            values = acc.samples[key]
            rows[key].append(
                {
                    "start": begin,
                    "mean": round(sum(values) / len(values), 4),
                    "min": round(min(values), 4),
                    "max": round(max(values), 4),
                }
            )
    return rows


def _step(plant: Plant, prices: PriceModel, moment: datetime, soc: float, acc: _Hour) -> float:
    """One 5-minute step of self-consumption; returns the new SoC."""
    pv = pv_kw(plant.pv_kwp, moment, plant.seed)
    load = load_kw(moment, plant.seed)
    surplus = pv - load
    room_kwh = (100.0 - soc) / 100.0 * plant.capacity_kwh
    stored_kwh = max(0.0, soc - plant.min_soc) / 100.0 * plant.capacity_kwh
    if surplus >= 0:
        battery = min(surplus, plant.max_kw, room_kwh / plant.efficiency / STEP_H)
    else:
        battery = -min(-surplus, plant.max_kw, stored_kwh * plant.efficiency / STEP_H)
    grid = load - pv + battery  # + import, - export
    if battery >= 0:
        soc += battery * STEP_H * plant.efficiency / plant.capacity_kwh * 100.0
    else:
        soc += battery * STEP_H / plant.efficiency / plant.capacity_kwh * 100.0
    soc = min(100.0, max(0.0, soc))
    spot = prices.slot(moment).spot
    energy = {
        "pv_energy": pv,
        "load_energy": load,
        "grid_import_energy": max(0.0, grid),
        "grid_export_energy": max(0.0, -grid),
        "battery_charge_energy": max(0.0, battery),
        "battery_discharge_energy": max(0.0, -battery),
    }
    for key, kw in energy.items():
        acc.energy[key] += kw * STEP_H
    sample = {
        "battery_soc": soc,
        "pv_power": pv,
        "house_load": load,
        "battery_power": battery,
        "grid_power": grid,
        "general_price": general_cents(spot, moment) / 100.0,
        "feed_in_earnings_rate": -feed_in_cents(spot) / 100.0,
        "pv_forecast_power": forecast_kw(plant, moment),
    }
    for key, value in sample.items():
        acc.samples[key].append(value)
    return soc


def with_states(
    rows: Mapping[str, list[dict[str, float | datetime]]], counters_now: Mapping[str, float]
) -> dict[str, list[dict[str, float | datetime]]]:
    """Counter rows with `state`: the meter reading that ends at `counters_now` (the live value)."""
    out = {key: list(value) for key, value in rows.items()}
    for key, reading in counters_now.items():
        if key not in out:
            continue
        # sum ends at 0, so the reading at each row is the live reading plus that (negative) sum.
        out[key] = [{**row, "state": round(reading + _number(row["sum"]), 4)} for row in out[key]]
    return out


def _number(value: float | datetime) -> float:
    """A row's numeric field (rows mix numbers and the start time)."""
    if isinstance(value, datetime):
        raise TypeError("expected a number")
    return value
