"""Interval arithmetic for rounded figures (Arelle Calc 1.1 style).

A value published with d decimals stands for the interval [v - ½·10^-d, v + ½·10^-d]. An identity
between rounded values holds when the intervals of both sides can meet; exact values are degenerate
intervals. All bounds are Decimals (or ints in 分), never floats.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from numbers import Number


@dataclass(frozen=True)
class Interval:
    lo: Decimal | int
    hi: Decimal | int

    @classmethod
    def exact(cls, value) -> "Interval":
        return cls(value, value)

    @classmethod
    def around(cls, value, half_width) -> "Interval":
        return cls(value - half_width, value + half_width)

    @classmethod
    def rounded(cls, value: Decimal, decimals: int) -> "Interval":
        """The interval a figure written with `decimals` places stands for."""
        half = Decimal(5).scaleb(-decimals - 1)
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
        q = (a / c, a / d, b / c, b / d)
        return Interval(min(q), max(q))

    def scale(self, factor) -> "Interval":
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


def _as_interval(x) -> Interval:
    return x if isinstance(x, Interval) else Interval(x, x)


def interval_sum(items) -> Interval:
    total = Interval(0, 0)
    for item in items:
        total = total + item
    return total
