"""Reading a whole narrative: blocks → statements → relations → internal checks.

`read_narrative(text, year)` is what the narrative rules use. It is pure and fast:

* each block is read once and cached by (block text, its context): after a one-character edit only
  the edited block (and any block whose heading context changed) is read again;
* the relations that need the whole text — a share's denominator named in another paragraph, the
  identities between quantities stated in different sections (本年收入合计 = Σ 收入 items, 三公 =
  Σ its three items …), the same quantity stated twice — are built from the statements' quantity
  keys with dict look-ups.

Statements are indexed in text order ("figure index"); every Check names the figure indices it
involves, so coverage and findings can map them to text spans.
"""
from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from dataclasses import dataclass, field, replace

from .figures import FigureScan, Malformed, find_figures
from .flow import Flow, flowed
from .phrases import (AVERAGES, BOUNDS, DENOMINATORS, FUND_NAMES, FUND_TABLES, IDENTITIES, ORG_COUNTS, RATIO_FAMILIES,
                      AMOUNT as Q_AMOUNT, BUDGET as Q_BUDGET, PRIOR as Q_PRIOR)
from .relations import (AVERAGE, BOUND, HUNDRED, NIL, RATE, REPEAT, RATIO, SHARE, SUM, Check, Relation, evaluate,
                        fmt, interval, value)
from .sections import EXPLANATION, GOV_FUND, PREFACE, SOE, Block, blocks, heading_title, section_kind
from .shapes.names import listed_below
from .statements import (ADJUSTED_BASIS, AMOUNT_R, BASE_R, BUDGET_R, BUDGET_BASIS, COUNT_R, PRIOR_BASIS, WHOLE_R,
                         BlockReading, Context, Statement, Topic, read_block)

Q_ADJUSTED = "adjusted"             # a 全年预算 (调整后预算): no table column, internal checks only
_CACHE_SIZE = 8192
_UNSET = object()
_DIGIT = re.compile(r"[0-9０-９]")
_block_cache: "OrderedDict[tuple, tuple[BlockReading, list[Check]]]" = OrderedDict()
_cache_lock = threading.Lock()


@dataclass
class Reading:
    text: str                              # the re-flowed text (flow.py); offsets below are into it
    year: int
    blocks: list[Block]
    statements: list[Statement]            # one per figure, text order
    offsets: list[int]                     # block offset of each statement (figure positions are block-relative)
    block_of: list[int]                    # block index of each statement
    malformed: list[tuple[int, int, Malformed]]   # spans in the ORIGINAL text
    checks: list[Check]                    # internal checks (ok or not)
    relations: list[Relation] = field(default_factory=list)   # the cross-block relations (for tests)
    share_parts: dict[int, int] = field(default_factory=dict)  # share figure → the amount it is a share of
    flow: Flow | None = None               # how `text` (re-flowed) maps back to the original text

    def span(self, i: int) -> tuple[int, int]:
        """Statement i's figure in the ORIGINAL text (what the GUI marks)."""
        st = self.statements[i]
        start, end = self.offsets[i] + st.fig.start, self.offsets[i] + st.fig.end
        return self.flow.span(start, end) if self.flow is not None else (start, end)

    def part(self, i: int) -> str:
        return self.blocks[self.block_of[i]].part

    def section(self, i: int) -> str:
        return self.blocks[self.block_of[i]].section

    def clause(self, i: int, j: int | None = None) -> str:
        """The words from statement i's clause to statement j's figure (quotation for messages)."""
        j = i if j is None else j
        if self.block_of[i] != self.block_of[j]:
            i = j                                  # far apart: quote the figure's own clause
        a, b = self.statements[i], self.statements[j]
        start = self.offsets[i] + a.clause
        end = _quoted_end(self.text, self.offsets[j] + b.fig.end, b)
        words = self.text[start:end].strip(" \t\u3000，,；;：:。\n")
        words = re.sub(r"\s*\n\s*", "", words)
        if len(words) > 80:
            words = words[:30] + "…" + words[-45:]
        return words


