"""Owner alerts: an event, a repair issue or notification, and the chosen notify actions."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Final

from homeassistant.components import persistent_notification
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from ..const import DOMAIN, EVENT_ALERT, LOGGER

NOTIFY_TIMEOUT_S: Final = 30.0


class AlertKind(StrEnum):
    """What went wrong; also the repair issue's translation key."""

    WRITE_NOT_CONFIRMED = "write_not_confirmed"
    RELEASE_NOT_CONFIRMED = "release_not_confirmed"
    EXTERNAL_CONTROL = "external_control"
    AUDIT_FAILED = "audit_failed"
    GUARD_REFUSAL = "guard_refusal"
    PLANT_UNREACHABLE = "plant_unreachable"
    EMERGENCY_STOP = "emergency_stop"
    CONTROL_RELEASED = "control_released"


# Notify actions get plain English: they cannot be translated by the frontend.
MESSAGES: Final[Mapping[AlertKind, str]] = {
    AlertKind.WRITE_NOT_CONFIRMED: (
        "The plant did not take {register} = {value} (read back {actual}); "
        "remote control is being released."
    ),
    AlertKind.RELEASE_NOT_CONFIRMED: (
        "The plant still reports Remote EMS enabled after {attempts} releases; Home Assistant "
        "keeps trying. If this lasts, release it in the mySigen app: it never reverts on its own."
    ),
    AlertKind.EXTERNAL_CONTROL: (
        "Another controller took Remote EMS (work mode {mode}), for example a VPP programme "
        "through the vendor's cloud. Home Assistant leaves it alone and writes nothing "
        "automatically until it hands back; an override, Clear override or the emergency stop "
        "takes control back."
    ),
    AlertKind.AUDIT_FAILED: (
        "The audit log cannot be written ({error}): forcing writes are refused until it can; "
        "releases still go out. Check the free disk space."
    ),
    AlertKind.GUARD_REFUSAL: "The safety guard refused an automatic write: {reason}.",
    AlertKind.PLANT_UNREACHABLE: "The SigenStor plant has not answered since {since}.",
    AlertKind.EMERGENCY_STOP: (
        "Emergency stop engaged: remote control released and automatic writes blocked "
        "until the emergency stop is cleared."
    ),
    AlertKind.CONTROL_RELEASED: "{message}",
}
# Kinds the owner resolves in the UI get a repair issue; the rest a persistent notification.
REPAIR_KINDS: Final = frozenset(
    {
        AlertKind.WRITE_NOT_CONFIRMED,
        AlertKind.RELEASE_NOT_CONFIRMED,
        AlertKind.EXTERNAL_CONTROL,
        AlertKind.AUDIT_FAILED,
        AlertKind.PLANT_UNREACHABLE,
        AlertKind.EMERGENCY_STOP,
    }
)


FIXABLE_KINDS: Final = frozenset({AlertKind.EXTERNAL_CONTROL, AlertKind.EMERGENCY_STOP})


def parse_notify_services(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """Turn 'notify.a, notify.b' (or a list) into ('notify.a', 'notify.b')."""
    if text is None:
        return ()
    parts = text.replace(";", ",").replace("\n", ",").split(",") if isinstance(text, str) else text
    names = []
    for part in parts:
        name = part.strip()
        if name:
            names.append(name if "." in name else f"notify.{name}")
    return tuple(names)


def issue_id(kind: AlertKind, entry_id: str) -> str:
    """Repair issue id of one alert kind for one entry."""
    return f"{kind.value}_{entry_id}"


class Alerts:
    """Raises and clears the alerts of one config entry."""

    def __init__(
        self, hass: HomeAssistant, entry_id: str, title: str, notify: Iterable[str] = ()
    ) -> None:
        """Remember where alerts go."""
        self.hass = hass
        self.entry_id = entry_id
        self.title = title
        self.notify = tuple(notify)
        self.raised: list[tuple[AlertKind, dict[str, str]]] = []

    async def async_raise(self, kind: AlertKind, placeholders: Mapping[str, str]) -> None:
        """Fire the event, open the issue or notification, and call the notify actions."""
        values = {key: str(value) for key, value in placeholders.items()}
        message = MESSAGES[kind].format_map(_Default(values))
        self.raised.append((kind, values))
        self.hass.bus.async_fire(
            EVENT_ALERT,
            {"entry_id": self.entry_id, "kind": kind.value, "message": message, **values},
        )
        if kind in REPAIR_KINDS:
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                issue_id(kind, self.entry_id),
                # Another controller's hold can be ended from the repair (repairs.py).
                is_fixable=kind in FIXABLE_KINDS,
                data={"entry_id": self.entry_id} if kind in FIXABLE_KINDS else None,
                is_persistent=False,
                severity=ir.IssueSeverity.ERROR,
                translation_key=kind.value,
                translation_placeholders={"title": self.title, "message": message, **values},
            )
        else:
            persistent_notification.async_create(
                self.hass,
                message,
                title=f"{self.title}: {kind.value.replace('_', ' ')}",
                notification_id=issue_id(kind, self.entry_id),
            )
        # Never awaited here: alerts are raised with the controller's lock held, on the way
        # to a release, and a notify action may be slow or hang (a phone push over the cloud).
        self.hass.async_create_task(
            self._async_notify(f"{self.title}", message), f"{DOMAIN} notify {kind.value}"
        )

    def clear(self, kind: AlertKind) -> None:
        """Close the issue (or notification) of an alert that no longer applies."""
        if kind in REPAIR_KINDS:
            ir.async_delete_issue(self.hass, DOMAIN, issue_id(kind, self.entry_id))
        else:
            persistent_notification.async_dismiss(self.hass, issue_id(kind, self.entry_id))

    async def _async_notify(self, title: str, message: str) -> None:
        """Call each configured notify action; one failing never stops the others."""
        for name in self.notify:
            domain, _, service = name.partition(".")
            if not self.hass.services.has_service(domain, service):
                LOGGER.warning("Notify action %s is not available", name)
                continue
            try:
                async with asyncio.timeout(NOTIFY_TIMEOUT_S):
                    await self.hass.services.async_call(
                        domain, service, {"title": title, "message": message}, blocking=True
                    )
            except TimeoutError:
                LOGGER.warning("Notify action %s took over %s s", name, NOTIFY_TIMEOUT_S)
            except Exception as err:  # another integration's failure, of any kind
                LOGGER.warning("Notify action %s failed: %s", name, err)


class _Default(dict[str, str]):
    """format_map helper that leaves unknown placeholders visible."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
