"""Binding figures to what they state: one `Statement` per figure of a block, plus the relations
the block's own sentences establish (a total and its 其中 parts, an amount and its 占…%, a 比…增加…
and its two amounts, 车均 …).

How a figure is read (all from the words around it, never from its position in a template):

* its *lead* — the words since the previous figure in the same sentence — says its role: “占收入合计
  的” → share, “比上年增加” → change, “增长” → rate, “完成年初预算的” / “执行率为” → ratio, “年初预算” →
  budget, “比…年初预算X万元减少” → X is the base of a comparison, “车均…” → average;
* the last clause of the lead names its topic (“其中：基本支出”), looked up in the phrase families
  that apply in the section (phrases.py) or, in a fund section, in the 功能分类 names; a clause with
  no words of its own (“2023年度决算数”) inherits the topic last named in the block or in its heading.

A topic gives the quantity key (“basic”, “3p.reception”, “gpb:2010301” …); the role says which
value of that quantity the figure states (决算, 年初预算, 上年数 …). Figures with no recognised topic
keep key None: they still take part in the relations of their sentence.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from ..codes import CodeList, normalise_name, load_codes, FUNCTIONAL
from .figures import BAD_GROUPING, Figure, FigureScan, Malformed, find_figures
from .phrases import (FAMILIES, SERVICE_GROUP, SERVICE_GROUP_EXCLUDE, THRESHOLD_AFTER, THRESHOLD_BEFORE,
                      Family, is_part_of)
from .relations import AVERAGE, CHANGE, EQUAL, NAME, PAIR, RATE, RATIO, SHARE, SUM, Relation
from .scores import SCORE, score_relations
from .sections import CHECKED_PARTS, FUND_SECTIONS, NONE, SERVICES

# roles
AMOUNT_R, BUDGET_R, BASE_R, CHANGE_R, RATE_R, SHARE_R, RATIO_R, FORMULA_R, AVERAGE_R, COUNT_R, PERCENT_R, \
    THRESHOLD_R, CONST_R, WHOLE_R = ("amount", "budget", "base", "change", "rate", "share", "ratio", "formula",
                                     "average", "count", "percent", "threshold", "const", "whole")
# WHOLE_R: the amount a share is of, written in the share (“占本年支出合计200.00万元的70.00%”)
VALUE_ROLES = frozenset({AMOUNT_R, BUDGET_R, BASE_R, COUNT_R})      # figures that state a quantity's value
PRIOR_BASIS, BUDGET_BASIS = "prior", "budget"
ADJUSTED_BASIS = "adjusted"         # BUDGET_R: the 全年预算 (调整后预算), not the 年初预算


class Topic(NamedTuple):
    name: str                                  # as messages name it
    amount_key: str | None                     # key of an amount stated under it
    counts: tuple = ()                         # ((counter words), key) for counts stated under it

    def key_for(self, fig: Figure) -> str | None:
        if fig.kind == "count":
            for counters, key in self.counts:
                if fig.unit in counters:
                    return key
            return None
        return self.amount_key if fig.kind == "amount" else None


class Statement:
    """What one figure states. Attributes not set on an instance keep the class defaults below."""
    role: str = ""
    key: str | None = None          # the quantity it states (or the quantity a share/change/rate is about)
    topic: str = ""                 # the topic as written/recognised, for messages
    basis: str | None = None        # BASE/CHANGE/RATE: PRIOR_BASIS | BUDGET_BASIS | None (unknown)
    sign: int | None = None         # CHANGE/RATE: +1 增加, -1 减少, None: not said (增加（减少）)
    equal: bool = False             # BASE followed by 持平/一致
    den: str = ""                   # SHARE: the denominator as written; RATIO/AVERAGE: the words
    sentence: int = 0
    depth: int = 0                  # bracket depth
    clause: int = 0                 # start of the clause it stands in (for quoting)
    is_part: bool = False           # a part of a 其中 list
    recovered: bool = False         # read from a malformed figure (bad grouping)
    fund: str | None = None         # fund of the section (gpb / gov_fund / soe)
    explicit: bool = False          # the topic was written in its own clause (not inherited)
    ref: int = -1                   # SHARE: the (block) index of the amount it is a share of
    list_total: int = -1            # a listed part: the (block) index of its list's total
    renamed: tuple | None = None    # (as written, code list name, code) of a 功能分类 named otherwise

    def __init__(self, fig: Figure, role: str = "", sentence: int = 0, depth: int = 0, clause: int = 0,
                 recovered: bool = False, fund: str | None = None, key: str | None = None):
        self.fig = fig
        self.role = role
        self.sentence = sentence
        self.depth = depth
        self.clause = clause
        if recovered:
            self.recovered = True
        if fund is not None:
            self.fund = fund
        if key is not None:
            self.key = key

    def __repr__(self) -> str:
        return f"Statement({self.fig.text!r}, {self.role}, key={self.key!r}, topic={self.topic!r})"


class Context(NamedTuple):
    """What a block inherits from the text before it."""
    part: str
    section: str
    subject: Topic | None = None               # topic of the enclosing heading
    fund_path: tuple = ()                      # ((level, code or None, name), …) in a fund section
    year: int = 0
    heading: bool = False                      # the block is a heading (its first words name a topic)


@dataclass(slots=True)
class BlockReading:
    statements: list[Statement]
    malformed: list[Malformed]
    relations: list[Relation]
    title_topic: Topic | None                  # topic named in the block's first words (for headings)
    fund_path_out: tuple                       # fund path at the end of the block
    pending: list[tuple[int, str]] = field(default_factory=list)   # (index, what) left to the whole text


# ---- grammar -----------------------------------------------------------------------------------

_ANY_DIGIT = re.compile(r"[0-9０-９]")
_NO_FIGURES = FigureScan([], [])
_FIRST_SENTENCE = re.compile(r"[^。]*")
_SENTENCE_END = re.compile(r"[。！？!?]|(?<=[%％万元辆个次人）)])\.(?=\s|$)")
_BRACKET = re.compile(r"[（(）)]")
_CLAUSE_SEP = re.compile(r"[，,；;：:。]")
_CLAUSE_OR_BRACKET = re.compile(r"[，,；;：:。（(）)]")
_MARKER = re.compile(r"^\s*(?:\d{1,2}\s*[、.．](?![0-9])|[（(]\d{1,2}[）)]|[一二三四五六七八九十]+[、.．]|"
                     r"[（(][一二三四五六七八九十]+[）)]|[①-⑳])\s*")
_LINE_MARKER = re.compile(r"\n[ \t\u3000]*(?:\d{1,2}\s*[、.．](?![0-9])|[（(]\d{1,2}[）)]|[①-⑳])")
_FILLER = re.compile(
    r"^(?:[\s、，,。；;：:“”\"]|[（(]\s*[）)]|[（(][套台辆个件项][）)]|(?:19|20)\d\d年(?:度)?(?:全年)?|截[至止][^，,。]{0,12}?日|本年度?|当年|全年|"
    r"本单位|本部门|其中|合计|共计|总计|累计|共|计|分别|为|是|约|达到?|决算数?|决算金额|年初预算数?|预算数?|金额|实际|"
    r"支出数?|执行数|的|中)*$")
_SHARE = re.compile(r"占(?P<den>[^，。；：,;:]{0,30}?)(?:的)?(?:比重|比例)?(?:为|是|达到?)?\s*$")
_RATE = re.compile(r"(?P<verb>增长|下降|上升|降低|提高|减少|增加|增幅|降幅|减幅)(?:率)?了?"
                   r"(?P<alt>[（(](?:增长|下降|减少|增加|上升|降低)[）)]?)?(?:为|达到?|约)?\s*$")
_RATIO = re.compile(r"(?:(?:完成|为|达到?|占)(?:了)?(?:年初|全年|调整后)?预算(?:数)?的|(?P<name>[^，。；：,;:]{0,12}?(?:执行|完成|控制|使用|差异)率)"
                    r"(?:为|是|达到?|=|＝)?)\s*$")
_CHANGE = re.compile(r"(?P<verb>增加|减少|增长|下降|节约|节省|超支|多支|少支|上升|降低)了?"
                     r"(?P<alt>[（(](?:增加|减少|增长|下降)[）)]?)?(?:了|为)?\s*$")
_COMPARE = re.compile(r"(?<![占对相])比(?![例重率较])|(?<!比)较(?![为好大多少高低])|同比|同期|相比|相较")
_OPENER = re.compile(r"(?<![占对相])比(?![例重率较])|(?<!比)较(?![为好大多少高低])|与")
_BASE_TRAIL = re.compile(r"\s*(?:万元|亿元|元)?\s*(?:[（(][^（）()]*[）)])?\s*(?:相比|相较)?[，,]?\s*(?:(?P<eq>基本持平|持平|一致|相同|相等)|"
                         r"增加|减少|增长|下降|节约|超支|上升|降低)")
_AVERAGE = re.compile(r"(?P<per>单车|每车|车|人|每人|户)均(?P<what>[^，。；：,;:]{0,14}?)(?:为|是|约)?\s*$")
_BUDGET = re.compile(r"(?:预算|预算数|预算额|年初数|批复数|计划数|预算金额)(?:为|是)?\s*$")
_ADJUSTED = re.compile(r"全年预算|调整(?:后的?)?预算|预算调整")
_WHOLE_LEAD = re.compile(r"占[^，。；：,;:\d]{1,30}$")            # “，占本年支出合计” before the whole's amount
_OF_WHOLE = re.compile(r"^\s*的(?:比重|比例)?(?:为|是)?\s*$")    # “的” between the whole and the share
_WHOLE_TRAIL = re.compile(r"\s*的(?:比重|比例)?(?:为|是)?\s*[-－]?[0-9０-９]")
_SPENT = re.compile(r"支出|决算|执行|完成|实际|使用")
_FORMULA_EQ = re.compile(r"[=＝]\s*$")
_FORMULA_CONST = re.compile(r"[*×xX]\s*$")
_DIVIDE = re.compile(r"[÷/／]")
_PRIOR_WORDS = re.compile(r"上年|去年|上一年|同期|同比|上年度")
_BUDGET_WORDS = re.compile(r"预算|计划")
_OPEN_LIST = re.compile(r"其中|主要用于(?:以下方面)?[^：:，,。；]{0,8}[：:]|按[^，。；]{0,6}划分[：:]")
_COMPLETE_LIST = re.compile(r"以下方面|按")         # the template's complete lists (按大类, 按…划分)
# words that introduce examples of the figure before them, never a complete list (“人员经费80万元，
# 主要包括工资福利支出70万元”, “，如办公费5万元”): their figures are neither parts of an outer list
# nor summed to the figure (only Σ examples ≤ figure is checked)
_EXAMPLES = re.compile(r"主要(?:包括|用于|有|是)|包括|(?<=[，,；;：:（(])(?:例如|比如|如)(?![下期实此何今])")
_NESTED = re.compile(f"{_OPEN_LIST.pattern}|{_EXAMPLES.pattern}")
_SEMICOLON = re.compile(r"[；;]")
# a bracket that names what a figure leaves out or takes in (“设备（不含车辆）2台”) names no topic
_EXCLUDED = re.compile(r"[（(](?:不含|含|不包括|包括|除)[^（）()]{0,20}[）)]")
_OF_LIST = re.compile(r"\s*(?:(?:19|20)\d\d年度?)?(?P<name>[\u4e00-\u9fff“”（）()]{2,20}?)中[：:，,]")
_MARKER_FIRST = frozenset(" \t\u3000（(0123456789一二三四五六七八九十①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")
_OF_LIST_ANYWHERE = re.compile(r"中[：:，,]")
_COMPARISON_ROLES = frozenset({"base", "change", "rate"})
_SHARE_ROLES = frozenset({"share", "ratio", "formula"})
# roles a listed part may have, by the role of its total (a 年初预算 list lists 预算数 …)
_PART_ROLES = {"amount": {"amount", "count"}, "count": {"count"}, "budget": {"budget", "amount"},
               "base": {"base", "amount"}}
_SIGN = {"增加": 1, "增长": 1, "上升": 1, "提高": 1, "超支": 1, "多支": 1, "增幅": 1,
         "减少": -1, "下降": -1, "降低": -1, "节约": -1, "节省": -1, "少支": -1, "降幅": -1, "减幅": -1}
# a 功能分类 name with its level marker: “一般公共服务（类）”, “人大事务”（款，下同）
_PATH = re.compile(r"[“\"]?(?P<name>(?:[^\s“”\"（）()，。；：,;:、.．0-9０-９]|[（(](?![类款项])[^（）()\n]{1,8}[）)])+?)[”\"]?"
                   r"[（(](?P<lvl>类|款|项)(?:[，,]\s*下同)?[）)]")
_LEVEL_LEN = {"类": 3, "款": 5, "项": 7}
# a 功能分类 code written with its name: “行政运行（2010301）”, “2010301 行政运行”, “[201]一般公共服务支出”
_CODE = re.compile(r"(?P<name>[\u4e00-\u9fff（）()]{2,30}?)\s*[（(\[【](?P<code>2[0-3]\d(?:\d\d){0,2})[）)\]】]"
                   r"|^\s*[\[【]?(?P<code2>2[0-3]\d(?:\d\d){0,2})[\]】]?\s*(?=[\u4e00-\u9fff])")
_PER_COUNTERS = {"车": ("辆", "台"), "单车": ("辆", "台"), "每车": ("辆", "台"), "人": ("人次", "人", "名"),
                 "每人": ("人次", "人", "名"), "户": ("户",)}


# ---- vocabulary per (part, section) ----------------------------------------------------------

@dataclass(frozen=True)
class _Vocab:
    regex: re.Pattern | None
    families: tuple[Family, ...]


@lru_cache(maxsize=None)
def _vocab(part: str, section: str) -> _Vocab:
    fams = tuple(f for f in FAMILIES if part in f.parts and (
        section in f.scope or (part not in CHECKED_PARTS and NONE in f.scope)))
    if not fams:
        return _Vocab(None, ())
    regex = re.compile("|".join(f"(?P<f{i}>{f.pattern})" for i, f in enumerate(fams)))
    return _Vocab(regex, fams)


@lru_cache(maxsize=None)
def _class_regex(year: int) -> tuple[re.Pattern, dict[str, str]]:
    """The 类 names of the year's code list as written in a 按大类 list (“一般公共服务支出”, “其他支出”)."""
    codes = load_codes(FUNCTIONAL, year)
    names: dict[str, str] = {}
    for code, name in codes.names.items():
        if len(code) == 3:
            names[normalise_name(name)] = code
    alts = sorted(names, key=len, reverse=True)
    pattern = re.compile("(?:" + "|".join(re.escape(n) for n in alts) + ")(?:支出)?(?:合计)?$")
    return pattern, names


