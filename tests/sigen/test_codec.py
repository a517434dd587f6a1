"""Codec: property round-trips for every data type, not-set handling, strings, bits."""

from dataclasses import replace

from hypothesis import given, strategies as st
import pytest

from custom_components.sigenstor.sigen.codec import bits, decode, encode
from custom_components.sigenstor.sigen.registers import (
    Access,
    DataType,
    Device,
    Register,
    Tier,
    get,
)

pytestmark = pytest.mark.pymodbus_compat

WIDTH = {
    DataType.U16: 1,
    DataType.S16: 1,
    DataType.BIT16: 1,
    DataType.U32: 2,
    DataType.S32: 2,
    DataType.U64: 4,
}


def make(dtype: DataType, gain: int = 1, count: int | None = None) -> Register:
    return Register(
        key=f"test_{dtype.lower()}",
        address=40100,
        count=count if count is not None else WIDTH.get(dtype, 4),
        data_type=dtype,
        gain=gain,
        unit=None,
        access=Access.RW,
        device=Device.PLANT,
        since="V2.9",
        tier=Tier.SLOW,
    )


words16 = st.integers(0, 0xFFFF)
gains = st.sampled_from([1, 10, 100, 1000])
numeric_types = st.sampled_from(
    [DataType.U16, DataType.S16, DataType.U32, DataType.S32, DataType.U64, DataType.BIT16]
)


@given(dtype=numeric_types, gain=gains, data=st.data())
def test_words_roundtrip(dtype, gain, data):
    reg = make(dtype, 1 if dtype is DataType.BIT16 else gain)
    words = data.draw(st.lists(words16, min_size=reg.count, max_size=reg.count))
    if dtype is DataType.U64 and reg.gain != 1:
        # Scaled floats stay exact well past real counters (2^49 raw = 5.6e12 kWh at gain 100).
        words[0] &= 0x0001
    value = decode(reg, words)
    assert encode(reg, value) == words


@given(dtype=st.sampled_from([DataType.U16, DataType.U32, DataType.U64]), gain=gains, d=st.data())
def test_unsigned_value_roundtrip(dtype, gain, d):
    reg = make(dtype, gain)
    top = (1 << (16 * reg.count)) - (2 if dtype is not DataType.U16 else 1)
    top = min(top, (1 << 49) - 1)
    raw = d.draw(st.integers(0, top))
    value = raw / gain if gain != 1 else raw
    assert decode(reg, encode(reg, value)) == value


@given(dtype=st.sampled_from([DataType.S16, DataType.S32]), gain=gains, d=st.data())
def test_signed_value_roundtrip(dtype, gain, d):
    reg = make(dtype, gain)
    bits_ = 16 * reg.count
    raw = d.draw(st.integers(-(1 << (bits_ - 1)), (1 << (bits_ - 1)) - 1))
    value = raw / gain if gain != 1 else raw
    words = encode(reg, value)
    assert decode(reg, words) == value
    assert (words[0] >= 0x8000) == (raw < 0)


@given(value=st.floats(-30, 30, allow_nan=False), gain=gains)
def test_float_rounds_to_nearest_step(value, gain):
    reg = make(DataType.S32, gain)
    decoded = decode(reg, encode(reg, value))
    assert isinstance(decoded, (int, float))
    assert abs(decoded - value) <= 0.5 / gain + 1e-9


def test_big_endian_high_word_first():
    # Vendor example: 30540 returns 00 00 61 A8 = 25000 -> 25.000 kW with gain 1000.
    assert decode(get("inv_rated_active_power"), [0x0000, 0x61A8]) == 25.0
    assert decode(make(DataType.U32), [0x0001, 0x0000]) == 65536
    assert decode(make(DataType.U64), [0, 0, 1, 0]) == 65536
    assert decode(make(DataType.S16, 10), [0xFFF6]) == -1.0
    assert decode(get("grid_active_power"), [0xFFFF, 0xFC18]) == -1.0


def test_gain_one_gives_int_else_float():
    assert isinstance(decode(make(DataType.U16), [5]), int)
    assert isinstance(decode(make(DataType.U16, 10), [50]), float)


def test_not_set():
    assert decode(get("ess_max_charge_limit"), [0xFFFF, 0xFFFF]) is None
    assert decode(make(DataType.U64), [0xFFFF] * 4) is None
    assert encode(get("pcs_export_limit"), None) == [0xFFFF, 0xFFFF]
    # All ones is a real value for the narrow and the signed types.
    assert decode(make(DataType.U16), [0xFFFF]) == 0xFFFF
    assert decode(make(DataType.S32), [0xFFFF, 0xFFFF]) == -1
    with pytest.raises(ValueError, match=r"."):
        encode(make(DataType.U16), None)
    with pytest.raises(ValueError, match=r"."):
        encode(make(DataType.U32), 0xFFFFFFFF)


@given(text=st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=30))
def test_string_roundtrip(text):
    reg = get("inv_model")
    words = encode(reg, text)
    assert len(words) == 15
    assert decode(reg, words) == text


def test_string_padding_stripped():
    reg = make(DataType.STRING, count=4)
    words = [0x5369, 0x6765, 0x6E00, 0x0000]  # "Sigen" NUL-padded
    assert decode(reg, words) == "Sigen"
    assert decode(reg, [0x4142, 0x2020, 0x2000, 0]) == "AB"
    with pytest.raises(ValueError, match=r"."):
        encode(reg, "x" * 9)
    with pytest.raises(ValueError, match=r"."):
        encode(reg, "é")
    with pytest.raises(ValueError, match=r"."):
        encode(reg, 5)


@pytest.mark.parametrize(
    ("dtype", "value"),
    [
        (DataType.U16, -1),
        (DataType.U16, 65536),
        (DataType.S16, 32768),
        (DataType.S16, -32769),
        (DataType.S32, 1 << 31),
        (DataType.U64, -1),
        (DataType.U16, float("nan")),
        (DataType.U16, float("inf")),
        (DataType.U16, True),
        (DataType.U16, "12"),
        (DataType.BIT16, 1.5),
        (DataType.BIT16, 0x10000),
    ],
)
def test_encode_rejects(dtype, value):
    with pytest.raises(ValueError, match=r"."):
        encode(make(dtype), value)


def test_encode_scales_by_gain():
    assert encode(get("ess_max_charge_limit"), 5.5) == [0, 5500]
    assert encode(get("ess_backup_soc"), 20) == [200]
    assert encode(get("plant_active_power_setpoint"), -1.0) == [0xFFFF, 0xFC18]
    with pytest.raises(ValueError, match=r"."):
        encode(get("ess_backup_soc"), 6553.6)


def test_decode_checks_word_count_and_range():
    with pytest.raises(ValueError, match=r"."):
        decode(make(DataType.U32), [1])
    with pytest.raises(ValueError, match=r"."):
        decode(make(DataType.U16), [0x10000])


@given(word=words16)
def test_bits(word):
    positions = bits(word)
    assert sum(1 << p for p in positions) == word
    assert list(positions) == sorted(positions)


def test_bit16_is_int():
    reg = replace(make(DataType.BIT16), key="alarm")
    assert decode(reg, [0b1010]) == 10
    assert bits(10) == (1, 3)
