"""Sentence shape: 绩效评价 scores (“综合得分82.02分，其中，项目决策得分7.66分…”).

* a total score and its 一级指标 scores — with the total first (a 其中 list: `statements.lists`
  makes a list of scores complete) or after them (“预算执行管理指标9分、产出指标49分…，汇总之后，…
  总分为97分”, here): Σ parts = total;
* a score and its 分值 (“总分为10分，实际得分为9分”, “满分10分，得分9分”): the score cannot exceed it.
"""
from __future__ import annotations

import re

from .relations import SCORE_MAX, SUM, Relation

SCORE = "score"                        # Figure.kind of “…分”
MIN_PARTS = 2                          # scores listed before a total for it to be their sum
# words right before the figure (its lead, from the start of its clause)
_TOTAL_AFTER = re.compile(r"(?:汇总|合计|总计|加总|综合|总分|总得分)")
_MAX = re.compile(r"(?:满分|分值|总分|标准分)(?:为|是|设置为|设为)?\s*$")
_GOT = re.compile(r"得分(?:为|是)?\s*$")


def score_relations(text: str, stmts: list, out: list[Relation], value_roles: frozenset) -> None:
    """The relations between the scores of a block (statements in text order, block offsets); only
    scores stated as values count (not “90分以上”, a threshold)."""
    by_sentence: dict[int, list[int]] = {}
    for i, st in enumerate(stmts):
        if st.fig.kind == SCORE and st.role in value_roles:
            by_sentence.setdefault(st.sentence, []).append(i)
    for items in by_sentence.values():
        leads = {i: text[stmts[i].clause:stmts[i].fig.start] for i in items}
        for a, b in zip(items, items[1:]):
            if _MAX.search(leads[a]) and _GOT.search(leads[b]):
                out.append(Relation(SCORE_MAX, (b, a)))
        capped = {m for r in out if r.kind == SCORE_MAX for m in r.members}
        last = items[-1]
        parts = [i for i in items[:-1] if i not in capped and not stmts[i].is_part]
        if len(parts) >= MIN_PARTS and last not in capped and _TOTAL_AFTER.search(
                text[stmts[parts[-1]].fig.end:stmts[last].fig.start]):
            out.append(Relation(SUM, (last, *parts), (True, "scores")))
