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

The relations a block's sentences establish are built by the sentence shapes (shapes/, one module
per shape); the words each shape reads are there too, the window sizes in text.py.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..codes import normalise_name
from .figures import BAD_GROUPING, Figure, FigureScan, Malformed, find_figures
from .functional import CODE, PATH, class_regex, codes_of, find_code, fund_topic, resolve_path
from .model import (ADJUSTED_BASIS, AMOUNT_R, AVERAGE_R, BASE_R, BUDGET_BASIS, BUDGET_R, CHANGE_R, CONST_R, COUNT_R,
                    FORMULA_R, PERCENT_R, PRIOR_BASIS, RATE_R, RATIO_R, SHARE_R, THRESHOLD_R, VALUE_ROLES, WHOLE_R,
                    BlockReading, BlockText, Context, Statement, Topic)
from .phrases import (FAMILIES, ORG_COUNT_UNITS, ORG_COUNTS, ORG_NAMES, SERVICE_GROUP, SERVICE_GROUP_EXCLUDE,
                      THRESHOLD_AFTER, THRESHOLD_BEFORE, Family)
from .relations import NAME, Relation
from .sections import CHECKED_PARTS, FUND_SECTIONS, NONE, ORGANISATION, SERVICES
from .shapes import SHAPES
from .shapes.averages import AVERAGE_WORDS
from .shapes.comparisons import (BASE_TRAIL, BUDGET_WORDS, CHANGE_WORDS, COMPARE_WORDS, OPENER_WORDS, PRIOR_WORDS,
                                  RATE_WORDS, SIGN, basis_of)
from .shapes.shares import ADJUSTED, FORMULA_CONST, FORMULA_EQ, OF_WHOLE, RATIO_WORDS, SHARE_WORDS, WHOLE_LEAD, WHOLE_TRAIL
from .text import (BUDGET_WINDOW, BUDGET_WORD_WINDOW, BASE_TRAIL_WINDOW, CLAUSE_SEP, FILLER, FORMULA_WINDOW, LEAD_WINDOW,
                   LINE_MARKER, MARKER, MARKER_FIRST, NEAR_WINDOW, SENTENCE_REACH, THRESHOLD_WINDOW, TRAIL_WINDOW,
                   VERB_WINDOW, clause_cut, depths, sentences, skip_bracket)

__all__ = ["read_block", "find_code", "resolve_path", "normalise_name", "Statement", "Topic", "Context",
           "BlockReading", "AMOUNT_R", "AVERAGE_R", "BASE_R", "BUDGET_R", "CHANGE_R", "CONST_R", "COUNT_R", "FORMULA_R",
           "PERCENT_R", "RATE_R", "RATIO_R", "SHARE_R", "THRESHOLD_R", "WHOLE_R", "VALUE_ROLES", "PRIOR_BASIS",
           "BUDGET_BASIS", "ADJUSTED_BASIS"]

