"""Comparing two sides of a relation with rounding taken into account, and saying the result in
plain Chinese: both sides named with their values, and the difference.

Entered data is exact (分), so any difference between exact sides is a real one. An imported
value rounded to 0.01 万元 stands for an interval (± `Cell.tolerance`); a side is the sum of such
intervals (`domain.rounding.Interval`). When the intervals of both sides meet, rounding alone can
explain the difference: the finding is one level milder (error → warning, warning → info) and says
so; beyond that it keeps the rule's severity.
"""
from __future__ import annotations

from dataclasses import dataclass
from ..money import fen_to_decimal, format_amount
from ..rounding import Interval
from .finding import ERROR, INFO, WARNING, Finding, Location

EQ, GE, LE = "=", "≥", "≤"
MILDER = {ERROR: WARNING, WARNING: INFO, INFO: INFO}
MAX_LISTED = 6          # a sum of more parts is named by its first and last part and the count


@dataclass(frozen=True)
class Side:
    """One side of a comparison: its words, its value (分) and tolerance (± 分), its cells."""
    label: str
    amount: int
    tolerance: int = 0
    locations: tuple[Location, ...] = ()

    @property
    def interval(self) -> Interval:
        return Interval.around(self.amount, self.tolerance)


def holds(left_amount: int, op: str, right_amount: int) -> bool:
    """The relation between the point values (fast path: no finding to build)."""
    if op == EQ:
        return left_amount == right_amount
    if op == GE:
        return left_amount >= right_amount
    return left_amount <= right_amount


def compare(rule_id: str, severity: str, left: Side, op: str, right: Side, money_unit: str,
            hint: str = "") -> Finding | None:
    """A finding when `left op right` fails, else None."""
    if holds(left.amount, op, right.amount):
        return None
    lo, ro = left.interval, right.interval
    if op == EQ:
        rounding_only = lo.meets(ro)
    elif op == GE:
        rounding_only = lo.hi >= ro.lo
    else:
        rounding_only = lo.lo <= ro.hi
    slack = left.tolerance + right.tolerance
    diff = abs(left.amount - right.amount)
    unit = readable_unit(money_unit, left.amount, right.amount, diff)
    a, b, d = money(left.amount, unit), money(right.amount, unit), money(diff, unit)
    if op == EQ:
        text = f"{left.label} {a} ≠ {right.label} {b}，相差 {d}"
    elif op == GE:
        text = f"{left.label} {a} 小于 {right.label} {b}，少 {d}"
    else:
        text = f"{left.label} {a} 大于 {right.label} {b}，多 {d}"
    if slack:
        bound = tolerance_text(slack, money_unit)
        if rounding_only:
            text += f"；差额在四舍五入误差 ±{bound} 以内，可能只是各数分别四舍五入所致，请核对"
        else:
            text += f"；超出四舍五入可解释的 ±{bound}"
    if hint:
        text += f"；{hint}"
    return Finding(rule_id, MILDER[severity] if rounding_only else severity, text,
                   _unique(left.locations + right.locations))


def money(fen: int, unit: str) -> str:
    """An amount for a message: 1,234.56 万元 (in 元 when 万元 would show a non-zero as 0.00)."""
    if fen and unit != "元" and format_amount(fen, unit) in ("0.00", "-0.00"):
        unit = "元"
    return f"{format_amount(fen, unit)} {unit}"


def readable_unit(unit: str, left: int, right: int, diff: int) -> str:
    """The display unit, or 元 when in it the two sides (or the difference) would look equal."""
    if unit == "元":
        return unit
    if format_amount(left, unit) == format_amount(right, unit) or format_amount(diff, unit) in ("0.00", "-0.00"):
        return "元"
    return unit


def tolerance_text(fen: int, unit: str) -> str:
    """A tolerance exactly, without trailing zeros: 0.01 万元, 0.015 万元."""
    value = fen_to_decimal(fen, unit)
    text = f"{value.normalize():f}" if value != value.to_integral_value() else f"{value:.2f}"
    return f"{text} {unit}"


def plural_label(labels: list[str], noun: str = "项") -> str:
    """`A + B + C`, or `A … Z（共N项）之和` for many."""
    if len(labels) <= MAX_LISTED:
        return " + ".join(labels)
    return f"{labels[0]} … {labels[-1]}（共{len(labels)}{noun}）之和"


def _unique(locations: tuple[Location, ...]) -> tuple[Location, ...]:
    seen, out = set(), []
    for loc in locations:
        if loc not in seen:
            seen.add(loc)
            out.append(loc)
    return tuple(out)


__all__ = ["EQ", "GE", "LE", "Side", "compare", "holds", "money", "plural_label", "tolerance_text", "readable_unit"]
