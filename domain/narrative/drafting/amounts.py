"""Figures as the Beijing narrative writes them: 万元 with two decimals, shares and rates in %,
and the 增加/减少 · 增长/下降 · 持平 phrases chosen from the sign (wording from the year's file)."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ...money import round_to
from .wording import Wording


def wan(fen: int) -> str:
    """An amount as the narrative writes it: 万元, two decimals, no separators; 0 as 0万元."""
    return "0万元" if fen == 0 else f"{round_to(fen, '万元', 2)}万元"


def pct(part: int, whole: int) -> str:
    """part ÷ whole in %, two decimals half-up; a whole number without decimals (100%, 0%)."""
    if whole == 0:
        return "0%"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value.normalize():f}%" if value == value.to_integral_value() else f"{value}%"


def compare(w: Wording, kind: str, current: int, base: int, year: int) -> str:
    """“比上年增加X万元，增长Y%” / “比2024年度年初预算数X万元减少Y万元” / “…持平” (kind: a key of change)."""
    diff = current - base
    phrases = w.get(f"change.{kind}")
    if diff == 0:
        key = "flat"
    elif base == 0 and "up_no_rate" in phrases:
        key = "up_no_rate"
    else:
        key = "up" if diff > 0 else "down"
    return phrases[key].format(diff=wan(abs(diff)), rate=pct(abs(diff), base), base=wan(base), year=year)
