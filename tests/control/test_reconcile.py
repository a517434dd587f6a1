"""Reconciliation decisions: settle, wait, give up, release again, never fight another party."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from custom_components.sigenstor.control.model import CHARGE_CAP, DISCHARGE_CAP, ENABLE, MODE, PHASE
from custom_components.sigenstor.control.reconcile import (
    Action,
    Desired,
    Want,
    assess,
    differing,
    read_schedule,
    retry_delay,
)

CHARGE = {ENABLE: 1, PHASE: 0, MODE: 3, CHARGE_CAP: 3.0, DISCHARGE_CAP: 0.0}
RELEASED_PLANT = {ENABLE: 0, PHASE: 0, MODE: 2, CHARGE_CAP: 5.0, DISCHARGE_CAP: 5.0}
FORCED = Desired(Want.FORCED, CHARGE, "override")
RELEASED = Desired.released()
EXTERNAL = Desired(Want.EXTERNAL)


def run(desired: Desired, read: Mapping[str, float | None], **flags: bool) -> Action:
    options = {"pending": False, "window_over": False, "suspected": False} | flags
    return assess(desired, read, **options).action


def test_matching_reads_settle() -> None:
    assert run(FORCED, dict(CHARGE)) is Action.SETTLED
    assert run(FORCED, {**CHARGE, CHARGE_CAP: 3.0004}) is Action.SETTLED  # register resolution
    assert run(RELEASED, RELEASED_PLANT) is Action.SETTLED
    # Released means 40029 = 0, whatever caps the plant keeps.
    assert run(RELEASED, {ENABLE: 0}, pending=True) is Action.SETTLED


def test_a_forcing_write_not_visible_is_waited_for_then_given_up() -> None:
    assert run(FORCED, RELEASED_PLANT, pending=True) is Action.WAIT
    assessment = assess(FORCED, RELEASED_PLANT, pending=True, window_over=True, suspected=False)
    assert assessment.action is Action.GIVE_UP
    assert set(assessment.differing) == {ENABLE, MODE, CHARGE_CAP, DISCHARGE_CAP}
    # A single cap reading back differently is the same story: no re-forcing, give up.
    one_cap = {**CHARGE, DISCHARGE_CAP: 2.0}
    assert run(FORCED, one_cap, pending=True, window_over=True) is Action.GIVE_UP


def test_a_release_not_visible_is_written_again() -> None:
    forced = {**CHARGE}
    assert run(RELEASED, forced, pending=True) is Action.RELEASE_AGAIN
    # An unreadable 40029 is never taken as released.
    for garbage in (None, 2.0, 65535.0):
        assert run(RELEASED, {**RELEASED_PLANT, ENABLE: garbage}) is Action.RELEASE_AGAIN


def test_unexplained_changes_are_read_twice_then_left_to_the_other_party() -> None:
    other = {**CHARGE, MODE: 6, DISCHARGE_CAP: 5.0}
    assert run(RELEASED, other) is Action.SUSPECT
    assert run(RELEASED, other, suspected=True) is Action.TAKEN_OVER
    assert run(FORCED, other) is Action.SUSPECT
    assert run(FORCED, other, suspected=True) is Action.TAKEN_OVER
    assert run(FORCED, RELEASED_PLANT, suspected=True) is Action.RELEASED_ELSEWHERE
    # Garbage twice while forced is no evidence of anyone: release, to be safe.
    assert run(FORCED, {**CHARGE, ENABLE: 9.0}, suspected=True) is Action.GIVE_UP


def test_under_another_controller_only_a_released_plant_hands_back() -> None:
    assert run(EXTERNAL, dict(CHARGE)) is Action.STILL_EXTERNAL
    assert run(EXTERNAL, {ENABLE: None}) is Action.STILL_EXTERNAL
    assert run(EXTERNAL, RELEASED_PLANT) is Action.HANDED_BACK


def test_differing_ignores_registers_not_wanted() -> None:
    assert differing({ENABLE: 0}, RELEASED_PLANT) == ()
    assert differing(CHARGE, {}) == (ENABLE, PHASE, MODE, CHARGE_CAP, DISCHARGE_CAP)


@pytest.mark.parametrize(
    ("attempt", "expected"), [(1, 0.5), (2, 1.0), (3, 2.0), (5, 8.0), (6, 10.0), (50, 10.0)]
)
def test_retry_delay_doubles_up_to_a_cap(attempt: int, expected: float) -> None:
    assert retry_delay(attempt, 0.5) == expected


def test_read_schedule_covers_the_window() -> None:
    assert read_schedule(2.0, 8.0) == (2.0, 4.0, 8.0)
    assert read_schedule(0.05, 0.2) == (0.05, 0.1, 0.2)
    assert read_schedule(1.0, 0.5) == (1.0,)
