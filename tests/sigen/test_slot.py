"""RequestSlot: one holder at a time, spacing after release, priority order, clean close."""

import asyncio

import pytest

from custom_components.sigenstor.sigen.exceptions import SigenConnectionError
from custom_components.sigenstor.sigen.slot import Priority, RequestSlot

pytestmark = pytest.mark.pymodbus_compat


async def test_one_holder_and_spacing_after_release():
    slot = RequestSlot(0.05)
    loop = asyncio.get_running_loop()
    granted: list[tuple[str, float]] = []

    async def user(name: str, hold: float) -> None:
        await slot.acquire(Priority.SLOW)
        granted.append((name, loop.time()))
        await asyncio.sleep(hold)
        slot.release()

    await asyncio.gather(user("a", 0.02), user("b", 0.0), user("c", 0.0))
    assert [name for name, _ in granted] == ["a", "b", "c"]
    assert granted[1][1] - granted[0][1] >= 0.02 + 0.05
    assert granted[2][1] - granted[1][1] >= 0.05
    slot.close()


async def test_priority_chosen_when_the_slot_opens():
    slot = RequestSlot(0.05)
    await slot.acquire(Priority.STATIC)
    order: list[Priority] = []

    async def user(priority: Priority) -> None:
        await slot.acquire(priority)
        order.append(priority)
        slot.release()

    tasks = [asyncio.create_task(user(p)) for p in (Priority.STATIC, Priority.SLOW)]
    await asyncio.sleep(0)
    slot.release()  # the spacing pause starts ...
    await asyncio.sleep(0.01)
    tasks += [asyncio.create_task(user(p)) for p in (Priority.LIVE, Priority.WRITE)]  # ... late
    await asyncio.gather(*tasks)
    assert order == [Priority.WRITE, Priority.LIVE, Priority.SLOW, Priority.STATIC]
    slot.close()


async def test_early_timer_does_not_grant():
    slot = RequestSlot(10.0)
    await slot.acquire(Priority.SLOW)
    slot.release()
    waiter = asyncio.create_task(slot.acquire(Priority.SLOW))
    await asyncio.sleep(0)
    assert slot._timer is not None
    slot._timer.cancel()
    slot._dispatch()  # as if a test clock fired the timer 10 s early
    await asyncio.sleep(0)
    assert not waiter.done()
    assert slot._timer is not None  # re-armed for the real opening
    slot.close()
    with pytest.raises(SigenConnectionError):
        await waiter


async def test_slot_granted_to_a_cancelled_waiter_is_passed_on():
    slot = RequestSlot(0.0)
    await slot.acquire(Priority.SLOW)  # hold the slot
    waiter = asyncio.create_task(slot.acquire(Priority.SLOW))
    await asyncio.sleep(0)  # the waiter is queued
    slot.release()
    assert slot._timer is not None
    slot._timer.cancel()
    slot._dispatch()  # grants the waiter ...
    waiter.cancel()  # ... which gives up before it could run
    with pytest.raises(asyncio.CancelledError):
        await waiter
    # The slot went back: the next caller gets it at once.
    await asyncio.wait_for(slot.acquire(Priority.LIVE), 0.5)
    slot.release()
    slot.close()


async def test_close_fails_waiters_and_reopen():
    slot = RequestSlot(0.0)
    await slot.acquire(Priority.SLOW)
    waiter = asyncio.create_task(slot.acquire(Priority.LIVE))
    await asyncio.sleep(0)
    slot.close()
    with pytest.raises(SigenConnectionError):
        await waiter
    with pytest.raises(SigenConnectionError):
        await slot.acquire(Priority.LIVE)
    slot.release()
    slot.reopen()
    await asyncio.wait_for(slot.acquire(Priority.LIVE), 0.5)
    slot.release()
    slot.close()
