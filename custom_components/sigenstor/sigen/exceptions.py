"""Errors raised by the Sigenergy protocol layer."""

from __future__ import annotations

from typing import Final

ILLEGAL_DATA_ADDRESS: Final = 0x02


class SigenError(Exception):
    """Base class for every protocol-layer error."""


class SigenConnectionError(SigenError):
    """The plant could not be reached (refused, reset, backing off)."""


class SigenTimeoutError(SigenConnectionError):
    """The plant did not answer in time."""


class SigenModbusError(SigenError):
    """The plant answered with a Modbus exception response."""

    def __init__(self, code: int, message: str | None = None) -> None:
        """Store the Modbus exception code."""
        super().__init__(message or f"Modbus exception 0x{code:02X}")
        self.code = code


class SigenUnsupportedError(SigenModbusError):
    """Exception 0x02 (illegal data address): the register is not supported by this device."""

    def __init__(self, message: str | None = None) -> None:
        """Fix the code to 0x02."""
        super().__init__(ILLEGAL_DATA_ADDRESS, message)
