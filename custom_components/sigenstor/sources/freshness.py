"""The part every source coordinator shares: when it last succeeded, and that for diagnostics."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util


class SourceCoordinator[DataT](DataUpdateCoordinator[DataT]):
    """A source's coordinator; subclasses set `last_success_at` when a poll succeeds."""

    last_success_at: datetime | None = None

    def age(self, now: datetime | None = None) -> timedelta | None:
        """How old the data is, None before the first good poll."""
        if self.last_success_at is None:
            return None
        return (now or dt_util.utcnow()) - self.last_success_at

    def freshness(self, now: datetime) -> dict[str, Any]:
        """Success, last good poll, age and last error (no secrets: errors carry no tokens)."""
        age = self.age(now)
        return {
            "last_update_success": self.last_update_success,
            "last_updated": self.last_success_at.isoformat() if self.last_success_at else None,
            "age_s": age.total_seconds() if age is not None else None,
            "last_error": str(self.last_exception or "") or None,
        }
