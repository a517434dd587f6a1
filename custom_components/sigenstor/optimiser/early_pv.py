"""Among equally cheap plans, store PV sooner: the same cost, less exposed to a wrong forecast.

When the feed-in price is the same over a stretch of PV surplus and the battery fills by the
stretch's end either way, exporting now and charging later costs exactly what charging now and
exporting later does. The DP picks either (merged identical steps even share it out evenly), but
the controller caps a PV charge at the planned power, so a partial charge exports surplus that
a lower PV outturn later never replaces. This pass moves the stored PV as early as it can within
each such stretch; the cost of every plan it touches is unchanged (docs/optimiser.md).
"""

from __future__ import annotations

import numpy as np

from . import dp
from .model import FloatArray

_TOL = 1e-9


def front_load(energy: FloatArray, s: dp.StepInputs, ph: dp.Physics) -> FloatArray:
    """The energy path with PV charging moved earlier inside stretches where that is free.

    A stretch is a run of steps with a PV surplus, the same feed-in price, charging between
    zero and the surplus (the rest exported, none curtailed, nothing imported). Inside it the
    storage gain is conserved and each step's charge is kept at least the export limit's need.
    """
    d_e = np.diff(energy)
    surplus = s.pv - s.load
    charge_kw = d_e / (ph.eta_c * s.dt)
    exported = surplus - charge_kw
    # A step that curtails is not a tie: PV stored there would otherwise be thrown away.
    free = (surplus > _TOL) & (d_e >= -_TOL) & (exported >= -1e-6) & (exported <= s.export_lim)
    out = d_e.copy()
    i, n = 0, d_e.shape[0]
    while i < n:
        if not free[i]:
            i += 1
            continue
        j = i + 1
        while j < n and free[j] and abs(s.sell[j] - s.sell[i]) <= _TOL:
            j += 1
        _stretch(out, slice(i, j), surplus, s, ph)
        i = j
    return np.concatenate(([energy[0]], energy[0] + np.cumsum(out)))


def _stretch(
    d_e: FloatArray, span: slice, surplus: FloatArray, s: dp.StepInputs, ph: dp.Physics
) -> None:
    """Refill d_e[i:j] greedily from the front with the same total (in place)."""
    i, j = span.start, span.stop
    if j - i < 2:
        return
    dt = s.dt[i:j]
    to_store = ph.eta_c * dt  # kWh stored per kW of charge
    most = np.minimum(np.maximum(surplus[i:j], 0.0), ph.p_charge) * to_store
    least = np.maximum(surplus[i:j] - s.export_lim[i:j], 0.0) * to_store
    least = np.minimum(least, most)
    total = float(d_e[i:j].sum())
    spare = total - float(least.sum())
    if spare <= 0:
        return
    extra = np.minimum(np.cumsum(most - least), spare)
    gains = least + np.diff(np.concatenate(([0.0], extra)))
    d_e[i:j] = gains
