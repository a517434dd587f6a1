"""The controller under a faulty plant: the fault model's state machine, hundreds of sequences."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test
import pytest

from .controller_machine import TALLY, ControllerMachine, close_shared_world

SEQUENCES = int(os.environ.get("SIGEN_CONTROLLER_SEQUENCES", "300"))

pytestmark = pytest.mark.usefixtures("socket_enabled")


@pytest.mark.timeout(1500)  # 300 sequences in real time: a few minutes on a busy CI machine
def test_no_fault_leaves_the_plant_forced_or_unaudited() -> None:
    """(a)-(d) of the fault model hold over every sequence; see controller_machine."""
    before = TALLY.sequences
    try:
        run_state_machine_as_test(
            ControllerMachine,
            settings=settings(
                max_examples=SEQUENCES,
                stateful_step_count=8,
                deadline=None,
                database=None,
                phases=[Phase.generate],  # real time: a replay is another sequence
                suppress_health_check=list(HealthCheck),
            ),
        )
    finally:
        close_shared_world()
    assert TALLY.sequences - before >= SEQUENCES
    assert TALLY.writes > 0
    assert not TALLY.traces, "\n".join(TALLY.traces)
    assert TALLY.unsafe == []
    assert TALLY.stuck == []
    assert TALLY.unaudited == []
    assert TALLY.raw_errors == []
