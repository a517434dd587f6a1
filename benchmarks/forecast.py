"""PV forecast benchmark: clear-sky forecast vs measured PV, before and after learned correction.

Run: python -m benchmarks.forecast [DATA_DIR] [--start 2011-11-14] [--days 7] [--history 14]

Replays a week of Ausgrid "Solar home" customer 12 (Sydney, 1.04 kWp, half-hourly gross PV,
local clock) from ``--data`` (read at run time, never copied). The forecast is our own:
clear-sky plane-of-array irradiance for the site (``replay.sun``: Spencer/NOAA sun position,
Meinel clear sky, isotropic transposition) through the product's PV model
(``pv_model.array_power_kw``, NOCT cell temperature with a monthly Sydney temperature
climatology) for the system's kWp. ``ForecastAccuracy`` learns the per-hour correction online
exactly as the integration would: it starts with ``--history`` days before the week, and after
each replayed day records that day's raw forecast against the measurement.

Metric: ``mape`` = mean over daylight hours of |F - M| / M, where daylight means measured energy
of at least ``--floor`` (default 5 % of kWp for the hour) so dawn and dusk cannot divide by ~0;
``nmae`` = sum|F - M| / sum M over the same hours. The default week (2011-11-14) sits well clear
of the daylight-saving changes with 14 days of history before it; every other week of the year
is replayed too and the median and worst after/before ratios are reported, so the chosen week
is not a lucky one. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from datetime import date, datetime, timedelta
import json
import math
from pathlib import Path
from zoneinfo import ZoneInfo

from custom_components.sigenstor.sources.forecast_accuracy import ForecastAccuracy
from custom_components.sigenstor.sources.pv_model import (
    ForecastStep,
    PvArray,
    SolarForecast,
    array_power_kw,
)
from replay import sun

DEFAULT_DATA = Path("/work/shared/data/optimiser_benchmark/ausgrid_solar_home")
CSV_NAME = "customer12_data_2011-2012.csv"
SITE = "ausgrid_customer12_sydney"
LAT, LON = -33.87, 151.21
TZ = ZoneInfo("Australia/Sydney")
# Approximate monthly mean air temperature, Sydney (Observatory Hill climatology), deg C.
SYDNEY_MEAN_C = (23.0, 23.0, 22.0, 19.0, 16.0, 14.0, 13.0, 14.0, 16.0, 18.0, 20.0, 22.0)
SUBSAMPLES = 6


@dataclass(frozen=True)
class Scores:
    """Error figures over a set of hours."""

    mape: float
    nmae: float
    hours: int


def load_measured(path: Path) -> dict[datetime, float]:
    """Measured PV energy per local clock hour (Wh), keyed by aware hour start."""
    hours: dict[datetime, float] = {}
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            stamp = datetime.fromisoformat(row[""]).replace(tzinfo=TZ)
            hour = stamp.replace(minute=0)
            # GG is the average kW over the half hour: kW x 0.5 h x 1000 = Wh.
            hours[hour] = hours.get(hour, 0.0) + float(row["GG"]) * 500.0
    return hours


def temperature(moment: datetime) -> float:
    """Climatological air temperature: monthly mean plus a diurnal swing peaking at 14:00."""
    local = moment.astimezone(TZ)
    hour = local.hour + local.minute / 60.0
    return SYDNEY_MEAN_C[local.month - 1] + 4.0 * math.cos(2 * math.pi * (hour - 14.0) / 24.0)


def clear_sky_forecast(day: date, array: PvArray) -> SolarForecast:
    """Hourly clear-sky AC power forecast for one local day."""
    start = datetime(day.year, day.month, day.day, tzinfo=TZ)
    steps = []
    for hour in range(24):
        lo = start + timedelta(hours=hour)
        total = 0.0
        for k in range(SUBSAMPLES):
            moment = lo + timedelta(hours=(k + 0.5) / SUBSAMPLES)
            pos = sun.sun_position(moment, LAT, LON)
            gti = sun.tilted(sun.clear_sky(pos), pos, array.tilt, array.azimuth)
            total += 1000.0 * array_power_kw(array, gti, temperature(moment)) / SUBSAMPLES
        steps.append(ForecastStep(lo, lo + timedelta(hours=1), total))
    return SolarForecast(tuple(steps), TZ)


def score(pairs: list[tuple[float, float]], floor: float) -> Scores:
    """MAPE and nMAE over hours whose measurement reaches ``floor`` Wh."""
    kept = [(f, m) for f, m in pairs if m >= floor]
    if not kept:
        return Scores(math.nan, math.nan, 0)
    mape = sum(abs(f - m) / m for f, m in kept) / len(kept)
    nmae = sum(abs(f - m) for f, m in kept) / sum(m for _, m in kept)
    return Scores(mape, nmae, len(kept))


def day_hours(measured: dict[datetime, float], day: date) -> dict[datetime, float]:
    """Measured hours of one local day."""
    return {h: wh for h, wh in measured.items() if h.date() == day}


def replay_week(
    measured: dict[datetime, float], first: date, args: argparse.Namespace
) -> tuple[Scores, Scores, ForecastAccuracy]:
    """Replay ``args.days`` days from ``first`` after ``args.history`` days of learning."""
    array = PvArray("pv", kwp=args.kwp, tilt=args.tilt, azimuth=args.azimuth)
    acc = ForecastAccuracy(TZ, min_days=3, window_days=args.history)
    for back in range(args.history, 0, -1):
        day = first - timedelta(days=back)
        acc.record_forecast(clear_sky_forecast(day, array), day_hours(measured, day))
    before: list[tuple[float, float]] = []
    after: list[tuple[float, float]] = []
    for offset in range(args.days):
        day = first + timedelta(days=offset)
        raw = clear_sky_forecast(day, array)
        corrected = acc.apply(raw)
        raw_wh, fixed_wh = raw.wh_hours(), corrected.wh_hours()
        truth = day_hours(measured, day)
        for hour, wh in truth.items():
            before.append((raw_wh.get(hour, 0.0), wh))
            after.append((fixed_wh.get(hour, 0.0), wh))
        acc.record_forecast(raw, truth, shown=corrected)
    floor = args.floor * args.kwp * 1000.0
    return score(before, floor), score(after, floor), acc


def run(args: argparse.Namespace) -> dict[str, object]:
    """Replay the chosen week, plus every other week of the year as a robustness check."""
    measured = load_measured(Path(args.data) / CSV_NAME)
    first = date.fromisoformat(args.start)
    b, a, acc = replay_week(measured, first, args)
    end = datetime.combine(first + timedelta(days=args.days), datetime.min.time(), TZ)
    ratios = []
    days = sorted({h.date() for h in measured})
    week = days[0] + timedelta(days=args.history)
    while week + timedelta(days=args.days) <= days[-1]:
        wb, wa, _ = replay_week(measured, week, args)
        ratios.append(wa.mape / wb.mape)
        week += timedelta(days=args.days)
    ratios.sort()
    return {
        "site": SITE,
        "days": args.days,
        "start": first.isoformat(),
        "history_days": args.history,
        "daylight_hours": b.hours,
        "pv_forecast_mape_before": round(b.mape, 4),
        "pv_forecast_mape_after": round(a.mape, 4),
        "pv_forecast_nmae_before": round(b.nmae, 4),
        "pv_forecast_nmae_after": round(a.nmae, 4),
        "after_over_before": round(a.mape / b.mape, 3),
        "error_7d_nmae_shown": round(acc.error_7d(end) or math.nan, 4),
        "all_weeks": len(ratios),
        "all_weeks_after_over_before_median": round(ratios[len(ratios) // 2], 3),
        "all_weeks_after_over_before_worst": round(ratios[-1], 3),
    }


def main() -> None:
    """Parse arguments, run, print figures (JSON on the last line)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help="ausgrid_solar_home/")
    parser.add_argument("--start", default="2011-11-14", help="first replayed day (local)")
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--history", type=int, default=14, help="learning window in days")
    parser.add_argument("--kwp", type=float, default=1.04)
    parser.add_argument("--tilt", type=float, default=20.0)
    parser.add_argument("--azimuth", type=float, default=0.0, help="compass, 0 = north")
    parser.add_argument("--floor", type=float, default=0.05, help="daylight floor, x kWp h")
    figures = run(parser.parse_args())
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