def _codes(year: int) -> CodeList:
    return load_codes(FUNCTIONAL, year)


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


@lru_cache(maxsize=4096)
def find_code(year: int, name: str, length: int, parent: str | None) -> str | None:
    """The 功能分类 code of `name` at a level (3/5/7 digits), under `parent` when known.
    Exact (normalised) names first, then a unique name that contains the written one in order
    (“国有土地使用权收入安排的支出” for 国有土地使用权出让收入安排的支出)."""
    codes = _codes(year)
    wanted = normalise_name(name)
    candidates = [c for c in codes.names if len(c) == length and (parent is None or c.startswith(parent))]
    exact = [c for c in candidates if normalise_name(codes.names[c]) == wanted]
    if len(exact) == 1 or (exact and parent):
        return exact[0]
    if exact:
        return None
    loose = [c for c in candidates if _subsequence(wanted, normalise_name(codes.names[c]))]
    return loose[0] if len(loose) == 1 else None


def _fund_topic(fund: str, path: tuple) -> Topic:
    """Topic of a 功能分类 path ((level length, code or None, name), …)."""
    code = path[-1][1]
    name = path[-1][2]
    if code:
        return Topic(name, f"{fund}:{code}")
    key = f"{fund}:?" + "/".join(p[2] for p in path)
    return Topic(name, key)


