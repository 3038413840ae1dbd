"""Sentence shape: a total and its listed parts.

“X万元，其中：A万元；B万元”, “（其中A万元）”, “主要用于以下方面（按大类）：…”, “按…划分：”, “运行维护费中，…”;
examples after a figure (“主要包括…”, “，如…”) are neither parts of the outer list nor all of the figure.
Relation SUM (total, *parts), info (complete, origin). A complete list (the template's 按大类 and 按…划分
lists, the 一级指标 scores of an evaluation, the identities of phrases.py) must add up to its total —
off by as much as all the roundings together is a warning —, any other list only not exceed it (a
plausibility check, `Check.exact` False). A total named but not stated in the sentence (“运行维护费中，”)
is `-1`, resolved over the whole text (reader.py).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from decimal import Decimal

from ...rounding import Interval, interval_sum
from ..model import AMOUNT_R, BASE_R, BUDGET_R, COUNT_R, BlockText, Statement
from ..phrases import PARTS_BELOW, is_part_of
from ..relations import (ERROR, INF, OK, SUM, TRUNCATED, WARNING, Check, Relation, _amount, _judge, _names, _round,
                         _severity, _unit, _verdict_note, _where, at_the_edge, fmt, interval, register, show, value,
                         written_decimals)
from ..text import FIGURE_REACH, LINE_MARKER, Depth, skip_bracket

SCORE = "score"                     # Figure.kind of a 绩效评价 score
_OPEN_LIST = re.compile(r"其中|主要用于(?:以下方面)?[^：:，,。；]{0,8}[：:]|按[^，。；]{0,6}划分[：:]")
_COMPLETE_LIST = re.compile(r"以下方面|按")         # the template's complete lists (按大类, 按…划分)
# words that introduce examples of the figure before them, never a complete list (“人员经费80万元，
# 主要包括工资福利支出70万元”, “，如办公费5万元”): their figures are neither parts of an outer list
# nor summed to the figure (only Σ examples ≤ figure is checked)
_EXAMPLES = re.compile(r"主要(?:包括|用于|有|是)|包括|(?<=[，,；;：:（(])(?:例如|比如|如)(?![下期实此何今])")
_NESTED = re.compile(f"{_OPEN_LIST.pattern}|{_EXAMPLES.pattern}")
_SEMICOLON = re.compile(r"[；;]")
_OF_LIST = re.compile(r"\s*(?:(?:19|20)\d\d年度?)?(?P<name>[\u4e00-\u9fff“”（）()]{2,20}?)中[：:，,]")
_OF_LIST_ANYWHERE = re.compile(r"中[：:，,]")
# roles a listed part may have, by the role of its total (a 年初预算 list lists 预算数 …)
_PART_ROLES = {"amount": {"amount", "count"}, "count": {"count"}, "budget": {"budget", "amount"},
               "base": {"base", "amount"}}


def applies(text: str, roles: set) -> bool:
    return bool(_NESTED.search(text)) or ("中" in text and bool(_OF_LIST_ANYWHERE.search(text)))


def build(block: BlockText, stmts: list[Statement], out: list[Relation], pending: list) -> None:
    """A total and its listed parts: “X万元，其中：A万元；B万元”, “（其中A万元）”, “主要用于以下方面：”.

    The total is the nearest value before the opener in the same “；” segment (or the only
    value of the previous sentence when the sentence starts with 其中). Parts run to the end of
    the sentence, the closing bracket, or a new numbered line; a nested 其中 without brackets
    lists parts of the part before it, up to the next “；”. Only lists the template knows to be
    complete (主要用于以下方面, 按…划分) are exhaustive; for the others Σ parts ≤ total is checked.
    """
    text, starts = block.text, block.starts
    by_sentence: dict[int, list[int]] = {}
    for i, st in enumerate(stmts):
        by_sentence.setdefault(st.sentence, []).append(i)
    for si, s_start in enumerate(starts):
        members = by_sentence.get(si)
        if not members:
            continue
        s_end = starts[si + 1] if si + 1 < len(starts) else len(text)
        openers = [(m.start(), m.end(), bool(_COMPLETE_LIST.search(m.group())), None, False)
                   for m in _OPEN_LIST.finditer(text, s_start, s_end)]
        taken_starts = [o[0] for o in openers]
        taken_ends = [o[1] for o in openers]

        def taken(pos: int) -> bool:
            k = bisect_right(taken_starts, pos) - 1
            return k >= 0 and pos < taken_ends[k]

        openers += [(m.start(), m.end(), False, None, True) for m in _EXAMPLES.finditer(text, s_start, s_end)
                    if not taken(m.start())]
        openers.sort(key=lambda o: o[0])
        of = _OF_LIST.match(text, s_start)
        if of is not None and of.end() <= s_end:
            openers.insert(0, (of.end(), of.end(), False, of.group("name"), False))
        if not openers:
            continue
        # positions looked up by bisection, so a sentence of thousands of figures is read in linear time
        m_starts = [stmts[i].fig.start for i in members]
        m_ends = [stmts[i].fig.end for i in members]
        semis = [m.start() for m in _SEMICOLON.finditer(text, s_start, s_end)]
        marks = [m.start() for m in LINE_MARKER.finditer(text, s_start, s_end)]
        depth = Depth(text, s_start)

        def next_semi(a: int, b: int) -> int | None:
            k = bisect_left(semis, a)
            return semis[k] if k < len(semis) and semis[k] < b else None

        for pos, o_end, exhaustive, named, examples in openers:
            in_bracket = pos > s_start and text[pos - 1] in "（("
            if in_bracket:
                tot_depth, part_depth, end = depth.at(pos) - 1, depth.at(pos), skip_bracket(text, pos - 1)
            else:
                tot_depth = part_depth = depth.at(pos)
                k = bisect_left(marks, o_end)
                end = marks[k] if k < len(marks) else s_end
            if examples:                              # examples run to the end of their clause group
                semi = next_semi(o_end, end)
                end = semi if semi is not None else end
            first = bisect_left(m_starts, o_end)
            last = bisect_right(m_ends, end)
            if last - first > FIGURE_REACH:
                continue                              # too long to read as one list (a pasted table)
            parts: list[int] = []
            prev_end = o_end
            skip_until = -1
            for i in members[first:last]:
                st = stmts[i]
                if st.fig.start < skip_until:
                    continue
                if st.depth != part_depth:
                    continue
                inner = _NESTED.search(text, prev_end, st.fig.start)
                if inner is not None and parts and text[inner.start() - 1] not in "（(":
                    semi = next_semi(st.fig.start, end)
                    skip_until = semi if semi is not None else end
                    continue
                if st.role in (AMOUNT_R, BUDGET_R, COUNT_R, BASE_R):
                    parts.append(i)
                prev_end = st.fig.end
            if not parts:
                continue
            # items separated by “，” end at the first “；” (what follows is another statement);
            # judged on the first two parts of the same kind (“7.06万元、包括路灯28个；…”)
            same = [i for i in parts if stmts[i].fig.kind == stmts[parts[0]].fig.kind]
            if len(same) > 1 and not in_bracket:
                if next_semi(stmts[same[0]].fig.end, stmts[same[1]].fig.start) is None:
                    semi = next_semi(stmts[same[0]].fig.end, end)
                    if semi is not None:
                        parts = [i for i in parts if stmts[i].fig.start < semi]
            if named is not None:
                kparts = [i for i in parts if stmts[i].fig.kind == "amount"]
                for i in kparts:
                    stmts[i].is_part = True
                if kparts:
                    out.append(Relation(SUM, (-1, *kparts), (False, "of:" + named)))
                continue
            k = bisect_left(semis, pos) - 1
            seg_start = semis[k] + 1 if k >= 0 else s_start
            before = members[max(bisect_left(m_starts, seg_start), bisect_right(m_ends, pos) - FIGURE_REACH):
                             bisect_right(m_ends, pos)]
            candidates = [i for i in before if stmts[i].depth == tot_depth
                          and stmts[i].role in (AMOUNT_R, BUDGET_R, COUNT_R, BASE_R)]
            if in_bracket:
                # “X万元（其中…）”: the figure right before the bracket
                candidates = [i for i in candidates if not text[stmts[i].fig.end:pos - 1].strip()][-1:]
            elif examples:
                candidates = candidates[-1:]          # examples of the figure right before them
            if not candidates and si > 0 and not text[s_start:pos].strip(" \t\n\u3000：:，,"):
                prev = [i for i in by_sentence.get(si - 1, ()) if stmts[i].depth == 0
                        and stmts[i].role in (AMOUNT_R, BUDGET_R, COUNT_R)]
                if len(prev) == 1:
                    candidates = prev
            lists = []
            for kind, unit in {(stmts[i].fig.kind, stmts[i].fig.unit if stmts[i].fig.kind == "count" else "")
                               for i in parts}:
                kparts = [i for i in parts if stmts[i].fig.kind == kind
                          and (kind != "count" or stmts[i].fig.unit == unit)]
                tots = [i for i in candidates if stmts[i].fig.kind == kind
                        and (kind != "count" or stmts[i].fig.unit == unit)]
                kparts = _not_within(stmts, kparts)
                if tots:
                    total = _pick_total(stmts, tots, kparts)
                    allowed = _PART_ROLES[stmts[total].role]
                    kparts = [i for i in kparts if stmts[i].role in allowed]
                    if kparts:
                        _qualify(stmts, total, kparts)
                        # the 一级指标 scores of an evaluation are all of its total score
                        lists.append([total, kparts, exhaustive or (kind == SCORE and not examples)])
            _counted_in_full(stmts, lists)
            for total, kparts, complete in lists:
                out.append(Relation(SUM, (total, *kparts), (complete, "list")))


def _counted_in_full(stmts: list[Statement], lists: list[list]) -> None:
    """Items listed with a count and an amount each (“涉及项目21个，其中：公共服务项目15个，决算金额542.99
    万元；…项目6个，决算金额295.71万元”): when the counts add up to the total count, every item is
    listed, so the amounts must add up to the total amount (the amount list becomes complete)."""
    counts = [(t, p) for t, p, _c in lists if stmts[t].fig.kind == "count"]
    for entry in lists:
        total, parts, complete = entry
        if complete or stmts[total].fig.kind != "amount":
            continue
        for ct, cparts in counts:
            if (len(cparts) == len(parts) > 1 and stmts[ct].fig.value == sum(stmts[i].fig.value for i in cparts)
                    and (_paired(cparts, parts) or _paired(parts, cparts))):
                entry[2] = True


def _paired(first: list[int], second: list[int]) -> bool:
    """Each item of `first` is followed by its item of `second` before the next item begins."""
    return all(f < s for f, s in zip(first, second)) and all(s < f for s, f in zip(second, first[1:]))


def _not_within(stmts: list[Statement], parts: list[int]) -> list[int]:
    """The parts without those within another listed part (小微企业 within 中小企业: not added again)."""
    below = Counter(k for j in parts for k in set(PARTS_BELOW.get(stmts[j].key, ())))
    if not below:
        return parts
    return [i for i in parts
            if below[stmts[i].key] - (stmts[i].key in PARTS_BELOW.get(stmts[i].key, ())) <= 0]


def _qualify(stmts: list[Statement], total: int, parts: list[int]) -> None:
    t = stmts[total]
    for i in parts:
        p = stmts[i]
        p.is_part = True
        p.list_total = total
        if t.role in (BASE_R, BUDGET_R) and p.role == AMOUNT_R:
            p.role, p.basis = t.role, t.basis
        if t.key and p.key and not is_part_of(t.key, p.key) and "/" not in p.key:
            p.key = f"{t.key}/{p.key}"


def _pick_total(stmts: list[Statement], candidates: list[int], parts: list[int]) -> int:
    """The total of a list among several values before its 其中: the one the parts add up to, else
    the nearest one they do not exceed, else the nearest."""
    if len(candidates) == 1:
        return candidates[0]
    total = interval_sum(interval(stmts[i].fig) for i in parts)
    for i in reversed(candidates):
        if interval(stmts[i].fig).meets(total):
            return i
    for i in reversed(candidates):
        if interval(stmts[i].fig).hi >= total.lo:
            return i
    return candidates[-1]


# ---- evaluation -----------------------------------------------------------------------------

def _sum(rel, stmt, quote) -> list[Check]:
    total, *parts = rel.members
    exhaustive = rel.info[0]
    t = stmt(total).fig
    pf = [stmt(p).fig for p in parts]
    if any(f.kind != t.kind for f in pf):
        return []
    lo = hi = point = Decimal(0)
    for f in pf:
        iv = interval(f)
        lo += iv.lo
        hi += iv.hi
        point += value(f)
    expected = Interval(lo, hi)
    unit = _unit(t)
    inputs = min(written_decimals(f) for f in pf) if t.kind == "amount" else None
    if exhaustive:
        v = _judge(t, expected, point, inputs)
        if v.status == OK:
            edge = at_the_edge(t, point, pf)
            if edge:
                expr, where = _names(pf), _where(quote(total, total), stmt(total))
                return [Check("N-SUM", WARNING, f"{where}：所列分项 {expr} = {_amount(point, t)}{unit}，{edge}。",
                              rel.members, rounding=True)]
            return [Check("N-SUM", None, "", rel.members)]
        expr, where = _names(pf), _where(quote(total, total), stmt(total))
        return [Check("N-SUM", _severity(v), f"{where}：所列分项 {expr} = {_amount(point, t)}{unit}，"
                      f"合计{_verdict_note(v, t, unit)}。", rel.members, rounding=True)]
    v = _judge(t, Interval(expected.lo, INF), point)
    if v.status == OK:
        return [Check("N-SUM", None, "", rel.members, exact=False)]
    expr, where = _names(pf), _where(quote(total, total), stmt(total))     # words only for a finding
    if v.status == TRUNCATED:
        return [Check("N-SUM", WARNING, f"{where}：其中所列分项 {expr} = {_amount(point, t)}{unit}，"
                      f"合计按四舍五入不应小于{fmt(_round(expected.lo, t.decimals))}{unit}（所写{show(t)}像是截断所得）。",
                      rel.members, exact=False, rounding=True)]
    return [Check("N-SUM", ERROR, f"{where}：其中所列分项 {expr} = {_amount(point, t)}{unit}，"
                  f"大于所写合计{show(t)}；分项之和不能超过合计。", rel.members, exact=False)]


register(SUM, _sum)
