"""Sentence shape: a count and the amount of the same items — “车辆5辆，121.80万元”, “设备0台（套），共计0.00万元”.

Relation PAIR (count, amount): both zero or neither (a plausibility check: a warning, `Check.exact` False).
"""
from __future__ import annotations

from ..model import AMOUNT_R, COUNT_R, BlockText, Statement
from ..relations import PAIR, WARNING, Check, Relation, register, show, value
from ..text import FILLER, MARKER


def applies(text: str, roles: set) -> bool:
    return COUNT_R in roles


def build(block: BlockText, stmts: list[Statement], out: list[Relation], pending: list) -> None:
    """“车辆5辆，121.80万元”: a count and the amount of the same items (both zero or neither)."""
    text = block.text
    for i in range(len(stmts) - 1):
        a, b = stmts[i], stmts[i + 1]
        if a.role == COUNT_R and b.role == AMOUNT_R and b.fig.kind == "amount" and a.sentence == b.sentence \
                and not b.explicit and FILLER.match(MARKER.sub("", text[a.fig.end:b.fig.start])) \
                and "、" not in text[a.fig.end:b.fig.start]:
            out.append(Relation(PAIR, (i, i + 1)))


# ---- evaluation -----------------------------------------------------------------------------

def _pair(rel, stmt, quote) -> list[Check]:
    count, amount = rel.members
    cf, af = stmt(count).fig, stmt(amount).fig
    if (value(cf) == 0) == (value(af) == 0):
        return [Check("N-BOUNDS", None, "", rel.members, exact=False)]
    where = f"叙述“{quote(count, amount)}”"
    if value(cf) == 0:
        return [Check("N-BOUNDS", WARNING, f"{where}：数量为0，金额却是{show(af)}。", rel.members, exact=False)]
    return [Check("N-BOUNDS", WARNING, f"{where}：有{show(cf)}，金额却为0。", rel.members, exact=False)]


register(PAIR, _pair)
