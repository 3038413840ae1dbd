"""Text helpers the block reader and the sentence shapes share: sentences, brackets, clauses, list
markers, and the window sizes (how far before or after a figure words are looked for)."""
from __future__ import annotations

import re

# windows, in characters
LEAD_WINDOW = 48           # the end of the words before a figure that role patterns look at
NEAR_WINDOW = 24           # a ratio's or an average's words (“完成年初预算的”, “车均运行维护费”)
VERB_WINDOW = 16           # a change's or a rate's verb (“增加”, “增长（下降）”)
BUDGET_WORD_WINDOW = 12    # “预算” this close before a percentage makes it a completion rate
BUDGET_WINDOW = 10         # “年初预算” right before an amount makes it a budget
THRESHOLD_WINDOW = 8       # “不低于”, “≥”, “（含” right before a figure
FORMULA_WINDOW = 3         # “=”, “×” right before a percentage of a written formula
TRAIL_WINDOW = 40          # words after a figure, up to the next figure
BASE_TRAIL_WINDOW = 120    # words after the base of a comparison, up to its verb (“…相比，增加”)
COMPARE_WINDOW = 20        # words before a change naming what it is measured from, when no 比/较
BRACKET_SPAN = 200         # the longest bracket skipped as one group
# how far the sentence shapes look for the other figures of a relation, so that reading a block stays
# linear however many figures one sentence holds (a pasted table: thousands of figures, no 。)
FIGURE_REACH = 64          # figures stepped over, back or forward, within a block
SENTENCE_REACH = 600       # characters of a sentence before a figure looked at for its comparison words

BRACKET = re.compile(r"[（(）)]")
CLAUSE_SEP = re.compile(r"[，,；;：:。]")
_CLAUSE_OR_BRACKET = re.compile(r"[，,；;：:。（(）)]")
_SENTENCE_END = re.compile(r"[。！？!?]|(?<=[%％万元辆个次人）)])\.(?=\s|$)")
MARKER = re.compile(r"^\s*(?:\d{1,2}\s*[、.．](?![0-9])|[（(]\d{1,2}[）)]|[一二三四五六七八九十]+[、.．]|"
                    r"[（(][一二三四五六七八九十]+[）)]|[①-⑳])\s*")
LINE_MARKER = re.compile(r"\n[ \t\u3000]*(?:\d{1,2}\s*[、.．](?![0-9])|[（(]\d{1,2}[）)]|[①-⑳])")
MARKER_FIRST = frozenset(" \t\u3000（(0123456789一二三四五六七八九十①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")
FILLER = re.compile(
    r"^(?:[\s、，,。；;：:“”\"]|[（(]\s*[）)]|[（(][套台辆个件项][）)]|(?:19|20)\d\d年(?:度)?(?:全年)?|截[至止][^，,。]{0,12}?日|本年度?|当年|全年|"
    r"本单位|本部门|其中|合计|共计|总计|累计|共|计|分别|为|是|约|达到?|决算数?|决算金额|年初预算数?|预算数?|金额|实际|"
    r"支出数?|执行数|的|中)*$")


def back(i: int, stop: int = -1) -> range:
    """The figures before figure i a shape looks at, nearest first (at most FIGURE_REACH, none below stop+1)."""
    return range(i - 1, max(stop, i - 1 - FIGURE_REACH), -1)


def sentences(text: str) -> list[int]:
    """Start offsets of the sentences of a block."""
    starts = [0]
    for m in _SENTENCE_END.finditer(text):
        if m.end() < len(text):
            starts.append(m.end())
    return starts


def depths(text: str, positions: list[int], sentence_starts: list[int]) -> list[int]:
    """Bracket depth at each position (reset at each sentence start)."""
    if "（" not in text and "(" not in text:
        return [0] * len(positions)
    out = []
    brackets = [(m.start(), m.group()) for m in BRACKET.finditer(text)]
    bi = 0
    depth = 0
    si = 0
    for pos in positions:
        while si + 1 < len(sentence_starts) and sentence_starts[si + 1] <= pos:
            si += 1
            # advance brackets up to the sentence start, then reset
            while bi < len(brackets) and brackets[bi][0] < sentence_starts[si]:
                bi += 1
            depth = 0
        while bi < len(brackets) and brackets[bi][0] < pos:
            depth = max(0, depth + (1 if brackets[bi][1] in "（(" else -1))
            bi += 1
        out.append(depth)
    return out


def skip_bracket(text: str, pos: int) -> int:
    """Offset after a bracketed group starting at pos (or pos itself)."""
    if pos < len(text) and text[pos] in "（(":
        depth = 0
        for i in range(pos, min(len(text), pos + BRACKET_SPAN)):
            ch = text[i]
            if ch in "（(":
                depth += 1
            elif ch in "）)":
                depth -= 1
                if depth == 0:
                    return i + 1
    return pos


def clause_cut(lead: str) -> int:
    """Offset in `lead` where its last clause starts (separators inside brackets do not count)."""
    if "（" not in lead and "(" not in lead and "）" not in lead and ")" not in lead:
        return max(lead.rfind("，"), lead.rfind("；"), lead.rfind("："), lead.rfind("。"), lead.rfind(","),
                   lead.rfind(";"), lead.rfind(":")) + 1
    cut = 0
    depth = 0
    for m in _CLAUSE_OR_BRACKET.finditer(lead):
        ch = m.group()
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0:
            cut = m.end()
    return cut


class Depth:
    """Bracket depth at positions of one sentence, asked in increasing order (each bracket read once)."""

    def __init__(self, text: str, start: int):
        self.text, self.start = text, start
        self.pos, self.depth = start, 0

    def at(self, pos: int) -> int:
        if pos < self.pos:
            self.pos, self.depth = self.start, 0
        depth = self.depth
        for m in BRACKET.finditer(self.text, self.pos, pos):
            depth = max(0, depth + (1 if m.group() in "（(" else -1))
        self.pos, self.depth = pos, depth
        return depth
