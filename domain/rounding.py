"""Interval arithmetic for rounded figures (Arelle Calc 1.1 style).

A value published with d decimals stands for the interval [v - ½·10^-d, v + ½·10^-d]. An identity
between rounded values holds when the intervals of both sides can meet; exact values are degenerate
intervals. All bounds are Decimals (or ints in 分), never floats.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from numbers import Number


@dataclass(slots=True, unsafe_hash=True)
class Interval:
    """Never changed once made (not `frozen` only because a frozen dataclass is slow to make)."""
    lo: Decimal | int
    hi: Decimal | int

    @classmethod
    def exact(cls, value) -> "Interval":
        return cls(value, value)

    @classmethod
    def around(cls, value, half_width) -> "Interval":
        return cls(value - half_width, value + half_width)

    @classmethod
    def rounded(cls, value: Decimal, decimals: int, scale: Decimal | int = 1, exact_zero: bool = True) -> "Interval":
        """The one constructor of the interval a written figure stands for: `value` ± half a unit of
        its last written place (`scale`: how many of the interval's units one written unit is, e.g.
        0.0001 for a figure in 元 compared in 万元). A bare 0 (no decimals) is exact: “0万元” says
        “nothing”, while “0.00万元” is a rounded value like any other (`exact_zero=False`: a rate
        such as “0%” is rounded too)."""
        if exact_zero and value == 0 and decimals <= 0:
            return cls(value, value)
        half = half_unit(decimals) * scale
        return cls(value - half, value + half)

    def __add__(self, other: "Interval | Number") -> "Interval":
        other = _as_interval(other)
        return Interval(self.lo + other.lo, self.hi + other.hi)

    __radd__ = __add__

    def __sub__(self, other: "Interval | Number") -> "Interval":
        other = _as_interval(other)
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __neg__(self) -> "Interval":
        return Interval(-self.hi, -self.lo)

    def __truediv__(self, other: "Interval") -> "Interval | None":
        """Quotient interval; None when the divisor's interval contains zero."""
        other = _as_interval(other)
        if other.lo <= 0 <= other.hi:
            return None
        a, b = Decimal(self.lo), Decimal(self.hi)
        c, d = Decimal(other.lo), Decimal(other.hi)
        if a == b and c == d:          # exact values (most table figures): one quotient
            q = a / c
            return Interval(q, q)
        q = (a / c, a / d, b / c, b / d)
        return Interval(min(q), max(q))

    def scale(self, factor) -> "Interval":
        if self.lo == self.hi:
            a = self.lo * factor
            return Interval(a, a)
        a, b = self.lo * factor, self.hi * factor
        return Interval(min(a, b), max(a, b))

    def meets(self, other: "Interval | Number") -> bool:
        other = _as_interval(other)
        return self.lo <= other.hi and other.lo <= self.hi

    def gap(self, other: "Interval | Number"):
        """Distance between the intervals (0 when they meet)."""
        other = _as_interval(other)
        return max(other.lo - self.hi, self.lo - other.hi, 0)

    @property
    def is_exact(self) -> bool:
        return self.lo == self.hi

    @property
    def mid(self):
        return (self.lo + self.hi) / 2


@lru_cache(maxsize=None)
def half_unit(decimals: int) -> Decimal:
    """Half a unit of the last of `decimals` written places: 0.005 for two decimals."""
    return Decimal(5).scaleb(-decimals - 1)


def _as_interval(x) -> Interval:
    return x if isinstance(x, Interval) else Interval(x, x)


def interval_sum(items) -> Interval:
    total = Interval(0, 0)
    for item in items:
        total = total + item
    return total