def resolve_path(markers: list[tuple[str, str]], ctx_path: tuple, year: int) -> tuple:
    """Resolve written (name, level) markers against the code list, continuing `ctx_path`."""
    path: list[tuple[int, str | None, str]] = []
    first_len = _LEVEL_LEN[markers[0][1]]
    for level_len, code, name in ctx_path:
        if level_len < first_len:
            path.append((level_len, code, name))
    for name, lvl in markers:
        length = _LEVEL_LEN[lvl]
        path = [p for p in path if p[0] < length]
        parent = path[-1][1] if path else None
        # under an unresolved parent the name cannot be placed either
        code = None if path and parent is None else find_code(year, name.strip("“”\""), length, parent)
        path.append((length, code, name.strip("“”\"")))
    return tuple(path)


# ---- reading a block ---------------------------------------------------------------------------

def _recover(m: Malformed) -> Figure | None:
    """The figure a bad thousands grouping most likely means (“21,88.78万元” → 2188.78万元)."""
    if m.code != BAD_GROUPING:
        return None
    fm = re.match(r"([-－−]?)([0-9０-９,，.．]+)\s*(亿元|万元|元)", m.text)
    if not fm:
        return None
    digits = fm.group(2).translate(str.maketrans("０１２３４５６７８９．", "0123456789.", ",，"))
    try:
        value = Decimal(("-" if fm.group(1) else "") + digits)
    except Exception:
        return None
    decimals = len(digits) - digits.index(".") - 1 if "." in digits else 0
    return Figure(m.start, m.end, m.text, value, "amount", fm.group(3), decimals)


