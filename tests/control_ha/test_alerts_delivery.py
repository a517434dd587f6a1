"""Alerts as the owner gets them: notifications closed when cleared, notify actions guarded."""

from __future__ import annotations

import asyncio
from typing import Any

from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest

from custom_components.sigenstor.const import DOMAIN, EVENT_ALERT
from custom_components.sigenstor.control import alerts as alerts_module
from custom_components.sigenstor.control.alerts import AlertKind, Alerts, issue_id

from .helpers import collect

ENTRY_ID = "entry1"


async def _notifications(hass: HomeAssistant, hass_ws_client: Any) -> dict[str, Any]:
    """The persistent notifications the frontend shows, by id."""
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "persistent_notification/get"})
    answer = await client.receive_json()
    assert answer["success"]
    return {item["notification_id"]: item for item in answer["result"]}


async def test_clearing_a_notification_alert_closes_the_notification(
    hass: HomeAssistant, hass_ws_client: Any
) -> None:
    """A non-repair alert opens a notification; clearing it closes it, and leaves no issue."""
    assert await async_setup_component(hass, "persistent_notification", {})
    alerts = Alerts(hass, ENTRY_ID, "SigenStor")
    await alerts.async_raise(AlertKind.GUARD_REFUSAL, {"reason": "SoC unknown"})
    await hass.async_block_till_done()
    notification_id = issue_id(AlertKind.GUARD_REFUSAL, ENTRY_ID)
    shown = await _notifications(hass, hass_ws_client)
    assert shown[notification_id]["message"] == (
        "The safety guard refused an automatic write: SoC unknown."
    )
    assert ir.async_get(hass).async_get_issue(DOMAIN, notification_id) is None
    alerts.clear(AlertKind.GUARD_REFUSAL)
    await hass.async_block_till_done()
    assert notification_id not in await _notifications(hass, hass_ws_client)


async def test_a_missing_placeholder_stays_visible_in_the_message(hass: HomeAssistant) -> None:
    """An alert raised without one of its values names the gap instead of failing."""
    events = collect(hass, EVENT_ALERT)
    alerts = Alerts(hass, ENTRY_ID, "SigenStor")
    await alerts.async_raise(AlertKind.WRITE_NOT_CONFIRMED, {"register": "remote_ems_enable"})
    await hass.async_block_till_done()
    assert [e.data["message"] for e in events] == [
        "The plant did not take remote_ems_enable = {value} (read back {actual}); "
        "remote control is being released."
    ]
    assert ir.async_get(hass).async_get_issue(
        DOMAIN, issue_id(AlertKind.WRITE_NOT_CONFIRMED, ENTRY_ID)
    )


async def test_a_missing_or_slow_notify_action_is_logged_and_the_rest_still_called(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An action that does not exist, or takes too long, is a warning; the next one is called."""
    monkeypatch.setattr(alerts_module, "NOTIFY_TIMEOUT_S", 0.05)
    never = asyncio.Event()
    delivered: list[dict[str, Any]] = []

    async def slow(_: ServiceCall) -> None:
        await never.wait()

    async def phone(call: ServiceCall) -> None:
        delivered.append(dict(call.data))

    hass.services.async_register("notify", "slow", slow)
    hass.services.async_register("notify", "phone", phone)
    names = alerts_module.parse_notify_services("notify.gone; slow\nphone")
    assert names == ("notify.gone", "notify.slow", "notify.phone")
    alerts = Alerts(hass, ENTRY_ID, "My plant", names)
    await alerts.async_raise(AlertKind.PLANT_UNREACHABLE, {"since": "2026-01-15T12:00:00"})
    await hass.async_block_till_done()
    assert delivered == [
        {
            "title": "My plant",
            "message": "The SigenStor plant has not answered since 2026-01-15T12:00:00.",
        }
    ]
    assert "Notify action notify.gone is not available" in caplog.text
    assert "Notify action notify.slow took over 0.05 s" in caplog.text
    never.set()
    await hass.async_block_till_done()
