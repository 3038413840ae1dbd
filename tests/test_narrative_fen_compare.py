"""The table comparison's integer 分 shortcut (`table_rules._meets_in_fen`) never accepts a figure
the exact Decimal judgement (`relations._judge`) would not, and where it applies (a non-zero
figure written to two to five decimals of 万元) it accepts exactly what the judgement accepts:
every figure of a grid around the rounding edges, in 万元, 元 and 亿元, exact and imported (± 分)."""
from decimal import Decimal

import pytest

from domain.narrative.figures import Figure
from domain.narrative.relations import OK, _judge
from domain.narrative.table_rules import WAN, _meets_in_fen
from domain.rounding import Interval

FACTOR = {"万元": 10**6, "元": 100, "亿元": 10**10}
SHIFT = {"万元": 0, "元": 4, "亿元": -4}      # decimals in 万元 = written decimals + shift


def _judged_ok(fig: Figure, fen: int, spread: int) -> bool:
    point = Decimal(fen) / WAN
    lo, hi = (point, point) if not spread else (Decimal(fen - spread) / WAN, Decimal(fen + spread) / WAN)
    return _judge(fig, Interval(lo, hi), point, 2).status == OK


@pytest.mark.parametrize("unit,decimals", [("万元", 0), ("万元", 1), ("万元", 2), ("万元", 3), ("万元", 5),
                                           ("万元", 6), ("元", 0), ("元", 1), ("元", 2), ("亿元", 6)])
def test_shortcut_agrees_with_the_exact_judgement(unit, decimals):
    place = max(1, FACTOR[unit] // 10**decimals)           # 分 in one unit of the last written place
    applies = 2 <= decimals + SHIFT[unit] <= 5
    accepted = 0
    for k in (-3, -1, 1, 2, 7, 123456):
        fig = Figure(0, 1, "x", Decimal(k).scaleb(-decimals), "amount", unit, decimals)
        stated = int(fig.value * FACTOR[unit]) if FACTOR[unit] >= 10**decimals else k
        for fen in range(stated - 2 * place, stated + 2 * place + 1, max(1, place // 4)):
            for spread in (0, 1, max(1, place // 4), 5000):
                fast, exact = _meets_in_fen(fig, fen, spread), _judged_ok(fig, fen, spread)
                assert not fast or exact, (fig, fen, spread)
                if applies:
                    assert fast == exact, (fig, fen, spread)
                accepted += fast
    assert (accepted > 0) == applies


def test_a_bare_zero_is_left_to_the_exact_judgement():
    zero = Figure(0, 1, "0万元", Decimal(0), "amount", "万元", 0)
    assert not _meets_in_fen(zero, 0, 0) and _judged_ok(zero, 0, 0)
    assert not _meets_in_fen(Figure(0, 1, "0.00万元", Decimal("0.00"), "amount", "万元", 2), 0, 0)
