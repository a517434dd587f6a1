"""What the client learns per unit id: refused registers/holes (0x02) and transport backoff."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from .read_plan import ReadBlock, plan_reads

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .registers import Register

_LOGGER = logging.getLogger(__name__)


class Refusals:
    """Registers and read spans each unit refused with 0x02, and read plans that avoid them."""

    def __init__(self) -> None:
        """Start knowing nothing."""
        self._unsupported: dict[int, set[str]] = {}
        self._cuts: dict[int, set[int]] = {}
        self._plans: dict[tuple[int, frozenset[Register]], tuple[ReadBlock, ...]] = {}

    def unsupported(self, unit_id: int) -> frozenset[str]:
        """Keys refused by this unit."""
        return frozenset(self._unsupported.get(unit_id, ()))

    def is_unsupported(self, unit_id: int, key: str) -> bool:
        """Whether this unit refused this register."""
        return key in self._unsupported.get(unit_id, ())

    def learned(self, unit_id: int) -> int:
        """How many refusals (registers and cuts) are known, to tell whether a probe taught us."""
        return len(self._unsupported.get(unit_id, ())) + len(self._cuts.get(unit_id, ()))

    def plan(self, unit_id: int, registers: Iterable[Register]) -> tuple[ReadBlock, ...]:
        """Cached read plan for a register set, without refused registers and refused spans."""
        wanted = frozenset(registers)
        cache_key = (unit_id, wanted)
        plan = self._plans.get(cache_key)
        if plan is None:
            known = self._unsupported.get(unit_id, set())
            plan = plan_reads(
                (r for r in wanted if r.key not in known), cuts=self._cuts.get(unit_id, ())
            )
            self._plans[cache_key] = plan
        return plan

    def mark_unsupported(self, unit_id: int, reg: Register) -> None:
        """Remember a refused register and never read through its addresses again."""
        self._unsupported.setdefault(unit_id, set()).add(reg.key)
        self._cuts.setdefault(unit_id, set()).update((reg.address, reg.end))
        self._forget(unit_id)
        _LOGGER.info("Unit %s does not support %s (%s)", unit_id, reg.key, reg.address)

    def add_cut(self, unit_id: int, address: int) -> None:
        """Forbid blocks that span address-1 and address on this unit."""
        self._cuts.setdefault(unit_id, set()).add(address)
        self._forget(unit_id)

    def _forget(self, unit_id: int) -> None:
        """Drop the unit's cached plans after learning something."""
        for key in [k for k in self._plans if k[0] == unit_id]:
            del self._plans[key]


class Backoff:
    """Per unit bounded exponential backoff (1, 2, 4 ... max seconds) after transport errors."""

    def __init__(self, host: str, max_backoff: float) -> None:
        """Start with every unit allowed."""
        self._host = host
        self._max = max_backoff
        self._failures: dict[int, int] = {}
        self._until: dict[int, float] = {}

    def remaining(self, unit_id: int) -> float:
        """Seconds until the unit may be tried again (0 when not backing off)."""
        until = self._until.get(unit_id)
        if until is None:
            return 0.0
        return max(0.0, until - asyncio.get_running_loop().time())

    def failed(self, unit_id: int, reason: str) -> None:
        """Start or double the unit's backoff; logs only the first failure."""
        failures = self._failures.get(unit_id, 0) + 1
        self._failures[unit_id] = failures
        delay = min(self._max, 2.0 ** (failures - 1))
        self._until[unit_id] = asyncio.get_running_loop().time() + delay
        if failures == 1:
            _LOGGER.info("Unit %s at %s failed (%s); backing off", unit_id, self._host, reason)

    def answered(self, unit_id: int) -> None:
        """Clear the unit's backoff after any answer from it; logs the recovery once."""
        self._until.pop(unit_id, None)
        if self._failures.pop(unit_id, 0):
            _LOGGER.info("Unit %s at %s answers again", unit_id, self._host)
