"""How long to wait for an answer, learnt from the plant's own answer times; request counters.

A plant on a poor link or busy with a firmware task may answer in seconds for a while. A fixed
timeout below that drops the link on every request and nothing is read at all. The answer
timeout is therefore `SLOW_FACTOR` times the slowest of the last `WINDOW` answers, never below
the configured base nor above `CEILING_S`. The request after a timeout may wait twice as long, so
a plant that turned slow is learnt from its next answer; a unit silent through that longer wait
too is silent, not slow, and is not given longer waits again until it answers.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Final

CEILING_S: Final = 10.0  # never wait longer for one answer
SLOW_FACTOR: Final = 3.0
WINDOW: Final = 20  # answers remembered (about half a minute of polling)


class AnswerTimeout:
    """The answer timeout of one client; see the module docstring."""

    def __init__(self, base_s: float) -> None:
        """Start from `base_s` (the configured timeout) until answers are seen."""
        self.base_s = base_s
        self.ceiling_s = max(base_s, CEILING_S)
        self._recent: deque[float] = deque(maxlen=WINDOW)
        # Per unit, after a timeout: "armed" (the next request waits twice as long) or "spent"
        # (that longer wait timed out too: the unit is silent, not slow; no more until it answers).
        self._longer: dict[int, str] = {}

    def seconds(self, unit_id: int) -> float:
        """How long the next request to this unit may wait for its answer."""
        wanted = max(self.base_s, SLOW_FACTOR * max(self._recent, default=0.0))
        if self._longer.get(unit_id) == "armed":
            wanted *= 2
        return min(self.ceiling_s, wanted)

    def answered(self, unit_id: int, seconds: float) -> None:
        """The unit answered after `seconds`."""
        self._recent.append(seconds)
        self._longer.pop(unit_id, None)

    def timed_out(self, unit_id: int) -> None:
        """No answer in time: the next request to the unit waits longer, once per silence."""
        self._longer[unit_id] = "spent" if unit_id in self._longer else "armed"


@dataclass
class RequestStats:
    """Counters about the requests this client sent."""

    count: int = 0
    errors: int = 0
    timeouts: int = 0
    exceptions: int = 0
    connects: int = 0
    connect_attempts: int = 0
    last_request_at: float | None = None  # wall clock (time.time()) of the last request start
    last_duration_s: float | None = None
    min_spacing_s: float | None = None  # smallest end-to-start gap observed between requests
