"""Builders for schedule tests."""

from __future__ import annotations

from datetime import time
from typing import Any

from custom_components.sigenstor.automation.schedules import Schedule, validate


def make(
    name: str = "Night charge",
    start: str = "01:00",
    end: str = "05:00",
    days: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6),
    **fields: Any,
) -> Schedule:
    """A validated schedule with readable defaults."""
    fields.setdefault("id", name.lower().replace(" ", "_"))
    fields.setdefault("action", "charge")
    return validate(
        Schedule(
            name=name,
            start=time.fromisoformat(start),
            end=time.fromisoformat(end),
            days=days,
            **fields,
        )
    )