def _quoted_end(text: str, end: int, st: Statement) -> int:
    """Where a quotation ending at a figure ends: after the noun of a count that follows it (“7个事业单位”)."""
    if st.key is not None and st.key.startswith("org."):
        noun = ORG_COUNTS.match(text, end)
        if noun is not None:
            return noun.end()
    return end


_seen_blocks: set[str] = set()
_PRESCAN = 32           # more unseen blocks than this: find the figures of the whole text in one pass


def clear_cache() -> None:
    """Forget every block read so far (benchmarks and tests of a cold start)."""
    with _cache_lock:
        _block_cache.clear()
        _seen_blocks.clear()


def _shift(obj, offset: int):
    """A copy of a Figure/Malformed with offsets moved by -offset (no dataclass __init__: fast)."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    new.__dict__["start"] = obj.start - offset
    new.__dict__["end"] = obj.end - offset
    return new


def _prescan(text: str, outline: list[Block]) -> list[FigureScan]:
    """The figures of every block from one scan of the whole text (what each block's own scan gives:
    figures never span lines, and a malformed entry reaching into an earlier block is dropped)."""
    scan = find_figures(text)
    starts = [b.start for b in outline]
    out = [FigureScan([], []) for _ in outline]
    for fig in scan.figures:
        bi = bisect_right(starts, fig.start) - 1
        if bi >= 0 and fig.end <= outline[bi].end:
            out[bi].figures.append(_shift(fig, starts[bi]))
    for m in scan.malformed:
        bi = bisect_right(starts, m.start) - 1
        if bi >= 0 and m.end <= outline[bi].end:
            out[bi].malformed.append(_shift(m, starts[bi]))
    return out


def read_narrative(text: str, year: int) -> Reading:
    """Statements, relations and internal checks of a narrative (cached per block). The text is
    re-flowed first (soft line breaks and extraction spaces removed); spans point into `text`."""
    flow = flowed(text)
    text = flow.text
    outline = blocks(text)
    texts = [text[b.start:b.end] for b in outline]
    seen = _seen_blocks
    unseen = sum(1 for t in texts if t not in seen)
    prescanned = _prescan(text, outline) if unseen > _PRESCAN else None
    if len(_seen_blocks) > 4 * _CACHE_SIZE:
        with _cache_lock:
            _seen_blocks.clear()
    statements: list[Statement] = []
    offsets: list[int] = []
    block_of: list[int] = []
    malformed: list[tuple[int, int, Malformed]] = []
    checks: list[Check] = []
    local_relations: list[tuple[int, BlockReading]] = []
    titles: dict[int, Topic | None] = {}
    subjects: dict[tuple, Topic | None] = {}
    fund_path: tuple = ()
    fund_section = None
    for bi, block in enumerate(outline):
        btext = texts[bi]
        section = block.section
        if section != fund_section:
            fund_path, fund_section = (), section
        if block.level is None and (not _DIGIT.search(btext) if prescanned is None else
                                    not prescanned[bi].figures and not prescanned[bi].malformed):
            with _cache_lock:
                seen.add(btext)
            continue                             # plain words: nothing to read, nothing it passes on
        if block.level is not None and block.level >= 3:
            subject = None                       # a list item has its own topic (or none)
        else:
            subject = subjects.get(block.headings, _UNSET)
            if subject is _UNSET:
                subject = subjects[block.headings] = next(
                    (titles[h] for h in reversed(block.headings) if titles.get(h) is not None), None)
        ctx = Context(block.part, section, subject, fund_path, year, block.level is not None)
        key = (btext, ctx)
        hit = _block_cache.get(key)
        if hit is None:
            with _cache_lock:                      # the GUI may check in a worker thread
                _seen_blocks.add(btext)
            reading = read_block(btext, ctx, prescanned[bi] if prescanned is not None else None)
            local = _evaluate_local(reading, btext) if reading.relations else []
            hit = (reading, local)
            with _cache_lock:                      # the GUI may check in a worker thread
                _block_cache[key] = hit
                if len(_block_cache) > _CACHE_SIZE:
                    _block_cache.popitem(last=False)
        else:
            with _cache_lock:
                if key in _block_cache:
                    _block_cache.move_to_end(key)
        reading, local = hit
        titles[bi] = reading.title_topic
        fund_path = reading.fund_path_out
        base = len(statements)
        statements.extend(reading.statements)
        offsets.extend([block.start] * len(reading.statements))
        block_of.extend([bi] * len(reading.statements))
        for m in reading.malformed:
            malformed.append((*flow.span(block.start + m.start, block.start + m.end), m))
        checks.extend(c.shifted(base) for c in local)
        local_relations.append((base, reading))
    result = Reading(text, year, outline, statements, offsets, block_of, malformed, checks,
                     flow=flow if flow.cuts else None)
    relations = _global_relations(result, local_relations)
    result.relations = relations
    stmt = statements.__getitem__
    for rel in relations:
        result.checks.extend(evaluate(rel, stmt, result.clause))
    if any(c.undefined for c in result.checks):
        result.checks = _name_the_base(result)
    return result


def _name_the_base(r: Reading) -> list[Check]:
    """A rate over a base of 0 (“增长14.32%” of a new item): name an amount of the text that, as the
    base, gives the stated rate (often the section total: the figure is a share, not a growth rate)."""
    wholes = sorted((value(st.fig), i) for i, st in enumerate(r.statements)
                    if st.fig.kind == "amount" and stated_as(st) is not None and st.fig.value > 0)
    values = [v for v, _ in wholes]
    out = []
    for c in r.checks:
        if not c.undefined or c.ok:
            out.append(c)
            continue
        rate_i, num_i = c.undefined
        rate, num = interval(r.statements[rate_i].fig), interval(r.statements[num_i].fig)
        found = None
        if rate.lo > 0:
            lo, hi = num.lo * HUNDRED / rate.hi, num.hi * HUNDRED / rate.lo
            fits = [i for _, i in wholes[bisect_left(values, lo):bisect_right(values, hi)] if i != num_i]
            named = [i for i in fits if r.statements[i].key and r.statements[i].explicit]
            fits = named or fits
            before = [i for i in fits if i < rate_i]
            found = max(before) if before else (min(fits) if fits else None)
        if found is not None:
            w, n = r.statements[found], r.statements[num_i]
            name = w.topic or "文中"
            note = (f"按“{name}”{w.fig.text.strip()}计算，{fmt(value(n.fig))} ÷ {fmt(value(w.fig))} = "
                    f"{fmt(value(n.fig) * HUNDRED / value(w.fig), 2)}%，与所写相符，请核对所用的基数")
            c = replace(c, message=c.message.rstrip("。") + "；" + note + "。")
        out.append(c)
    return out


def _evaluate_local(reading: BlockReading, btext: str) -> list[Check]:
    """Checks of the relations inside one block (indices local to the block)."""
    stmts = reading.statements

    def quote(i: int, j: int) -> str:
        words = btext[stmts[i].clause:_quoted_end(btext, stmts[j].fig.end, stmts[j])].strip(" \t\u3000，,；;：:。\n")
        words = re.sub(r"\s*\n\s*", "", words)
        return words if len(words) <= 80 else words[:30] + "…" + words[-45:]

    out: list[Check] = []
    for rel in reading.relations:
        if any(m < 0 for m in rel.members[:1]) and rel.kind == SUM:
            continue                              # total stated elsewhere: resolved over the whole text
        out.extend(evaluate(rel, stmts.__getitem__, quote))
    return out


# ---- relations over the whole text ----------------------------------------------------------------

def stated_as(st: Statement) -> str | None:
    """Which value of its quantity a value statement gives: amount, budget or prior."""
    if st.role in (AMOUNT_R, COUNT_R):
        return Q_AMOUNT
    if st.role == BUDGET_R:
        return Q_BUDGET if st.basis != ADJUSTED_BASIS else Q_ADJUSTED
    if st.role == WHOLE_R:
        return Q_AMOUNT
    if st.role == BASE_R:
        return {PRIOR_BASIS: Q_PRIOR, BUDGET_BASIS: Q_BUDGET}.get(st.basis)
    return None


def same_quantity(a: Statement, b: Statement) -> bool:
    """Whether two statements of one key surely state the same value: both name their topic in their
    own words (none inherited from a heading or an earlier clause), in the same unit (辆 and 台 are
    never one count); the caller groups them by key and by the value stated (决算, 年初预算 …). When unsure the figures stay unchecked rather than contradict each other."""
    fa, fb = a.fig, b.fig
    return (fa.kind == fb.kind and (fa.kind != "count" or fa.unit == fb.unit)
            and a.explicit and b.explicit)


class _Stated:
    """Which statements state each (quantity key, value stated: 决算/年初预算/…), in text order."""

    def __init__(self, stmts: list[Statement]):
        self.first: dict[tuple[str, str], int] = {}
        self.all: dict[tuple[str, str], list[int]] = {}
        for i, st in enumerate(stmts):
            if st.key is None:
                continue
            role = stated_as(st)
            if role is None:
                continue
            self.all.setdefault((st.key, role), []).append(i)
            self.first.setdefault((st.key, role), i)

    def nearest(self, key: str, role: str, i: int) -> int | None:
        return _nearest(self.all.get((key, role), ()), i)


def _global_relations(r: Reading, local: list[tuple[int, BlockReading]]) -> list[Relation]:
    """The relations that need the whole text (see the module docstring)."""
    index = _Stated(r.statements)
    out = _repeats(r.statements, index)
    out += _sums(r, local, index)
    for base, reading in local:
        for li, what in reading.pending:
            rel = _RESOLVE[what](r, li + base, base, index)
            if rel is not None:
                out.append(rel)
    out += _bounds(index)
    out += _nil_funds(r, index)
    out += listed_below(r)
    return out


def _repeats(stmts: list[Statement], index: _Stated) -> list[Relation]:
    """The same quantity stated twice."""
    out = []
    for (key, _role), idx in index.all.items():
        for other in idx[1:]:
            if same_quantity(stmts[idx[0]], stmts[other]):
                out.append(Relation(REPEAT, (idx[0], other), (stmts[idx[0]].topic or key,)))
    return out


def _sums(r: Reading, local: list[tuple[int, BlockReading]], index: _Stated) -> list[Relation]:
    """Identities between quantities (本年收入合计 = Σ items …), the fund's 类/款/项, and lists whose
    total is only named (“运行维护费中，…”) — unless a stricter sum already covers the same figures."""
    first = index.first
    sums: dict[tuple[int, frozenset], Relation] = {}
    for ident in IDENTITIES:
        for role in ident.roles:
            total = first.get((ident.total, role))
            if total is None:
                continue
            parts = [first[(p, role)] for p in ident.parts if (p, role) in first]
            if not parts:
                continue
            exhaustive = ident.exhaustive and len(parts) == len(ident.parts)
            _add_sum(sums, total, parts, exhaustive)
    _fund_sums(r, first, index.all, sums)
    for base, reading in local:
        for rel in reading.relations:
            if rel.kind == SUM and rel.members[0] < 0:
                parts = [m + base for m in rel.members[1:]]
                name = rel.info[1].removeprefix("of:")
                total = _named_before(r, parts[0], name)
                if total is not None:
                    _add_sum(sums, total, parts, False)
    # a local list sum already covers the same figures: keep the stricter of the two
    local_sets = set()
    for base, reading in local:
        for rel in reading.relations:
            if rel.kind == SUM and rel.members[0] >= 0:
                local_sets.add((rel.members[0] + base, frozenset(m + base for m in rel.members[1:]), rel.info[0]))
    # an identity adds nothing when another sum with the same total covers all its parts
    covering: dict[int, list[tuple[frozenset, bool]]] = {}
    for total, parts, exhaustive in local_sets:
        covering.setdefault(total, []).append((parts, exhaustive))
    for (total, parts), rel in sums.items():
        covering.setdefault(total, []).append((parts, rel.info[0]))
    out = []
    for (total, parts), rel in sums.items():
        exhaustive = rel.info[0]
        if any((parts < other or (parts == other and (ex or not exhaustive) and (parts, ex) != (parts, exhaustive)))
               or (parts == other and ex == exhaustive and (total, parts, ex) in local_sets)
               for other, ex in covering[total] if other is not parts):
            continue
        out.append(rel)
    return out


def _resolve_share(r: Reading, i: int, base: int, index: _Stated) -> Relation | None:
    """A share whose whole is named after 占 (“占本年财政拨款支出的1.21%”)."""
    st = r.statements[i]
    if st.ref < 0:
        return None
    part = st.ref + base
    r.share_parts[i] = part
    wholes = [w for w in _denominators(r, i, index.first, index.all) if w != part]
    return Relation(SHARE, (i, part, *wholes), (st.den,)) if wholes else None


def _resolve_rate(r: Reading, i: int, base: int, index: _Stated) -> Relation | None:
    """A rate whose current amount is stated in an earlier sentence."""
    st = r.statements[i]
    change = st.ref + base
    key = r.statements[change].key
    stated = index.all.get((key, Q_AMOUNT), ()) if key else ()
    k = bisect_left(stated, change)
    cur = stated[k - 1] if k else None
    if cur is None or cur >= change:
        return None
    return Relation(RATE, (i, change, cur, -1), (st.sign, r.statements[change].sign))


def _resolve_ratio(r: Reading, i: int, base: int, index: _Stated) -> Relation | None:
    """执行率 / 差异率 of the amounts its family names (phrases.RATIO_FAMILIES)."""
    st = r.statements[i]
    for words, num_key, den_key, kind in RATIO_FAMILIES:
        if not words.search(st.den):
            continue
        num = index.nearest(num_key, Q_AMOUNT, i)
        # 执行率 is of the 全年预算 (调整后) when the text states one, else of the 预算
        den = _nearest(index.all.get((den_key, Q_ADJUSTED), ()) or index.all.get((den_key, Q_BUDGET), ())
                       or index.all.get((den_key, Q_AMOUNT), ()), i)
        if num is None or den is None:
            return None
        if kind == "difference":
            return Relation(RATE, (i, -1, num, den), (None, None))
        if _BARE_RATE.match(st.den) and r.blocks[r.block_of[num]].headings == r.blocks[r.block_of[i]].headings:
            # only the unit's own 预算执行率, under the heading that states its amounts
            return Relation(RATIO, (i, num, den), (st.den,))
        return None
    return None


def _resolve_average(r: Reading, i: int, base: int, index: _Stated) -> Relation | None:
    """车均 of the total and the count its family names (phrases.AVERAGES)."""
    st = r.statements[i]
    words = st.den.split("|", 1)[1]
    for pattern, num_keys, count_key in AVERAGES:
        if pattern.search(words):
            num = next((n for k in num_keys if (n := index.nearest(k, Q_AMOUNT, i)) is not None), None)
            count = index.nearest(count_key, Q_AMOUNT, i)
            if num is not None and count is not None:
                return Relation(AVERAGE, (i, num, count), (st.den,))
            return None
    return None


_RESOLVE = {"share": _resolve_share, "rate": _resolve_rate, "ratio": _resolve_ratio, "average": _resolve_average}


def _bounds(index: _Stated) -> list[Relation]:
    """Bounds between quantities (机关运行经费 ≤ 公用经费 …)."""
    first = index.first
    out = []
    for bound in BOUNDS:
        small = [first[(k, Q_AMOUNT)] for k in bound.small if (k, Q_AMOUNT) in first]
        big = next((first[(k, Q_AMOUNT)] for k in bound.big if (k, Q_AMOUNT) in first), None)
        if small and big is not None and big not in small:
            out.append(Relation(BOUND, (big, *small), (bound.reason,)))
    return out


# A fund section that says the unit has none of that fund: “本单位不涉及。”, “本年度未安排国有资本经营预算
# 财政拨款收支。”, “本单位无政府性基金预算财政拨款支出。” (a block of words only, right under the heading).
_NIL_WORDS = re.compile(r"不涉及|无此项|(?:未安排|未发生|没有|无)[^。，,；;]{0,30}(?:收支|支出|收入|资金)")
_NIL_KEYS = {GOV_FUND: ("gov_fund", ("gov_fund", "gov_fund/basic", "gov_fund/project", "basic.gov_fund"),
                        ("gov_fund_income",)),
             SOE: ("soe", ("soe",), ("soe_income",))}


def _nil_funds(r: Reading, index: _Stated) -> list[Relation]:
    """Each amount of a fund's spending (and income, when the words say 收支/收入) must be 0 where the
    fund's own section says the unit has none of it. Only the section heading itself counts (a 类
    heading's “无此项支出” says nothing of the fund), and only in the 决算说明."""
    with_figures = set(r.block_of)
    out = []
    done = set()
    for bi, block in enumerate(r.blocks):
        if (block.section not in _NIL_KEYS or block.section in done or block.level is not None
                or block.part not in (EXPLANATION, PREFACE) or bi in with_figures or not block.headings):
            continue
        words = r.text[block.start:block.end].strip()
        head = r.blocks[block.headings[-1]]
        title = heading_title(r.text[head.start:head.end], head.marker_end)
        if len(words) > 60 or re.search("[，,；;]", words) or not _NIL_WORDS.search(words) \
                or section_kind(title) != block.section \
                or "三公" in title + words:
            continue
        fund, spent, income = _NIL_KEYS[block.section]
        keys = spent + (income if re.search("收支|收入", title + words) else ())
        members = tuple(sorted(i for (key, role), idx in index.all.items() if role == Q_AMOUNT and (
            key in keys or key.startswith(fund + ":")) for i in idx))
        if members:
            out.append(Relation(NIL, members, (words.rstrip("。."), FUND_NAMES[fund])))
        done.add(block.section)
    return out


