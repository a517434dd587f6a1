"""Set-up reads every tier of a unit together: the fewest requests, live values first.

Polled on their own, the first reads of a plant and one inverter cost about a dozen
one-second request slots, one tier after another. Read together, a unit's live, slow and
static registers share blocks (the plant's live and static values and its alarms fit one
request; so do the inverter's model, live values and temperatures), blocks holding live values
go first at live priority, and each coordinator commits as soon as every register it needs is
in. If a block fails, the coordinators still waiting are marked failed (the link monitor logs
the outage once) and catch up when the unit answers again, as after any outage.
"""

from __future__ import annotations

from collections.abc import Sequence

from .coordinator import SigenCoordinator, SigenData
from .sigen import Priority, SigenClient, SigenError, Tier


class FirstRead:
    """One unit's first reads of every tier, block by block; see the module docstring."""

    def __init__(self, client: SigenClient, coordinators: Sequence[SigenCoordinator]) -> None:
        """Plan the reads of these coordinators (one unit) together."""
        self.client = client
        self.unit_id = coordinators[0].unit_id
        self._waiting = [c for c in coordinators if c.registers]
        live = {r for c in self._waiting if c.tier is Tier.LIVE for r in c.registers}
        blocks = client.plan(self.unit_id, {r for c in self._waiting for r in c.registers})
        # Stable sort: live blocks first, the rest in address order.
        self._blocks = sorted(blocks, key=lambda b: not live.intersection(b.registers))
        self._live = live
        self._got: SigenData = {}

    @property
    def done(self) -> bool:
        """Whether every coordinator has committed (or been marked failed)."""
        return not self._waiting

    def waiting_for(self, coordinator: SigenCoordinator) -> bool:
        """Whether this coordinator has not committed yet."""
        return coordinator in self._waiting

    async def async_step(self) -> None:
        """Read the next block and commit every coordinator it completes; raises on failure."""
        block = self._blocks.pop(0)
        priority = Priority.LIVE if self._live.intersection(block.registers) else Priority.SLOW
        try:
            self._got.update(await self.client.read_block(self.unit_id, block, priority=priority))
        except SigenError as err:
            waiting, self._waiting, self._blocks = self._waiting, [], []
            for coordinator in waiting:
                coordinator.async_failed(err)
            raise
        refused = self.client.unsupported(self.unit_id)
        for coordinator in list(self._waiting):
            keys = [r.key for r in coordinator.registers]
            if all(key in self._got or key in refused for key in keys):
                self._waiting.remove(coordinator)
                coordinator.async_commit({k: self._got[k] for k in keys if k in self._got})

    async def async_run(self) -> None:
        """Read every remaining block (failures are reported to the coordinators, not raised)."""
        while self._blocks:
            try:
                await self.async_step()
            except SigenError:
                return
        for coordinator in self._waiting:  # a register refused on the way: its own poll decides
            await coordinator.async_poll()
        self._waiting = []
