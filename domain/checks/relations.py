"""Declarative relations between cells: `left op right`, each side a sum of cells.

A relation is data: an id, a title, a severity, an explanation and one or more comparisons written
as text, e.g. `"T5.total.basic = T6.personnel_total.amount + T6.public_total.amount"`. A term is
`table.row.column`; a row written `{code}` makes the relation range over codes:

* `over="class"` — every 功能分类 类 (3-digit code) found in the tables the `{code}` terms name;
* `over="code"`  — every code row of the coded tables in `domain` (合计 excluded);
* `over="leaves"` — every code row of the tables in `domain` that is not a sum of other rows (末级
  科目; 合计 only when the tables have no code rows), so one wrong figure is reported once, not per level.

A term whose row the table does not have counts as 0 (and is named “表中无此行” when that matters);
`only_if_present` skips a code that a named table lacks (another rule reports the missing row).
Each relation becomes one registered rule that reads exactly the tables its terms name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..template import TOTAL_ROW
from .compare import EQ, GE, LE, Side, compare, holds
from .finding import Finding
from .registry import rule
from .view import table_view

CODE = "{code}"
_OPERATOR = re.compile(r"\s+(=|≥|≤)\s+")


@dataclass(frozen=True)
class Term:
    table: str
    row: str
    col: str

    @classmethod
    def parse(cls, text: str) -> "Term":
        table, row, col = text.strip().split(".")
        return cls(table, row, col)

    def at(self, code: str | None) -> "Term":
        return Term(self.table, code, self.col) if self.row == CODE and code is not None else self


@dataclass(frozen=True)
class Comparison:
    left: tuple[Term, ...]
    op: str
    right: tuple[Term, ...]
    hint: str = ""                       # why it holds, appended to a finding (else the relation's hint)
    words: tuple[str, str] | None = None # the two sides in words, when the generated ones are clumsy

    @classmethod
    def parse(cls, text: str, hint: str = "", words: tuple[str, str] | None = None) -> "Comparison":
        parts = _OPERATOR.split(text.strip())
        if len(parts) != 3:
            raise ValueError(f"not a comparison: {text!r}")
        left, op, right = parts
        return cls(tuple(Term.parse(t) for t in left.split(" + ")), op,
                   tuple(Term.parse(t) for t in right.split(" + ")), hint, words)

    @property
    def terms(self) -> tuple[Term, ...]:
        return self.left + self.right


@dataclass(frozen=True)
class Relation:
    id: str
    title: str
    severity: str
    explanation: str
    comparisons: tuple[Comparison, ...]
    over: str | None = None              # None | "class" | "code" | "leaves"
    domain: tuple[str, ...] = ()         # tables whose rows `over` ranges over ("code", "leaves")
    only_if_present: tuple[str, ...] = ()
    hint: str = ""                       # a clause appended to each finding: why the relation holds
    reads: tuple[str, ...] = field(default=())

    def __post_init__(self):
        tables = {t.table for c in self.comparisons for t in c.terms} | set(self.domain)
        object.__setattr__(self, "reads", tuple(sorted(tables, key=_table_order)))

    # ---- evaluation ---------------------------------------------------------------------------
    def check(self, unit):
        tables = {t: table_view(unit, t) for t in self.reads if unit.template.has(t)}
        for code in self._codes(tables):
            if any(t in tables and not tables[t].has_row(code) for t in self.only_if_present):
                continue
            for comparison in self.comparisons:
                if not all(any(t.table in tables for t in side) for side in (comparison.left, comparison.right)):
                    continue            # a side lies wholly in tables this year's template does not have
                finding = self._compare(unit, tables, comparison, code)
                if finding is not None:
                    yield finding

    def _codes(self, tables) -> list[str | None]:
        if self.over is None:
            return [None]
        if self.over == "class":
            named = {t.table for c in self.comparisons for t in c.terms if t.row == CODE}
            codes = set()
            for t in named:
                if t in tables:
                    codes.update(r.key for r in tables[t].rows if r.key != TOTAL_ROW and len(r.key) == 3 and r.key.isdigit())
            return sorted(codes)
        codes = []
        seen = set()
        for t in self.domain:
            if t not in tables:
                continue
            view = tables[t]
            for r in view.rows:
                if r.key == TOTAL_ROW or r.key in seen or (self.over == "leaves" and view.row_parts.get(r.key)):
                    continue
                seen.add(r.key)
                codes.append(r.key)
        if self.over == "leaves" and not codes:
            codes = [TOTAL_ROW]      # tables without code rows: their 合计 is the only figure
        return sorted(codes)

    def _compare(self, unit, tables, comparison: Comparison, code) -> Finding | None:
        left = _values(tables, comparison.left, code)
        right = _values(tables, comparison.right, code)
        if holds(sum(v[0] for v in left), comparison.op, sum(v[0] for v in right)):
            return None
        left_side, right_side = _sides(tables, comparison, left, right, code)
        return compare(self.id, self.severity, left_side, comparison.op, right_side, unit.meta.display_unit,
                       comparison.hint or self.hint)


def _values(tables, terms, code) -> list[tuple[int, int]]:
    out = []
    for term in terms:
        view = tables.get(term.table)
        row = code if term.row == CODE else term.row
        out.append(view.value(row, term.col) if view is not None and view.has_row(row) else (0, 0))
    return out


def _resolve(tables, terms, values, code) -> tuple[list, list]:
    """(every term, the terms a side's words name): a term whose row the table lacks is left out
    of a longer sum, and so is a zero term from another table than the side's first term."""
    resolved = []
    for term, value in zip(terms, values):
        view = tables.get(term.table)
        if view is None:
            continue
        row = code if term.row == CODE else term.row
        resolved.append((view, row, term.col, value[0], view.has_row(row)))
    shown = resolved
    if len(resolved) > 1:
        shown = [r for r in resolved if r[4]] or resolved[:1]
        first = shown[0][0]
        shown = [r for r in shown if r[0] is first or r[3]] or shown[:1]
    return resolved, shown


def _sides(tables, comparison: Comparison, left_values, right_values, code) -> tuple[Side, Side]:
    """Name both sides. Terms are grouped by table (表6 人员经费合计 + 公用经费合计); when every
    term is in one table the right side drops the table (表1 收入总计 … ≠ 支出总计 …), and when
    every term is in one row too, the row is named once (表7 229 其他支出：年初结转和结余 + 本年收入 …)."""
    left_all, left_shown = _resolve(tables, comparison.left, left_values, code)
    right_all, right_shown = _resolve(tables, comparison.right, right_values, code)
    if comparison.words:
        return _side(comparison.words[0], left_values, left_all), _side(comparison.words[1], right_values, right_all)
    shown = left_shown + right_shown
    one_table = len({id(r[0]) for r in shown}) == 1
    one_row = one_table and len({r[1] for r in shown}) == 1
    if one_row:
        view, row = shown[0][0], shown[0][1]
        if not view.single_row:
            prefix = f"{view.ref} {view.row_label(row)}："
            left_text = prefix + " + ".join(view.col_label(r[2]) for r in left_shown)
            right_text = " + ".join(view.col_label(r[2]) for r in right_shown)
            return _side(left_text, left_values, left_all), _side(right_text, right_values, right_all)
    left_text = _words(left_shown, with_table=True)
    right_text = _words(right_shown, with_table=not one_table)
    return _side(left_text, left_values, left_all), _side(right_text, right_values, right_all)


def _words(shown, with_table: bool) -> str:
    groups: list[tuple[object, list[str]]] = []
    for view, row, col, _value, _present in shown:
        label = view.cell_label(row, col)
        if groups and groups[-1][0] is view:
            groups[-1][1].append(label)
        else:
            groups.append((view, [label]))
    return " + ".join((f"{view.ref} " if with_table else "") + " + ".join(labels) for view, labels in groups)


def _side(text: str, values, resolved) -> Side:
    return Side(text, sum(v[0] for v in values), sum(v[1] for v in values),
                tuple(view.location(row, col) for view, row, col, _v, present in resolved if present))


def relation(rule_id: str, title: str, severity: str, explanation: str, *comparisons: str | tuple,
             over: str | None = None, domain: tuple[str, ...] = (), only_if_present: tuple[str, ...] = (),
             hint: str = "") -> Relation:
    """A relation from comparisons written as text, or as (text, hint) or (text, hint, (left words,
    right words)) when a comparison needs its own reason or plainer words than the cell labels."""
    parsed = tuple(Comparison.parse(*((c,) if isinstance(c, str) else c)) for c in comparisons)
    for c in parsed:
        if c.op not in (EQ, GE, LE):
            raise ValueError(c.op)
    return Relation(rule_id, title, severity, explanation, parsed, over, tuple(domain), tuple(only_if_present), hint)


def register(relations, module: str) -> None:
    """Register each relation as a rule (listed in the catalogue under `module`)."""
    for r in relations:
        def check(unit, _relation=r):
            return _relation.check(unit)
        check.__name__ = "check_" + r.id.lower().replace("-", "_")
        check.__module__ = module
        rule(r.id, r.title, r.severity, r.explanation, reads=r.reads)(check)


def _table_order(table_id: str):
    digits = "".join(ch for ch in table_id if ch.isdigit())
    return (table_id[0], int(digits) if digits else 0)
