"""Sentence shape: a percentage of something — a share (“占收入合计的26.21%”, “占比X%”, “占本年支出合计
200.00万元的70.00%”), a completion or execution rate (“完成年初预算的90%”, “完成全年预算数的X%”, “占年初预算的X%”,
“预算执行率为X%”) and a written formula (“0.43万元÷6.96万元×100%=6.18%”).

Roles (statements.py, with the words below): SHARE_R, WHOLE_R (the whole written inside the share),
RATIO_R, FORMULA_R, CONST_R (the “×100%”). Relations: SHARE (share, part, *wholes) — the best of the
wholes the words may mean; RATIO (rate, numerator, denominator, *constants). A share whose whole is only
named (“占本年财政拨款支出的”) waits for the whole text (`pending`, reader.py looks the name up).
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..model import (ADJUSTED_BASIS, AMOUNT_R, BASE_R, BUDGET_R, CONST_R, COUNT_R, FORMULA_R, RATIO_R, SHARE_R, WHOLE_R,
                     BlockText, Statement)
from ..relations import (ERROR, HUNDRED, MISMATCH, OK, RATIO, SHARE, WARNING, Check, Relation, Verdict, _RANK,
                         _judge, _pct, _severity, _verdict_note, _where, fmt, interval, register, show, value)
from ..text import FIGURE_REACH, back

ROLES = frozenset({SHARE_R, RATIO_R, FORMULA_R})
basis_any = object()            # a ratio whose words do not say which budget it is of

SHARE_WORDS = re.compile(r"占(?P<den>[^，。；：,;:]{0,30}?)(?:的)?(?:比重|比例)?(?:为|是|达到?)?\s*$")
RATIO_WORDS = re.compile(r"(?:(?:完成|为|达到?|占)(?:了)?(?:年初|全年|调整后)?预算(?:数)?的|(?P<name>[^，。；：,;:]{0,12}?(?:执行|完成|控制|使用|差异)率)"
                    r"(?:为|是|达到?|=|＝)?)\s*$")
ADJUSTED = re.compile(r"全年预算|调整(?:后的?)?预算|预算调整")
WHOLE_LEAD = re.compile(r"占[^，。；：,;:\d]{1,30}$")            # “，占本年支出合计” before the whole's amount
OF_WHOLE = re.compile(r"^\s*的(?:比重|比例)?(?:为|是)?\s*$")    # “的” between the whole and the share
WHOLE_TRAIL = re.compile(r"\s*的(?:比重|比例)?(?:为|是)?\s*[-－]?[0-9０-９]")
SPENT = re.compile(r"支出|决算|执行|完成|实际|使用")
FORMULA_EQ = re.compile(r"[=＝]\s*$")
FORMULA_CONST = re.compile(r"[*×xX]\s*$")
DIVIDE = re.compile(r"[÷/／]")


def applies(text: str, roles: set) -> bool:
    return bool(roles & ROLES)


def build(block: BlockText, stmts: list[Statement], out: list[Relation], pending: list) -> None:
    text = block.text
    for i, st in enumerate(stmts):
        if st.role == SHARE_R:
            part = None
            for j in back(i):
                sj = stmts[j]
                if sj.sentence != st.sentence:
                    break
                if sj.role in (AMOUNT_R, BUDGET_R, COUNT_R, BASE_R) and sj.depth <= st.depth:
                    part = j
                    break
            if part is None:
                continue
            st.key = stmts[part].key
            st.topic = stmts[part].topic
            st.ref = part
            total = stmts[part].list_total
            if stmts[i - 1].role == WHOLE_R:         # “占本年支出合计200.00万元的70.00%”
                out.append(Relation(SHARE, (i, part, i - 1), ("",)))
            elif not st.den and total >= 0:          # “占X%”/“占比X%”: of the total it is listed under
                out.append(Relation(SHARE, (i, part, total), ("",)))
            else:
                pending.append((i, "share"))
        elif st.role == RATIO_R:
            num = den = None
            # the budget it is of: 全年预算 (调整后) or 年初预算, as the words say
            basis = ADJUSTED_BASIS if st.den == "完成全年预算" else (None if "预算" in st.den else basis_any)
            budgets = [j for j in range(max(0, i - FIGURE_REACH), min(len(stmts), i + FIGURE_REACH))
                       if stmts[j].sentence == st.sentence
                       and stmts[j].role == BUDGET_R and stmts[j].fig.kind == "amount"
                       and (basis is basis_any or stmts[j].basis == basis)]
            before = [j for j in budgets if j < i]
            den = before[-1] if before else (budgets[0] if budgets else None)
            for j in back(i):
                sj = stmts[j]
                if sj.sentence != st.sentence:
                    break
                if sj.fig.kind != "amount":
                    continue
                if sj.role == BUDGET_R:
                    continue
                elif sj.role == AMOUNT_R and num is None and sj.depth <= st.depth \
                        and SPENT.search(text[sj.clause:sj.fig.start]):
                    num = j
            if num is None:
                num = next((j for j in back(i) if stmts[j].sentence == st.sentence
                            and stmts[j].role == AMOUNT_R and stmts[j].fig.kind == "amount"
                            and stmts[j].depth <= st.depth), None)
            if num is None or den is None:
                # the amounts may stand in the sentences before (prefer totals over listed parts)
                for j in back(i):
                    sj = stmts[j]
                    if sj.fig.kind != "amount" or sj.is_part:
                        continue
                    if sj.role == BUDGET_R and den is None and (basis is basis_any or sj.basis == basis):
                        den = j
                    elif sj.role == AMOUNT_R and num is None:
                        num = j
            if num is not None and den is not None:
                st.key = stmts[num].key
                st.topic = stmts[num].topic
                out.append(Relation(RATIO, (i, num, den), (st.den,)))
            else:
                pending.append((i, "ratio"))
        elif st.role == FORMULA_R:
            found = None
            for j in back(i, 0):
                a, b = stmts[j - 1], stmts[j]
                if a.sentence != st.sentence or b.sentence != st.sentence:
                    break
                if b.role == CONST_R:
                    continue
                if DIVIDE.search(text, a.fig.end, b.fig.start) and DIVIDE.search(text[a.fig.end:b.fig.start]):
                    found = (j - 1, j)
                    break
            if found is not None:
                consts = tuple(k for k in range(found[1] + 1, i) if stmts[k].role == CONST_R)
                out.append(Relation(RATIO, (i, found[0], found[1], *consts), ("公式",)))


# ---- evaluation -----------------------------------------------------------------------------

def _best(results):
    return min(results, key=lambda r: _RANK[r[0].status])


def _share(rel, stmt, quote) -> list[Check]:
    pct, part, *wholes = rel.members
    pf, partf = stmt(pct).fig, stmt(part).fig
    results = []
    for w in wholes:
        wf = stmt(w).fig
        if wf.kind != partf.kind:
            continue
        if value(wf) == 0:
            v = Verdict(OK if value(pf) == 0 and value(partf) == 0 else MISMATCH, Decimal(0))
            results.append((v, w, None))
            continue
        q = interval(partf) / interval(wf)
        if q is None:
            continue
        expected = q.scale(HUNDRED)
        point = value(partf) / value(wf) * HUNDRED
        results.append((_judge(pf, expected, point), w, point))
    if not results:
        return []
    v, w, point = _best(results)
    members = (pct, part, w)
    if v.status == OK:
        return [Check("N-SHARE", None, "", members)]
    wf = stmt(w).fig
    where = _where(quote(part, pct), stmt(part))
    if point is None:
        return [Check("N-SHARE", ERROR, f"{where}：作为分母的“{show(wf)}”为0，占比无从计算。", members)]
    return [Check("N-SHARE", _severity(v), f"{where}：{fmt(value(partf))} ÷ {fmt(value(wf))} = {_pct(point)}%，"
                  f"{_verdict_note(v, pf, '%')}。", members, rounding=True)]


def _ratio(rel, stmt, quote) -> list[Check]:
    pct, num, den, *consts = rel.members
    pf, nf, df = stmt(pct).fig, stmt(num).fig, stmt(den).fig
    where = lambda: _where(quote(min(num, den), pct), stmt(num))
    if value(df) == 0:
        if value(nf) == 0:
            return []
        return [Check("N-RATIO", WARNING, f"{where()}：作为分母的“{show(df)}”为0，比率无从计算（所写{show(pf)}"
                      f"不可能是对它的完成率）。", rel.members, undefined=(pct, num))]
    q = interval(nf) / interval(df)
    if q is None:
        return []
    point = value(nf) / value(df) * HUNDRED
    v = _judge(pf, q.scale(HUNDRED), point)
    if v.status == OK:
        return [Check("N-RATIO", None, "", rel.members)]
    return [Check("N-RATIO", _severity(v), f"{where()}：{fmt(value(nf))} ÷ {fmt(value(df))} = {_pct(point)}%，"
                  f"{_verdict_note(v, pf, '%')}。", rel.members, rounding=True)]


register(SHARE, _share)
register(RATIO, _ratio)
