"""Sigenergy Modbus protocol: register map as data, codec, read planning, client (no HA imports).

Everything outside this package imports from here, never from its modules: the names below are
the protocol's public surface (a contract checked by import-linter in `scripts/test`).
"""

from .client import Priority, SigenClient
from .codec import Value
from .enums import EMS_WORK_MODE, ON_OFF_GRID, RUNNING_STATE, active_alarms
from .exceptions import (
    SigenConnectionError,
    SigenError,
    SigenModbusError,
    SigenTimeoutError,
    SigenUnsupportedError,
)
from .registers import PLANT_UNIT_ID, Device, Register, Tier, get

__all__ = [
    "EMS_WORK_MODE",
    "ON_OFF_GRID",
    "PLANT_UNIT_ID",
    "RUNNING_STATE",
    "Device",
    "Priority",
    "Register",
    "SigenClient",
    "SigenConnectionError",
    "SigenError",
    "SigenModbusError",
    "SigenTimeoutError",
    "SigenUnsupportedError",
    "Tier",
    "Value",
    "active_alarms",
    "get",
]
