"""The single request slot of a plant link: one request at a time, spaced, served by priority."""

from __future__ import annotations

import asyncio
from enum import IntEnum
import heapq
import itertools

from .exceptions import SigenConnectionError


class Priority(IntEnum):
    """Queue priority: lower is served first."""

    WRITE = 0
    LIVE = 1
    SLOW = 2
    STATIC = 3


class RequestSlot:
    """Grant one holder at a time, at least `min_interval` s after the previous holder left.

    Waiters are served by priority, FIFO within a priority. The winner is chosen when the slot
    actually opens, so a write queued during the spacing pause still goes next.
    """

    def __init__(self, min_interval: float) -> None:
        """Create an idle slot."""
        self.min_interval = min_interval
        self.last_end: float | None = None  # loop time when the last holder released
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()
        self._busy = False
        self._timer: asyncio.TimerHandle | None = None
        self._closed = False

    def reopen(self) -> None:
        """Accept waiters again after close()."""
        self._closed = False

    async def acquire(self, priority: int) -> None:
        """Wait for the slot; raises SigenConnectionError if the slot is or gets closed."""
        if self._closed:
            raise SigenConnectionError("client closed")
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (priority, next(self._seq), fut))
        self._schedule()
        try:
            await fut
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                self.release(ran=False)  # granted just as the caller gave up: pass it on
            raise

    def release(self, *, ran: bool = True) -> None:
        """Free the slot; with `ran`, the spacing counts from now."""
        self._busy = False
        if ran:
            self.last_end = asyncio.get_running_loop().time()
        self._schedule()

    def close(self) -> None:
        """Fail every waiter and cancel the timer; nothing stays scheduled."""
        self._closed = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        waiters, self._waiters = self._waiters, []
        for _, _, fut in waiters:
            if not fut.done():
                fut.set_exception(SigenConnectionError("client closed"))

    def _schedule(self) -> None:
        """Arm the dispatch timer for the next opening if anyone is waiting."""
        if self._busy or self._timer is not None or not self._waiters or self._closed:
            return
        loop = asyncio.get_running_loop()
        due = loop.time() if self.last_end is None else self.last_end + self.min_interval
        self._timer = loop.call_at(max(due, loop.time()), self._dispatch)

    def _dispatch(self) -> None:
        """Hand the slot to the most urgent live waiter once the spacing has elapsed."""
        self._timer = None
        loop = asyncio.get_running_loop()
        if self.last_end is not None and loop.time() < self.last_end + self.min_interval:
            self._schedule()  # fired early (timer resolution or a test clock): wait again
            return
        while self._waiters:
            _, _, fut = heapq.heappop(self._waiters)
            if not fut.done():
                self._busy = True
                fut.set_result(None)
                return