def _sentences(text: str) -> list[int]:
    """Start offsets of the sentences of a block."""
    starts = [0]
    for m in _SENTENCE_END.finditer(text):
        if m.end() < len(text):
            starts.append(m.end())
    return starts


def _depths(text: str, positions: list[int], sentence_starts: list[int]) -> list[int]:
    """Bracket depth at each position (reset at each sentence start)."""
    if "（" not in text and "(" not in text:
        return [0] * len(positions)
    out = []
    brackets = [(m.start(), m.group()) for m in _BRACKET.finditer(text)]
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


def _skip_bracket(text: str, pos: int) -> int:
    """Offset after a bracketed group starting at pos (or pos itself)."""
    if pos < len(text) and text[pos] in "（(":
        depth = 0
        for i in range(pos, min(len(text), pos + 200)):
            ch = text[i]
            if ch in "（(":
                depth += 1
            elif ch in "）)":
                depth -= 1
                if depth == 0:
                    return i + 1
    return pos


class _Reader:
    """Reads one block (kept small: one instance per block)."""

    def __init__(self, text: str, ctx: Context):
        self.text = text
        self.ctx = ctx
        self.vocab = _vocab(ctx.part, ctx.section)
        self.fund = FUND_SECTIONS.get(ctx.section) if ctx.part in CHECKED_PARTS else None
        self.fund_path = ctx.fund_path
        self.title_topic: Topic | None = None
        self.prev_role = ""                        # role of the figure before, in the same sentence
        self.renamed: tuple | None = None
        self.named: dict[str, int] = {}             # code → the statement that first named it otherwise
        # words outside the phrase table can name a topic in fund and 政府购买服务 sections
        self.scan_all = bool(self.fund) or (ctx.section == SERVICES and ctx.part in CHECKED_PARTS)

    # topics ---------------------------------------------------------------------------------
    def find_topic(self, clause: str) -> Topic | None:
        """The last topic named in `clause` (None when it names none). A 功能分类 name written
        otherwise than the code list names it is noted in `self.renamed` (written, official, code)."""
        best: tuple[int, Topic] | None = None
        self.renamed = None
        if self.fund:
            markers = [(m.group("name"), m.group("lvl"), m.start()) for m in _PATH.finditer(clause)]
            cm = _CODE.search(clause) if not markers else None
            if cm is not None:
                code = cm.group("code") or cm.group("code2")
                name = _codes(self.ctx.year).name(code) or cm.group("name") or code
                self._note_name(cm.group("name"), code)
                self.fund_path = tuple((n, code[:n], _codes(self.ctx.year).name(code[:n]) or code[:n])
                                       for n in (3, 5, 7) if n <= len(code))
                best = (cm.start(), Topic(name, f"{self.fund}:{code}"))
            elif markers:
                path = resolve_path([(n, l) for n, l, _ in markers], self.fund_path, self.ctx.year)
                self.fund_path = path
                if path[-1][1]:
                    self._note_name(path[-1][2], path[-1][1])
                best = (markers[-1][2], _fund_topic(self.fund, path))
            else:
                regex, names = _class_regex(self.ctx.year)
                m = regex.search(_MARKER.sub("", clause.strip(" \t\u3000“”\"")))
                if m:
                    code = names.get(normalise_name(m.group().removesuffix("合计")))
                    if code:
                        name = _codes(self.ctx.year).name(code) or m.group()
                        self.fund_path = ((3, code, name),)
                        best = (len(clause) - len(m.group()), Topic(name, f"{self.fund}:{code}"))
        if self.vocab.regex is not None:
            last = None
            if "含" in clause or "除" in clause:
                clause = _EXCLUDED.sub(lambda m: "\u3000" * len(m.group()), clause)   # offsets kept
            for m in self.vocab.regex.finditer(clause):
                last = m
            if last is not None and (best is None or last.start() > best[0]):
                fam = self.vocab.families[int(last.lastgroup[1:])]
                if fam.exclude and re.search(fam.exclude, clause):
                    return Topic(fam.name, None)
                best = (last.start(), Topic(fam.name, fam.key, fam.counts))
        if best is None and self.ctx.section == SERVICES and self.ctx.part in CHECKED_PARTS:
            m = SERVICE_GROUP.search(_MARKER.sub("", clause.strip()))
            if m and not SERVICE_GROUP_EXCLUDE.search(m.group("group")):
                g = m.group("group")
                best = (0, Topic(f"{g}项目", f"services.group:{g}",
                                 ((frozenset({"个", "项"}), f"services.group_count:{g}"),)))
        return best[1] if best else None

    def _note_name(self, written: str | None, code: str) -> None:
        official = _codes(self.ctx.year).name(code)
        if written and official and normalise_name(written) != normalise_name(official):
            self.renamed = (written.strip("“”\" "), official, code)

    # the block ----------------------------------------------------------------------------------
    def read(self, scan: FigureScan | None = None) -> BlockReading:
        text = self.text
        if scan is None:
            scan = find_figures(text) if _ANY_DIGIT.search(text) else _NO_FIGURES
        if not scan.figures and not scan.malformed:
            title = self.find_topic(_FIRST_SENTENCE.match(text).group()) if self.ctx.heading else None
            return BlockReading([], [], [], title, self.fund_path, [])
        figures = list(scan.figures)
        recovered = set()
        for m in scan.malformed:
            fig = _recover(m)
            if fig is not None:
                figures.append(fig)
                recovered.add(fig.start)
        figures.sort(key=lambda f: f.start)
        starts = _sentences(text)
        sent_of = [bisect_right(starts, f.start) - 1 for f in figures]
        depths = _depths(text, [f.start for f in figures], starts)

        stmts: list[Statement] = []
        subject = self.ctx.subject
        gap_start = 0
        n = len(figures)
        size = len(text)
        regex = None if self.scan_all else self.vocab.regex
        scan_all = self.scan_all
        fund = self.fund
        role, topic = self.role, self.topic
        # the block's own title (a heading block names its topic before any figure)
        if self.ctx.heading:
            head_end = figures[0].start if figures else len(text)
            first_sentence = _FIRST_SENTENCE.match(text, 0, head_end).group()
            self.title_topic = self.find_topic(first_sentence) if first_sentence.strip() else None

        for i, fig in enumerate(figures):
            si = sent_of[i]
            s_start = starts[si]
            f_start, f_end = fig.start, fig.end
            prev_end = figures[i - 1].end if i and sent_of[i - 1] == si else s_start
            lead = text[prev_end:f_start]
            cut = _clause_cut(lead)
            clause_start = prev_end + cut
            clause = lead[cut:]
            # the words before the clause (earlier sentences, headings) may name a new subject
            if clause_start > gap_start:
                region = text[gap_start:clause_start]
                if "\n" in region:
                    lm = None
                    for lm in _LINE_MARKER.finditer(region):
                        pass
                    if lm is not None:
                        subject = None
                        region = region[lm.end():]
                if scan_all or (regex is not None and regex.search(region)):
                    found = None
                    for part in _CLAUSE_SEP.split(region):
                        if part and not part.isspace():
                            t = self.find_topic(part)
                            if t is not None:
                                found = t
                    if found is not None:
                        subject = found
            gap_start = f_end
            nxt = figures[i + 1].start if i + 1 < n else size
            trail = text[f_end:min(nxt, f_end + 40)]
            st = Statement(fig, "", si, depths[i], clause_start, f_start in recovered, fund)
            self.prev_role = stmts[-1].role if stmts and stmts[-1].sentence == si else ""
            role(st, lead, clause, trail, s_start)
            subject = topic(st, clause, subject)
            stmts.append(st)

        relations: list[Relation] = []
        pending: list[tuple[int, str]] = []
        roles = {st.role for st in stmts}
        for i, st in enumerate(stmts):
            if st.renamed is not None:
                relations.append(Relation(NAME, (i,), st.renamed))
        if _NESTED.search(text) or ("中" in text and _OF_LIST_ANYWHERE.search(text)):
            self.lists(stmts, starts, relations)
        if roles & _COMPARISON_ROLES:
            self.comparisons(stmts, relations, pending)
        if roles & _SHARE_ROLES:
            self.shares_and_ratios(stmts, relations, pending)
        if AVERAGE_R in roles:
            self.averages(stmts, relations, pending)
        if COUNT_R in roles and len(stmts) > 1:
            self.pairs(stmts, relations)
        if "分" in text:
            score_relations(text, stmts, relations, VALUE_ROLES)
        return BlockReading(stmts, list(scan.malformed), relations, self.title_topic, self.fund_path, pending)

    def role(self, st: Statement, lead: str, clause: str, trail: str, s_start: int) -> None:
        """The figure's role from the words before it (`lead`, its last `clause`) and after it."""
        fig = st.fig
        tail = lead[-48:]                       # every role pattern is anchored at the end of the lead
        if THRESHOLD_AFTER.match(self.text, fig.end) or THRESHOLD_BEFORE.search(tail[-8:]):
            st.role = THRESHOLD_R
            return
        if fig.kind == "points":                # “增长1.5个百分点”: a difference of two rates, not read
            st.role = PERCENT_R
            return
        if fig.kind == "percent":
            if self.prev_role == WHOLE_R and _OF_WHOLE.match(lead):
                st.role, st.den = SHARE_R, ""               # of the whole written just before
            elif fig.value == 100 and _FORMULA_CONST.search(tail[-3:]):
                st.role = CONST_R
            elif _FORMULA_EQ.search(tail[-3:]):
                st.role = FORMULA_R
            elif (m := _RATIO.search(tail[-24:])) is not None and "预算" in tail[-12:]:
                st.role, st.den = RATIO_R, (m.group("name") or ("完成全年预算" if _ADJUSTED.search(m.group())
                                                                or "调整" in m.group() else "完成年初预算"))
            elif (m := _SHARE.search(tail)) is not None:
                st.role, st.den = SHARE_R, m.group("den").strip()
                if st.den == "比":                      # “占比X%”: of the total it is listed under
                    st.den = ""
            elif (m := _RATE.search(tail[-16:])) is not None and (
                    "幅" in m.group("verb") or _COMPARE.search(self.text, s_start, fig.start)):
                st.role = RATE_R
                st.sign = None if m.group("alt") else _SIGN[m.group("verb")]
                st.basis = _basis(self.text[s_start:fig.start], self.ctx.year)
            elif (m := _RATIO.search(tail[-24:])) is not None:
                st.role, st.den = RATIO_R, (m.group("name") or "完成年初预算")
            else:
                st.role = PERCENT_R
            return
        m = _CHANGE.search(clause[-16:]) or _CHANGE.search(tail[-16:])
        if m is not None and _COMPARE.search(self.text, s_start, fig.start):
            st.role = CHANGE_R
            st.sign = None if m.group("alt") else _SIGN[m.group("verb")]
            st.basis = _basis(self.text[s_start:fig.start], self.ctx.year)
            return
        opener = None
        for opener in _OPENER.finditer(clause):
            pass
        if opener is not None:
            long_trail = self.text[fig.end:fig.end + 120]
            pos = len(long_trail) - len(long_trail.lstrip())
            bm = _BASE_TRAIL.match(long_trail, _skip_bracket(long_trail, pos))
            if bm is not None:
                st.role = BASE_R
                st.equal = bm.group("eq") is not None
                words = clause[opener.start():]
                st.basis = PRIOR_BASIS if _PRIOR_WORDS.search(words) or str(self.ctx.year - 1) in words else (
                    BUDGET_BASIS if _BUDGET_WORDS.search(words) else None)
                return
        if fig.kind == "amount" and "均" in tail and (m := _AVERAGE.search(tail[-24:])) is not None:
            st.role, st.den = AVERAGE_R, m.group("per") + "|" + m.group("what")
            return
        if fig.kind == "amount" and "占" in clause and _WHOLE_LEAD.search(clause) \
                and _WHOLE_TRAIL.match(self.text, fig.end):
            st.role = WHOLE_R
        elif fig.kind == "count":
            st.role = COUNT_R
        elif _BUDGET.search(clause[-10:]):
            st.role = BUDGET_R
            if _ADJUSTED.search(clause):
                st.basis = ADJUSTED_BASIS
        else:
            st.role = AMOUNT_R

    def topic(self, st: Statement, clause: str, subject: Topic | None) -> Topic | None:
        """Give the statement its topic and key; return the subject for the next figures."""
        if st.role in (THRESHOLD_R, CONST_R, FORMULA_R, PERCENT_R, SHARE_R, RATIO_R, AVERAGE_R):
            return subject
        words = clause
        if st.role in (CHANGE_R, RATE_R, BASE_R):
            opener = None
            for opener in _OPENER.finditer(clause):
                pass
            if opener is None:
                for opener in _COMPARE.finditer(clause):
                    pass
            if opener is not None:
                words, look = clause[:opener.start()], clause[:opener.end()]
            else:                                   # “收、支总计各增加300万元”: the words before the verb
                vm = (_CHANGE if st.role == CHANGE_R else _RATE).search(clause) if st.role != BASE_R else None
                words = look = clause[:vm.start()] if vm is not None else ""
            body = _MARKER.sub("", words)
            topic = self.find_topic(_MARKER.sub("", look)) if body.strip() else None
        else:
            body = _MARKER.sub("", words) if words[:1] in _MARKER_FIRST else words
            topic = self.find_topic(body) if body and not body.isspace() else None
        if topic is None and (len(body) > 40 or not _FILLER.match(body)):
            st.topic = body.strip(" ，,：:；;、“”")[-16:]
            if st.role in (AMOUNT_R, BUDGET_R, COUNT_R):
                st.explicit = True
            return None if st.role in (AMOUNT_R, BUDGET_R, COUNT_R) else subject
        if topic is None:
            topic = subject
        else:
            st.explicit = True
            if self.renamed is not None:
                st.renamed = self.renamed
        if topic is not None:
            st.topic = topic.name
            st.key = topic.key_for(st.fig)
        if st.role in (AMOUNT_R, BUDGET_R, COUNT_R):
            return topic
        return subject if topic is None or st.role == WHOLE_R else topic

    # relations inside the block ---------------------------------------------------------------
    def lists(self, stmts: list[Statement], starts: list[int], out: list[Relation]) -> None:
        """A total and its listed parts: “X万元，其中：A万元；B万元”, “（其中A万元）”, “主要用于以下方面：”.

        The total is the nearest value before the opener in the same “；” segment (or the only
        value of the previous sentence when the sentence starts with 其中). Parts run to the end of
        the sentence, the closing bracket, or a new numbered line; a nested 其中 without brackets
        lists parts of the part before it, up to the next “；”. Only lists the template knows to be
        complete (主要用于以下方面, 按…划分) are exhaustive; for the others Σ parts ≤ total is checked.
        """
        text = self.text
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
            taken = [(o[0], o[1]) for o in openers]
            openers += [(m.start(), m.end(), False, None, True) for m in _EXAMPLES.finditer(text, s_start, s_end)
                        if not any(a <= m.start() < b for a, b in taken)]
            openers.sort(key=lambda o: o[0])
            of = _OF_LIST.match(text, s_start)
            if of is not None and of.end() <= s_end:
                openers.insert(0, (of.end(), of.end(), False, of.group("name"), False))
            for pos, o_end, exhaustive, named, examples in openers:
                depth = _depth_at(text, s_start, pos)
                in_bracket = pos > s_start and text[pos - 1] in "（("
                if in_bracket:
                    tot_depth, part_depth, end = depth - 1, depth, _skip_bracket(text, pos - 1)
                else:
                    tot_depth = part_depth = depth
                    lm = _LINE_MARKER.search(text, o_end, s_end)
                    end = lm.start() if lm is not None else s_end
                if examples:                              # examples run to the end of their clause group
                    semi = _SEMICOLON.search(text, o_end, end)
                    end = semi.start() if semi is not None else end
                parts: list[int] = []
                prev_end = o_end
                skip_until = -1
                for i in members:
                    st = stmts[i]
                    if st.fig.start < o_end or st.fig.end > end or st.fig.start < skip_until:
                        continue
                    if st.depth != part_depth:
                        continue
                    inner = _NESTED.search(text, prev_end, st.fig.start)
                    if inner is not None and parts and text[inner.start() - 1] not in "（(":
                        semi = re.compile(r"[；;]").search(text, st.fig.start, end)
                        skip_until = semi.start() if semi else end
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
                    between = text[stmts[same[0]].fig.end:stmts[same[1]].fig.start]
                    if not re.search(r"[；;]", between):
                        semi = re.compile(r"[；;]").search(text, stmts[same[0]].fig.end, end)
                        if semi is not None:
                            parts = [i for i in parts if stmts[i].fig.start < semi.start()]
                if named is not None:
                    kparts = [i for i in parts if stmts[i].fig.kind == "amount"]
                    for i in kparts:
                        stmts[i].is_part = True
                    if kparts:
                        out.append(Relation(SUM, (-1, *kparts), (False, "of:" + named)))
                    continue
                seg = text[s_start:pos]
                semi = max(seg.rfind("；"), seg.rfind(";"))
                seg_start = s_start + semi + 1 if semi >= 0 else s_start
                candidates = [i for i in members if stmts[i].fig.end <= pos and stmts[i].fig.start >= seg_start
                              and stmts[i].depth == tot_depth and stmts[i].role in (AMOUNT_R, BUDGET_R, COUNT_R, BASE_R)]
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
                for kind, unit in {(stmts[i].fig.kind, stmts[i].fig.unit if stmts[i].fig.kind == "count" else "")
                                   for i in parts}:
                    kparts = [i for i in parts if stmts[i].fig.kind == kind
                              and (kind != "count" or stmts[i].fig.unit == unit)]
                    tots = [i for i in candidates if stmts[i].fig.kind == kind
                            and (kind != "count" or stmts[i].fig.unit == unit)]
                    if tots:
                        total = _pick_total(stmts, tots, kparts)
                        allowed = _PART_ROLES[stmts[total].role]
                        kparts = [i for i in kparts if stmts[i].role in allowed]
                        if kparts:
                            self._qualify(stmts, total, kparts)
                            # the 一级指标 scores of an evaluation are all of its total score
                            complete = exhaustive or (kind == SCORE and not examples)
                            out.append(Relation(SUM, (total, *kparts), (complete, "list")))

    def _qualify(self, stmts: list[Statement], total: int, parts: list[int]) -> None:
        t = stmts[total]
        for i in parts:
            p = stmts[i]
            p.is_part = True
            p.list_total = total
            if t.role in (BASE_R, BUDGET_R) and p.role == AMOUNT_R:
                p.role, p.basis = t.role, t.basis
            if t.key and p.key and not is_part_of(t.key, p.key) and "/" not in p.key:
                p.key = f"{t.key}/{p.key}"

    def comparisons(self, stmts: list[Statement], out: list[Relation], pending: list) -> None:
        """比…增加/减少…, 与…持平, and the rates after them."""
        last_change: dict[int, tuple[int, int | None, int | None]] = {}   # sentence -> (change, current, base)
        for i, st in enumerate(stmts):
            if st.role == BASE_R and st.equal:
                cur = self._current(stmts, i, st)
                if cur is not None:
                    out.append(Relation(EQUAL, (cur, i)))
                    if st.key is None:
                        st.key = stmts[cur].key
            elif st.role == CHANGE_R:
                base = None
                for j in range(i - 1, -1, -1):
                    sj = stmts[j]
                    if sj.sentence != st.sentence or sj.role in (CHANGE_R, RATE_R):
                        break
                    if sj.role == BASE_R and sj.depth == st.depth and sj.fig.kind == st.fig.kind:
                        base = j
                        break
                cur = self._current(stmts, base if base is not None else i, st)
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
                    prev = (i + 1, self._current(stmts, i, stmts[i + 1]), None)
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
                    cur = self._current(stmts, i, st, kind="amount")
                    if cur is not None:
                        st.key = st.key or stmts[cur].key
                        st.topic = st.topic or stmts[cur].topic
                        base = next((j for j in range(i - 1, -1, -1) if stmts[j].sentence == st.sentence
                                     and stmts[j].role == BASE_R and stmts[j].fig.kind == "amount"), None)
                        if base is not None:
                            out.append(Relation(RATE, (i, -1, cur, base), (st.sign, None)))

    def _current(self, stmts: list[Statement], before: int, st: Statement, kind: str | None = None) -> int | None:
        """The amount a change or a base is compared with: the nearest stated value before it."""
        kind = kind or st.fig.kind
        for j in range(before - 1, -1, -1):
            sj = stmts[j]
            if sj.sentence != st.sentence:
                break
            if sj.fig.kind == kind and sj.role in (AMOUNT_R, BUDGET_R, COUNT_R) and sj.depth <= st.depth:
                return j
        return None

    def shares_and_ratios(self, stmts: list[Statement], out: list[Relation], pending: list) -> None:
        text = self.text
        for i, st in enumerate(stmts):
            if st.role == SHARE_R:
                part = None
                for j in range(i - 1, -1, -1):
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
                budgets = [j for j in range(len(stmts)) if stmts[j].sentence == st.sentence
                           and stmts[j].role == BUDGET_R and stmts[j].fig.kind == "amount"
                           and (basis is basis_any or stmts[j].basis == basis)]
                before = [j for j in budgets if j < i]
                den = before[-1] if before else (budgets[0] if budgets else None)
                for j in range(i - 1, -1, -1):
                    sj = stmts[j]
                    if sj.sentence != st.sentence:
                        break
                    if sj.fig.kind != "amount":
                        continue
                    if sj.role == BUDGET_R:
                        continue
                    elif sj.role == AMOUNT_R and num is None and sj.depth <= st.depth \
                            and _SPENT.search(text[sj.clause:sj.fig.start]):
                        num = j
                if num is None:
                    num = next((j for j in range(i - 1, -1, -1) if stmts[j].sentence == st.sentence
                                and stmts[j].role == AMOUNT_R and stmts[j].fig.kind == "amount"
                                and stmts[j].depth <= st.depth), None)
                if num is None or den is None:
                    # the amounts may stand in the sentences before (prefer totals over listed parts)
                    for j in range(i - 1, -1, -1):
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
                for j in range(i - 1, 0, -1):
                    a, b = stmts[j - 1], stmts[j]
                    if a.sentence != st.sentence or b.sentence != st.sentence:
                        break
                    if b.role == CONST_R:
                        continue
                    if _DIVIDE.search(text, a.fig.end, b.fig.start) and _DIVIDE.search(text[a.fig.end:b.fig.start]):
                        found = (j - 1, j)
                        break
                if found is not None:
                    consts = tuple(k for k in range(found[1] + 1, i) if stmts[k].role == CONST_R)
                    out.append(Relation(RATIO, (i, found[0], found[1], *consts), ("公式",)))

    def averages(self, stmts: list[Statement], out: list[Relation], pending: list) -> None:
        for i, st in enumerate(stmts):
            if st.role != AVERAGE_R:
                continue
            per, what = st.den.split("|", 1)
            counters = _PER_COUNTERS.get(per, ())
            count = next((j for j in range(i - 1, -1, -1) if stmts[j].fig.kind == "count"
                          and stmts[j].fig.unit in counters), None)
            core = re.sub(r"(?:费用|费|支出|金额)$", "", what)
            num = None
            for j in range(i - 1, -1, -1):
                sj = stmts[j]
                if sj.role == AMOUNT_R and core and (core in sj.topic or core in self.text[sj.clause:sj.fig.start]):
                    num = j
                    break
            if num is None:
                num = next((j for j in range(i - 1, -1, -1) if stmts[j].sentence == st.sentence
                            and stmts[j].role == AMOUNT_R), None)
            if count is not None and num is not None:
                out.append(Relation(AVERAGE, (i, num, count), (st.den,)))
            else:
                pending.append((i, "average"))

    def pairs(self, stmts: list[Statement], out: list[Relation]) -> None:
        """“车辆5辆，121.80万元”: a count and the amount of the same items (both zero or neither)."""
        text = self.text
        for i in range(len(stmts) - 1):
            a, b = stmts[i], stmts[i + 1]
            if a.role == COUNT_R and b.role == AMOUNT_R and b.fig.kind == "amount" and a.sentence == b.sentence \
                    and not b.explicit and _FILLER.match(_MARKER.sub("", text[a.fig.end:b.fig.start])) \
                    and "、" not in text[a.fig.end:b.fig.start]:
                out.append(Relation(PAIR, (i, i + 1)))


