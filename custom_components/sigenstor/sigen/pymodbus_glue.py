"""What pymodbus needs around it: the unit keyword across versions, and quiet logs for our links.

pymodbus logs per connection attempt and per exception reply; our client reports those itself
(once per state change, or as the request's error), so its messages about *our* links are
dropped here. Other pymodbus users keep theirs.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
import logging
from typing import Any, Final

from pymodbus.client import AsyncModbusTcpClient

CONNECTING: contextvars.ContextVar[bool] = contextvars.ContextVar("sigen_connecting", default=False)


def retrieve(task: asyncio.Future[Any]) -> None:
    """Mark a finished request's exception as seen (the caller may be gone)."""
    if not task.cancelled():
        task.exception()


# pymodbus messages our client reports itself: once per link state change, or as the
# SigenModbusError of the request (older firmware answers 0x02 routinely, at ERROR each time).
_OWN_MESSAGES: Final = ("Failed to connect", "Exception response")


class _OwnLinkFilter(logging.Filter):
    """Drop pymodbus' per-attempt and per-exception messages about *our* links.

    `CONNECTING` is set while we connect, and a transport's callbacks (where pymodbus decodes
    answers) run in a copy of the context they were created in, so it marks our links' traffic
    too. Other pymodbus users (core's `modbus` integration) keep their messages.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not (CONNECTING.get() and str(record.msg).startswith(_OWN_MESSAGES))


logging.getLogger("pymodbus.logging").addFilter(_OwnLinkFilter())


@functools.cache
def unit_kwarg() -> str:
    """Keyword that names the unit id: `slave` up to pymodbus 3.9, `device_id` from 3.10."""
    params = inspect.signature(AsyncModbusTcpClient.read_input_registers).parameters
    return "device_id" if "device_id" in params else "slave"
