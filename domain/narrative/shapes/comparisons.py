"""Sentence shape: a comparison — “本年A，比上年（年初预算）B增加/减少C，增长/下降R%”, “与上年持平”.

The block reader gives the roles (statements.py, with the words below): BASE_R for B (“比…B万元减少”),
CHANGE_R for C, RATE_R for R. Relations: CHANGE (change, current, base) — C = A − B; EQUAL (current,
base) — 持平 means A = B; RATE (rate, change, current, base) — R = C ÷ (A − C) or (A − B) ÷ B, a base of
0 being undefined (a warning naming the base that would give R, reader.py). A rate with no change in
its sentence waits for the whole text (`pending`: the amount it grows from is stated before).
"""
from __future__ import annotations

import re

from ..model import AMOUNT_R, BASE_R, BUDGET_BASIS, BUDGET_R, CHANGE_R, COUNT_R, PRIOR_BASIS, RATE_R, BlockText, Statement
from ...rounding import Interval
from ..relations import (CHANGE, DIRECTION, EQUAL, ERROR, HUNDRED, OK, RATE, WARNING, Check,
                         Relation, Verdict, _RANK, _amount, _judge, _pct, _severity, _unit, _verdict_note, _where,
                         at_the_edge, corners, crosses_zero, fmt, interval, register, show, value, written_decimals)
from ..text import COMPARE_WINDOW, back

ROLES = frozenset({BASE_R, CHANGE_R, RATE_R})

RATE_WORDS = re.compile(r"(?P<verb>增长|下降|上升|降低|提高|减少|增加|增幅|降幅|减幅)(?:率)?了?"
                   r"(?P<alt>[（(](?:增长|下降|减少|增加|上升|降低)[）)]?)?(?:为|达到?|约)?\s*$")
CHANGE_WORDS = re.compile(r"(?P<verb>增加|减少|增长|下降|节约|节省|超支|多支|少支|上升|降低)了?"
                     r"(?P<alt>[（(](?:增加|减少|增长|下降)[）)]?)?(?:了|为)?\s*$")
COMPARE_WORDS = re.compile(r"(?<![占对相])比(?![例重率较])|(?<!比)较(?![为好大多少高低])|同比|同期|相比|相较")
OPENER_WORDS = re.compile(r"(?<![占对相])比(?![例重率较])|(?<!比)较(?![为好大多少高低])|与")
BASE_TRAIL = re.compile(r"\s*(?:万元|亿元|元)?\s*(?:[（(][^（）()]*[）)])?\s*(?:相比|相较)?[，,]?\s*(?:(?P<eq>基本持平|持平|一致|相同|相等)|"
                         r"增加|减少|增长|下降|节约|超支|上升|降低)")
PRIOR_WORDS = re.compile(r"上年|去年|上一年|同期|同比|上年度")
BUDGET_WORDS = re.compile(r"预算|计划")
SIGN = {"增加": 1, "增长": 1, "上升": 1, "提高": 1, "超支": 1, "多支": 1, "增幅": 1,
         "减少": -1, "下降": -1, "降低": -1, "节约": -1, "节省": -1, "少支": -1, "降幅": -1, "减幅": -1}


def applies(text: str, roles: set) -> bool:
    return bool(roles & ROLES)


def build(block: BlockText, stmts: list[Statement], out: list[Relation], pending: list) -> None:
    """比…增加/减少…, 与…持平, and the rates after them."""
    last_change: dict[int, tuple[int, int | None, int | None]] = {}   # sentence -> (change, current, base)
    for i, st in enumerate(stmts):
        if st.role == BASE_R and st.equal:
            cur = _current(stmts, i, st)
            if cur is not None:
                out.append(Relation(EQUAL, (cur, i)))
                if st.key is None:
                    st.key = stmts[cur].key
        elif st.role == CHANGE_R:
            base = None
            for j in back(i):
                sj = stmts[j]
                if sj.sentence != st.sentence or sj.role in (CHANGE_R, RATE_R):
                    break
                if sj.role == BASE_R and sj.depth == st.depth and sj.fig.kind == st.fig.kind:
                    base = j
                    break
            cur = _current(stmts, base if base is not None else i, st)
            if st.key is None and cur is not None:
                st.key = stmts[cur].key
                st.topic = st.topic or stmts[cur].topic
            if base is not None:
                if st.basis is None:
                    st.basis = stmts[base].basis
                if stmts[base].key is None and cur is not None:
                    stmts[base].key = stmts[cur].key
                if cur is not None:
                    out.append(Relation(CHANGE, (i, cur, base), (st.sign,)))
            last_change[st.sentence] = (i, cur, base)
        elif st.role == RATE_R:
            prev = last_change.get(st.sentence)
            if prev is None and i + 1 < len(stmts) and stmts[i + 1].role == CHANGE_R \
                    and stmts[i + 1].sentence == st.sentence:
                # the rate written before its change: “比上年增长50.00%，增加50.00万元”
                prev = (i + 1, _current(stmts, i, stmts[i + 1]), None)
            if prev is not None:
                change, cur, base = prev
                st.key = st.key or stmts[change].key
                st.topic = st.topic or stmts[change].topic
                st.basis = st.basis or stmts[change].basis
                if st.sign is None and stmts[change].sign is not None:
                    st.sign = stmts[change].sign
                if cur is None and base is None:
                    st.ref = change                  # the amount it grows from is stated before
                    pending.append((i, "rate"))
                else:
                    members = (i, change, cur if cur is not None else -1, base if base is not None else -1)
                    out.append(Relation(RATE, members, (st.sign, stmts[change].sign)))
            else:
                cur = _current(stmts, i, st, kind="amount")
                if cur is not None:
                    st.key = st.key or stmts[cur].key
                    st.topic = st.topic or stmts[cur].topic
                    base = next((j for j in back(i) if stmts[j].sentence == st.sentence
                                 and stmts[j].role == BASE_R and stmts[j].fig.kind == "amount"), None)
                    if base is not None:
                        out.append(Relation(RATE, (i, -1, cur, base), (st.sign, None)))


