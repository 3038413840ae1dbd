"""Everything the narrative rules report about one unit, computed once per (text, tables) state.

The rule functions (text_rules, table_rules, coverage) each yield their part of one
`NarrativeReport`; it is kept on the unit and rebuilt only when the narrative or a cell changes,
so running all the N- rules costs one reading of the text.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..checks import ERROR, INFO, WARNING, Finding, Location
from .figures import PLACEHOLDER, MISSING_NUMBER
from .reader import Reading, read_narrative
from .relations import Check
from .sections import CHECKED_PARTS, PART_NAMES
from .statements import THRESHOLD_R
from .table_rules import TableSource, average_checks, table_checks

MALFORMED_RULE = "N-MALFORMED"
UNFILLED_RULE = "N-UNFILLED"


@dataclass(frozen=True)
class PartCoverage:
    part: str
    name: str
    total: int
    bound: int                        # took part in any check
    exact: int = 0                    # took part in an equality or a computed value (not only a bound)

    @property
    def percent(self) -> float:
        return 100.0 * self.bound / self.total if self.total else 100.0


@dataclass(frozen=True)
class Coverage:
    """How many of the narrative's figures took part in at least one check, in two tiers: *checked
    exactly* (an equality or a computed value: a sum, a share, a table cell …) and *plausible only*
    (no more than a bound: 其中 parts ≤ their total, 批次 ≤ 人次, a count and its amount both zero)."""
    total: int
    bound: int
    parts: tuple[PartCoverage, ...]
    unbound: tuple[int, ...]          # figure indices (see NarrativeReport.reading)
    exact: int = 0

    @property
    def plausible(self) -> int:
        return self.bound - self.exact

    @property
    def percent(self) -> float:
        return 100.0 * self.bound / self.total if self.total else 100.0

    def of(self, *parts: str) -> tuple[int, int]:
        """(total, bound) over the given parts (e.g. CHECKED_PARTS: 决算说明 + 其他重要事项)."""
        sel = [p for p in self.parts if p.part in parts]
        return sum(p.total for p in sel), sum(p.bound for p in sel)

    def tiers(self, *parts: str) -> tuple[int, int, int]:
        """(total, checked exactly, plausible only) over the given parts."""
        sel = [p for p in self.parts if p.part in parts]
        exact = sum(p.exact for p in sel)
        return sum(p.total for p in sel), exact, sum(p.bound for p in sel) - exact

    def summary(self) -> str:
        text = (f"叙述数字：共{self.total}个，已核对{self.bound}个（{self.percent:.0f}%），"
                f"其中精确核对{self.exact}个（{_pct(self.exact, self.total)}）、仅合理性核对{self.plausible}个")
        if len(self.parts) > 1:
            text += "；" + "，".join(f"{p.name}{p.bound}/{p.total}（{p.percent:.0f}%，精确{p.exact}）" for p in self.parts)
        return text


def _pct(n: int, total: int) -> str:
    return f"{100.0 * n / total:.0f}%" if total else "100%"


@dataclass
class NarrativeReport:
    reading: Reading
    checks: list[Check]                               # internal and table checks, ok or not
    unfilled: dict[str, list[int]]                    # table id → figures not compared with it
    tables_empty: bool
    coverage: Coverage
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    memo: dict = field(default_factory=dict)          # table_checks' outcomes per statement, for reuse


def _state(unit) -> tuple:
    revision = getattr(unit, "revision", None)
    if callable(revision):          # UnitData: one counter moves with any change (cells, rows, notes …)
        return (unit.meta.year, unit.meta.template_year, revision(), 0)
    cells = hash(frozenset(unit.cells.items()))
    rows = hash(tuple((t, tuple(sorted(r.items()))) for t, r in sorted(unit.extra_rows.items())))
    return (unit.meta.year, unit.meta.template_year, cells, rows)


def findings_of(unit, rule_id: str) -> list[Finding]:
    """The report's findings under one N- rule id (each N- rule function returns its own)."""
    return narrative_report(unit).findings.get(rule_id, [])


def narrative_report(unit) -> NarrativeReport:
    """The report for the unit's current narrative and tables (kept on the unit until either changes)."""
    key = (unit.narrative, _state(unit))
    held = unit.cache.get(_REPORT)
    if held is not None and held[0] == key:
        return held[1]
    same_text = held is not None and held[0][0] == unit.narrative and held[0][1][:2] == key[1][:2]
    report = _build(unit, held[1] if same_text else None)
    unit.cache[_REPORT] = _Held((key, report))
    return report


_REPORT = "narrative-report"


class _Held(tuple):
    """(state key, report) kept in `unit.cache`; a snapshot gets the report with its own memo."""
    def carried(self, snapshot) -> "_Held":
        key, report = self
        return _Held((key, replace(report, memo=dict(report.memo))))


