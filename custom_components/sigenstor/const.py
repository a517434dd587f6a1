"""Constants for the SigenStor integration."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Final

DOMAIN: Final = "sigenstor"
LOGGER = logging.getLogger(__package__)

# Bus events of the control path (the logbook describes them).
EVENT_WRITE: Final = f"{DOMAIN}_write"
EVENT_ALERT: Final = f"{DOMAIN}_alert"

CONF_INVERTERS: Final = "inverters"
CONF_SERIAL: Final = "serial"
CONF_MODEL: Final = "model"
CONF_LIVE_INTERVAL: Final = "live_interval"
CONF_SLOW_INTERVAL: Final = "slow_interval"
CONF_STATIC_INTERVAL: Final = "static_interval"
CONF_MIN_REQUEST_INTERVAL: Final = "min_request_interval"

DEFAULT_PORT: Final = 502
DEFAULT_INVERTERS: Final = "1"
# The vendor's protocol document asks for at least one second between requests.
DEFAULT_MIN_REQUEST_INTERVAL: Final = 1.0
DEFAULT_LIVE_INTERVAL: Final = timedelta(seconds=5)
DEFAULT_SLOW_INTERVAL: Final = timedelta(seconds=60)
DEFAULT_STATIC_INTERVAL: Final = timedelta(hours=1)

LIVE_INTERVAL_RANGE: Final = (5, 300)
SLOW_INTERVAL_RANGE: Final = (30, 3600)

MANUFACTURER: Final = "Sigenergy"
