"""The end value's feed-in term: a daily peak counts, a one-off spike near the end does not."""

from __future__ import annotations

import numpy as np
import pytest

from custom_components.sigenstor.optimiser import DemandCharge, Horizon, plan, recurring_feed_in

from .helpers import START, battery

RATE = 10.0  # $/kW for the month's peak import in the window


def test_recurring_feed_in_ignores_a_spike_of_one_day() -> None:
    """The lower of the first and the last day's best feed-in; a short horizon is one day."""
    sell = [0.05] * 48
    sell[18] = sell[42] = 0.30  # every evening
    sell[41] = 10.0  # once
    assert recurring_feed_in(sell, [1.0] * 48) == pytest.approx(0.30)
    sell[17] = 10.0  # on both days: it recurs
    assert recurring_feed_in(sell, [1.0] * 48) == pytest.approx(10.0)
    assert recurring_feed_in([0.1, 0.4, 0.2], [0.5] * 3) == pytest.approx(0.4)


def test_recurring_feed_in_measures_days_in_hours() -> None:
    """Five-minute steps count by time: the last day is the last 24 h, not the last 24 steps."""
    hours = [5 / 60] * 24 + [0.5] * 92  # 2 h fine, then 46 h coarse
    sell = [0.05] * 116
    sell[30] = 0.25  # first day (hour 5), not in the last day
    sell[-20] = 0.40  # last day only
    assert recurring_feed_in(sell, hours) == pytest.approx(0.25)


def _days(n: int) -> Horizon:
    """Hourly steps from midnight: 1 kW house, no PV, cheap nights, a 16-21 demand window."""
    hour = np.arange(n) % 24
    sell = np.where((hour >= 17) & (hour < 20), 0.30, 0.05)
    sell[41] = 10.0  # a one-off spike at 17:00 on the second day
    return Horizon.build(
        START.replace(hour=0),
        durations_h=np.ones(n),
        buy=np.where(hour < 6, 0.10, 0.25),
        sell=sell,
        pv_kw=np.zeros(n),
        load_kw=np.ones(n),
        demand_window=(hour >= 16) & (hour < 21),
    )


def _window_peak(h: Horizon, end_value: float, steps: int) -> float:
    """Highest planned import in the window over the first `steps` steps."""
    # 20 kWh: enough for the spike's full-power hour and the evening after it.
    p = plan(
        h, battery(capacity_kwh=20.0), 0.5, end_value_per_kwh=end_value, demand=DemandCharge(RATE)
    )
    assert h.demand_window is not None
    grid = np.array([s.grid_kw for s in p.steps[:steps]])
    return float(np.max(grid[h.demand_window[:steps]], initial=0.0))


def test_a_spike_near_the_end_no_longer_buys_a_window_peak() -> None:
    """Crediting left energy at the last day's spike paid a peak the month's view avoids."""
    short = _days(45)  # ends at 21:00 on the second day, four hours after the spike
    month = _days(96)  # the spike mid-horizon, two quiet days after it
    hours = np.ones(96)
    # The whole-month view: the spike is sold and nothing is imported in any window.
    month_value = 0.95 * recurring_feed_in(month.sell, hours)
    assert _window_peak(month, month_value, 45) == pytest.approx(0.0, abs=0.01)
    # Old rule (the last day's best feed-in): refill after the spike, through the window.
    last_day_best = 0.95 * float(np.max(short.sell[21:]))
    assert _window_peak(short, last_day_best, 45) > 1.0
    # Now: the daily evening peak, so the short plan also keeps the window at zero.
    value = 0.95 * recurring_feed_in(short.sell, hours[:45])
    assert value == pytest.approx(0.95 * 0.30)
    assert _window_peak(short, value, 45) == pytest.approx(0.0, abs=0.01)
