"""Pure reconciliation: compare what the controller wants on the plant with what it reads.

The controller holds a desired state (`Desired`): released (40029 = 0), forced (the control
block it wrote, caps included), or external (another controller has Remote EMS: hands off).
After every write, every uncertainty (no answer, exception, a reading that cannot be true) and
every hint that the plant changed, it reads 40029-40035 and asks `assess` what to do:

* the plant shows what is wanted: settled;
* our write is not visible yet: read again until the confirmation window is over (slow apply),
  then give a forcing write up, which means releasing (when in doubt, toward release);
* our release is not visible: write it again, with backoff, until it is;
* the plant changed although nothing of ours was pending: read once more to be sure, then treat
  it as another controller (a VPP dispatch through the vendor's cloud, the owner's app): a
  takeover is left alone (never fought), a release of our command ends it;
* under another controller, a released plant hands control back to us.

Nothing here writes a forcing value to undo anything: the only corrective write is a release.
No Home Assistant imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from ..sigen import get
from .model import CONTROL_BLOCK, ENABLE, MODE

RETRY_CAP_S: Final = 10.0  # longest pause between two attempts to release or read


class Want(StrEnum):
    """What the controller wants the plant to be."""

    RELEASED = "released"
    FORCED = "forced"
    EXTERNAL = "external"


@dataclass(frozen=True, slots=True)
class Desired:
    """The desired state and, when forced, the control block that carries it."""

    want: Want
    registers: Mapping[str, float] = field(default_factory=dict)
    origin: str = "safety"  # who asked: override, schedule, optimiser, manual, safety

    @classmethod
    def released(cls, origin: str = "safety") -> Desired:
        """Remote EMS off."""
        return cls(Want.RELEASED, {}, origin)


class Action(StrEnum):
    """What the controller should do after a read of the control block."""

    SETTLED = "settled"  # the plant shows what is wanted
    WAIT = "wait"  # our write may still be applying: read again later
    GIVE_UP = "give_up"  # our forcing write never showed: release
    RELEASE_AGAIN = "release_again"  # our release has not shown (or 40029 is unreadable)
    SUSPECT = "suspect"  # changed without a write of ours: read once more before deciding
    TAKEN_OVER = "taken_over"  # another controller has Remote EMS: hands off
    RELEASED_ELSEWHERE = "released_elsewhere"  # someone else released our command
    HANDED_BACK = "handed_back"  # the other controller let go: ours to keep released
    STILL_EXTERNAL = "still_external"  # the other controller still has it


@dataclass(frozen=True, slots=True)
class Assessment:
    """The action and the registers that differ from what is wanted."""

    action: Action
    differing: tuple[str, ...] = ()


def _same(key: str, read: float | None, wanted: float) -> bool:
    """Equal within the register resolution."""
    if read is None or isinstance(read, bool):
        return False
    return abs(float(read) - wanted) <= 0.5 / get(key).gain + 1e-9


def differing(wanted: Mapping[str, float], read: Mapping[str, float | None]) -> tuple[str, ...]:
    """Control registers whose reading differs from the wanted value (missing ones differ)."""
    return tuple(
        key for key in CONTROL_BLOCK if key in wanted and not _same(key, read.get(key), wanted[key])
    )


def enable_state(read: Mapping[str, float | None]) -> int | None:
    """40029 as 0 or 1, None when missing or not a value the register can hold."""
    value = read.get(ENABLE)
    if value is None or isinstance(value, bool) or value not in (0, 1):
        return None
    return int(value)


def assess(
    desired: Desired,
    read: Mapping[str, float | None],
    *,
    pending: bool,
    window_over: bool,
    suspected: bool,
) -> Assessment:
    """Decide from one read of the control block; see the module docstring.

    `pending`: a write (or an uncertain one) of ours has not been read back yet.
    `window_over`: the confirmation window of that write has passed.
    `suspected`: the previous read already showed this unexplained change.
    """
    enable = enable_state(read)
    if desired.want is Want.EXTERNAL:
        return Assessment(Action.HANDED_BACK if enable == 0 else Action.STILL_EXTERNAL)
    if desired.want is Want.RELEASED:
        if enable == 0:
            return Assessment(Action.SETTLED)
        if pending or enable is None:
            return Assessment(Action.RELEASE_AGAIN, (ENABLE,))
        return Assessment(Action.TAKEN_OVER if suspected else Action.SUSPECT, (ENABLE,))
    diff = differing(desired.registers, read)
    if not diff:
        return Assessment(Action.SETTLED)
    if pending:
        return Assessment(Action.GIVE_UP if window_over else Action.WAIT, diff)
    if not suspected:
        return Assessment(Action.SUSPECT, diff)
    if enable == 0:
        return Assessment(Action.RELEASED_ELSEWHERE, diff)
    if enable == 1 and read.get(MODE) is not None:
        return Assessment(Action.TAKEN_OVER, diff)
    return Assessment(Action.GIVE_UP, diff)  # unreadable twice: release, to be safe


def retry_delay(attempt: int, base_s: float, cap_s: float = RETRY_CAP_S) -> float:
    """Pause before attempt `attempt` (1-based) of a release or read: base, 2x, 4x ... cap."""
    return min(cap_s, base_s * 2.0 ** max(0, attempt - 1))


def read_schedule(base_s: float, window_s: float) -> tuple[float, ...]:
    """Seconds after a write at which it is read back: base, 2x base ... up to the window."""
    times = [base_s]
    while times[-1] * 2 <= window_s:
        times.append(times[-1] * 2)
    return tuple(times)
