"""Benchmark inputs: AEMO prices turned into Amber-like tariffs and an Ausgrid household by date."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "optimiser_benchmark"
PRICE_FILE = "aemo_qld1/qld1_rrp_30min_2021_2023_clean.csv"
HOUSE_FILE = "ausgrid_solar_home/customer12_data_2011-2012.csv"
HOUSE_PV_KWP = 1.04  # customer 12's system size (README of the data set)


@dataclass(frozen=True, slots=True)
class Tariff:
    """Amber-like retail construction from spot (c/kWh): buy = gst*(lf*spot + network + other)."""

    name: str
    evening: float  # network c/kWh 16:00-21:00
    day: float  # network c/kWh 11:00-16:00 (solar soak)
    overnight: float  # network c/kWh otherwise
    loss_factor: float = 1.06
    other: float = 3.5
    gst: float = 1.1
    export_fee: float = 0.5

    def network(self, hour: NDArray[np.int64]) -> FloatArray:
        """Network energy rate by hour of day (interval start, AEST)."""
        evening = (hour >= 16) & (hour < 21)
        day = (hour >= 11) & (hour < 16)
        return np.where(evening, self.evening, np.where(day, self.day, self.overnight))

    def prices(self, rrp: FloatArray, hour: NDArray[np.int64]) -> tuple[FloatArray, FloatArray]:
        """Buy and feed-in prices in $/kWh (feed-in positive when earned)."""
        spot = rrp / 10.0
        buy = self.gst * (self.loss_factor * spot + self.network(hour) + self.other)
        sell = spot - self.export_fee
        return np.asarray(buy / 100.0, dtype=np.float64), np.asarray(sell / 100.0, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class RetailTOU:
    """A fixed retail time-of-use plan: network TOU energy + a flat energy charge, flat feed-in."""

    name: str
    network_tariff: Tariff  # only its network windows and rates are used
    energy: float = 14.0  # retailer's energy charge, c/kWh ex GST (stated, not from a bill)
    feed_in: float = 5.0  # c/kWh earned
    gst: float = 1.1

    def prices(self, rrp: FloatArray, hour: NDArray[np.int64]) -> tuple[FloatArray, FloatArray]:
        """Buy and feed-in in $/kWh; the spot price is ignored (the plan is fixed in advance)."""
        buy = self.gst * (self.network_tariff.network(hour) + self.energy) / 100.0
        sell = np.full(rrp.shape, self.feed_in / 100.0)
        return np.asarray(buy, dtype=np.float64), sell


NETWORK_6900 = Tariff("6900-2025-26", evening=19.367, day=0.476, overnight=4.868)
# Energex 3700 Residential Demand, 2024-25 (tariffs/energex_network_tariffs_facts.csv): 3.320
# c/kWh anytime and 8.998 $/kW/month on the month's highest import in the peak window, taken
# here as 16:00-21:00 every day (Energex's residential demand window; ex GST).
DEMAND_3700 = Tariff("3700-2024-25", evening=3.320, day=3.320, overnight=3.320)
DEMAND_3700_RATE = 8.998  # $/kW/month ex GST
DEMAND_WINDOW_HOURS = (16, 21)

TARIFFS: dict[str, Tariff | RetailTOU] = {
    # Energex 6900 Residential Time of Use Energy (tariffs/energex_network_tariffs_facts.csv).
    "6900-2025-26": NETWORK_6900,
    "6900-2026-27": Tariff("6900-2026-27", evening=19.533, day=0.434, overnight=6.069),
    "8400-2025-26": Tariff("8400-2025-26", evening=9.648, day=9.648, overnight=9.648),
    "3700-2024-25": DEMAND_3700,
}
# Retail TOU on the Energex 6900 (2025-26) network windows: 16-21 evening, 11-16 solar soak.
TARIFFS["tou-6900"] = RetailTOU("tou-6900", network_tariff=NETWORK_6900)


@dataclass(frozen=True, slots=True)
class Year:
    """Aligned 30-minute series for one replayed year."""

    starts: list[datetime]  # interval starts, NEM time (UTC+10)
    rrp: FloatArray  # $/MWh
    buy: FloatArray  # $/kWh
    sell: FloatArray  # $/kWh
    load: FloatArray  # kW
    pv: FloatArray  # kW

    @property
    def dt(self) -> float:
        """Step length in hours."""
        return 0.5


def read_prices(path: Path) -> tuple[list[datetime], FloatArray]:
    """All QLD1 30-minute RRP rows: interval starts (NEM time) and $/MWh."""
    starts: list[datetime] = []
    rrp: list[float] = []
    with path.open(newline="") as fh:
        for row in csv.DictReader(fh):
            starts.append(datetime.fromisoformat(row["interval_start_nem"]))
            rrp.append(float(row["rrp_aud_per_mwh"]))
    return starts, np.asarray(rrp)


def read_house(path: Path) -> dict[tuple[int, int, int, int], tuple[float, float]]:
    """Household load and PV (kW) keyed by (month, day, hour, minute)."""
    out: dict[tuple[int, int, int, int], tuple[float, float]] = {}
    with path.open(newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        for stamp, gc, gg in reader:
            t = datetime.fromisoformat(stamp)
            out[t.month, t.day, t.hour, t.minute] = (float(gc), float(gg))
    return out


def map_house(
    starts: list[datetime],
    house: dict[tuple[int, int, int, int], tuple[float, float]],
    pv_kwp: float,
) -> tuple[FloatArray, FloatArray]:
    """Load and PV for each start by calendar date and time; PV scaled to pv_kwp."""
    load = np.empty(len(starts))
    pv = np.empty(len(starts))
    for i, t in enumerate(starts):
        key = (t.month, t.day, t.hour, t.minute)
        if key not in house:  # 29 Feb in a year the household file lacks: use 28 Feb
            key = (t.month, t.day - 1, t.hour, t.minute)
        load[i], pv[i] = house[key]
    return load, pv * (pv_kwp / HOUSE_PV_KWP)


def window(
    starts: list[datetime], rrp: FloatArray, year: int, warmup: int, tail: int
) -> tuple[list[datetime], FloatArray, int, int]:
    """The year's rows plus warm-up rows before and look-ahead rows after.

    Missing warm-up or tail rows (the file's edges) are filled by repeating the first or last
    day of the year, stepped by 30 minutes so the times stay consistent.
    """
    idx = [i for i, t in enumerate(starts) if t.year == year]
    if not idx:
        raise ValueError(f"no prices for {year}")
    a, b = idx[0], idx[-1] + 1
    lo, hi = max(0, a - warmup), min(len(starts), b + tail)
    ts, xs = list(starts[lo:hi]), list(rrp[lo:hi])
    step = timedelta(minutes=30)
    missing = warmup - (a - lo)
    for _ in range(missing):  # prepend a copy of the value one day later
        ts.insert(0, ts[0] - step)
        xs.insert(0, xs[47])
    while hi - b < tail:
        ts.append(ts[-1] + step)
        xs.append(xs[-48])
        hi += 1
    first = a - lo + max(missing, 0)
    return ts, np.asarray(xs), first, first + (b - a)


def load_year(
    data_dir: Path,
    year: int,
    tariff: Tariff | RetailTOU,
    *,
    pv_kwp: float,
    warmup: int = 0,
    tail: int = 0,
) -> tuple[Year, int, int]:
    """Everything the replay needs: series over warm-up + year + tail, and the year's bounds."""
    all_starts, all_rrp = read_prices(data_dir / PRICE_FILE)
    starts, rrp, first, last = window(all_starts, all_rrp, year, warmup, tail)
    load, pv = map_house(starts, read_house(data_dir / HOUSE_FILE), pv_kwp)
    hours = np.array([t.hour for t in starts], dtype=np.int64)
    buy, sell = tariff.prices(rrp, hours)
    return Year(starts=starts, rrp=rrp, buy=buy, sell=sell, load=load, pv=pv), first, last
