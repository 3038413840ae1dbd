"""Turn one cell of a table body into a value: an amount in 分 with its precision, a count, a text.

Blank, `-` and `—` mean zero. Numbers stored by Excel as binary floats are read at Excel's own
precision (15 significant digits), so `8145.270000000001` is 8145.27. An amount carries the
precision it was written with: from a 万元 table with two decimals it stands for ±0.005 万元
(tolerance 5000 分); from a 元 table with two decimals it is exact to the 分 (tolerance 0).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from domain.money import FEN_PER_UNIT, MAX_FEN, MoneyError, to_fen
from domain.rounding import half_unit

from .normalise import text_of

ZERO_MARKS = {"", "-", "--", "---", "—", "——", "–", "−"}
MIN_DECIMALS = 2       # the disclosure prints two decimals: a value with fewer still stands for ±0.005


class ValueProblem(ValueError):
    """A cell that is not what its column needs; the message says what was found and expected."""


@dataclass(frozen=True)
class Amount:
    fen: int
    tolerance: int = 0
    rounded: bool = False      # the cell was finer than 1 分 and was rounded half-up to it


def number_of(value) -> Decimal | None:
    """The number a cell holds (None for a blank or a zero mark); ValueProblem for anything else."""
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, (datetime, date, time)):
        raise ValueProblem(f"“{text_of(value)}”不是数字")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueProblem(f"“{value}”不是数字")
        return Decimal(format(value, ".15g"))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    for mark in (",", "，", " ", "\u2009", "¥", "￥"):   # thousands separators, spaces, a currency sign
        text = text.replace(mark, "")
    text = text.replace("−", "-")
    if text in ZERO_MARKS:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueProblem(f"“{str(value).strip()}”不是数字") from None
    if not number.is_finite():
        raise ValueProblem(f"“{str(value).strip()}”不是数字")
    return number


def tolerance_for(number: Decimal | None, unit: str) -> int:
    """Half of the last written decimal place (at least the second), in whole 分."""
    places = MIN_DECIMALS if number is None else max(MIN_DECIMALS, -number.as_tuple().exponent)
    half = FEN_PER_UNIT[unit] * half_unit(places)
    return int(half.to_integral_value(rounding=ROUND_FLOOR))


def in_range(number: Decimal, per_unit: int, value) -> Decimal:
    """`number` unless, counted in 分 (`per_unit` 分 each), it is beyond MAX_FEN: then ValueProblem."""
    if number.adjusted() > 30 or abs(number) * per_unit >= MAX_FEN:
        shown = text_of(value).strip()
        shown = shown if len(shown) <= 20 else shown[:18] + "…"
        raise ValueProblem(f"“{shown}”超出可处理的范围（绝对值应小于 100 万亿元）")
    return number


def parse_money(value, unit: str) -> Amount:
    number = number_of(value)
    tolerance = tolerance_for(number, unit)
    if number is None:
        return Amount(0, tolerance)
    in_range(number, FEN_PER_UNIT[unit], value)
    try:
        return Amount(to_fen(number, unit), tolerance)
    except MoneyError:
        fen = (number * FEN_PER_UNIT[unit]).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return Amount(int(fen), tolerance, rounded=True)


def parse_count(value) -> int:
    number = number_of(value)
    if number is None:
        return 0
    if number != number.to_integral_value():
        raise ValueProblem(f"“{text_of(value)}”不是整数")
    return int(in_range(number, 1, value))


def parse_text(value) -> str:
    return text_of(value).strip()