_ANY_DIGIT = re.compile(r"[0-9０-９]")
_NO_FIGURES = FigureScan([], [])
_FIRST_SENTENCE = re.compile(r"[^。]*")
_TOPIC_CHARS = 16                  # words not recognised as a topic are quoted by their last characters
_BUDGET = re.compile(r"(?:预算|预算数|预算额|年初数|批复数|计划数|预算金额)(?:为|是)?\s*$")
# a bracket that names what a figure leaves out or takes in (“设备（不含车辆）2台”) names no topic
_EXCLUDED = re.compile(r"[（(](?:不含|含|不包括|包括|除)[^（）()]{0,20}[）)]")


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
            markers = [(m.group("name"), m.group("lvl"), m.start()) for m in PATH.finditer(clause)]
            cm = CODE.search(clause) if not markers else None
            if cm is not None:
                code = cm.group("code") or cm.group("code2")
                name = codes_of(self.ctx.year).name(code) or cm.group("name") or code
                self._note_name(cm.group("name"), code)
                self.fund_path = tuple((n, code[:n], codes_of(self.ctx.year).name(code[:n]) or code[:n])
                                       for n in (3, 5, 7) if n <= len(code))
                best = (cm.start(), Topic(name, f"{self.fund}:{code}"))
            elif markers:
                path = resolve_path([(n, l) for n, l, _ in markers], self.fund_path, self.ctx.year)
                self.fund_path = path
                if path[-1][1]:
                    self._note_name(path[-1][2], path[-1][1])
                best = (markers[-1][2], fund_topic(self.fund, path))
            else:
                regex, names = class_regex(self.ctx.year)
                m = regex.search(MARKER.sub("", clause.strip(" \t\u3000“”\"")))
                if m:
                    code = names.get(normalise_name(m.group().removesuffix("合计")))
                    if code:
                        name = codes_of(self.ctx.year).name(code) or m.group()
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
            m = SERVICE_GROUP.search(MARKER.sub("", clause.strip()))
            if m and not SERVICE_GROUP_EXCLUDE.search(m.group("group")):
                g = m.group("group")
                best = (0, Topic(f"{g}项目", f"services.group:{g}",
                                 ((frozenset({"个", "项"}), f"services.group_count:{g}"),)))
        return best[1] if best else None

    def _note_name(self, written: str | None, code: str) -> None:
        official = codes_of(self.ctx.year).name(code)
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
        starts = sentences(text)
        sent_of = [bisect_right(starts, f.start) - 1 for f in figures]
        depth_of = depths(text, [f.start for f in figures], starts)

        stmts: list[Statement] = []
        subject = self.ctx.subject
        gap_start = 0
        n = len(figures)
        size = len(text)
        regex = None if self.scan_all else self.vocab.regex
        scan_all = self.scan_all
        fund = self.fund
        role, topic = self.role, self.topic
        org = self.ctx.section == ORGANISATION
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
            cut = clause_cut(lead)
            clause_start = prev_end + cut
            clause = lead[cut:]
            # the words before the clause (earlier sentences, headings) may name a new subject
            if clause_start > gap_start:
                region = text[gap_start:clause_start]
                if "\n" in region:
                    lm = None
                    for lm in LINE_MARKER.finditer(region):
                        pass
                    if lm is not None:
                        subject = None
                        region = region[lm.end():]
                if scan_all or (regex is not None and regex.search(region)):
                    found = None
                    for part in CLAUSE_SEP.split(region):
                        if part and not part.isspace():
                            t = self.find_topic(part)
                            if t is not None:
                                found = t
                    if found is not None:
                        subject = found
            gap_start = f_end
            nxt = figures[i + 1].start if i + 1 < n else size
            trail = text[f_end:min(nxt, f_end + TRAIL_WINDOW)]
            st = Statement(fig, "", si, depth_of[i], clause_start, f_start in recovered, fund)
            self.prev_role = stmts[-1].role if stmts and stmts[-1].sentence == si else ""
            role(st, lead, clause, trail, max(s_start, f_start - SENTENCE_REACH))
            subject = topic(st, clause, subject)
            if org and st.role == COUNT_R and fig.unit in ORG_COUNT_UNITS:
                _org_count(st, trail)
            stmts.append(st)

        relations: list[Relation] = [Relation(NAME, (i,), st.renamed) for i, st in enumerate(stmts)
                                     if st.renamed is not None]
        pending: list[tuple[int, str]] = []
        roles = {st.role for st in stmts}
        block = BlockText(text, starts, self.ctx.year)
        for shape in SHAPES:
            if shape.applies(text, roles):
                shape.build(block, stmts, relations, pending)
        return BlockReading(stmts, list(scan.malformed), relations, self.title_topic, self.fund_path, pending)

    def role(self, st: Statement, lead: str, clause: str, trail: str, s_start: int) -> None:
        """The figure's role from the words before it (`lead`, its last `clause`) and after it;
        `s_start`: where its sentence starts, at most SENTENCE_REACH characters before it."""
        fig = st.fig
        tail = lead[-LEAD_WINDOW:]                       # every role pattern is anchored at the end of the lead
        if THRESHOLD_AFTER.match(self.text, fig.end) or THRESHOLD_BEFORE.search(tail[-THRESHOLD_WINDOW:]):
            st.role = THRESHOLD_R
            return
        if fig.kind == "points":                # “增长1.5个百分点”: a difference of two rates, not read
            st.role = PERCENT_R
            return
        if fig.kind == "percent":
            if self.prev_role == WHOLE_R and OF_WHOLE.match(lead):
                st.role, st.den = SHARE_R, ""               # of the whole written just before
            elif fig.value == 100 and FORMULA_CONST.search(tail[-FORMULA_WINDOW:]):
                st.role = CONST_R
            elif FORMULA_EQ.search(tail[-FORMULA_WINDOW:]):
                st.role = FORMULA_R
            elif (m := RATIO_WORDS.search(tail[-NEAR_WINDOW:])) is not None and "预算" in tail[-BUDGET_WORD_WINDOW:]:
                st.role, st.den = RATIO_R, (m.group("name") or ("完成全年预算" if ADJUSTED.search(m.group())
                                                                or "调整" in m.group() else "完成年初预算"))
            elif (m := SHARE_WORDS.search(tail)) is not None:
                st.role, st.den = SHARE_R, m.group("den").strip()
                if st.den == "比":                      # “占比X%”: of the total it is listed under
                    st.den = ""
            elif (m := RATE_WORDS.search(tail[-VERB_WINDOW:])) is not None and (
                    "幅" in m.group("verb") or COMPARE_WORDS.search(self.text, s_start, fig.start)):
                st.role = RATE_R
                st.sign = None if m.group("alt") else SIGN[m.group("verb")]
                st.basis = basis_of(self.text[s_start:fig.start], self.ctx.year)
            elif (m := RATIO_WORDS.search(tail[-NEAR_WINDOW:])) is not None:
                st.role, st.den = RATIO_R, (m.group("name") or "完成年初预算")
            else:
                st.role = PERCENT_R
            return
        m = CHANGE_WORDS.search(clause[-VERB_WINDOW:]) or CHANGE_WORDS.search(tail[-VERB_WINDOW:])
        if m is not None and COMPARE_WORDS.search(self.text, s_start, fig.start):
            st.role = CHANGE_R
            st.sign = None if m.group("alt") else SIGN[m.group("verb")]
            st.basis = basis_of(self.text[s_start:fig.start], self.ctx.year)
            return
        opener = None
        for opener in OPENER_WORDS.finditer(clause):
            pass
        if opener is not None:
            long_trail = self.text[fig.end:fig.end + BASE_TRAIL_WINDOW]
            pos = len(long_trail) - len(long_trail.lstrip())
            bm = BASE_TRAIL.match(long_trail, skip_bracket(long_trail, pos))
            if bm is not None:
                st.role = BASE_R
                st.equal = bm.group("eq") is not None
                words = clause[opener.start():]
                st.basis = PRIOR_BASIS if PRIOR_WORDS.search(words) or str(self.ctx.year - 1) in words else (
                    BUDGET_BASIS if BUDGET_WORDS.search(words) else None)
                return
        if fig.kind == "amount" and "均" in tail and (m := AVERAGE_WORDS.search(tail[-NEAR_WINDOW:])) is not None:
            st.role, st.den = AVERAGE_R, m.group("per") + "|" + m.group("what")
            return
        if fig.kind == "amount" and "占" in clause and WHOLE_LEAD.search(clause) \
                and WHOLE_TRAIL.match(self.text, fig.end):
            st.role = WHOLE_R
        elif fig.kind == "count":
            st.role = COUNT_R
        elif _BUDGET.search(clause[-BUDGET_WINDOW:]):
            st.role = BUDGET_R
            if ADJUSTED.search(clause):
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
            for opener in OPENER_WORDS.finditer(clause):
                pass
            if opener is None:
                for opener in COMPARE_WORDS.finditer(clause):
                    pass
            if opener is not None:
                words, look = clause[:opener.start()], clause[:opener.end()]
            else:                                   # “收、支总计各增加300万元”: the words before the verb
                vm = (CHANGE_WORDS if st.role == CHANGE_R else RATE_WORDS).search(clause) if st.role != BASE_R else None
                words = look = clause[:vm.start()] if vm is not None else ""
            body = MARKER.sub("", words)
            topic = self.find_topic(MARKER.sub("", look)) if body.strip() else None
        else:
            body = MARKER.sub("", words) if words[:1] in MARKER_FIRST else words
            topic = self.find_topic(body) if body and not body.isspace() else None
        if topic is None and (len(body) > 40 or not FILLER.match(body)):
            st.topic = body.strip(" ，,：:；;、“”")[-_TOPIC_CHARS:]
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


def _org_count(st: Statement, trail: str) -> None:
    """A count of the unit's 机构 keyed by the noun right after it (“14个内设机构”)."""
    m = ORG_COUNTS.match(trail.lstrip())
    if m is not None:
        st.key, st.topic, st.explicit = f"org.{m.lastgroup}", ORG_NAMES[m.lastgroup], True


def read_block(text: str, ctx: Context, scan: FigureScan | None = None) -> BlockReading:
    """Statements and relations of one block (see the module docstring). `scan`: the block's
    figures when already found (block-relative offsets)."""
    return _Reader(text, ctx).read(scan)
