"""Offline replay server: synthetic Amber and Open-Meteo responses for the demo and tests.

``create_app(ReplayConfig(...))`` builds the aiohttp app; ``python -m replay`` runs it on
127.0.0.1. Point both clients at ``http://127.0.0.1:<port>/v1`` and use ``DEMO_TOKEN``.
Nothing here is recorded data: prices and weather are generated from a seed and the clock.
"""

from .server import CLOSED_SITE_ID, DEMO_TOKEN, SITE_ID, ReplayConfig, create_app

__all__ = ["CLOSED_SITE_ID", "DEMO_TOKEN", "SITE_ID", "ReplayConfig", "create_app"]
