"""Releasing on the way out: a bounded loop at unload or stop, then a releaser that outlives unload.

Remote EMS never reverts on its own, so leaving must end with the plant read back released.
`release_until_confirmed` writes the release and reads 40029 back until it shows 0 or the budget
runs out. If an unload runs out of budget (the plant silent, or ignoring writes), a `Releaser`
keeps going after the entry is gone, on a connection of its own opened only once the entry's
has closed, with pauses growing to `RETRY_CAP_S`, until the plant confirms, the entry is set up
again (`async_stop_releaser` runs first, so there is one connection per plant) or Home
Assistant stops (the stored state then makes the next start release the plant).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
import time
from typing import Final

from homeassistant.core import HomeAssistant

from ..const import DOMAIN, LOGGER
from ..sigen import SigenClient, SigenError
from .model import ENABLE
from .plant_view import PlantView
from .reconcile import RETRY_CAP_S, enable_state, retry_delay
from .writer import AuditUnavailableError, GuardedWriter, WriteRefusedError, WriteUncertainError

DATA_RELEASERS: Final = f"{DOMAIN}_releasers"
MAX_SILENT: Final = 2  # attempts without any answer before a bounded loop stops waiting


async def release_until_confirmed(
    writer: GuardedWriter,
    plant: PlantView,
    block: Mapping[str, float],
    *,
    budget_s: float,
    readback_s: float,
) -> bool:
    """Write `block` (a release) and read it back until 40029 reads 0; False when out of budget.

    A plant that answers neither the write nor the read twice in a row is not waited for: the
    releaser (after unload) or the next start (after a stop) carries on.
    """
    deadline = time.monotonic() + budget_s
    attempt = silent = 0
    while True:
        attempt += 1
        answered = True
        try:
            await writer.send(block, origin="safety", automatic=False)
        except WriteUncertainError:
            answered = False  # maybe taken: the read tells
        except (WriteRefusedError, AuditUnavailableError) as err:
            LOGGER.error("The release could not be written: %s", err)
            return False
        await asyncio.sleep(readback_s)
        try:
            read = await plant.async_read_control()
        except SigenError:
            read = None
        if read is not None and enable_state(read) == 0:
            return True
        silent = 0 if answered or read is not None else silent + 1
        if silent >= MAX_SILENT:
            return False
        if read is not None:
            await writer.record(
                "safety", {ENABLE: read.get(ENABLE)}, "not_confirmed", "release read back"
            )
        pause = retry_delay(attempt, readback_s)
        if time.monotonic() + pause > deadline:
            return False
        await asyncio.sleep(pause)


class Releaser:
    """Keeps releasing a plant after its entry unloaded without a confirmed release."""

    def __init__(
        self,
        writer: GuardedWriter,
        plant: PlantView,
        block: Mapping[str, float],
        client: Callable[[], SigenClient],
        base_s: float,
    ) -> None:
        """Take over the entry's writer and view; `client` makes a fresh connection per run."""
        self.writer = writer
        self.plant = plant
        self.block = dict(block)
        self.new_client = client
        self.base_s = base_s
        self.task: asyncio.Task[None] | None = None

    async def run(self) -> None:
        """Release with growing pauses until the plant confirms."""
        client = self.plant.client = self.new_client()
        attempt = 0
        try:
            while True:
                attempt += 1
                # The first pause also lets the entry's own connection close first.
                await asyncio.sleep(retry_delay(attempt, self.base_s, RETRY_CAP_S))
                if await release_until_confirmed(
                    self.writer, self.plant, self.block, budget_s=0, readback_s=self.base_s
                ):
                    LOGGER.warning("The plant confirmed the release after the entry unloaded")
                    return
        finally:
            await client.close()


def async_start_releaser(hass: HomeAssistant, entry_id: str, releaser: Releaser) -> None:
    """Run a releaser for an unloaded entry (one per entry)."""
    releasers: dict[str, Releaser] = hass.data.setdefault(DATA_RELEASERS, {})
    releaser.task = hass.async_create_background_task(
        releaser.run(), f"{DOMAIN} releaser {entry_id}"
    )
    releasers[entry_id] = releaser
    releaser.task.add_done_callback(
        lambda _: releasers.pop(entry_id) if releasers.get(entry_id) is releaser else None
    )


async def async_stop_releaser(hass: HomeAssistant, entry_id: str) -> Releaser | None:
    """Stop an entry's releaser (before the entry opens its own connection again).

    Returns it, unfinished, so that a setup that then fails can start it again.
    """
    releaser: Releaser | None = hass.data.get(DATA_RELEASERS, {}).pop(entry_id, None)
    if releaser is None or releaser.task is None:
        return None
    releaser.task.cancel()
    await asyncio.gather(releaser.task, return_exceptions=True)
    return releaser
