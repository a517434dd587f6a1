"""Price coordinators beyond Amber: a time-of-use rate plan, or other integrations' entities.

Both hold the same ``PriceSnapshot`` as the Amber coordinator (and its ``age``), so the
optimiser, savings and the plan card read them alike. The entity reader follows the entities'
state changes; core Nord Pool and Tibber keep their forecasts behind actions, called here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.helpers.update_coordinator import UpdateFailed
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, LOGGER
from .amber_models import ChannelType, PriceSnapshot
from .const import ACTION_PRICE_REFRESH, LOCAL_PRICE_REFRESH
from .freshness import SourceCoordinator
from .price_attrs import (
    PriceShapeError,
    parse_unit,
    scaled,
    series_from_attributes,
    series_from_nordpool_response,
    series_from_tibber_response,
)
from .price_series import Series, snapshot_from_series
from .tariff import TouPlan, tou_series

# The rate plan is priced this far ahead (the planner looks at most 48 h ahead).
TOU_AHEAD: Final = timedelta(days=3)
_MWH_PER_KWH: Final = 0.001


class SeriesPriceCoordinator(SourceCoordinator[PriceSnapshot]):
    """Prices rebuilt from plain series; failing when no buy price covers now."""

    config_entry: ConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry, name: str, interval: timedelta
    ) -> None:
        """Refresh on a fixed interval."""
        super().__init__(hass, LOGGER, config_entry=entry, name=name, update_interval=interval)

    async def _series(self, now: datetime) -> tuple[Series, Series]:
        raise NotImplementedError

    async def _async_update_data(self) -> PriceSnapshot:
        now = dt_util.utcnow()
        buy, sell = await self._series(now)
        snapshot = snapshot_from_series(self.name, now, buy, sell)
        if snapshot.current(ChannelType.GENERAL) is None:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="price_source_unavailable",
                translation_placeholders={"source": self.name},
            )
        self.last_success_at = now
        return snapshot


class TariffCoordinator(SeriesPriceCoordinator):
    """Prices of a time-of-use rate plan in Home Assistant's time zone."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry, plan: TouPlan) -> None:
        """Keep the (validated) plan."""
        super().__init__(hass, entry, "Rate plan", LOCAL_PRICE_REFRESH)
        self.plan = plan

    async def _series(self, now: datetime) -> tuple[Series, Series]:
        tz = dt_util.get_default_time_zone()
        return tou_series(self.plan, now, now + TOU_AHEAD, tz)


class EntityPriceCoordinator(SeriesPriceCoordinator):
    """Prices from other integrations' entities (buy, and optionally sell)."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        buy: list[str],
        sell: list[str],
    ) -> None:
        """Follow the entities; core integrations answering through actions set the pace."""
        platforms = {_platform(hass, entity) for entity in [*buy, *sell]}
        slow = platforms & {"nordpool", "tibber"}
        super().__init__(
            hass, entry, "Price entities", ACTION_PRICE_REFRESH if slow else LOCAL_PRICE_REFRESH
        )
        self.buy, self.sell = buy, sell

    @callback
    def async_follow(self) -> None:
        """Refresh when one of the entities changes (until the entry unloads)."""

        @callback
        def _changed(_: Event[EventStateChangedData]) -> None:
            self.hass.async_create_task(self.async_request_refresh())

        self.config_entry.async_on_unload(
            async_track_state_change_event(self.hass, [*self.buy, *self.sell], _changed)
        )

    async def _series(self, now: datetime) -> tuple[Series, Series]:
        try:
            buy = [item for e in self.buy for item in await async_read_entity(self.hass, e)]
            sell = [item for e in self.sell for item in await async_read_entity(self.hass, e)]
        except PriceShapeError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="price_source_unavailable",
                translation_placeholders={"source": f"{self.name} ({err.key})"},
            ) from err
        return tuple(buy), tuple(sell)


def _platform(hass: HomeAssistant, entity_id: str) -> str | None:
    entry = er.async_get(hass).async_get(entity_id)
    return entry.platform if entry else None


async def async_read_entity(hass: HomeAssistant, entity_id: str) -> Series:
    """An entity's price forecast in currency per kWh; PriceShapeError names what is wrong."""
    state = hass.states.get(entity_id)
    if state is None:
        raise PriceShapeError("price_entity_missing")
    unit = parse_unit(state.attributes.get("unit_of_measurement"))
    currency = hass.config.currency
    if unit.currency is not None and currency and unit.currency != currency.upper():
        raise PriceShapeError("price_entity_currency")
    tz = dt_util.get_default_time_zone()
    today = dt_util.now().date()
    registry = er.async_get(hass).async_get(entity_id)
    platform = registry.platform if registry else None
    attributes = state.attributes
    if platform == "nordpool" and "raw_today" not in attributes and registry is not None:
        series = await _nordpool(hass, registry, today)
    elif platform == "tibber" and "today" not in attributes:
        series = await _tibber(hass, today)
    else:
        return scaled(series_from_attributes(attributes, tz, today)[1], unit.factor)
    if not series:
        raise PriceShapeError("price_entity_no_forecast")
    return series


async def _nordpool(hass: HomeAssistant, entity: er.RegistryEntry, today: date) -> Series:
    """Core Nord Pool: today's and tomorrow's prices (per MWh) of the entity's area."""
    area = entity.unique_id.partition("-")[0] or None
    items: list[tuple[datetime, datetime, float]] = []
    for day in (today, today + timedelta(days=1)):
        try:
            response = await hass.services.async_call(
                "nordpool",
                "get_prices_for_date",
                {"config_entry": entity.config_entry_id, "date": day.isoformat()},
                blocking=True,
                return_response=True,
            )
        except HomeAssistantError as err:
            LOGGER.debug("Nord Pool prices for %s unavailable: %s", day, err)
            continue  # tomorrow's prices are published around midday
        items += series_from_nordpool_response(response or {}, area)
    return scaled(items, _MWH_PER_KWH)


async def _tibber(hass: HomeAssistant, today: date) -> Series:
    """Core Tibber: today's and tomorrow's prices (per kWh) of the first home."""
    tz = dt_util.get_default_time_zone()
    start = datetime.combine(today, time(), tz)
    try:
        response = await hass.services.async_call(
            "tibber",
            "get_prices",
            {"start": start.isoformat(), "end": (start + timedelta(days=2)).isoformat()},
            blocking=True,
            return_response=True,
        )
    except HomeAssistantError as err:
        raise PriceShapeError("price_entity_no_forecast") from err
    return series_from_tibber_response(response or {})