def _add_sum(sums: dict, total: int, parts: list[int], exhaustive: bool) -> None:
    key = (total, frozenset(parts))
    old = sums.get(key)
    if old is None or (exhaustive and not old.info[0]):
        sums[key] = Relation(SUM, (total, *parts), (exhaustive, "identity"))


def _fund_sums(r: Reading, first: dict, stated: dict, sums: dict) -> None:
    """Σ 类 = fund total (the 按大类 list); 类 ≥ Σ its stated 款, 款 ≥ Σ its stated 项; with no 类
    stated, the fund total ≥ Σ the 款/项 stated (年初预算 and 决算 each)."""
    by_fund: dict[tuple[str, str], dict[str, int]] = {}
    for (key, role), i in first.items():
        fund, sep, code = key.partition(":")
        if sep and fund in FUND_TABLES and code.isdigit():
            by_fund.setdefault((fund, role), {})[code] = i
    for (fund, role), codes in by_fund.items():
        total = first.get((fund, role))
        classes = [i for c, i in sorted(codes.items()) if len(c) == 3]
        if total is not None and classes:
            same_block = any(r.block_of[i] == r.block_of[total] for i in classes)
            _add_sum(sums, total, classes, same_block)
        elif total is not None:                    # 款/项 listed with no 类 above them: Σ ≤ the fund total
            tops = [i for c, i in sorted(codes.items()) if not any(c[:k] in codes for k in range(1, len(c)))]
            if tops:
                _add_sum(sums, total, tops, False)
        # the codes right below each (below it and below no other code below it), in code order:
        # the stated code that is a code's longest prefix
        below: dict[str, list[str]] = {}
        for c in sorted(codes):
            parent = next((c[:k] for k in range(len(c) - 1, 0, -1) if c[:k] in codes), None)
            if parent is not None:
                below.setdefault(parent, []).append(c)
        for code, i in codes.items():
            top = below.get(code) if len(code) < 7 else None
            if top:
                _add_sum(sums, i, [codes[c] for c in top], False)


