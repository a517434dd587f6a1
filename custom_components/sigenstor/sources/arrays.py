"""PV arrays as the options store them, and back to `PvArray` (invalid entries skipped)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..const import LOGGER
from .const import (
    ARRAY_AC_LIMIT,
    ARRAY_AZIMUTH,
    ARRAY_EFFICIENCY,
    ARRAY_KWP,
    ARRAY_NAME,
    ARRAY_TILT,
    CONF_PV_ARRAYS,
)
from .pv_model import PvArray


def arrays_from_options(options: Mapping[str, Any]) -> list[PvArray]:
    """PV arrays stored in the options (invalid entries are skipped with a warning)."""
    arrays: list[PvArray] = []
    for item in options.get(CONF_PV_ARRAYS, []):
        try:
            arrays.append(array_from_dict(item))
        except (KeyError, TypeError, ValueError) as err:
            LOGGER.warning("Ignoring an invalid PV array in the options: %s", err)
    return arrays


def array_from_dict(item: Mapping[str, Any]) -> PvArray:
    """Build a PvArray from its stored form."""
    limit = item.get(ARRAY_AC_LIMIT)
    return PvArray(
        name=str(item[ARRAY_NAME]),
        kwp=float(item[ARRAY_KWP]),
        tilt=float(item[ARRAY_TILT]),
        azimuth=float(item[ARRAY_AZIMUTH]) % 360.0,
        ac_limit_kw=float(limit) if limit else None,
        efficiency=float(item.get(ARRAY_EFFICIENCY, 0.93)),
    )
