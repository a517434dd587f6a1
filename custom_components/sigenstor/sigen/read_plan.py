"""Turn a set of registers into the fewest block reads (Modbus allows 124 words per read)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from .codec import Value, decode
from .registers import Access

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Sequence

    from .registers import Register

MAX_READ_COUNT: Final = 124  # V2.9 §4.1: 0x03/0x04 read 1-124 registers.
MAX_WRITE_COUNT: Final = 123  # V2.9 §4.1: 0x10 writes 1-123 registers.
# Reading a few dozen unused words costs far less than another one-second request slot;
# 40 merges the plant's live registers (30003-30051) into a single request.
DEFAULT_MAX_GAP: Final = 40


@dataclass(frozen=True, slots=True)
class ReadBlock:
    """One read request: `count` words from `start` with one function code."""

    function_code: int
    start: int
    count: int
    registers: tuple[Register, ...]

    @property
    def end(self) -> int:
        """First address after the block."""
        return self.start + self.count

    def decode(self, words: Sequence[int]) -> dict[str, Value]:
        """Decode the block's words into {register key: value}."""
        if len(words) != self.count:
            raise ValueError(f"block {self.start}: expected {self.count} words, got {len(words)}")
        return {
            reg.key: decode(reg, words[reg.address - self.start : reg.end - self.start])
            for reg in self.registers
        }


def _crosses(start: int, end: int, cuts: Sequence[int]) -> bool:
    """Whether a span [start, end) contains both c-1 and c for some cut c (sorted cuts)."""
    index = bisect_right(cuts, start)
    return index < len(cuts) and cuts[index] < end


def _block(regs: list[Register]) -> ReadBlock:
    """Build a block spanning the given (sorted) registers."""
    start = regs[0].address
    end = max(r.end for r in regs)
    return ReadBlock(regs[0].function_code, start, end - start, tuple(regs))


def plan_reads(
    registers: Iterable[Register],
    *,
    max_count: int = MAX_READ_COUNT,
    max_gap: int = DEFAULT_MAX_GAP,
    cuts: Collection[int] = (),
) -> tuple[ReadBlock, ...]:
    """Group registers into the fewest reads, greedily in (function code, address) order.

    A register joins the current block while the block's span stays within `max_count` words,
    the hole to its predecessor is at most `max_gap` words (read through, values discarded) and
    no cut lies inside: a cut at address c forbids one block covering both c-1 and c (used for
    addresses the device refused); a cut strictly inside a register is ignored. Write-only
    registers cannot be read and are left out; duplicates are read once.
    """
    if max_count < 1 or max_gap < 0:
        raise ValueError("max_count must be >= 1 and max_gap >= 0")
    ordered = sorted(
        {r for r in registers if r.readable}, key=lambda r: (r.function_code, r.address, r.key)
    )
    # A cut strictly inside a register cannot be honoured (the register is read whole); ignore it.
    sorted_cuts = sorted({c for c in cuts if not any(r.address < c < r.end for r in ordered)})
    blocks: list[ReadBlock] = []
    current: list[Register] = []
    start = end = 0
    for reg in ordered:
        if reg.count > max_count:
            raise ValueError(f"{reg.key} is wider than {max_count} words")
        if (
            current
            and reg.function_code == current[0].function_code
            and reg.address - end <= max_gap
            and max(end, reg.end) - start <= max_count
            and not _crosses(start, max(end, reg.end), sorted_cuts)
        ):
            current.append(reg)
            end = max(end, reg.end)
            continue
        if current:
            blocks.append(_block(current))
        current, start, end = [reg], reg.address, reg.end
    if current:
        blocks.append(_block(current))
    return tuple(blocks)


def plan_writes(
    encoded: list[tuple[Register, list[int]]],
) -> list[list[tuple[Register, list[int]]]]:
    """Group address-sorted writes into contiguous runs of at most 123 words.

    Write-only command registers are documented as 0x06 only, so they always stand alone.
    """
    runs: list[list[tuple[Register, list[int]]]] = []
    for reg, words in encoded:
        if runs:
            last = runs[-1]
            prev = last[-1][0]
            size = sum(len(ws) for _, ws in last)
            if (
                prev.end == reg.address
                and reg.access is not Access.WO
                and prev.access is not Access.WO
                and size + len(words) <= MAX_WRITE_COUNT
            ):
                last.append((reg, words))
                continue
        runs.append([(reg, words)])
    return runs
