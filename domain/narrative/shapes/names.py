"""Sentence shape: counts of bodies and the names listed after them — “共设置14个内设机构和7个事业单位，
包含：办公室（安全生产办公室）、政策法规科（行政审批科）、…”, or “下设7个办公室。” with the offices as
numbered items below it (`listed_below`, over the whole text).

Relation NAMES (*counts), info (names listed, names with 和/及, cut by “，”, how they are listed): the
unit's 机构 counts (statements.py keys them under a 机构设置 heading) add up to the number of names
that follow them after a colon or after 包含/包括/分别为/即, separated by “、” (words in brackets belong
to the name before). A list ending in 等 gives only some names: no relation. A name with 和/及 in it
may be one name (“社区建设和民生保障办公室”) or two joined, and names may go on after a “，”: when that
can explain the difference the relation says nothing (not counted); any other difference is a
warning — the names are read from words, so it is not called an error.
"""
from __future__ import annotations

import re

from ..model import COUNT_R, BlockText, Statement
from ..phrases import ORG_COUNTS
from ..relations import WARNING, Check, Relation, register, show

NAMES = "names"
# from the last count to the names: its noun, then “，包含：” / “，包括” / “：”
_LEAD = re.compile(r"[^。；;，,：:、]{0,12}(?:[，,]\s*(?:具体)?(?:包含|包括|分别为|分别是|即)\s*[：:]?|\s*[：:])")
_BRACKET = re.compile(r"[（(][^（）()]*[）)]")
_END = re.compile(r"[。；;]|$")
_DIGIT = re.compile(r"[0-9０-９]")
_JOINED = re.compile(r"[和及与]")
_COMMA = re.compile(r"[，,]")
_APART = re.compile(r"[。；;：:，,]")             # counts written together: “14个内设机构和7个事业单位”


def applies(text: str, roles: set) -> bool:
    return COUNT_R in roles and "、" in text


def build(block: BlockText, stmts: list[Statement], out: list[Relation], pending: list) -> None:
    """The 机构 counts of a sentence and the names listed right after the last of them."""
    text = block.text
    n = len(stmts)
    i = 0
    while i < n:
        if not _is_org(stmts[i]):
            i += 1
            continue
        counts = [i]
        while i + 1 < n and _is_org(stmts[i + 1]) and not _APART.search(text, stmts[i].fig.end, stmts[i + 1].fig.start):
            i += 1
            counts.append(i)
        i += 1
        lead = _LEAD.match(text, stmts[counts[-1]].fig.end)
        if lead is None:
            continue
        end = _END.search(text, lead.end()).start()
        if i < n and stmts[i].fig.start < end:
            continue                                  # another figure: not a list of names only
        words = text[lead.end():end]
        while _BRACKET.search(words):
            words = _BRACKET.sub("", words)
        comma = _COMMA.search(words)
        if comma is not None:
            words = words[:comma.start()]
        names = [w.strip(" \t\u3000“”\"") for w in words.split("、")]
        if len(names) < 2 or not all(names) or names[-1].endswith("等") or _DIGIT.search(words):
            continue
        joined = sum(1 for w in names if _JOINED.search(w))
        out.append(Relation(NAMES, tuple(counts), (len(names), joined, comma is not None, "以“、”分隔")))


# “下设7个办公室。” and the offices as numbered items below it, each a name with its duties under it
_ENDS_COUNT = re.compile(r"\s*(?:[，,]?\s*(?:分别(?:是|为)|具体(?:如下|为)|如下))?\s*[。：:]?\s*$")
_BODY = re.compile(r"(?:办公室|科|室|中心|站|所|队|部|处|局|办|股|组|委员会|服务中心)$")
_FIRST_ITEM = re.compile(r"\s*(?:[（(]1[）)]|1\s*[、.．]|①)")


def listed_below(r) -> list[Relation]:
    """A 机构 count that ends its sentence and block (“永乐店镇政府下设7个办公室。”) against the numbered
    items right below it that name bodies (“（1）综合办公室”, “（2）党群工作办公室（加挂…牌子）”), the
    lines of words between them (their duties) skipped; `r` is the whole text's Reading."""
    out = []
    last_of_block = {}
    for i, b in enumerate(r.block_of):
        last_of_block[b] = i
    for bi, i in last_of_block.items():
        st = r.statements[i]
        if not _is_org(st):
            continue
        block = r.blocks[bi]
        noun = ORG_COUNTS.match(r.text, block.start + st.fig.end)
        if noun is None or not _ENDS_COUNT.match(r.text[noun.end():block.end]):
            continue
        items, level = 0, None
        for nb in r.blocks[bi + 1:]:
            if nb.section != block.section or nb.part != block.part:
                break
            if nb.level is None:
                continue
            words = r.text[nb.start:nb.end]
            if level is None:
                if not _FIRST_ITEM.match(words):
                    break
                level = nb.level
            if nb.level != level:
                break
            title = words[nb.marker_end:].split("。")[0]
            while _BRACKET.search(title):
                title = _BRACKET.sub("", title)
            if len(title.strip()) > 20 or not _BODY.search(title.strip()):
                break
            items += 1
        if items >= 2:
            out.append(Relation(NAMES, (i,), (items, 0, False, "逐条编号")))
    return out


def _is_org(st: Statement) -> bool:
    return st.role == COUNT_R and st.key is not None and st.key.startswith("org.")


# ---- evaluation -----------------------------------------------------------------------------

def _names(rel, stmt, quote) -> list[Check]:
    listed, joined, comma, how = rel.info
    stated = sum(stmt(i).fig.value for i in rel.members)
    if stated == listed:
        return [Check("N-SUM", None, "", rel.members)]
    if comma or listed < stated <= listed + joined:   # “A、B和C”, “A、B，C”: the names may go on
        return [Check("N-SUM", None, "", rel.members, exact=False, counted=False)]
    written = " + ".join(show(stmt(i).fig) for i in rel.members)
    return [Check("N-SUM", WARNING, f"叙述“{quote(rel.members[0], rel.members[-1])}”之后列出的名称共{listed}个"
                  f"（{how}），与所写{written}不符，请核对个数或所列名称。", rel.members)]


register(NAMES, _names)
