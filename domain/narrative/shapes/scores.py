"""Sentence shape: 绩效评价 scores (“综合得分82.02分，其中，项目决策得分7.66分…”).

* a total score and its 一级指标 scores — with the total first (a 其中 list: `statements.lists`
  makes a list of scores complete) or after them (“预算执行管理指标9分、产出指标49分…，汇总之后，…
  总分为97分”, here): Σ parts = total;
* a score and its 分值 (“总分为10分，实际得分为9分”, “满分10分，得分9分”): the score cannot exceed it.
"""
from __future__ import annotations

import re

from ..model import VALUE_ROLES, BlockText, Statement
from ..relations import ERROR, SCORE_MAX, SUM, Check, Relation, interval, register, show

SCORE = "score"                        # Figure.kind of “…分”
MIN_PARTS = 2                          # scores listed before a total for it to be their sum
# words right before the figure (its lead, from the start of its clause)
_TOTAL_AFTER = re.compile(r"(?:汇总|合计|总计|加总|综合|总分|总得分)")
_MAX = re.compile(r"(?:满分|分值|总分|标准分)(?:为|是|设置为|设为)?\s*$")
_GOT = re.compile(r"得分(?:为|是)?\s*$")


def applies(text: str, roles: set) -> bool:
    return "分" in text


def build(block: BlockText, stmts: list[Statement], out: list[Relation], pending: list) -> None:
    """The relations between the scores of a block; only scores stated as values count (not
    “90分以上”, a threshold)."""
    text = block.text
    by_sentence: dict[int, list[int]] = {}
    for i, st in enumerate(stmts):
        if st.fig.kind == SCORE and st.role in VALUE_ROLES:
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


# ---- evaluation -----------------------------------------------------------------------------

def _score_max(rel, stmt, quote) -> list[Check]:
    got, top = rel.members
    gf, tf = stmt(got).fig, stmt(top).fig
    if interval(gf).lo <= interval(tf).hi:
        return [Check("N-SUM", None, "", rel.members, exact=False)]
    return [Check("N-SUM", ERROR, f"叙述“{quote(top, got)}”：得分{show(gf)}超过了分值{show(tf)}。", rel.members,
                  exact=False)]


register(SCORE_MAX, _score_max)
