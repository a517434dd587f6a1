"""Fixtures: the simulator plant with Amber prices faked at the HTTP layer (aioclient_mock)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.control.controller import CONF_READBACK_DELAY
from custom_components.sigenstor.sources.amber import AMBER_BASE_URL
from custom_components.sigenstor.sources.const import CONF_AMBER_SITE_ID, CONF_AMBER_TOKEN

SITE = "01SITE"
PRICES_URL = f"{AMBER_BASE_URL}/sites/{SITE}/prices/current"
READBACK_S = 0.05

# (minutes from now) -> $/kWh; the default is cheap for two hours, then an expensive evening.
PriceFn = Callable[[float], float]


def cheap_then_dear(minutes: float) -> float:
    """Buy price: from 2c rising slowly for two hours (so sooner is cheaper), then 60c."""
    return 0.02 + 0.01 * minutes / 60 if minutes < 120 else 0.60


def flat_feed_in(minutes: float) -> float:
    """Feed-in earnings: 5c throughout."""
    return 0.05


def _stamp(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _interval(
    kind: str, channel: str, start: datetime, minutes: int, per_kwh_c: float
) -> dict[str, Any]:
    end = start + timedelta(minutes=minutes)
    return {
        "type": kind,
        "date": start.date().isoformat(),
        "duration": minutes,
        "startTime": _stamp(start + timedelta(seconds=1)),
        "endTime": _stamp(end),
        "nemTime": _stamp(end),
        "perKwh": per_kwh_c,
        "renewables": 30.0,
        "spotPerKwh": per_kwh_c / 2,
        "channelType": channel,
        "spikeStatus": "none",
        "descriptor": "neutral",
        "estimate": True,
    }


def amber_payload(
    now: datetime,
    buy: PriceFn = cheap_then_dear,
    sell: PriceFn = flat_feed_in,
    hours: float = 48,
) -> list[dict[str, Any]]:
    """Amber's prices/current answer: 5-minute intervals for 2 h, then 30-minute ones."""
    start = now.replace(second=0, microsecond=0) - timedelta(minutes=now.minute % 5)
    items: list[dict[str, Any]] = []
    t, end = start, start + timedelta(hours=hours)
    while t < end:
        minutes = 5 if t < start + timedelta(hours=2) or t.minute % 30 else 30
        kind = "CurrentInterval" if t == start else "ForecastInterval"
        offset = (t - now).total_seconds() / 60 + minutes / 2
        items.append(_interval(kind, "general", t, minutes, round(buy(offset) * 100, 3)))
        items.append(_interval(kind, "feedIn", t, minutes, round(-sell(offset) * 100, 3)))
        t += timedelta(minutes=minutes)
    return items


def serve_prices(aioclient_mock: AiohttpClientMocker, payload: Any, status: int = 200) -> None:
    """Answer every Amber price request with this payload from now on."""
    aioclient_mock.clear_requests()
    aioclient_mock.get(PRICES_URL, json=payload, status=status)


@pytest.fixture(autouse=True)
def _config_dir(hass: HomeAssistant, tmp_path: Path) -> None:
    """Keep audit logs out of the shared test config directory."""
    hass.config.config_dir = str(tmp_path)


@pytest.fixture
def prices(aioclient_mock: AiohttpClientMocker) -> AiohttpClientMocker:
    """Amber answers with the default cheap-then-dear prices."""
    serve_prices(aioclient_mock, amber_payload(datetime.now(UTC)))
    return aioclient_mock


@pytest.fixture
def opt_entry(mock_config_entry: MockConfigEntry) -> MockConfigEntry:
    """The simulator's entry with Amber configured and a fast read-back."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=mock_config_entry.title,
        unique_id=mock_config_entry.unique_id,
        data=dict(mock_config_entry.data),
        options={
            **mock_config_entry.options,
            CONF_READBACK_DELAY: READBACK_S,
            CONF_AMBER_TOKEN: "token",
            CONF_AMBER_SITE_ID: SITE,
        },
    )
