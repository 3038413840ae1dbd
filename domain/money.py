"""Exact money: amounts are integers in 分 (fen). Parsing and display helpers."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN_PER_UNIT = {"分": 1, "元": 100, "万元": 1_000_000, "亿元": 10_000_000_000}
MAX_FEN = 10 ** 16     # 100 万亿元: beyond any unit's figure, and far below SQLite's 2⁶³ even summed


class MoneyError(ValueError):
    """A text that is not an amount, or one more precise than 分."""


def to_fen(value: Decimal | int | str, unit: str = "元") -> int:
    """Convert a value in `unit` to 分 exactly; refuse anything finer than 1 分."""
    try:
        dec = Decimal(str(value).replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        raise MoneyError(f"“{value}”不是数字") from None
    if not dec.is_finite():
        raise MoneyError(f"“{value}”不是数字")
    fen = dec * FEN_PER_UNIT[unit]
    if fen != fen.to_integral_value():
        raise MoneyError(f"“{value}”{unit}精度超过分")
    return int(fen)


def fen_to_decimal(fen: int, unit: str = "万元") -> Decimal:
    """The exact value of `fen` expressed in `unit` (no rounding)."""
    return Decimal(fen) / FEN_PER_UNIT[unit]


def round_to(fen: int, unit: str = "万元", decimals: int = 2) -> Decimal:
    """`fen` in `unit`, rounded half-up (away from zero) to `decimals` places: 四舍五入."""
    quantum = Decimal(1).scaleb(-decimals)
    return fen_to_decimal(fen, unit).quantize(quantum, rounding=ROUND_HALF_UP)


def format_amount(fen: int | None, unit: str = "万元", blank_zero: bool = False) -> str:
    """Display form: thousands separators, two decimals (万元 or 元)."""
    if fen is None or (blank_zero and fen == 0):
        return ""
    return f"{round_to(fen, unit, 2):,.2f}"
