"""Sentence shape: an average — “公务用车保有量5辆，车均运行维护费0.75万元” (车均, 单车, 人均, 户均).

Role AVERAGE_R (statements.py, with the words below). Relation AVERAGE (average, total, count): the
average = total ÷ count. When the total or the count is not in the block, reader.py looks for them
over the whole text (phrases.AVERAGES).
"""
from __future__ import annotations

import re

from ..model import AMOUNT_R, AVERAGE_R, BlockText, Statement
from ...rounding import Interval
from ..text import back
from ..relations import AVERAGE, ERROR, OK, Check, Relation, _judge, _severity, _unit, _verdict_note, _where, fmt, \
    interval, register, show, value

AVERAGE_WORDS = re.compile(r"(?P<per>单车|每车|车|人|每人|户)均(?P<what>[^，。；：,;:]{0,14}?)(?:为|是|约)?\s*$")
_PER_COUNTERS = {"车": ("辆", "台"), "单车": ("辆", "台"), "每车": ("辆", "台"), "人": ("人次", "人", "名"),
                 "每人": ("人次", "人", "名"), "户": ("户",)}


def applies(text: str, roles: set) -> bool:
    return AVERAGE_R in roles


def build(block: BlockText, stmts: list[Statement], out: list[Relation], pending: list) -> None:
    for i, st in enumerate(stmts):
        if st.role != AVERAGE_R:
            continue
        per, what = st.den.split("|", 1)
        counters = _PER_COUNTERS.get(per, ())
        count = next((j for j in back(i) if stmts[j].fig.kind == "count"
                      and stmts[j].fig.unit in counters), None)
        core = re.sub(r"(?:费用|费|支出|金额)$", "", what)
        num = None
        for j in back(i):
            sj = stmts[j]
            if sj.role == AMOUNT_R and core and (core in sj.topic or core in block.text[sj.clause:sj.fig.start]):
                num = j
                break
        if num is None:
            num = next((j for j in back(i) if stmts[j].sentence == st.sentence
                        and stmts[j].role == AMOUNT_R), None)
        if count is not None and num is not None:
            out.append(Relation(AVERAGE, (i, num, count), (st.den,)))
        else:
            pending.append((i, "average"))


# ---- evaluation -----------------------------------------------------------------------------

def _average(rel, stmt, quote) -> list[Check]:
    avg, total, count = rel.members
    af, tf, cf = stmt(avg).fig, stmt(total).fig, stmt(count).fig
    where = lambda: _where(quote(avg, avg), stmt(avg))
    n = value(cf)
    if n == 0:
        if value(tf) == 0 and value(af) == 0:
            return [Check("N-AVERAGE", None, "", rel.members)]
        return [Check("N-AVERAGE", ERROR, f"{where()}：数量“{show(cf)}”为0，平均数无从计算。", rel.members)]
    expected = Interval(interval(tf).lo / n, interval(tf).hi / n)
    point = value(tf) / n
    v = _judge(af, expected, point)
    if v.status == OK:
        return [Check("N-AVERAGE", None, "", rel.members)]
    return [Check("N-AVERAGE", _severity(v), f"{where()}：{fmt(value(tf))} ÷ {fmt(n)} = {fmt(point, 4)}{_unit(af)}，"
                  f"{_verdict_note(v, af, _unit(af))}。", rel.members, rounding=True)]


register(AVERAGE, _average)
