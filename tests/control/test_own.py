"""Our own forcing blocks: remembered for a window, stored, and taken back after a restart."""

from __future__ import annotations

from datetime import timedelta
import time

from homeassistant.util import dt as dt_util

from custom_components.sigenstor.control.own import OwnWrites

BLOCK = {"remote_ems_enable": 1.0, "remote_ems_control_mode": 3.0, "ess_max_charge_limit": 2.0}


def test_a_block_is_ours_within_the_window_only() -> None:
    """The plant showing a block we wrote is ours while the window lasts, never after."""
    own = OwnWrites(window_s=5)
    own.remember(BLOCK)
    now = time.monotonic()
    assert own.shows(BLOCK, now)
    assert not own.shows({**BLOCK, "ess_max_charge_limit": 3.0}, now)  # not what we wrote
    assert not own.shows({**BLOCK, "remote_ems_enable": 0.0}, now)  # released: nothing forced
    assert not own.shows(BLOCK, now + 6)


def test_the_newest_block_survives_a_restart_within_its_window() -> None:
    """`latest` is stored with its wall time; `restore` keeps it only while it is recent."""
    own = OwnWrites(window_s=5)
    assert own.latest() is None
    own.remember(BLOCK)
    stored = own.latest()
    assert stored is not None
    assert abs((dt_util.utcnow() - stored[0]).total_seconds()) < 1
    after = OwnWrites(window_s=5)
    after.restore(stored)
    assert after.shows(BLOCK, time.monotonic())
    stale = OwnWrites(window_s=5)
    stale.restore((stored[0] - timedelta(seconds=10), stored[1]))
    assert not stale.shows(BLOCK, time.monotonic())
