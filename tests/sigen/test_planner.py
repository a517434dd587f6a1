"""Read planner: coverage, limits and minimality of the greedy grouping (property tests)."""

from functools import cache
import itertools

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.sigenstor.sigen.read_plan import ReadBlock, plan_reads, plan_writes
from custom_components.sigenstor.sigen.registers import (
    REGISTERS,
    Access,
    DataType,
    Device,
    Register,
    Tier,
    get,
    registers_for,
)

pytestmark = pytest.mark.pymodbus_compat


def reg(key: str, address: int, count: int, access: Access = Access.RO) -> Register:
    dtype = {1: DataType.U16, 2: DataType.U32, 4: DataType.U64}.get(count, DataType.STRING)
    return Register(key, address, count, dtype, 1, None, access, Device.PLANT, "V2.9", Tier.SLOW)


@st.composite
def register_sets(draw: st.DrawFn) -> list[Register]:
    """Non-overlapping registers spread over the input and holding ranges."""
    n = draw(st.integers(1, 40))
    regs = []
    for base in (30000, 40000):
        address = base + draw(st.integers(0, 5))
        for i in range(draw(st.integers(0, n))):
            count = draw(st.sampled_from([1, 1, 2, 2, 4, 10, 15]))
            regs.append(reg(f"r{base}_{i}", address, count))
            address += count + draw(st.sampled_from([0, 0, 0, 1, 3, 10, 17, 30, 200]))
    return regs


def effective_cuts(regs: list[Register], cuts: list[int]) -> tuple[int, ...]:
    """Cuts strictly inside a register are ignored by the planner."""
    return tuple(c for c in cuts if not any(r.address < c < r.end for r in regs))


def feasible(chunk: list[Register], max_count: int, max_gap: int, cuts: tuple[int, ...]) -> bool:
    """Whether a run of sorted registers may share one block under the planner's rule."""
    if len({r.function_code for r in chunk}) > 1:
        return False
    start, end = chunk[0].address, max(r.end for r in chunk)
    if end - start > max_count:
        return False
    reach = chunk[0].end
    for right in chunk[1:]:
        if right.address - reach > max_gap:
            return False
        reach = max(reach, right.end)
    return not any(start < c < end for c in cuts)


def optimum(regs: list[Register], max_count: int, max_gap: int, cuts: tuple[int, ...]) -> int:
    """Fewest consecutive groups by dynamic programming (the reference for minimality)."""
    ordered = sorted(regs, key=lambda r: (r.function_code, r.address))

    @cache
    def best(i: int) -> int:
        if i == len(ordered):
            return 0
        return min(
            1 + best(j)
            for j in range(i + 1, len(ordered) + 1)
            if feasible(ordered[i:j], max_count, max_gap, cuts)
        )

    return best(0)


@settings(max_examples=300, deadline=None)
@given(
    regs=register_sets(),
    max_count=st.integers(15, 124),
    max_gap=st.integers(0, 20),
    cuts=st.lists(st.integers(30000, 30400), max_size=3),
)
def test_plan_properties(regs, max_count, max_gap, cuts):
    blocks = plan_reads(regs, max_count=max_count, max_gap=max_gap, cuts=cuts)
    covered = [r.key for b in blocks for r in b.registers]
    assert sorted(covered) == sorted(r.key for r in regs)  # each exactly once
    for block in blocks:
        assert 1 <= block.count <= max_count
        assert {r.function_code for r in block.registers} == {block.function_code}
        assert block.start == min(r.address for r in block.registers)
        assert block.end == max(r.end for r in block.registers)
        members = sorted(block.registers, key=lambda r: r.address)
        for left, right in itertools.pairwise(members):
            assert right.address - left.end <= max_gap
        assert not any(block.start < c < block.end for c in effective_cuts(regs, cuts))
    assert len(blocks) == optimum(regs, max_count, max_gap, effective_cuts(regs, cuts))


