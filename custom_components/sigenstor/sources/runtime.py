"""Set up the optional price and solar sources of a plant entry from its options."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, LOGGER
from ..coordinator import Plant
from ..sigen import PLANT_UNIT_ID, Tier
from .amber import AMBER_BASE_URL, AmberClient
from .arrays import arrays_from_options
from .const import (
    CONF_AMBER_BASE_URL,
    CONF_AMBER_SITE_ID,
    CONF_AMBER_TOKEN,
    CONF_OPEN_METEO_API_KEY,
    CONF_OPEN_METEO_BASE_URL,
    CONF_PRICE_ENTITIES,
    CONF_PRICE_SOURCE,
    CONF_SELL_ENTITIES,
    CONF_TOU_PLAN,
    PRICE_SOURCE_ENTITY,
    PRICE_SOURCE_TOU,
    SOLAR_TICK,
)
from .open_meteo import OPEN_METEO_BASE_URL, OpenMeteoClient
from .price_coordinator import AmberCoordinator
from .price_source import EntityPriceCoordinator, SeriesPriceCoordinator, TariffCoordinator
from .solar_coordinator import SolarCoordinator
from .tariff import TariffError, plan_from_dict

type PriceCoordinator = AmberCoordinator | SeriesPriceCoordinator


@dataclass
class Sources:
    """The optional coordinators of one plant entry (None when not configured).

    ``prices`` is what the optimiser plans with (Amber, a rate plan or price entities, as the
    options choose); ``amber`` is the Amber feed behind the Amber entities, when set up.
    """

    prices: PriceCoordinator | None = None
    solar: SolarCoordinator | None = None
    amber: AmberCoordinator | None = None


async def async_setup_sources(
    hass: HomeAssistant, entry: ConfigEntry[Any], telemetry: Plant
) -> Sources:
    """Create the configured coordinators; first refreshes run in the background."""
    options = entry.options
    sources = Sources()
    token = options.get(CONF_AMBER_TOKEN)
    site_id = options.get(CONF_AMBER_SITE_ID)
    arrays = arrays_from_options(options)
    chosen = _price_source(hass, entry)
    if token and site_id:
        client = AmberClient(
            async_get_clientsession(hass),
            token,
            base_url=options.get(CONF_AMBER_BASE_URL) or AMBER_BASE_URL,
        )
        sources.amber = AmberCoordinator(hass, entry, client, site_id)
    # Amber is the default wherever it is set up and nothing else was chosen.
    sources.prices = chosen or sources.amber
    if arrays:
        session = async_get_clientsession(hass)
        om_client = OpenMeteoClient(
            session,
            base_url=options.get(CONF_OPEN_METEO_BASE_URL) or OPEN_METEO_BASE_URL,
            api_key=options.get(CONF_OPEN_METEO_API_KEY) or None,
        )
        tz = dt_util.get_default_time_zone()
        zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(str(tz))
        sources.solar = SolarCoordinator(hass, entry, om_client, arrays, zone)
        await sources.solar.async_load_accuracy()
        _track_plant_pv(entry, telemetry, sources.solar)
        _tick(entry, sources.solar)
        entry.async_on_unload(sources.solar.async_save)
    # Neither source may hold up the plant: each fails on its own, entities then unavailable.
    for coordinator in dict.fromkeys((sources.amber, sources.prices, sources.solar)):
        if coordinator is not None:
            entry.async_create_background_task(
                hass, coordinator.async_refresh(), f"{DOMAIN} first refresh {coordinator.name}"
            )
    return sources


def _price_source(hass: HomeAssistant, entry: ConfigEntry[Any]) -> SeriesPriceCoordinator | None:
    """The rate plan or price entities the options choose, None for Amber (or nothing)."""
    options = entry.options
    chosen = options.get(CONF_PRICE_SOURCE)
    if chosen == PRICE_SOURCE_TOU and options.get(CONF_TOU_PLAN):
        try:
            plan = plan_from_dict(options[CONF_TOU_PLAN])
        except TariffError as err:  # the options flow stores only valid plans
            LOGGER.warning("The stored rate plan is not valid (%s); no prices", err.key)
            return None
        return TariffCoordinator(hass, entry, plan)
    buy = list(options.get(CONF_PRICE_ENTITIES) or [])
    if chosen == PRICE_SOURCE_ENTITY and buy:
        reader = EntityPriceCoordinator(
            hass, entry, buy, list(options.get(CONF_SELL_ENTITIES) or [])
        )
        reader.async_follow()
        return reader
    return None


def _track_plant_pv(entry: ConfigEntry[Any], telemetry: Plant, solar: SolarCoordinator) -> None:
    """Feed the plant's measured PV power (the pv_power sensor's value) to the accuracy meter."""
    plant = telemetry.coordinators.get((PLANT_UNIT_ID, Tier.LIVE))
    if plant is None:
        return

    @callback
    def _sample() -> None:
        value = plant.value("plant_pv_power")
        kw = float(value) if isinstance(value, int | float) else None
        solar.async_pv_sample(dt_util.utcnow(), kw if plant.last_update_success else None)

    entry.async_on_unload(plant.async_add_listener(_sample))


def _tick(entry: ConfigEntry[Any], solar: SolarCoordinator) -> None:
    """Let clock-driven values (PV power now, next hour) move between forecast refreshes."""

    @callback
    def _update(_: datetime) -> None:
        if solar.data is not None:
            solar.async_update_listeners()

    entry.async_on_unload(
        async_track_time_interval(solar.hass, _update, SOLAR_TICK, cancel_on_shutdown=True)
    )


def sources_diagnostics(sources: Sources | None) -> dict[str, Any]:
    """Freshness and errors of each source (no secrets, no forecasts)."""
    if sources is None:
        return {}
    now = dt_util.utcnow()
    out: dict[str, Any] = {}
    if sources.amber is not None:
        out["amber"] = {
            **sources.amber.freshness(now),
            "next_poll_s": _seconds(sources.amber.update_interval),
            "rate_limited_until": _iso(sources.amber.rate_limited_until),
        }
    if isinstance(sources.prices, SeriesPriceCoordinator):
        out["price_source"] = {"source": sources.prices.name, **sources.prices.freshness(now)}
    if sources.solar is not None:
        accuracy = sources.solar.accuracy
        out["open_meteo"] = {
            **sources.solar.freshness(now),
            "arrays": len(sources.solar.arrays),
            "accuracy_days": accuracy.days,
            "accuracy_ready": accuracy.ready,
            "factors": _factors(accuracy.factors().items()),
        }
    return out


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _seconds(interval: Any) -> float | None:
    return interval.total_seconds() if interval is not None else None


def _factors(items: Sequence[tuple[int, float]] | Any) -> dict[str, float]:
    return {str(hour): round(value, 3) for hour, value in items if value != 1.0}
