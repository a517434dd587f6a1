"""Forecasts for the replay: perfect, "same time yesterday", and blended history (no peeking)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from custom_components.sigenstor.optimiser.forecast import HourOfWeekProfile

FloatArray = NDArray[np.float64]
SPD = 48  # 30-minute steps per day


def day_blends(x: FloatArray, weights: Sequence[float], max_k0: int) -> list[FloatArray]:
    """B[k0][s] = weighted mean of x[s - (k0 + j) days] over j; vectorised blend_days.

    A forecast made at step t for step s uses k0 = (s - t) // SPD + 1 so only the past is read;
    this equals optimiser.forecast.blend_days applied to x[:t] (tested).
    """
    w = np.asarray(weights, dtype=np.float64)
    out = [np.zeros_like(x)]  # k0 = 0 is never used
    for k0 in range(1, max_k0 + 1):
        num = np.zeros_like(x)
        den = np.zeros_like(x)
        for j, wj in enumerate(w):
            lag = (k0 + j) * SPD
            if lag < x.shape[0]:
                num[lag:] += wj * x[:-lag]
                den[lag:] += wj
        out.append(np.divide(num, den, out=np.zeros_like(x), where=den > 0))
    return out


def price_level(x: FloatArray, days: int) -> FloatArray:
    """Recent price level at each step: the median of the previous days' daily medians.

    Uses whole days before the step's day only (no peeking); the first days use what exists.
    """
    n_days = -(-x.shape[0] // SPD)
    padded = np.full(n_days * SPD, np.nan)
    padded[: x.shape[0]] = x
    daily = np.nanmedian(padded.reshape(n_days, SPD), axis=1)
    level = np.empty(n_days)
    for d in range(n_days):
        past = daily[max(0, d - days) : d]
        level[d] = np.median(past) if past.size else daily[0]
    return np.asarray(np.repeat(level, SPD)[: x.shape[0]], dtype=np.float64)


def day_maxes(x: FloatArray, days: int, max_k0: int) -> list[FloatArray]:
    """M[k0][s] = max of x[s - (k0 + j) days] for j < days (same indexing as day_blends)."""
    out = [np.zeros_like(x)]
    for k0 in range(1, max_k0 + 1):
        m = np.full_like(x, -np.inf)
        for j in range(days):
            lag = (k0 + j) * SPD
            if lag < x.shape[0]:
                m[lag:] = np.maximum(m[lag:], x[:-lag])
        out.append(np.where(np.isfinite(m), m, 0.0))
    return out


def day_medians(x: FloatArray, days: int, max_k0: int) -> list[FloatArray]:
    """D[k0][s] = median of x[s - (k0 + j) days] for j < days (same indexing as day_blends)."""
    out = [np.zeros_like(x)]
    for k0 in range(1, max_k0 + 1):
        lags = np.full((days, x.shape[0]), np.nan)
        for j in range(days):
            lag = (k0 + j) * SPD
            if lag < x.shape[0]:
                lags[j, lag:] = x[:-lag]
        seen = np.any(np.isfinite(lags), axis=0)
        med = np.nanmedian(np.where(seen, lags, 0.0), axis=0) if days > 1 else lags[0]
        out.append(np.where(np.isfinite(med), med, 0.0))
    return out


@dataclass(frozen=True, slots=True)
class ForecastConfig:
    """Blend weights (most recent day first) and anchoring decay per step for each series."""

    price_days: tuple[float, ...] = (1.0,)
    price_decay: float = 0.0
    load_days: tuple[float, ...] = (1.0,)
    load_decay: float = 0.0
    load_weekly: float = 0.0  # share of the hour-of-week profile in the load forecast
    pv_days: tuple[float, ...] = (1.0,)
    pv_decay: float = 0.0
    price_peak: float = 0.0  # lift towards the highest of the blended days (option value)
    price_clip: float = np.inf  # $/MWh: history above this counts as this much in the blend
    price_anchor_cap: float = np.inf  # $/MWh: a spike now is not assumed to persist beyond this
    price_level_days: int = 7  # days of daily medians that set the recent price level
    price_clip_rel: float = 0.0  # clip also scales with the level: max(clip, rel * level)
    price_anchor_rel: float = 0.0  # anchor cap also scales: max(cap, rel * level)
    price_excess_days: int = 0  # days of history for the expected spike excess by half hour
    price_excess: float = 0.0  # weight of that expected excess (1: its plain mean)
    price_profile_days: int = 0  # days of history for the median price by half hour
    price_profile: float = 0.0  # share of that median profile in the price forecast
    price_persist: float = 0.0  # share of an afternoon spike (known now) kept until 20:00
    price_persist_min: float = 1000.0  # $/MWh: a known price from this counts as that spike


YESTERDAY = ForecastConfig()
# Chosen on full-year replays of 2022 and 2023 (docs/optimiser_figures.md): the two newest days, the
# departure seen now fading by 0.9 per step, isolated spikes kept out of the history blend
# (above max($300, 3 x the recent level)) and not assumed to persist (anchor capped at
# max($300, 1.5 x the level)), so a spike counts when it is known and is not hoarded for.
# A tenth of the way towards the highest of those days keeps some charge where a spike was
# seen lately: a rough expected value of a repeat, which a clipped blend would forget.
BLENDED = ForecastConfig(
    price_days=(0.7, 0.3),
    price_decay=0.9,
    price_peak=0.1,
    price_clip=300.0,
    price_clip_rel=3.0,
    price_anchor_cap=300.0,
    price_anchor_rel=1.5,
    load_days=(0.4, 0.25, 0.15, 0.1, 0.1),
    load_decay=0.7,
    load_weekly=0.3,
    pv_days=(0.5, 0.3, 0.2),
    pv_decay=0.8,
    price_persist=0.3,  # chosen on 2022-2023 only (docs/optimiser_figures.md, "price scenarios")
)


class Forecaster:
    """Makes the horizon forecast at each replay step from history before that step."""

    def __init__(
        self,
        *,
        rrp: FloatArray,
        load: FloatArray,
        pv: FloatArray,
        slots: NDArray[np.int64],
        horizon: int,
        known: int,
        cfg: ForecastConfig,
    ) -> None:
        """Precompute the day blends; ``known`` steps from now are taken as exact."""
        self.rrp, self.load, self.pv = rrp, load, pv
        self.slots = slots
        self.h = horizon
        self.known = known
        self.cfg = cfg
        k_max = (horizon - 1) // SPD + 1
        self.level = price_level(rrp, cfg.price_level_days)
        clip = np.maximum(cfg.price_clip, cfg.price_clip_rel * self.level)
        self.b_rrp = day_blends(np.minimum(rrp, clip), cfg.price_days, k_max)
        n_ex, n_pr = max(cfg.price_excess_days, 1), max(cfg.price_profile_days, 1)
        self.x_rrp = day_blends(np.maximum(rrp - clip, 0.0), (1.0,) * n_ex, k_max)
        self.p_rrp = day_medians(np.minimum(rrp, clip), n_pr, k_max)
        self.m_rrp = day_maxes(rrp, len(cfg.price_days), k_max)
        self.b_load = day_blends(load, cfg.load_days, k_max)
        self.b_pv = day_blends(pv, cfg.pv_days, k_max)
        self.profile = HourOfWeekProfile(bins_per_hour=2, prior_hours=2.0, forget=0.002)
        self._learned = 0
        lead = np.arange(horizon)
        self.k0 = lead // SPD + 1

    def _blend(self, b: list[FloatArray], t: int) -> FloatArray:
        s = t + np.arange(self.h)
        return np.choose(self.k0 - 1, [b[k][s] for k in range(1, len(b))])

    def _learn_until(self, t: int) -> None:
        if t > self._learned:
            sl = slice(self._learned, t)
            self.profile.add_slots(self.slots[sl], self.load[sl], 0.5)
            self._learned = t

    def _persist(self, f: FloatArray, t: int) -> FloatArray:
        """Keep a spike known between 12:00 and 17:00 (a share of it) until 20:00 that day.

        In 2022 afternoon spikes above $1000 mostly escalated into the evening peak, where an
        isolated evening spike rarely lasts (docs/optimiser_figures.md, "price scenarios").
        """
        cfg, k = self.cfg, self.known
        spike = float(self.rrp[t : t + k].max())
        half_hour = int(self.slots[t]) % SPD
        if spike < cfg.price_persist_min or not 24 <= half_hour < 34:
            return f
        s = self.slots[t : t + self.h]
        same_evening = (s // SPD == self.slots[t] // SPD) & (s % SPD < 40)
        return np.where(same_evening, np.maximum(f, cfg.price_persist * spike), f)

    def at(self, t: int) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Forecast (rrp, load, pv) for steps t .. t+h-1; the first ``known`` are actual."""
        cfg, k = self.cfg, self.known
        out = []
        for x, b, decay in (
            (self.rrp, self.b_rrp, cfg.price_decay),
            (self.load, self.b_load, cfg.load_decay),
            (self.pv, self.b_pv, cfg.pv_decay),
        ):
            f = self._blend(b, t)
            if x is self.rrp and cfg.price_profile > 0:
                f = (1 - cfg.price_profile) * f + cfg.price_profile * self._blend(self.p_rrp, t)
            if x is self.rrp and cfg.price_peak > 0:
                f = f + cfg.price_peak * np.maximum(self._blend(self.m_rrp, t) - f, 0.0)
            if x is self.rrp and cfg.price_excess > 0:
                f = f + cfg.price_excess * self._blend(self.x_rrp, t)
            if x is self.load and cfg.load_weekly > 0:
                self._learn_until(t)
                prof = self.profile.profile()[self.slots[t : t + self.h]]
                f = (1 - cfg.load_weekly) * f + cfg.load_weekly * prof
            if decay > 0:
                err = x[t + k - 1] - f[k - 1]
                if x is self.rrp:
                    cap = max(cfg.price_anchor_cap, cfg.price_anchor_rel * float(self.level[t]))
                    err = float(np.clip(err, -cap, cap))
                f = f + err * decay ** np.arange(-(k - 1), self.h - k + 1).clip(0)
            if x is self.rrp and cfg.price_persist > 0:
                f = self._persist(f, t)
            f = f.copy()
            f[:k] = x[t : t + k]
            out.append(f)
        rrp_f, load_f, pv_f = out
        pv_f = np.where(self._blend(self.b_pv, t) > 0, np.maximum(pv_f, 0.0), 0.0)
        pv_f[:k] = self.pv[t : t + k]
        return rrp_f, np.maximum(load_f, 0.0), pv_f
