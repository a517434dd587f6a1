"""Small builders shared by the optimiser tests."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from custom_components.sigenstor.optimiser import Battery, Horizon

START = datetime(2025, 1, 6, 12, 0, tzinfo=UTC)  # a Monday


def battery(**kw: float) -> Battery:
    """A 10 kWh, 5 kW battery with 95 % one-way efficiency unless overridden."""
    args: dict[str, float] = {
        "capacity_kwh": 10.0,
        "soc_floor": 0.1,
        "soc_ceiling": 0.9,
        "max_charge_kw": 5.0,
        "max_discharge_kw": 5.0,
        "charge_efficiency": 0.95,
        "discharge_efficiency": 0.95,
    }
    args.update(kw)
    return Battery(**args)


def horizon(
    buy: list[float],
    sell: list[float] | None = None,
    pv: list[float] | None = None,
    load: list[float] | None = None,
    hours: float | list[float] = 1.0,
) -> Horizon:
    """Hourly steps by default; sell defaults to buy - 10c, PV to 0, load to 0."""
    n = len(buy)
    return Horizon.build(
        START,
        durations_h=np.broadcast_to(np.asarray(hours, dtype=float), (n,)),
        buy=buy,
        sell=sell if sell is not None else [b - 0.10 for b in buy],
        pv_kw=pv if pv is not None else [0.0] * n,
        load_kw=load if load is not None else [0.0] * n,
    )
