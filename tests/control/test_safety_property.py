"""Property: over random plants and command sequences, no write the guard allows breaks a rule."""

from __future__ import annotations

from typing import Any

from custom_components.sigenstor.control.guard import CommandVerdict

from .property_model import PROPERTY_EXAMPLES, Outcome, property_check


def test_no_allowed_write_ever_breaks_a_rule() -> None:
    total = Outcome()
    runs = 0

    def judge(outcome: Outcome) -> None:
        nonlocal runs
        runs += 1
        assert not outcome.unsafe, outcome.unsafe[:3]
        assert not outcome.blocked_releases, outcome.blocked_releases[:3]
        total.add(outcome)

    property_check(PROPERTY_EXAMPLES, judge)()
    assert runs >= PROPERTY_EXAMPLES >= 2000
    # The generator exercises both sides of the guard.
    assert 0.05 * total.proposals < total.allowed < 0.95 * total.proposals


def test_the_checker_catches_a_guard_that_allows_everything() -> None:
    def reckless(writes: dict[str, float], **_: Any) -> CommandVerdict:
        return CommandVerdict(True, None, "yes", dict(writes))

    total = Outcome()
    property_check(200, total.add, guard_fn=reckless)()
    assert total.unsafe
    kinds = {problem.split(":")[0].split(" ")[0] for problem in total.unsafe}
    assert len(kinds) >= 4, kinds