def _build(unit, previous: NarrativeReport | None = None) -> NarrativeReport:
    """`previous`: the report on the same text before a table changed (its reading and memo are reused)."""
    reading = previous.reading if previous else read_narrative(unit.narrative or "", unit.meta.year)
    memo = previous.memo if previous else {}
    source = TableSource(unit)
    table, unfilled = table_checks(unit, reading, reading.share_parts, memo, source)
    averages, unfilled_avg = average_checks(unit, reading, source)
    for t, idx in unfilled_avg.items():
        unfilled.setdefault(t, []).extend(idx)
    checks = _settled_by_tables(reading.checks, table + averages) + table + averages
    tables_empty = all(unit.is_empty(t.id) for t in unit.template.disclosure_tables)
    coverage = _coverage(reading, checks)
    report = NarrativeReport(reading, checks, unfilled, tables_empty, coverage, memo=memo)
    report.findings = _findings(unit, report)
    return report


def _settled_by_tables(internal: list[Check], table: list[Check]) -> list[Check]:
    """The internal checks, a rounding warning turned ok when every figure of its relation agrees
    with the table value it names: the comparison with the tables decides (a difference written as
    the tables give it, 8.24, is right even though the two rounded figures in the text differ by 8.25)."""
    agreed = {c.members[0] for c in table if c.ok}
    if not agreed:
        return list(internal)
    return [replace(c, severity=None, message="")
            if c.rounding and c.severity == WARNING and all(m in agreed for m in c.members) else c
            for c in internal]


def _coverage(reading: Reading, checks: list[Check]) -> Coverage:
    bound_set, exact_set = set(), set()
    for c in checks:
        if not c.counted:
            continue
        bound_set.update(c.members)
        if c.exact:
            exact_set.update(c.members)
    counts: dict[str, list[int]] = {}
    unbound = []
    for i, st in enumerate(reading.statements):
        if st.role == THRESHOLD_R:
            continue
        part = reading.part(i)
        entry = counts.setdefault(part, [0, 0, 0])
        entry[0] += 1
        if i in bound_set:
            entry[1] += 1
            entry[2] += i in exact_set
        else:
            unbound.append(i)
    order = list(PART_NAMES)
    parts = tuple(PartCoverage(p, PART_NAMES[p], t, b, e)
                  for p, (t, b, e) in sorted(counts.items(), key=lambda kv: order.index(kv[0])))
    total = sum(p.total for p in parts)
    bound = sum(p.bound for p in parts)
    return Coverage(total, bound, parts, tuple(unbound), sum(p.exact for p in parts))


def _spans(reading: Reading, members) -> tuple[Location, ...]:
    out = []
    for m in members:
        start, end = reading.span(m)
        out.append(Location(start=start, end=end))
    return tuple(out)


def _findings(unit, report: NarrativeReport) -> dict[str, list[Finding]]:
    reading = report.reading
    out: dict[str, list[Finding]] = {}
    # one finding per failed relation: the same figures related twice (a 其中 list that is also a
    # template identity) keep the later, stricter check; identical messages are said once
    failed: dict[tuple, Check] = {}
    for c in report.checks:
        if not c.ok:
            failed.pop((c.rule, frozenset(c.members)), None)
            failed[(c.rule, frozenset(c.members))] = c
    seen = set()
    for c in sorted(failed.values(), key=lambda c: min(c.members, default=0)):
        members = c.members
        if c.rule == "N-REPEAT" and len(members) == 2:
            members = (members[1], members[0])
        key = (c.rule, c.message)
        if key in seen:
            continue
        seen.add(key)
        locations = _spans(reading, members) + tuple(Location(*cell) for cell in c.cells)
        out.setdefault(c.rule, []).append(Finding(c.rule, c.severity, c.message, locations))
    recovered = {reading.span(i)[0] for i, st in enumerate(reading.statements) if st.recovered}
    for start, end, m in reading.malformed:
        message = m.reason
        if m.code not in (PLACEHOLDER, MISSING_NUMBER):
            message += "；请改正后再公开。"
        if start in recovered:
            message += f"（核对时按“{m.text.replace(',', '').replace('，', '')}”理解）"
        out.setdefault(MALFORMED_RULE, []).append(Finding(MALFORMED_RULE, ERROR, message, (Location(start=start, end=end),)))
    # tables not filled in yet: say which comparisons were not made
    if reading.statements:
        if report.tables_empty:
            n = sum(1 for i, st in enumerate(reading.statements) if st.key and reading.part(i) in CHECKED_PARTS)
            if n:
                out.setdefault(UNFILLED_RULE, []).append(Finding(UNFILLED_RULE, INFO,
                    f"报表尚未填写：说明中能认出含义的{n}个数字暂不与报表比较，只做了说明内部的核对。"))
        else:
            for missing, idx in sorted(report.unfilled.items(), key=lambda kv: (len(kv[0]), kv[0])):
                table, _, column = missing.partition(".")
                spec = unit.template.table(table)
                name = f"{spec.form or ''}《{spec.title}》" if spec.form else spec.title
                what = (f"的“{spec.column(column).label}”列" if column else
                        "中相应的补充数据" if spec.extra else "")
                out.setdefault(UNFILLED_RULE, []).append(Finding(UNFILLED_RULE, INFO,
                    f"{name}{what}尚未填写：说明中引用它的{len(idx)}个数字暂不与它比较，只做了说明内部的核对。",
                    _spans(reading, idx[:20])))
    return out
