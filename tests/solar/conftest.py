"""Fixtures shared with the price tests (scripted server, client session)."""

from tests.prices.conftest import fake_api, session

__all__ = ["fake_api", "session"]