def _current(stmts: list[Statement], before: int, st: Statement, kind: str | None = None) -> int | None:
    """The amount a change or a base is compared with: the nearest stated value before it."""
    kind = kind or st.fig.kind
    for j in back(before):
        sj = stmts[j]
        if sj.sentence != st.sentence:
            break
        if sj.fig.kind == kind and sj.role in (AMOUNT_R, BUDGET_R, COUNT_R) and sj.depth <= st.depth:
            return j
    return None


def basis_of(before: str, year: int) -> str | None:
    """What a change is measured from, by the words of its comparison (比上年 / 比年初预算)."""
    m = None
    for m in COMPARE_WORDS.finditer(before):
        pass
    words = before[m.start():] if m is not None else before[-COMPARE_WINDOW:]
    if BUDGET_WORDS.search(words):
        return BUDGET_BASIS
    if PRIOR_WORDS.search(words) or (year and str(year - 1) in words):
        return PRIOR_BASIS
    return None


# ---- evaluation -----------------------------------------------------------------------------

def _change(rel, stmt, quote) -> list[Check]:
    ch, cur, base = rel.members
    sign = rel.info[0]
    cf, af, bf = stmt(ch).fig, stmt(cur).fig, stmt(base).fig
    if not (cf.kind == af.kind == bf.kind):
        return []
    expected = interval(af) - interval(bf)
    point = value(af) - value(bf)
    unit = _unit(cf)
    where = lambda: _where(quote(cur, ch), stmt(cur))
    def diff() -> str:
        if point < 0:
            return f"{fmt(value(bf))} − {fmt(value(af))} = {_amount(-point, cf)}{unit}"
        return f"{fmt(value(af))} − {fmt(value(bf))} = {_amount(point, cf)}{unit}"
    out = []
    written = value(cf)
    if sign == 1 and expected.hi < 0 and written >= 0:
        return [Check(DIRECTION, ERROR, f"{where()}：写“增加”，但{diff()}，实际是减少{_amount(-point, cf)}{unit}。", rel.members)]
    if sign == -1 and expected.lo > 0 and written >= 0:
        return [Check(DIRECTION, ERROR, f"{where()}：写“减少”，但{diff()}，实际是增加{_amount(point, cf)}{unit}。", rel.members)]
    if written < 0 and sign is not None:
        out.append(Check(DIRECTION, WARNING, f"{where()}：“{'增加' if sign == 1 else '减少'}”后面写了负数{show(cf)}，"
                         f"应写“{'减少' if (sign == 1) else '增加'}{fmt(abs(written))}{unit}”。", rel.members))
    if written < 0:
        stated = written if sign != -1 else -written     # “增加-4.09”: a decrease; “减少-4.09”: an increase
    elif sign is None:
        stated = written if point >= 0 else -written
    else:
        stated = written * sign
    inputs = min(written_decimals(af), written_decimals(bf)) if cf.kind == "amount" else None
    v = _judge(cf, expected, point, inputs, signed=stated)
    if v.status == OK:
        edge = at_the_edge(cf, abs(point), [af, bf], abs(stated))
        if edge:
            return out + [Check("N-CHANGE", WARNING, f"{where()}：{diff()}，增减额{edge}。", rel.members, rounding=True)]
        return out + [Check("N-CHANGE", None, "", rel.members)]
    note = _verdict_note(v, cf, unit)
    return out + [Check("N-CHANGE", _severity(v), f"{where()}：{diff()}，增减额{note}。", rel.members, rounding=True)]


def _equal(rel, stmt, quote) -> list[Check]:
    cur, base = rel.members
    af, bf = stmt(cur).fig, stmt(base).fig
    if af.kind != bf.kind:
        return []
    expected = interval(af) - interval(bf)
    if expected.lo <= 0 <= expected.hi:
        return [Check(DIRECTION, None, "", rel.members)]
    point = value(af) - value(bf)
    return [Check(DIRECTION, ERROR, f"叙述“{quote(cur, base)}”写持平（一致），但{fmt(value(af))} − {fmt(value(bf))} = "
                  f"{_amount(point, af)}{_unit(af)}，并不相等。", rel.members)]


