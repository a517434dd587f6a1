"""Price series handed to the planner are sorted, finite and without overlaps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import math

from custom_components.sigenstor.sources.price_series import clean_series

T0 = datetime(2026, 1, 15, 0, 0, tzinfo=UTC)
H = timedelta(hours=1)


def test_unusable_intervals_are_dropped_and_the_rest_sorted() -> None:
    """NaN or infinite prices and empty or backward intervals never reach the planner."""
    series = clean_series(
        [
            (T0 + 3 * H, T0 + 4 * H, 0.30),
            (T0, T0 + H, 0.10),
            (T0 + H, T0 + 2 * H, math.nan),
            (T0 + 2 * H, T0 + 2 * H, 0.20),  # no length
            (T0 + 2 * H, T0 + H, 0.20),  # ends before it starts
            (T0 + 4 * H, T0 + 5 * H, math.inf),
        ]
    )
    assert series == ((T0, T0 + H, 0.10), (T0 + 3 * H, T0 + 4 * H, 0.30))


def test_where_intervals_overlap_the_earlier_one_is_kept() -> None:
    """Today's list repeated inside a combined one: each hour once, the first seen."""
    series = clean_series(
        [
            (T0, T0 + H, 0.10),
            (T0 + H, T0 + 2 * H, 0.20),
            (T0 + H, T0 + 2 * H, 0.99),  # the repeat
            (T0 + timedelta(minutes=90), T0 + 3 * H, 0.50),  # starts inside the previous one
            (T0 + 2 * H, T0 + 3 * H, 0.30),
        ]
    )
    assert series == (
        (T0, T0 + H, 0.10),
        (T0 + H, T0 + 2 * H, 0.20),
        (T0 + 2 * H, T0 + 3 * H, 0.30),
    )
