"""Figures in the clerk's own sentences brought up to date where the reader bound them.

A sentence the draft has no counterpart for (the clerk's own wording) keeps its words; each figure
the narrative reader binds to a quantity of the tables (an amount, a 年初预算, an 上年数, a count)
and that no longer agrees with the table is rewritten with the table's value, in the figure's own
style (unit, decimals, thousands separators). Shares, changes and rates in such sentences are left
as written: the checker reports them if they are wrong.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from ...money import FEN_PER_UNIT
from ...unit import UnitData
from ..reader import read_narrative
from ..table_rules import TableSource, _Missing, _stated_role

_NUMBER = re.compile(r"^[-−]?[\d,，]*\d(?:\.\d+)?")


def refigure(unit: UnitData, text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, new figure text) for the bound figures inside `ranges` that the tables contradict."""
    if not ranges:
        return []
    reading = read_narrative(text, unit.meta.year)
    view = TableSource(unit)
    out = []
    for i, st in enumerate(reading.statements):
        start, end = reading.span(i)
        if not any(a <= start < b for a, b in ranges) or st.key is None or text[start:end] != st.fig.text:
            continue         # (a figure the reader re-flowed across a line break is left as written)
        role = _stated_role(st)
        if role is None:
            continue
        try:
            table = view.quantity(st.key, role)
        except _Missing:
            continue
        if table is None or table.count != (st.fig.kind == "count"):
            continue
        new = _written_as(st.fig, table.point)
        if new is not None and new != text[start:end]:
            out.append((start, end, new))
    return out


def _written_as(fig, point: Decimal) -> str | None:
    """`point` (万元, or a count) written like `fig`; None when it already agrees with `fig`."""
    if fig.kind == "amount":
        if fig.unit not in FEN_PER_UNIT:
            return None
        point = point * FEN_PER_UNIT["万元"] / FEN_PER_UNIT[fig.unit]
    rounded = point.quantize(Decimal(1).scaleb(-fig.decimals), rounding=ROUND_HALF_UP)
    if rounded == fig.value:
        return None
    m = _NUMBER.match(fig.text)
    if m is None:
        return None
    grouped = "," in m.group(0) or "，" in m.group(0)
    number = f"{rounded:,.{fig.decimals}f}" if grouped else f"{rounded:.{fig.decimals}f}"
    return number + fig.text[m.end():]
