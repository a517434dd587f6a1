"""The get_price_forecast action: Amber's forecast of both channels as response data."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import ServiceValidationError
import voluptuous as vol

from ..const import DOMAIN
from ..runtime import ATTR_CONFIG_ENTRY_ID, loaded_entry
from ..sources.amber import ChannelType

SERVICE_GET_PRICE_FORECAST = "get_price_forecast"
SCHEMA = vol.Schema({vol.Required(ATTR_CONFIG_ENTRY_ID): str})


async def _get_price_forecast(call: ServiceCall) -> ServiceResponse:
    """Current and forecast intervals of the general and feed-in channels."""
    entry = loaded_entry(call.hass, call)
    sources = entry.runtime_data.sources
    prices = sources.amber
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
