"""Convert between Modbus register words and engineering values (V2.9 §2.5 encoding)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Final

from .registers import DataType, Register

if TYPE_CHECKING:
    from collections.abc import Sequence

Value = int | float | str | None

_WORD_BITS: Final = 16
_WORD_MAX: Final = 0xFFFF
# Integer widths in words and signedness; STRING/BIT16 are handled separately.
_INT_TYPES: Final[dict[DataType, tuple[int, bool]]] = {
    DataType.U16: (1, False),
    DataType.S16: (1, True),
    DataType.U32: (2, False),
    DataType.S32: (2, True),
    DataType.U64: (4, False),
}
# Unset limits read back as all ones (sigen_modbus.md §2.5); only the wide unsigned types use it,
# a U16 of 0xFFFF is a legitimate value (e.g. alarm words with every bit set).
_NOT_SET_TYPES: Final = frozenset({DataType.U32, DataType.U64})


def _check_words(register: Register, words: Sequence[int]) -> None:
    """Raise ValueError unless words are exactly the register's count of 16-bit values."""
    if len(words) != register.count:
        raise ValueError(f"{register.key}: expected {register.count} words, got {len(words)}")
    for word in words:
        if not 0 <= word <= _WORD_MAX:
            raise ValueError(f"{register.key}: word {word!r} out of 16-bit range")


def _join(words: Sequence[int]) -> int:
    """Big-endian, high word first."""
    raw = 0
    for word in words:
        raw = (raw << _WORD_BITS) | word
    return raw


def _split(raw: int, count: int) -> list[int]:
    """Inverse of _join for an unsigned raw value."""
    return [(raw >> (_WORD_BITS * (count - 1 - i))) & _WORD_MAX for i in range(count)]


def decode(register: Register, words: Sequence[int]) -> Value:
    """Decode a register's words to raw/gain (int when gain is 1), a string, or None if unset."""
    _check_words(register, words)
    dtype = register.data_type
    if dtype is DataType.STRING:
        data = b"".join(w.to_bytes(2, "big") for w in words)
        return data.decode("ascii", errors="replace").strip("\x00 ")
    if dtype is DataType.BIT16:
        return words[0]
    width, signed = _INT_TYPES[dtype]
    raw = _join(words)
    bits = width * _WORD_BITS
    if dtype in _NOT_SET_TYPES and raw == (1 << bits) - 1:
        return None
    if signed and raw >= 1 << (bits - 1):
        raw -= 1 << bits
    if register.gain == 1:
        return raw
    return raw / register.gain


def _raw_range(dtype: DataType) -> tuple[int, int]:
    """Inclusive range of raw integers a type can carry (all-ones excluded where it means unset)."""
    width, signed = _INT_TYPES[dtype]
    bits = width * _WORD_BITS
    if signed:
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    top = (1 << bits) - 1
    return 0, top - 1 if dtype in _NOT_SET_TYPES else top


def encode(register: Register, value: Value) -> list[int]:
    """Encode a value for writing (round(value*gain)); ValueError when out of range or mistyped."""
    dtype = register.data_type
    if dtype is DataType.STRING:
        if not isinstance(value, str):
            raise ValueError(f"{register.key}: expected str, got {type(value).__name__}")
        try:
            data = value.encode("ascii")
        except UnicodeEncodeError as err:
            raise ValueError(f"{register.key}: string is not ASCII") from err
        if len(data) > register.count * 2:
            raise ValueError(f"{register.key}: string longer than {register.count * 2} bytes")
        data = data.ljust(register.count * 2, b"\x00")
        return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
    if value is None:
        if dtype in _NOT_SET_TYPES:
            width, _ = _INT_TYPES[dtype]
            return [_WORD_MAX] * width
        raise ValueError(f"{register.key}: None (not set) is only valid for U32/U64")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{register.key}: expected a number, got {type(value).__name__}")
    if not math.isfinite(value):
        raise ValueError(f"{register.key}: {value!r} is not finite")
    if dtype is DataType.BIT16:
        if not isinstance(value, int) or not 0 <= value <= _WORD_MAX:
            raise ValueError(f"{register.key}: bit word must be an int in 0..0xFFFF")
        return [value]
    raw = round(value * register.gain) if isinstance(value, float) else value * register.gain
    low, high = _raw_range(dtype)
    if not low <= raw <= high:
        span = f"[{low / register.gain}, {high / register.gain}]"
        raise ValueError(f"{register.key}: {value!r} out of range {span}")
    width, _ = _INT_TYPES[dtype]
    return _split(raw % (1 << (width * _WORD_BITS)), width)


def bits(word: int) -> tuple[int, ...]:
    """Positions of the set bits in a 16-bit word, lowest first."""
    return tuple(i for i in range(_WORD_BITS) if word >> i & 1)