def test_never_mixes_function_codes():
    blocks = plan_reads([reg("a", 39999, 1), reg("b", 40000, 1)], max_gap=16)
    assert sorted(b.function_code for b in blocks) == [0x03, 0x04]


def test_write_only_and_duplicates_skipped():
    soc = get("plant_ess_soc")
    blocks = plan_reads([soc, soc, get("plant_start_stop"), get("remote_ems_enable")])
    keys = [r.key for b in blocks for r in b.registers]
    assert sorted(keys) == ["plant_ess_soc", "remote_ems_enable"]


def test_reads_through_small_gaps_only():
    a, b, c = reg("a", 30000, 2), reg("b", 30010, 1), reg("c", 30040, 1)
    blocks = plan_reads([c, b, a], max_gap=16)
    assert [(x.start, x.count) for x in blocks] == [(30000, 11), (30040, 1)]
    assert len(plan_reads([a, b, c], max_gap=0)) == 3


def test_cut_splits_a_block():
    a, b = reg("a", 30000, 2), reg("b", 30004, 1)
    assert len(plan_reads([a, b])) == 1
    assert [x.start for x in plan_reads([a, b], cuts=[30003])] == [30000, 30004]


def test_too_wide_register_rejected():
    with pytest.raises(ValueError, match="wider"):
        plan_reads([reg("s", 30000, 15)], max_count=10)


def test_block_decode():
    soc, mode, grid = get("plant_ess_soc"), get("plant_ems_work_mode"), get("grid_active_power")
    (block,) = plan_reads([soc, mode, grid])
    assert (block.start, block.count) == (30003, 12)
    words = [0] * 12
    words[0] = 7  # 30003
    words[2:4] = [0xFFFF, 0xFC18]  # 30005-30006 = -1000 -> -1.0 kW
    words[11] = 655  # 30014 -> 65.5 %
    assert block.decode(words) == {
        "plant_ems_work_mode": 7,
        "grid_active_power": -1.0,
        "plant_ess_soc": 65.5,
    }
    with pytest.raises(ValueError, match="expected 12"):
        block.decode([0] * 11)
    assert isinstance(block, ReadBlock)


def test_real_map_request_counts():
    plant_live = plan_reads(registers_for(Device.PLANT, Tier.LIVE))
    inv_live = plan_reads(registers_for(Device.INVERTER, Tier.LIVE))
    everything = plan_reads(REGISTERS.values())
    assert all(b.count <= 124 for b in everything)
    # Sanity bounds that would catch a planner that stopped merging.
    assert len(plant_live) <= 3
    assert len(inv_live) <= 2
    words = sum(r.count for r in REGISTERS.values() if r.readable)
    assert len(everything) < words / 30


@given(
    layout=st.lists(
        st.tuples(st.sampled_from([1, 2, 4]), st.sampled_from([0, 0, 0, 1, 5]), st.booleans()),
        min_size=1,
        max_size=80,
    )
)
def test_plan_writes_properties(layout):
    encoded = []
    address = 40000
    for i, (count, gap, write_only) in enumerate(layout):
        access = Access.WO if write_only and count == 1 else Access.RW
        encoded.append((reg(f"w{i}", address, count, access), [i] * count))
        address += count + gap
    runs = plan_writes(encoded)
    assert [r for run in runs for r, _ in run] == [r for r, _ in encoded]
    for run in runs:
        assert sum(len(words) for _, words in run) <= 123
        for (left, _), (right, _) in itertools.pairwise(run):
            assert left.end == right.address
        if len(run) > 1:
            assert all(r.access is not Access.WO for r, _ in run)
    # Greedy: a run only ends where it had to.
    for before, after in itertools.pairwise(runs):
        left, right = before[-1][0], after[0][0]
        size = sum(len(words) for _, words in before) + right.count
        assert left.end != right.address or Access.WO in (left.access, right.access) or size > 123
