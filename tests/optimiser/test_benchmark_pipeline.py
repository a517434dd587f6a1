"""Smoke test of the benchmark's data pipeline and policies on synthetic days."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
import io
import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from custom_components.sigenstor.optimiser import blend_days

pytest.importorskip("scipy")

from benchmarks import optimiser as bench
from benchmarks._data import TARIFFS, read_prices, window
from benchmarks._forecasts import (
    BLENDED,
    FloatArray,
    ForecastConfig,
    Forecaster,
    day_blends,
    day_medians,
    price_level,
)

NEM = datetime.fromisoformat("2022-12-20T00:00:00+10:00")
KEYS = {
    "cost_no_battery_aud",
    "cost_self_consumption_aud",
    "cost_design_rules_aud",
    "cost_perfect_aud",
    "cost_realistic_aud",
    "cost_pf_bound_aud",
    "pf_share_perfect",
    "pf_share_realistic",
    "spike_value_share",
    "solve_ms_p95",
    "infeasible",
    "cycles_per_day",
    "dp_vs_lp_value_576",
}


def _write_data(root: Path) -> None:
    """Prices 20 Dec 2022 - 10 Jan 2023 with a spike each evening; a sunny household."""
    (root / "aemo_qld1").mkdir(parents=True)
    (root / "ausgrid_solar_home").mkdir()
    rows = ["interval_start_nem,interval_end_nem,rrp_aud_per_mwh"]
    rng = np.random.default_rng(0)
    for i in range(22 * 48):
        t = NEM + timedelta(minutes=30 * i)
        h = t.hour + t.minute / 60
        rrp = 20.0 if 10 <= h < 15 else (400.0 + 50 * rng.random() if 18 <= h < 19 else 90.0)
        if 12 <= h < 13:
            rrp = -40.0
        end = t + timedelta(minutes=30)
        rows.append(f"{t.isoformat()},{end.isoformat()},{rrp:.2f}")
    (root / "aemo_qld1" / "qld1_rrp_30min_2021_2023_clean.csv").write_text("\n".join(rows))
    house = [",GC,GG"]
    t0 = datetime(2011, 7, 1)
    for i in range(366 * 48):
        t = t0 + timedelta(minutes=30 * i)
        h = t.hour + t.minute / 60
        pv = max(0.0, 0.9 * np.sin(np.pi * (h - 6) / 12)) if 6 <= h <= 18 else 0.0
        load = 1.2 if 17 <= h < 21 else 0.4
        house.append(f"{t:%Y-%m-%d %H:%M:%S},{load:.3f},{pv:.3f}")
    (root / "ausgrid_solar_home" / "customer12_data_2011-2012.csv").write_text("\n".join(house))


def test_tariff_construction_matches_the_issue() -> None:
    t = TARIFFS["6900-2025-26"]
    buy, sell = t.prices(np.array([100.0, 100.0, 100.0]), np.array([17, 12, 3]))
    assert buy.tolist() == pytest.approx(
        [1.1 * (1.06 * 10 + n + 3.5) / 100 for n in (19.367, 0.476, 4.868)]
    )
    assert sell.tolist() == pytest.approx([0.095] * 3)


def test_window_pads_missing_history_and_tail(tmp_path: Path) -> None:
    _write_data(tmp_path)
    starts, rrp = read_prices(tmp_path / "aemo_qld1" / "qld1_rrp_30min_2021_2023_clean.csv")
    ts, xs, first, last = window(starts, rrp, 2023, warmup=20 * 48, tail=30 * 48)
    assert ts[first].isoformat() == "2023-01-01T00:00:00+10:00"
    assert last - first == 10 * 48  # the synthetic year has ten days
    assert len(ts) == last + 30 * 48
    assert all(b - a == timedelta(minutes=30) for a, b in itertools.pairwise(ts))
    assert xs[0] == xs[48]  # padding repeats the day after


def test_vectorised_blend_equals_blend_days() -> None:
    rng = np.random.default_rng(1)
    x = rng.random(10 * 48)
    weights = (0.5, 0.3, 0.2)
    b = day_blends(x, weights, max_k0=2)
    t = 7 * 48 + 5
    want = blend_days(x[:t], 48, n_ahead=96, weights=weights)
    got = [b[h // 48 + 1][t + h] for h in range(96)]
    assert np.allclose(got, want)


def test_replay_runs_and_reports_every_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_data(tmp_path)
    code = bench.main(
        ["--data", str(tmp_path), "--year", "2023", "--days", "4", "--timing-samples", "3"]
    )
    assert code == 0
    out = capsys.readouterr()
    result = json.loads(io.StringIO(out.out).read().strip().splitlines()[-1])
    assert result.keys() >= KEYS
    assert result["infeasible"] == 0
    assert result["steps"] == 4 * 48
    # The LP is a bound: no policy beats it, and the planners beat the simple rules.
    bound = result["cost_pf_bound_aud"]
    assert bound <= result["cost_perfect_aud"] + 0.01
    assert result["cost_perfect_aud"] <= result["cost_self_consumption_aud"]
    assert result["cost_perfect_aud"] <= result["cost_no_battery_aud"]
    assert 0.9 <= result["pf_share_perfect"] <= 1.0 + 1e-6
    assert result["spike_value_share"] > 0.5
    assert "pf_bound (LP)" in out.err


def test_price_level_reads_only_earlier_days() -> None:
    x = np.repeat([10.0, 20.0, 30.0, 1000.0], 48)
    level = price_level(x, days=2)
    assert level[0] == 10.0  # day 0 has no past: its own median seeds it
    assert level[48] == 10.0
    assert level[2 * 48] == 15.0  # median of days 0 and 1
    assert level[3 * 48 + 47] == 25.0  # the 1000 day itself is not used


def test_day_medians_take_the_same_time_on_earlier_days_only() -> None:
    x = np.arange(10 * 48, dtype=np.float64)
    med = day_medians(x, 3, 2)
    s = 6 * 48 + 7
    assert med[1][s] == float(np.median([x[s - 48], x[s - 96], x[s - 144]]))
    assert med[2][s] == float(np.median([x[s - 96], x[s - 144], x[s - 192]]))
    assert med[1][60] == x[12]  # only one earlier day exists: its value


@pytest.mark.parametrize(
    "cfg",
    [
        BLENDED,
        replace(
            BLENDED, price_excess_days=7, price_excess=0.5, price_profile_days=7, price_profile=0.3
        ),
    ],
)
def test_blended_forecast_never_reads_beyond_the_known_hour(cfg: ForecastConfig) -> None:
    """Changing anything after the known steps leaves the forecast made now unchanged."""
    rng = np.random.default_rng(3)
    n, t, h, known = 12 * 48, 8 * 48 + 17, 96, 3
    rrp = 80 + 40 * rng.random(n + h)
    rrp[t - 48 + 5] = 9000.0  # a spike yesterday: the peak term must see it...
    load, pv = rng.random(n + h), np.maximum(rng.standard_normal(n + h), 0.0)
    slots = np.arange(n + h) % 336

    def forecast(r: FloatArray, lo: FloatArray, p: FloatArray) -> list[FloatArray]:
        fc = Forecaster(rrp=r, load=lo, pv=p, slots=slots, horizon=h, known=known, cfg=cfg)
        return list(fc.at(t))

    base = forecast(rrp, load, pv)
    future = slice(t + known, None)
    r2, l2, p2 = rrp.copy(), load.copy(), pv.copy()
    r2[future], l2[future], p2[future] = 15000.0, 9.0, 9.0
    for a, b in zip(base, forecast(r2, l2, p2), strict=True):
        assert np.array_equal(a, b)
    # ...and lifts the same time today above the plain blend of the two days.
    plain = Forecaster(
        rrp=rrp,
        load=load,
        pv=pv,
        slots=slots,
        horizon=h,
        known=known,
        cfg=replace(cfg, price_peak=0.0, price_excess=0.0),
    ).at(t)[0]
    assert base[0][5] > plain[5] + 100.0


def test_demand_case_keeps_the_window_peak_near_the_lp(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_data(tmp_path)
    args = ["--data", str(tmp_path), "--year", "2023", "--days", "3", "--demand"]
    assert bench.main(args) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["tariff"] == "3700-2024-25"
    # The LP is a bound on the total; the plan cuts the no-battery evening peak.
    assert result["demand_cost_pf_bound_aud"] <= result["demand_cost_perfect_aud"] + 0.01
    assert result["demand_peak_kw_plan"] < result["demand_peak_kw_no_battery"]
    assert result["demand_peak_kw_plan"] <= result["demand_peak_kw_lp"] * 1.05 + 0.05
    # A ratio to an LP that imports nothing in the window is undefined, not 0.
    assert (result["demand_peak_ratio"] is None) == (result["demand_peak_kw_lp"] == 0.0)
    gap = result["demand_peak_kw_plan"] - result["demand_peak_kw_lp"]
    assert result["demand_peak_gap_kw"] == pytest.approx(gap, abs=0.002)
    share = gap / result["demand_peak_kw_no_battery"]
    assert result["demand_peak_gap_share_no_battery"] == pytest.approx(share, abs=0.002)


def test_retail_tou_prices_ignore_spot_and_follow_the_network_windows() -> None:
    tou = TARIFFS["tou-6900"]
    buy, sell = tou.prices(np.array([5000.0, -100.0, 50.0]), np.array([17, 12, 3]))
    assert buy.tolist() == pytest.approx([1.1 * (n + 14.0) / 100 for n in (19.367, 0.476, 4.868)])
    assert sell.tolist() == pytest.approx([0.05] * 3)


@pytest.mark.parametrize(
    ("half_hour", "spike", "lifted"), [(26, 5000.0, True), (36, 5000.0, False), (26, 900.0, False)]
)
def test_afternoon_spike_persists_only_until_20_that_day(
    half_hour: int, spike: float, lifted: bool
) -> None:
    """A known afternoon spike lifts the same evening to a share of it; nothing else moves."""
    n, h, known = 10 * 48, 96, 3
    t = 8 * 48 + half_hour
    rrp = np.full(n + h, 100.0)
    rrp[t + 1] = spike
    slots = np.arange(n + h) % 336
    flat = np.ones(n + h)

    def price(persist: float) -> FloatArray:
        cfg = replace(BLENDED, price_persist=persist)
        fc = Forecaster(rrp=rrp, load=flat, pv=flat, slots=slots, horizon=h, known=known, cfg=cfg)
        return fc.at(t)[0]

    base, kept = price(0.0), price(0.3)
    rrp[t + known :] = 15000.0  # the future beyond the known steps is never read
    assert np.array_equal(price(0.3), kept)
    ahead = (slots[t : t + h] % 48) + 48 * (np.arange(h) + half_hour >= 48)
    evening = (np.arange(h) >= known) & (ahead < 40)
    assert np.array_equal(kept[:known], rrp[t : t + known])
    assert np.array_equal(kept[~evening], base[~evening])
    if lifted:
        assert np.all(kept[evening] >= 0.3 * spike)
        assert evening.sum() == 40 - half_hour - known
    else:
        assert np.array_equal(kept, base)
