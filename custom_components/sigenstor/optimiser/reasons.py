"""One-line, human reasons for each planned step ("charge: price 4c now vs 38c at 18:00")."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, cast

import numpy as np

from .model import Action, FloatArray, Horizon

if TYPE_CHECKING:
    from .dp import Flows

_EPS_KW = 0.05


def cents(price: float) -> str:
    """A $/kWh price as whole cents, e.g. 0.042 -> '4c', -0.03 -> '-3c'."""
    c = round(price * 100)
    return f"{c}c" if c != 0 or price >= 0 else "-0c"


def _when(t: datetime, now: datetime) -> str:
    """Clock time, with the weekday when it is not on the same date as now."""
    clock = f"{t.hour:02d}:{t.minute:02d}"
    return clock if t.date() == now.date() else f"{t:%a} {clock}"


def _later_extremes(horizon: Horizon, flows: Flows) -> tuple[list[int | None], list[int | None]]:
    """For each step: the later discharge worth most, and the later charge costing least.

    A step's energy is worth the buy price when the grid imports, else the feed-in price.
    One backward sweep keeps this linear in the horizon length.
    """
    # Python floats: this loop runs per step, and a numpy scalar per access was the cost.
    value = cast(list[float], np.where(flows.grid_kw > _EPS_KW, horizon.buy, horizon.sell).tolist())
    power = cast(list[float], flows.battery_kw.tolist())
    n = len(value)
    use: list[int | None] = [None] * n
    fill: list[int | None] = [None] * n
    best_use: int | None = None
    best_fill: int | None = None
    for i in range(n - 1, -1, -1):
        use[i], fill[i] = best_use, best_fill
        b = power[i]
        if b < -_EPS_KW and (best_use is None or value[i] >= value[best_use]):
            best_use = i
        if b > _EPS_KW and (best_fill is None or value[i] <= value[best_fill]):
            best_fill = i
    return use, fill


def explain_all(
    actions: list[Action], horizon: Horizon, flows: Flows, starts: list[datetime]
) -> list[str]:
    """Reasons for every step."""
    use, fill = _later_extremes(horizon, flows)
    value = np.where(flows.grid_kw > _EPS_KW, horizon.buy, horizon.sell)
    return [
        explain(
            i,
            actions=actions,
            horizon=horizon,
            flows=flows,
            starts=starts,
            use=use[i],
            fill=fill[i],
            value=value,
        )
        for i in range(len(actions))
    ]


def explain(
    i: int,
    *,
    actions: list[Action],
    horizon: Horizon,
    flows: Flows,
    starts: list[datetime],
    use: int | None,
    fill: int | None,
    value: FloatArray,
) -> str:
    """Reason for step i, comparing its price with the step that makes the move worthwhile."""
    act = actions[i]
    now = starts[i]
    buy, sell = float(horizon.buy[i]), float(horizon.sell[i])
    text: str
    if act is Action.CHARGE_GRID:
        if buy < 0:
            text = f"charge: paid {cents(-buy)}/kWh to import now"
        elif use is not None:
            text = (
                f"charge: price {cents(buy)} now vs {cents(float(value[use]))} "
                f"at {_when(starts[use], now)}"
            )
        else:
            text = f"charge: price {cents(buy)} now is the cheapest ahead; keep the energy"
    elif act is Action.CHARGE_PV:
        tail = (
            f" vs {cents(float(value[use]))} at {_when(starts[use], now)}"
            if use is not None
            else ""
        )
        text = f"charge from solar: feed-in {cents(sell)} now{tail}; rest exported"
    elif act is Action.DISCHARGE:
        here = f"feed-in {cents(sell)}" if flows.grid_kw[i] < -_EPS_KW else f"price {cents(buy)}"
        verb = "export" if flows.grid_kw[i] < -_EPS_KW else "discharge"
        if fill is not None:
            text = (
                f"{verb}: {here} now vs refill at {cents(float(value[fill]))} "
                f"at {_when(starts[fill], now)}"
            )
        else:
            text = f"{verb}: {here} now is worth more than keeping the energy"
    elif act is Action.HOLD:
        if use is not None:
            text = (
                f"hold: keep energy for {cents(float(value[use]))} at "
                f"{_when(starts[use], now)} (now {cents(buy)})"
            )
        else:
            text = f"hold: price {cents(buy)} does not pay for the battery's losses"
    else:
        text = f"self-consumption: battery follows the house (price {cents(buy)})"
    if flows.curtailed_kw[i] > _EPS_KW:
        text += f"; curtail {flows.curtailed_kw[i]:.1f} kW solar (feed-in {cents(sell)})"
    return text
