"""The get_price_forecast action: Amber's forecast of both channels as response data."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import ServiceValidationError
import voluptuous as vol

from .amber import ChannelType
from .const import DOMAIN
from .coordinator import SigenConfigEntry

ATTR_CONFIG_ENTRY_ID = "config_entry_id"
SERVICE_GET_PRICE_FORECAST = "get_price_forecast"
SCHEMA = vol.Schema({vol.Required(ATTR_CONFIG_ENTRY_ID): str})


def _entry(hass: HomeAssistant, entry_id: str) -> SigenConfigEntry:
    entry: SigenConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN or entry.state is not ConfigEntryState.LOADED:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="entry_not_loaded",
            translation_placeholders={"entry_id": entry_id},
        )
    return entry


async def _get_price_forecast(call: ServiceCall) -> ServiceResponse:
    """Current and forecast intervals of the general and feed-in channels."""
    entry = _entry(call.hass, call.data[ATTR_CONFIG_ENTRY_ID])
    sources = entry.runtime_data.sources
    prices = sources.prices if sources is not None else None
    if prices is None:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="amber_not_set_up")
    snapshot = prices.data
    if snapshot is None or not prices.last_update_success:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="amber_no_prices")
    response: dict[str, Any] = {
        "site_id": snapshot.site_id,
        "fetched_at": snapshot.fetched_at.isoformat(),
        # Feed-in items carry feed_in_earn / advanced_earn_*: positive when exporting pays.
        "general": [i.as_dict() for i in snapshot.channel(ChannelType.GENERAL)],
        "feed_in": [i.as_dict() for i in snapshot.channel(ChannelType.FEED_IN)],
    }
    return response


def async_setup_price_services(hass: HomeAssistant) -> None:
    """Register get_price_forecast."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_GET_PRICE_FORECAST,
        _get_price_forecast,
        schema=SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
