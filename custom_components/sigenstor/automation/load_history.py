"""House-load forecast learned from the recorder's hourly statistics of the house-load sensor."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.recorder import get_instance
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, LOGGER
from ..identifiers import unique_id_for
from ..optimiser import HourOfWeekProfile
from ..sigen import PLANT_UNIT_ID

HISTORY: Final = timedelta(days=28)
HOUSE_LOAD_KEY: Final = "house_load"


def house_load_entity(hass: HomeAssistant, serial: str) -> str | None:
    """Entity id of the plant's house-load sensor, None when it is not registered."""
    return er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, unique_id_for(serial, PLANT_UNIT_ID, HOUSE_LOAD_KEY)
    )


def profile_from_rows(rows: list[tuple[datetime, float]]) -> HourOfWeekProfile:
    """A profile learned from (local hour start, mean kW) rows; the default shape when empty."""
    profile = HourOfWeekProfile()
    usable = [(t, kw) for t, kw in rows if kw >= 0]
    if usable:
        profile.add([t for t, _ in usable], [kw for _, kw in usable], hours=1.0)
    return profile


async def async_learn_load(
    hass: HomeAssistant, entity_id: str | None, now: datetime
) -> HourOfWeekProfile:
    """Read up to four weeks of hourly means through the recorder's executor (never the loop)."""
    if entity_id is None or "recorder" not in hass.config.components:
        return profile_from_rows([])
    # Imported here: the recorder is optional (after_dependencies), and importing it pulls in
    # SQLAlchemy, which an installation without the recorder need not load.
    from homeassistant.components.recorder.statistics import (  # noqa: PLC0415
        statistics_during_period,
    )

    try:
        stats = await get_instance(hass).async_add_executor_job(
            statistics_during_period,
            hass,
            now - HISTORY,
            now,
            {entity_id},
            "hour",
            None,
            {"mean"},
        )
    except Exception as err:  # any recorder failure leaves the default profile
        LOGGER.info("House-load history unavailable, using the default profile: %s", err)
        return profile_from_rows([])
    rows = [
        (dt_util.as_local(dt_util.utc_from_timestamp(row["start"])), float(mean))
        for row in stats.get(entity_id, [])
        if (mean := row.get("mean")) is not None
    ]
    return profile_from_rows(rows)
