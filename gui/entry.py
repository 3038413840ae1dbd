"""What a clerk types into a cell, read as the value the cell holds: 分 for money, int for counts, str.

Money accepts `1,234.56`, `1234.56`, full-width digits, a leading ¥ and `-`/`—` for zero, in the unit
the table shows (万元 or 元); anything finer than 1 分 or not a number is refused with a message."""
from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation

from domain.layout import COUNT_CELL, MONEY_CELL
from domain.money import MoneyError, fen_to_decimal, to_fen

ZERO_MARKS = {"-", "--", "—", "——", "–", "−"}
IGNORED = str.maketrans("", "", ",， \u2009¥￥")      # thousands separators, spaces, a currency sign


class EntryError(ValueError):
    """Text that cannot go into the cell; the message is one Chinese sentence."""


def parse_entry(text: str, kind: str, money_unit: str):
    """The value for a cell of `kind` (layout's money/count/text); None clears the cell."""
    text = (text or "").strip()
    if kind not in (MONEY_CELL, COUNT_CELL):
        return text or None
    if not text:
        return None
    plain = unicodedata.normalize("NFKC", text).translate(IGNORED).replace("−", "-")
    if plain in ZERO_MARKS:
        return 0
    try:
        number = Decimal(plain)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        what = "金额" if kind == MONEY_CELL else "整数"
        raise EntryError(f"“{text}”不是数字，这里应填{what}（未保存）") from None
    if kind == COUNT_CELL:
        if number != number.to_integral_value():
            raise EntryError(f"“{text}”不是整数，这里应填个数（未保存）")
        return int(number)
    try:
        return to_fen(number, money_unit)
    except MoneyError:
        raise EntryError(f"“{text}”{money_unit}精度超过分（未保存）") from None


def edit_text(value, kind: str, money_unit: str) -> str:
    """The text an editor starts with: the exact value without thousands separators."""
    if value is None:
        return ""
    if kind == MONEY_CELL:
        dec = fen_to_decimal(value, money_unit).normalize()
        return f"{dec:.2f}" if dec.as_tuple().exponent >= -2 else f"{dec:f}"
    return str(value)