def _nearest(indices, i: int) -> int | None:
    """The last of the (ascending) indices before i, else the first after it."""
    k = bisect_left(indices, i)
    if k:
        return indices[k - 1]
    return indices[0] if indices else None


_SECTION_TOTALS = {"income": ("income_total",), "expense": ("expense_total",), "procurement": ("proc.total",),
                   "gpb": ("@fund", "fiscal_expense", "fiscal_grand_total"), "gov_fund": ("@fund", "fiscal_grand_total"),
                   "soe": ("@fund", "fiscal_grand_total")}
_BARE_RATE = re.compile(r"^\s*(?:部门|整体|全年|本年)*(?:预算)?执行率$")
_NORMAL = re.compile(r"^(?:(?:19|20)\d\d年度?)|^本年度?|^全年|[“”\"（）()\s]")


def _normal(name: str) -> str:
    return _NORMAL.sub("", name)


def _named_before(r: Reading, i: int, name: str) -> int | None:
    """The nearest value statement before i whose topic or clause names `name`."""
    want = _normal(name)
    if not want:
        return None
    for j in range(i - 1, -1, -1):
        st = r.statements[j]
        if st.role not in (AMOUNT_R, BUDGET_R, COUNT_R):
            continue
        words = r.text[r.offsets[j] + st.clause:r.offsets[j] + st.fig.start]
        if want in _normal(st.topic) or want in _normal(words):
            return j
    return None


