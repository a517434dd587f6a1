"""Energy dashboard platform: the learned-corrected Open-Meteo forecast as Wh per hour."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant

from .const import DOMAIN
from .coordinator import SigenConfigEntry
from .pv_model import EnergyDashboardForecast


async def async_get_solar_forecast(
    hass: HomeAssistant, config_entry_id: str
) -> EnergyDashboardForecast | None:
    """Forecast of one plant entry; None when it is not ours, not loaded or has no arrays."""
    entry: SigenConfigEntry | None = hass.config_entries.async_get_entry(config_entry_id)
    if entry is None or entry.domain != DOMAIN or entry.state is not ConfigEntryState.LOADED:
        return None
    sources = entry.runtime_data.sources
    solar = sources.solar if sources is not None else None
    if solar is None or solar.data is None:
        return None
    return solar.data.forecast.as_energy_dashboard()
