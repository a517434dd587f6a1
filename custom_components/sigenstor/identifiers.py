"""Device-registry identifiers and entity unique ids: plain strings every room may build."""

from __future__ import annotations

from .const import DOMAIN
from .sigen import PLANT_UNIT_ID


def plant_identifier(serial: str) -> tuple[str, str]:
    """Device-registry identifier of the plant."""
    return (DOMAIN, f"{serial}_plant")


def inverter_identifier(serial: str, unit_id: int) -> tuple[str, str]:
    """Device-registry identifier of one inverter."""
    return (DOMAIN, f"{serial}_inverter_{unit_id}")


def service_identifier(serial: str, suffix: str) -> tuple[str, str]:
    """Device-registry identifier of a source's service device (prices, solar forecast)."""
    return (DOMAIN, f"{serial}_{suffix}")


def unique_id_for(serial: str, unit_id: int, key: str) -> str:
    """Stable unique id: plant serial, unit and description key."""
    unit = "plant" if unit_id == PLANT_UNIT_ID else f"inverter_{unit_id}"
    return f"{serial}_{unit}_{key}"