def _denominators(r: Reading, i: int, first: dict, stated: dict) -> list[int]:
    """Statements the denominator of share i may be (several for “本年财政拨款支出”)."""
    st = r.statements[i]
    name = _normal(st.den).removesuffix("的")
    out: list[int] = []
    if not name:                                   # “占X%”: the total of the section it stands in
        for key in _SECTION_TOTALS.get(r.section(i), ()):
            key = (st.fund or "gpb") if key == "@fund" else key
            j = _nearest(stated.get((key, Q_AMOUNT), ()), i)
            if j is not None and j not in out:
                out.append(j)
        return out
    for pattern, keys in DENOMINATORS:
        if pattern.search(name):
            for key in keys:
                if key == "@fund":
                    key = st.fund or "gpb"
                j = _nearest(stated.get((key, Q_AMOUNT), ()), i)
                if j is not None and j not in out:
                    out.append(j)
            break
    if out or not name:
        return out
    # a name the phrase table does not know: the nearest earlier amount stated under that name
    section, block = r.section(i), r.block_of[i]
    kind = r.statements[i - 1].fig.kind if i else "amount"
    for j in range(i - 1, max(-1, i - 80), -1):
        sj = r.statements[j]
        if r.block_of[j] != block and r.section(j) != section:
            break
        if sj.role not in (AMOUNT_R, COUNT_R) or sj.fig.kind != kind:
            continue
        words = _normal(r.text[r.offsets[j] + sj.clause:r.offsets[j] + sj.fig.start])
        if words.endswith(name) or (sj.topic and _normal(sj.topic).endswith(name)):
            return [j]
    return []


