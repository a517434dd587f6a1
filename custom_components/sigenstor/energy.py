"""Energy dashboard platform: the learned-corrected Open-Meteo forecast as Wh per hour."""

from __future__ import annotations

from homeassistant.core import HomeAssistant

from .runtime import entry_for
from .sources.pv_model import EnergyDashboardForecast


async def async_get_solar_forecast(
    hass: HomeAssistant, config_entry_id: str
) -> EnergyDashboardForecast | None:
    """Forecast of one plant entry; None when it is not ours, not loaded or has no arrays."""
    entry = entry_for(hass, config_entry_id)
    solar = None if entry is None else entry.runtime_data.sources.solar
    if solar is None or solar.data is None:
        return None
    return solar.data.forecast.as_energy_dashboard()
