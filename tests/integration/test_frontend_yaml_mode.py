"""YAML-mode Lovelace without the frontend package: the cards still load on every page.

The frontend's development-repo option serves an empty build, so this runs where
`home-assistant-frontend` is not installed (the test environment does not install it).
"""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component

from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.frontend_setup import DATA_FRONTEND

BUILD_DIRS = ("static", "frontend_latest", "frontend_es5")


def _empty_build(root: Path) -> Path:
    """A development repository with the folders the frontend serves, and nothing in them."""
    build = root / "hass_frontend"
    for folder in BUILD_DIRS:
        (build / folder).mkdir(parents=True)
    for name in ("service_worker.js", "sw-modern.js", "sw-legacy.js", "robots.txt"):
        (build / name).write_text("")
    for name in ("onboarding.html", "authorize.html", "index.html"):
        (build / name).write_text("<html></html>")
    return root


async def test_yaml_mode_loads_the_cards_as_an_extra_module(
    hass: HomeAssistant, tmp_path: Path
) -> None:
    """Resources in YAML cannot be written: our module URL is added to every page instead."""
    repo = _empty_build(tmp_path)
    config = {"frontend": {"development_repo": str(repo)}, "lovelace": {"mode": "yaml"}}
    with patch("homeassistant.components.http.start_http_server_and_save_config"):
        assert await async_setup_component(hass, "lovelace", config)
        assert await async_setup_component(hass, DOMAIN, {})
        assert await async_setup_component(hass, "frontend", config)
        await hass.async_block_till_done(wait_background_tasks=True)
    url = hass.data[DATA_FRONTEND]
    assert url.startswith("/sigenstor_static/sigenstor-cards.js?v=")
    assert url in hass.data[DATA_EXTRA_MODULE_URL].urls
