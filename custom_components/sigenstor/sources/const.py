"""Option keys of the optional price and solar sources (Amber Electric, Open-Meteo)."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

CONF_AMBER_TOKEN: Final = "amber_token"
CONF_AMBER_SITE_ID: Final = "amber_site_id"
CONF_PV_ARRAYS: Final = "pv_arrays"
CONF_OPEN_METEO_API_KEY: Final = "open_meteo_api_key"
# Hidden: never shown in the UI; the offline demo points both clients at its replay server.
CONF_AMBER_BASE_URL: Final = "amber_base_url"
CONF_OPEN_METEO_BASE_URL: Final = "open_meteo_base_url"

# Keys of one stored PV array (a dict in the options' list).
ARRAY_NAME: Final = "name"
ARRAY_KWP: Final = "kwp"
ARRAY_TILT: Final = "tilt"
ARRAY_AZIMUTH: Final = "azimuth"
ARRAY_AC_LIMIT: Final = "ac_limit_kw"
ARRAY_EFFICIENCY: Final = "efficiency"

# Options and data that must never appear in diagnostics.
SECRET_KEYS: Final = frozenset({CONF_AMBER_TOKEN, CONF_OPEN_METEO_API_KEY, CONF_AMBER_SITE_ID})

# 288 five-minute intervals: at least the next 24 hours.
AMBER_NEXT_INTERVALS: Final = 288
AMBER_RETRY: Final = timedelta(minutes=1)
# Seconds after the reset before retrying a rate-limited Amber poll.
RATE_LIMIT_SLACK: Final = timedelta(seconds=2)
# Entities whose value moves with the clock (PV power now, next hour) refresh this often.
SOLAR_TICK: Final = timedelta(minutes=1)

# Which source the optimiser plans with: Amber, a time-of-use rate plan, or price entities.
CONF_PRICE_SOURCE: Final = "price_source"
PRICE_SOURCE_AMBER: Final = "amber"
PRICE_SOURCE_TOU: Final = "tou"
PRICE_SOURCE_ENTITY: Final = "entity"
CONF_TOU_PLAN: Final = "tou_plan"
# Entities whose forecasts give the buy and (optionally) the sell price.
CONF_PRICE_ENTITIES: Final = "price_entities"
CONF_SELL_ENTITIES: Final = "sell_entities"
# Rate plans and entity attributes are local: re-read this often so "now" moves on.
LOCAL_PRICE_REFRESH: Final = timedelta(minutes=5)
# Core Nord Pool and Tibber answer through actions that reach their servers: ask less often.
ACTION_PRICE_REFRESH: Final = timedelta(minutes=30)
