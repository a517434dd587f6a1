"""The link monitor: per unit, one WARNING per outage and one INFO when it ends."""

from __future__ import annotations

import logging

from homeassistant.core import HomeAssistant
import pytest

from custom_components.sigenstor.coordinator import LinkMonitor
from custom_components.sigenstor.sigen.exceptions import SigenTimeoutError

OUR_LOGGER = "custom_components.sigenstor"


def _lines(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == OUR_LOGGER and r.levelno == level]


async def test_a_unit_answering_any_tier_is_up(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    """A failed slow poll does not keep the outage open once a live poll of that unit answers."""
    caplog.set_level(logging.DEBUG, logger=OUR_LOGGER)
    link = LinkMonitor("127.0.0.1")
    link.report_failure(247, SigenTimeoutError("no answer"))  # the slow tier
    link.report_failure(247, SigenTimeoutError("no answer"))  # the live tier
    during = link.down_since
    link.report_success(247)  # the next live poll
    assert during is not None
    assert link.down_since is None
    assert len(_lines(caplog, logging.WARNING)) == 1
    assert _lines(caplog, logging.INFO) == ["SigenStor plant answering again"]


async def test_two_units_make_one_outage(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    """The plant and its inverter both silent: one WARNING, one INFO, DEBUG in between."""
    caplog.set_level(logging.DEBUG, logger=OUR_LOGGER)
    link = LinkMonitor("127.0.0.1")
    link.report_failure(247, SigenTimeoutError("no answer"))
    first = link.down_since
    link.report_failure(1, SigenTimeoutError("no answer"))
    assert link.down_since == first
    assert link.unit_down_since(1) is not None
    link.report_success(247)
    assert link.unit_down_since(247) is None
    still = link.down_since  # unit 1 is still silent
    link.report_success(1)
    assert still is not None
    assert link.down_since is None
    assert len(_lines(caplog, logging.WARNING)) == 1
    assert len(_lines(caplog, logging.INFO)) == 1
    assert len(_lines(caplog, logging.DEBUG)) == 2
