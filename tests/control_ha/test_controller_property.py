"""The controller under a faulty plant: the fault model's state machine, hundreds of sequences."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test
import pytest

from .controller_machine import TALLY, ControllerMachine, close_shared_world

SEQUENCES = int(os.environ.get("SIGEN_CONTROLLER_SEQUENCES", "300"))

pytestmark = pytest.mark.usefixtures("socket_enabled")


def test_no_fault_leaves_the_plant_forced_or_unaudited() -> None:
    """(a)-(d) of the fault model hold over every sequence; see controller_machine."""
    before = TALLY.sequences
    ControllerMachine.strict = True  # the first finding fails with its steps
    try:
        run_state_machine_as_test(
            ControllerMachine,
            settings=settings(
                max_examples=SEQUENCES,
                stateful_step_count=8,
                deadline=None,
                database=None,
                phases=[Phase.generate, Phase.shrink],
                suppress_health_check=list(HealthCheck),
            ),
        )
    finally:
        ControllerMachine.strict = False
        close_shared_world()
    assert TALLY.sequences - before >= SEQUENCES
    assert TALLY.writes > 0
    assert TALLY.unsafe == []
    assert TALLY.stuck == []
    assert TALLY.unaudited == []
    assert TALLY.raw_errors == []
