"""The feed-in energy left at the end can expect: the daily peak, not a one-off spike."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

DAY_H = 24.0


def recurring_feed_in(sell: ArrayLike, hours: ArrayLike, day_h: float = DAY_H) -> float:
    """The lower of the best feed-in in the horizon's first day and in its last day ($/kWh)."""
    # Energy kept past the end can be sold at a peak that comes every day. A spike in the last
    # day alone is sold inside the horizon already; crediting the rest at its price made the plan
    # refill after it at any cost, even by raising the month's demand peak (docs/optimiser.md).
    price = np.asarray(sell, dtype=np.float64)
    ends = np.cumsum(np.asarray(hours, dtype=np.float64))
    starts = ends - np.asarray(hours, dtype=np.float64)
    last_day = starts >= ends[-1] - day_h - 1e-9
    first_day = starts < day_h
    return min(float(np.max(price[first_day])), float(np.max(price[last_day])))
