"""The card bundle is served and registered with Lovelace, once, with a versioned URL."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any
from unittest.mock import patch

from aiohttp import web
from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL
from homeassistant.components.lovelace.const import LOVELACE_DATA
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest

from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.frontend_setup import async_register_module, async_setup_frontend

PACKAGE = Path(__file__).parents[2] / "custom_components" / DOMAIN
DIGEST = hashlib.sha256((PACKAGE / "frontend" / "sigenstor-cards.js").read_bytes()).hexdigest()
BASE = "/sigenstor_static/sigenstor-cards.js"
URL = f"{BASE}?v={DIGEST[:12]}"  # the content, not the manifest version: a new build, a new URL


def ours(hass: HomeAssistant) -> list[dict[str, Any]]:
    """Lovelace resources that point at our bundle."""
    items = hass.data[LOVELACE_DATA].resources.async_items()
    return [item for item in items if "/sigenstor_static/" in item["url"]]


async def test_static_path_serves_bundle(hass: HomeAssistant, hass_client: Any) -> None:
    """The bundle directory is served under /sigenstor_static with cache headers."""
    assert await async_setup_component(hass, "http", {})
    assert await async_setup_component(hass, DOMAIN, {})
    client = await hass_client()
    resp = await client.get(URL)
    assert resp.status == 200
    assert await resp.read() == (PACKAGE / "frontend" / "sigenstor-cards.js").read_bytes()
    assert "max-age" in resp.headers.get("Cache-Control", "")
    missing = await client.get("/sigenstor_static/nothing.js")
    assert missing.status == 404


async def test_storage_mode_adds_one_resource(hass: HomeAssistant, hass_ws_client: Any) -> None:
    """Storage mode: one module resource with the manifest's version, listed to the frontend."""
    assert await async_setup_component(hass, "lovelace", {})
    assert await async_setup_component(hass, DOMAIN, {})
    await hass.async_block_till_done(wait_background_tasks=True)
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "lovelace/resources"})
    listed = await client.receive_json()
    assert listed["success"]
    assert [(r["type"], r["url"]) for r in listed["result"]] == [("module", URL)]
    # Registering again in the same run changes nothing.
    await async_register_module(hass, URL)
    assert [item["url"] for item in ours(hass)] == [URL]


async def test_old_version_is_updated_not_duplicated(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """A resource of ours from an older release is updated in place; others are left alone."""
    hass_storage["lovelace_resources"] = {
        "version": 1,
        "key": "lovelace_resources",
        "data": {
            "items": [
                {"id": "old", "type": "module", "url": f"{BASE}?v=0.0.1"},
                {"id": "theirs", "type": "module", "url": "/local/other-card.js"},
                {"id": "twice", "type": "js", "url": BASE},
            ]
        },
    }
    assert await async_setup_component(hass, "lovelace", {})
    assert await async_setup_component(hass, DOMAIN, {})
    await hass.async_block_till_done(wait_background_tasks=True)
    assert [(i["id"], i["type"], i["url"]) for i in ours(hass)] == [("old", "module", URL)]
    urls = [item["url"] for item in hass.data[LOVELACE_DATA].resources.async_items()]
    assert urls == [URL, "/local/other-card.js"]


async def test_yaml_mode_adds_extra_module_url(hass: HomeAssistant) -> None:
    """YAML mode: resources cannot be written, so the frontend loads the module on every page."""
    pytest.importorskip("hass_frontend")
    with patch("homeassistant.components.http.start_http_server_and_save_config"):
        assert await async_setup_component(hass, "frontend", {"lovelace": {"mode": "yaml"}})
        assert await async_setup_component(hass, DOMAIN, {})
        await hass.async_block_till_done(wait_background_tasks=True)
    assert URL in hass.data[DATA_EXTRA_MODULE_URL].urls
    assert not ours(hass)


async def test_second_setup_is_a_no_op(hass: HomeAssistant, hass_client: Any) -> None:
    """A second call in the same run registers nothing twice."""
    assert await async_setup_component(hass, "http", {})
    assert await async_setup_component(hass, "lovelace", {})
    assert await async_setup_component(hass, DOMAIN, {})
    await async_setup_frontend(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert [item["url"] for item in ours(hass)] == [URL]
    routes = [
        r
        for r in hass.http.app.router.resources()
        if isinstance(r, web.StaticResource) and r.canonical == "/sigenstor_static"
    ]
    assert len(routes) == 1
    client = await hass_client()
    assert (await client.get(URL)).status == 200
