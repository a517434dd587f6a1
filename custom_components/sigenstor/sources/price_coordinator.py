"""Amber Electric price coordinator: polls a little after each minute, honours rate limits."""

from __future__ import annotations

from datetime import datetime, timedelta

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.update_coordinator import UpdateFailed
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, LOGGER
from .amber import (
    AmberAuthError,
    AmberClient,
    AmberError,
    AmberRateLimited,
    ChannelType,
    PriceSnapshot,
    next_poll_delay,
)
from .const import AMBER_NEXT_INTERVALS, AMBER_RETRY, RATE_LIMIT_SLACK
from .freshness import SourceCoordinator


class AmberCoordinator(SourceCoordinator[PriceSnapshot]):
    """Latest prices of one Amber site; the poll interval is re-planned after every poll."""

    config_entry: ConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry, client: AmberClient, site_id: str
    ) -> None:
        """Start with a one-minute interval; each poll then picks the next moment."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name="Amber Electric prices",
            update_interval=AMBER_RETRY,
        )
        self.client = client
        self.site_id = site_id
        self.rate_limited_until: datetime | None = None

    async def _async_update_data(self) -> PriceSnapshot:
        """Fetch current and forecast prices of both channels."""
        try:
            snapshot = await self.client.prices(self.site_id, next_intervals=AMBER_NEXT_INTERVALS)
        except AmberAuthError as err:
            self.update_interval = AMBER_RETRY
            # The coordinator starts a reauthentication flow for this entry.
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN, translation_key="amber_invalid_auth"
            ) from err
        except AmberRateLimited as err:
            now = dt_util.utcnow()
            self.rate_limited_until = err.reset_at
            self.update_interval = max(err.reset_at - now, timedelta(0)) + RATE_LIMIT_SLACK
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="amber_rate_limited",
                translation_placeholders={"reset_at": err.reset_at.isoformat()},
            ) from err
        except AmberError as err:
            self.update_interval = AMBER_RETRY
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="amber_unavailable",
                translation_placeholders={"error": str(err)},
            ) from err
        now = dt_util.utcnow()
        self.rate_limited_until = None
        self.update_interval = max(
            next_poll_delay(now, snapshot, rate_limit=self.client.rate_limit),
            timedelta(seconds=1),
        )
        if snapshot.current(ChannelType.GENERAL) is None:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="amber_unavailable",
                translation_placeholders={"error": "no current general price in the response"},
            )
        self.last_success_at = now
        return snapshot