basis_any = object()            # a ratio whose words do not say which budget it is of


def _pick_total(stmts: list[Statement], candidates: list[int], parts: list[int]) -> int:
    """The total of a list among several values before its 其中: the one the parts add up to, else
    the nearest one they do not exceed, else the nearest."""
    if len(candidates) == 1:
        return candidates[0]
    from .relations import interval
    from ..rounding import interval_sum
    total = interval_sum(interval(stmts[i].fig) for i in parts)
    for i in reversed(candidates):
        if interval(stmts[i].fig).meets(total):
            return i
    for i in reversed(candidates):
        if interval(stmts[i].fig).hi >= total.lo:
            return i
    return candidates[-1]


def _clause_cut(lead: str) -> int:
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


def _depth_at(text: str, start: int, pos: int) -> int:
    depth = 0
    for m in _BRACKET.finditer(text, start, pos):
        depth = max(0, depth + (1 if m.group() in "（(" else -1))
    return depth


def _basis(before: str, year: int) -> str | None:
    """What a change is measured from, by the words of its comparison (比上年 / 比年初预算)."""
    m = None
    for m in _COMPARE.finditer(before):
        pass
    words = before[m.start():] if m is not None else before[-20:]
    if _BUDGET_WORDS.search(words):
        return BUDGET_BASIS
    if _PRIOR_WORDS.search(words) or (year and str(year - 1) in words):
        return PRIOR_BASIS
    return None


def read_block(text: str, ctx: Context, scan: FigureScan | None = None) -> BlockReading:
    """Statements and relations of one block (see the module docstring). `scan`: the block's
    figures when already found (block-relative offsets)."""
    return _Reader(text, ctx).read(scan)
