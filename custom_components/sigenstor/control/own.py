"""Forcing blocks this controller wrote lately, kept so a slow plant's late apply is known as ours.

A plant may apply a forcing write seconds after we gave it up or released it, even after a
restart. Seen then, it is our own write landing late: released again, never handed to "another
controller". The newest block is stored with the control state (wall-clock time) so a start
within the window still knows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
import time

from homeassistant.util import dt as dt_util

from .reconcile import differing, enable_state


class OwnWrites:
    """Forcing blocks written within the last `window_s` seconds (monotonic time)."""

    def __init__(self, window_s: float) -> None:
        """Remember blocks for `window_s` seconds."""
        self.window_s = window_s
        self._blocks: list[tuple[float, dict[str, float]]] = []

    def remember(self, registers: Mapping[str, float]) -> None:
        """A forcing block went on the wire (answered or not)."""
        now = time.monotonic()
        self._blocks = [(at, r) for at, r in self._blocks if now - at <= self.window_s]
        self._blocks.append((now, dict(registers)))

    def shows(self, read: Mapping[str, float | None], now: float) -> bool:
        """Whether the plant shows a forcing block we wrote lately (landing late)."""
        return enable_state(read) == 1 and any(
            now - at <= self.window_s and not differing(registers, read)
            for at, registers in self._blocks
        )

    def latest(self) -> tuple[datetime, dict[str, float]] | None:
        """The newest block still in the window, with its wall-clock time (to store)."""
        if not self._blocks:
            return None
        at, registers = self._blocks[-1]
        age = time.monotonic() - at
        return (
            None if age > self.window_s else (dt_util.utcnow() - timedelta(seconds=age), registers)
        )

    def restore(self, stored: tuple[datetime, Mapping[str, float]] | None) -> None:
        """Take back the stored newest block if it is still within the window."""
        if stored is None:
            return
        age = (dt_util.utcnow() - stored[0]).total_seconds()
        if 0 <= age <= self.window_s:
            self._blocks = [(time.monotonic() - age, dict(stored[1]))]
