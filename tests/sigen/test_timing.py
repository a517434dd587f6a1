"""The answer timeout: learnt from answer times, bounded, longer once after a timeout."""

from __future__ import annotations

from custom_components.sigenstor.sigen.timing import CEILING_S, AnswerTimeout


def test_the_timeout_follows_the_slowest_recent_answer_within_bounds() -> None:
    timeout = AnswerTimeout(4.0)
    assert timeout.seconds(1) == 4.0  # nothing seen yet: the base
    timeout.answered(1, 0.05)
    assert timeout.seconds(1) == 4.0  # a fast plant never waits less than the base
    timeout.answered(1, 2.0)
    assert timeout.seconds(1) == 6.0  # three times the slowest recent answer
    timeout.answered(1, 5.0)
    assert timeout.seconds(1) == CEILING_S
    for _ in range(20):
        timeout.answered(1, 0.05)
    assert timeout.seconds(1) == 4.0  # slow answers age out of the window


def test_after_a_timeout_the_unit_waits_longer_once_per_silence() -> None:
    timeout = AnswerTimeout(4.0)
    timeout.timed_out(1)
    assert timeout.seconds(1) == 8.0  # a plant that turned slow gets to answer
    assert timeout.seconds(247) == 4.0  # other units are not held longer
    timeout.timed_out(1)
    assert timeout.seconds(1) == 4.0  # silent through the longer wait too: silent, not slow
    timeout.timed_out(1)
    assert timeout.seconds(1) == 4.0
    timeout.answered(1, 0.1)
    timeout.timed_out(1)
    assert timeout.seconds(1) == 8.0  # answered since: longer once again