def _rate(rel, stmt, quote) -> list[Check]:
    rate, ch, cur, base = rel.members
    rsign, csign = rel.info
    rf = stmt(rate).fig
    members = tuple(x for x in rel.members if x >= 0)
    first = min(members)
    where = lambda: _where(quote(first, rate), stmt(rate))
    if rsign is not None and csign is not None and rsign != csign:
        return [Check(DIRECTION, ERROR, f"{where()}：增减额写“{'增加' if csign == 1 else '减少'}”，增长率却写"
                      f"“{'增长' if rsign == 1 else '下降'}”，方向不一致。", members)]
    known = rsign if rsign is not None else csign
    written = value(rf)
    if base >= 0 and cur >= 0:
        af, bf = stmt(cur).fig, stmt(base).fig
        if value(bf) == 0:
            return [Check("N-RATE", WARNING, f"{where()}：比较的基数“{show(bf)}”为0，增长率无从计算（所写{show(rf)}"
                          f"不可能是增长率）。", members, undefined=(rate, cur))]
        if crosses_zero(interval(bf)):
            return []
        expected = corners(lambda a, b: (a / b - 1) * HUNDRED, [interval(af), interval(bf)])
        point = (value(af) / value(bf) - 1) * HUNDRED
        how = f"（{fmt(value(af))} − {fmt(value(bf))}）÷ {fmt(value(bf))}"
        stated = written if written < 0 or known is None else written * known
        if known is None and written >= 0 and point < 0:
            stated = -written
        v = _judge(rf, expected, point, signed=stated)
        if v.status == OK:
            return [Check("N-RATE", None, "", members)]
        if written < 0:                              # a signed rate (预决算差异率 -1.31%): show the sign
            note = _verdict_note(v, rf, "%").replace(f"应为{abs(v.rounded):f}", f"应为{v.rounded:f}")
            return [Check("N-RATE", _severity(v), f"{where()}：{how} = {_pct(point)}%，{note}。", members, rounding=True)]
        return [Check("N-RATE", _severity(v), f"{where()}：{how} = {_pct(abs(point))}%，"
                      f"{_verdict_note(Verdict(v.status, abs(v.rounded)), rf, '%')}。", members, rounding=True)]
    if not (ch >= 0 and cur >= 0):
        return []
    cf, af = stmt(ch).fig, stmt(cur).fig
    if value(cf) < 0:
        signs = [-1]                                   # “增加（减少）-4.09万元”: the number says it
    elif csign is not None:
        signs = [csign]
    else:
        signs = [rsign] if rsign is not None else [1, -1]   # 增加（减少）… 增长（下降）…: either reading
    tried = []
    for sign in signs:
        c_point = abs(value(cf)) * sign
        iv = interval(cf)
        c_iv = Interval(abs(iv.lo), abs(iv.hi)) if value(cf) >= 0 else Interval(abs(iv.hi), abs(iv.lo))
        c_iv = c_iv if sign > 0 else -c_iv
        b_point = value(af) - c_point
        words = "增加" if sign > 0 else "减少"
        if b_point == 0:
            tried.append((None, f"按“{words}”理解，比较的基数为 {fmt(value(af))} − {fmt(abs(c_point))} = 0"
                                f"（增减额等于本年数），增长率无从计算"))
            continue
        base_iv = interval(af) - c_iv
        if crosses_zero(base_iv):
            return []
        expected = corners(lambda a, c: c / (a - c) * HUNDRED, [interval(af), c_iv])
        if expected is None:
            return []
        point = c_point / b_point * HUNDRED
        how = f"{fmt(abs(c_point))} ÷（{fmt(value(af))} {'−' if c_point > 0 else '+'} {fmt(abs(c_point))}）"
        stated = written if written < 0 else written * (rsign if rsign is not None else sign)
        v = _judge(rf, expected, point, signed=stated)
        if v.status == OK:
            return [Check("N-RATE", None, "", members)]
        base_note = f"（基数为负数{fmt(b_point)}，不可能）" if b_point < 0 else ""
        tried.append((v, f"{'按“' + words + '”理解，' if len(signs) > 1 else ''}{how} = {_pct(abs(point))}%{base_note}，"
                         f"{_verdict_note(Verdict(v.status, abs(v.rounded)), rf, '%')}"))
    real = [t for t in tried if t[0] is not None]
    if len(real) < len(tried):
        # one reading puts the base at 0: the change equals the current amount, nothing to grow from
        return [Check("N-RATE", WARNING, f"{where()}：增减额{fmt(abs(value(cf)))}与本年数{fmt(value(af))}相同，"
                      f"即比较的基数为0，增长率无从计算（所写{show(rf)}不可能是增长率）。", members,
                      undefined=(rate, cur))]
    v = min((t[0] for t in real), key=lambda x: _RANK[x.status])
    return [Check("N-RATE", _severity(v), f"{where()}：{'；'.join(t[1] for t in tried)}。", members, rounding=True)]


register(CHANGE, _change)
register(EQUAL, _equal)
register(RATE, _rate)
