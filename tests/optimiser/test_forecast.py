"""Load profile learning and forecast blending."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from numpy.typing import NDArray
import pytest

from custom_components.sigenstor.optimiser import (
    DEFAULT_DAY_SHAPE_KW,
    HourOfWeekProfile,
    anchor,
    blend_days,
)

MONDAY = datetime(2025, 3, 3, tzinfo=UTC)


def _weeks(n: int) -> tuple[list[datetime], NDArray[np.float64]]:
    """Half-hourly history: 2.5 kW on Saturdays 10:00-11:00, 0.5 kW otherwise."""
    times = [MONDAY + timedelta(minutes=30 * i) for i in range(n * 7 * 48)]
    load = np.array(
        [2.5 if (t.weekday() == 5 and t.hour == 10) else 0.5 for t in times], dtype=np.float64
    )
    return times, load


def test_default_shape_before_any_history() -> None:
    prof = HourOfWeekProfile()
    got = prof.predict([MONDAY.replace(hour=18), MONDAY.replace(hour=3)])
    assert got.tolist() == [DEFAULT_DAY_SHAPE_KW[18], DEFAULT_DAY_SHAPE_KW[3]]


def test_profile_learns_weekly_shape_and_converges() -> None:
    sat10 = MONDAY + timedelta(days=5, hours=10)
    tue10 = MONDAY + timedelta(days=1, hours=10)
    errors = []
    for weeks in (1, 4, 16):
        prof = HourOfWeekProfile()
        times, load = _weeks(weeks)
        prof.add(times, load, hours=0.5)
        sat, tue = prof.predict([sat10, tue10])
        assert sat > tue + 0.5  # the Saturday bump is learned
        errors.append(abs(sat - 2.5) + abs(tue - 0.5))
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 0.25


def test_default_level_scaled_to_the_house_after_a_day() -> None:
    prof = HourOfWeekProfile(prior_hours=1e9)  # shape only from the default
    times = [MONDAY + timedelta(minutes=30 * i) for i in range(48)]
    prof.add(times, [2.0] * 48, hours=0.5)
    mean_default = float(np.mean(DEFAULT_DAY_SHAPE_KW))
    got = prof.predict([MONDAY.replace(hour=18)])[0]
    assert got == pytest.approx(DEFAULT_DAY_SHAPE_KW[18] * 2.0 / mean_default, rel=1e-6)


def test_forgetting_follows_a_change() -> None:
    slow, fast = HourOfWeekProfile(), HourOfWeekProfile(forget=0.002)
    times, _ = _weeks(8)
    load = np.where(np.arange(len(times)) < len(times) // 2, 0.5, 1.5)
    for p in (slow, fast):
        p.add_slots(np.array([p.slot(t) for t in times]), load, 0.5)
    tue10 = [MONDAY + timedelta(days=1, hours=10)]
    assert fast.predict(tue10)[0] > slow.predict(tue10)[0] + 0.2


def test_blend_days_uses_only_the_past() -> None:
    past = np.asarray(
        np.arange(12), dtype=np.float64
    )  # three days of four steps; the value is the index
    got = blend_days(past, 4, n_ahead=6, weights=[0.5, 0.5])
    # Step 12 + h blends the same time on the two newest days that hold it: h=0 -> 8 and 4;
    # h=4 (same time tomorrow) -> still 8 and 4, never the unknown 12.
    assert got.tolist() == [6.0, 7.0, 8.0, 9.0, 6.0, 7.0]


def test_blend_days_renormalises_at_the_start() -> None:
    got = blend_days(np.array([4.0, 4.0]), 2, n_ahead=2, weights=[0.25, 0.75])
    assert got.tolist() == [4.0, 4.0]


def test_anchor_fades_the_current_error() -> None:
    got = anchor(np.zeros(3), error_now=2.0, decay_per_step=0.5)
    assert got.tolist() == [1.0, 0.5, 0.25]
