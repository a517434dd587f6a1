"""Serve the card bundle and register it with the frontend, once per run, with a versioned URL."""

from __future__ import annotations

from collections.abc import Mapping
import hashlib
import logging
from pathlib import Path
from typing import Any, Protocol, cast

from homeassistant.components import frontend
from homeassistant.components.http import StaticPathConfig
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_when_setup
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN

_LOGGER = logging.getLogger(__name__)

URL_BASE = "/sigenstor_static"
BUNDLE = "sigenstor-cards.js"
BUNDLE_DIR = Path(__file__).parent / "frontend"
BUNDLE_PATH = f"{URL_BASE}/{BUNDLE}"
DATA_FRONTEND: HassKey[str] = HassKey(f"{DOMAIN}_frontend")


class ResourceCollection(Protocol):
    """What we use of Lovelace's resource storage collection."""

    def async_items(self) -> list[dict[str, Any]]:
        """Return the stored resources."""

    async def async_create_item(self, data: dict[str, Any]) -> dict[str, Any]:
        """Create a resource."""

    async def async_update_item(self, item_id: str, updates: dict[str, Any]) -> dict[str, Any]:
        """Update a resource."""

    async def async_delete_item(self, item_id: str) -> None:
        """Delete a resource."""


def bundle_digest() -> str:
    """First 12 hex digits of the bundle's SHA-256 (read from disk: run in the executor)."""
    return hashlib.sha256((BUNDLE_DIR / BUNDLE).read_bytes()).hexdigest()[:12]


async def async_setup_frontend(hass: HomeAssistant) -> None:
    """Serve the bundle and register it as a module once http and Lovelace are up."""
    if DATA_FRONTEND in hass.data:
        return
    # The bundle's content hash, not the manifest version: a rebuilt bundle gets a new URL, so
    # browsers never keep an old card behind the long cache lifetime.
    digest = await hass.async_add_executor_job(bundle_digest)
    url = hass.data[DATA_FRONTEND] = f"{BUNDLE_PATH}?v={digest}"

    async def _serve(hass: HomeAssistant, _: str) -> None:
        await hass.http.async_register_static_paths(
            [StaticPathConfig(URL_BASE, str(BUNDLE_DIR), True)]
        )

    async def _register(hass: HomeAssistant, _: str) -> None:
        # A background task: Lovelace's resource store is read from disk and startup
        # must not wait for it.
        hass.async_create_background_task(
            async_register_module(hass, url), f"{DOMAIN} register cards"
        )

    # http and Lovelace are after-dependencies: they are set up before us when they load
    # at all, and these callbacks run at once then (later in tests that add them later).
    async_when_setup(hass, "http", _serve)
    async_when_setup(hass, "lovelace", _register)


async def async_register_module(hass: HomeAssistant, url: str) -> None:
    """Add or update our Lovelace resource (storage mode) or an extra module URL (YAML mode)."""
    resources = _lovelace_resources(hass)
    if resources is None or not hasattr(resources, "async_create_item"):
        # YAML resources cannot be edited: have the frontend load the module on every page.
        async def _add_extra(hass: HomeAssistant, _: str) -> None:
            frontend.add_extra_js_url(hass, url)

        async_when_setup(hass, "frontend", _add_extra)
        return
    collection = cast(ResourceCollection, resources)
    if not getattr(resources, "loaded", True):
        # Lovelace reads its resources lazily, on the first websocket list.
        await resources.async_load()
        resources.loaded = True
    ours = [item for item in collection.async_items() if _is_ours(item)]
    if not ours:
        await collection.async_create_item({"res_type": "module", "url": url})
        _LOGGER.debug("Added Lovelace resource %s", url)
        return
    first, *extra = ours
    if first.get("url") != url or first.get("type") != "module":
        await collection.async_update_item(first["id"], {"res_type": "module", "url": url})
        _LOGGER.debug("Updated Lovelace resource %s to %s", first.get("url"), url)
    for item in extra:
        await collection.async_delete_item(item["id"])


def _is_ours(item: Mapping[str, Any]) -> bool:
    """Whether a resource points at our bundle, whatever its version."""
    return str(item.get("url", "")).split("?", 1)[0] == BUNDLE_PATH


def _lovelace_resources(hass: HomeAssistant) -> Any:
    """Lovelace's resource collection (an attribute of its data since 2025.2), None without it."""
    return getattr(hass.data.get("lovelace"), "resources", None)
