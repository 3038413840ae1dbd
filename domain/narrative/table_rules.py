"""Narrative vs tables: every keyed figure compared with the table cell (or extra input) it names.

Which cells a quantity reads is data (phrases.QUANTITIES); fund rows (“gpb:2010301” → 表5 row
2010301) and 政府购买服务 groups (表12 rows by 一级目录) are resolved here.

When is a table compared at all (the rule for units still being filled in):

* if none of the twelve disclosure tables holds a value, no figure is compared with a table: the
  narrative gets its internal checks only, and one info finding says so (N-UNFILLED);
* otherwise a figure is compared with a disclosure table only when that table holds at least one
  value (an untouched table is "not filled yet", not "all zero"), with an extra column (年初预算)
  only when that column holds a value, and with an extra input (X1 上年数, X2) only when that very
  cell was entered. Each table skipped that way is named in one info finding (N-UNFILLED).

A stated amount stands for its rounding interval; an imported cell for its ± tolerance; they
agree when the intervals meet. Truncation instead of 四舍五入, and an amount written with fewer than
two decimals that loses a digit the table has, are warnings.
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from ..checks import ERROR, INFO, WARNING
from ..checks.naming import cell_name
from ..codes import match_names
from ..money import FEN_PER_UNIT
from ..prior import CLASS_TABLE
from ..rounding import Interval
from ..unit import DERIVED, ROWS
from .phrases import AVERAGES, DENOMINATORS, FUND_TABLES, QUANTITIES, AMOUNT, BUDGET, PRIOR
from .relations import (HUNDRED, OK, PRECISION, TRUNCATED, Check, Verdict, _judge, _pct, _verdict_note, fmt, value,
                        written_decimals)
from .sections import CHECKED_PARTS
from .reader import stated_as
from .statements import AVERAGE_R, BUDGET_BASIS, CHANGE_R, PRIOR_BASIS, RATE_R, RATIO_R, SHARE_R, normalise_name

DISCLOSURE = tuple(f"T{i}" for i in range(1, 13))
WAN = Decimal(FEN_PER_UNIT["万元"])
TABLE_RULE, PRIOR_RULE, UNFILLED_RULE = "N-TABLE", "N-PRIOR", "N-UNFILLED"


class _Missing(Exception):
    """A source whose table (or extra input, or 年初预算 column) has not been filled in.
    `table` is the table id, or "T5.initial_budget" for a column that has not been filled in."""

    def __init__(self, table: str, column: str | None = None):
        self.table = f"{table}.{column}" if column else table


class Value:
    """A table value: interval (in 万元 for money, plain for counts), the cells it sums, its words
    (given, or the cells' names joined by `namer` when a message first asks for them)."""
    __slots__ = ("lo", "hi", "point", "cells", "_words", "count", "_namer", "_interval", "fen")

    def __init__(self, lo, hi, point, cells, words, count=False, namer=None, fen=None):
        self.lo, self.hi, self.point, self.cells, self._words, self.count = lo, hi, point, cells, words, count
        self._namer = namer
        self._interval = None
        self.fen = fen              # (分, ± 分) of an amount summed from cells, else None

    @property
    def words(self) -> str:
        if self._words is None:
            self._words = " + ".join(self._namer(cell) for cell in self.cells)
        return self._words

    @words.setter
    def words(self, text: str) -> None:
        self._words = text

    @property
    def interval(self) -> Interval:
        if self._interval is None:
            self._interval = Interval(self.lo, self.hi)
        return self._interval


class TableSource:
    """What the narrative rules need of a unit: which tables are filled, cell values, row names."""

    def __init__(self, unit):
        self.unit = unit
        filled = {spec.id for spec in unit.template.tables if not unit.is_empty(spec.id)}   # the one definition
        budget_cols = set()
        for (table, _row, col), cell in unit.cells.items():
            if col == "initial_budget" and cell.amount is not None and cell.source != DERIVED:
                budget_cols.add(table)   # entered or imported, not merely summed from nothing
        self.filled = frozenset(filled)
        self.budget_cols = frozenset(budget_cols)
        self.any_filled = any(t in filled for t in DISCLOSURE)
        self.known: dict[tuple[str, str], tuple] = {}   # (key, role) -> (outcome, what it read): many figures cite one quantity
        # table -> (cells, rows) revision in this pass (the unit does not change during one)
        self.revisions: dict[str, tuple[int, int]] = {
            spec.id: (unit.revision(spec.id), unit.revision(spec.id + ROWS)) for spec in unit.template.tables}
        self.row_keys: dict[str, frozenset[str]] = {}     # table -> its row keys, in this pass
        self.reset()
        self._lookup()

    # ---- what a comparison read (to memoise it) ------------------------------------------------
    def reset(self) -> None:
        """A new comparison: it reads only through `quantity`, whose look-ups record what they read."""
        self.reads: list[tuple] = []            # (touched, whole, read) of each look-up it made

    def _lookup(self) -> None:
        self.touched: set[str] = set()          # tables whose rows were looked up
        self.whole: set[str] = set()            # tables read as a whole (T12's projects)
        self.read: dict[tuple, tuple] = {}      # cell -> what was read of it

    def _read(self, cell) -> tuple:
        c = self.unit.cells.get(cell)
        return self.unit.value(*cell)[0], c.tolerance if c is not None else 0, c is not None

    def has_row(self, table: str, key: str) -> bool:
        keys = self.row_keys.get(table)
        if keys is None:
            keys = self.row_keys[table] = frozenset(r.key for r in self.unit.rows(table))
        return key in keys

    def snapshot(self) -> tuple:
        """What the last comparison read (the records of its look-ups), with the tables' revisions of
        this pass (the records are new for each look-up and never changed afterwards: kept, not copied)."""
        return self.filled, self.budget_cols, tuple(self.reads), self.revisions

    def revision(self, table: str) -> tuple[int, int]:
        """(cells, rows) revision of a table in this pass."""
        rev = self.revisions.get(table)
        if rev is None:        # not a table of the template
            rev = self.revisions[table] = (self.unit.revision(table), self.unit.revision(table + ROWS))
        return rev

    def still_valid(self, snapshot: tuple) -> bool:
        """True when everything the snapshot's comparison read is unchanged (the cells read are
        read again only in the tables whose revision moved)."""
        filled, budget_cols, reads, then = snapshot
        if filled != self.filled or budget_cols != self.budget_cols:
            return False
        if len(reads) == 1:
            touched, whole, read = reads[0]
        else:
            touched, whole, read = set(), set(), {}
            for t, w, r in reads:
                touched |= t
                whole |= w
                read.update(r)
        if not all(t in then for t in touched) or not all(cell[0] in then for cell in read):
            return False       # a table outside the template was read then: compare again
        if any(self.revision(t)[1] != then[t][1] for t in touched) or \
                any(self.revision(t)[0] != then[t][0] for t in whole):
            return False
        changed = {cell[0] for cell in read if self.revision(cell[0])[0] != then[cell[0]][0]}
        return not changed or all(self._read(cell) == seen for cell, seen in read.items() if cell[0] in changed)

    def available(self, cell) -> bool:
        table, row, col = cell
        if self.unit.template.table(table).extra:      # an extra input (X1, X2, X4): only when entered
            self.read[cell] = self._read(cell)
            return self.unit.cell(table, row, col) is not None
        if col == "initial_budget":
            return table in self.budget_cols
        return table in self.filled

    def cell_value(self, cells, count: bool = False) -> Value:
        total = spread = 0                 # 分 (or a count) and its ± tolerance
        for cell in cells:
            self.touched.add(cell[0])
            fen, tol, _ = self.read[cell] = self._read(cell)
            total += fen
            spread += tol
        point = Decimal(total) if count else Decimal(total) / WAN
        if count or not spread:
            lo = hi = point
        else:
            lo, hi = Decimal(total - spread) / WAN, Decimal(total + spread) / WAN
        return Value(lo, hi, point, tuple(cells), None, count, self.cell_name, None if count else (total, spread))

    def cell_name(self, cell) -> str:
        """The cell as every message names it (checks.naming.cell_name: 表5 合计·本年支出合计)."""
        return cell_name(self.unit, cell)

    # ---- quantities -----------------------------------------------------------------------
    def quantity(self, key: str, role: str) -> Value | None:
        """The table value of quantity `key` stated as `role` (AMOUNT / BUDGET / PRIOR).
        None: the key has no table; raises _Missing when its table is not filled in. Looked up once
        per (key, role); each comparison citing it records what the look-up read."""
        hit = self.known.get((key, role))
        if hit is None:
            self._lookup()
            try:
                outcome = self._quantity(key, role)
            except _Missing as missing:
                outcome = missing
            finally:            # (an arithmetic error is the comparison's outcome: what it read counts)
                self.reads.append((self.touched, self.whole, self.read))
            hit = self.known[(key, role)] = outcome, self.reads[-1]
        else:
            self.reads.append(hit[1])
        outcome = hit[0]
        if isinstance(outcome, _Missing):
            raise outcome
        return outcome

    def _quantity(self, key: str, role: str) -> Value | None:
        fund, sep, rest = key.partition(":")
        if sep and fund in FUND_TABLES:
            return self._fund_row(fund, rest, role)
        if key.startswith("services."):
            return self._services(key)
        q = QUANTITIES.get(key)
        if q is None:
            return None
        sources = {AMOUNT: q.amount, BUDGET: q.budget, PRIOR: (q.prior,) if q.prior else ()}[role]
        if not sources:
            return None
        for source in sources:
            if all(self.available(c) for c in source):
                return self.cell_value(source, q.count)
        table, _row, col = sources[0][0]
        raise _Missing(table, col if col == "initial_budget" else None)

    def _fund_row(self, fund: str, code: str, role: str) -> Value | None:
        """A 功能分类 row of a fund's table (表5/表7/表9): its 决算, 年初预算, or 上年数 (X4, by 类)."""
        table, col = FUND_TABLES[fund]
        self.touched.add(table)
        if role == PRIOR:
            if not self.unit.template.has(CLASS_TABLE):
                return None
        elif role == BUDGET:
            col = "initial_budget"
            if table not in self.budget_cols:
                raise _Missing(table, col)
        elif table not in self.filled:
            raise _Missing(table)
        if code.startswith("?"):
            code = self._code_by_name(table, code[1:].split("/"))
            if code is None:
                return None
        if role == PRIOR:
            cell = (CLASS_TABLE, code, fund)
            if not self.available(cell):
                raise _Missing(CLASS_TABLE)
            return self.cell_value((cell,))
        if not self.has_row(table, code):
            name = self.unit.codes.name(code) or code
            return Value(Decimal(0), Decimal(0), Decimal(0), ((table, code, col),),
                         f"{self.unit.template.table(table).form}（没有“{code} {name}”这一行）")
        return self.cell_value(((table, code, col),))

    def _code_by_name(self, table: str, names: list[str]) -> str | None:
        """A 功能分类 row of the unit's table whose name matches the written path."""
        rows = [r for r in self.unit.rows(table) if r.code]
        parent = ""
        code = None
        for depth, name in enumerate(names):
            length = 3 + 2 * depth
            level = {r.code: r.label for r in rows if len(r.code) == length and r.code.startswith(parent)}
            found, _exact = match_names(name, level)
            if len(found) != 1:
                return None
            code = parent = found[0]
        return code

    def _services(self, key: str) -> Value | None:
        self.whole.add("T12")
        if "T12" not in self.filled:
            raise _Missing("T12")
        rows = [r for r in self.unit.rows("T12") if r.key != "total"]
        if key == "services.total":
            return self.cell_value((("T12", "total", "amount"),))
        if key == "services.count":
            n = Decimal(len(rows))
            return Value(n, n, n, (), f"{self.unit.template.table('T12').form}的项目数", True)
        kind, _, group = key.partition(":")
        wanted = normalise_name(group)
        members = [r for r in rows if normalise_name(self.unit.text("T12", r.key, "catalog1")) == wanted]
        if kind == "services.group_count":
            n = Decimal(len(members))
            return Value(n, n, n, tuple(("T12", r.key, "catalog1") for r in members),
                         f"{self.unit.template.table('T12').form}中一级目录为“{group}”的项目数", True)
        v = self.cell_value(tuple(("T12", r.key, "amount") for r in members))
        v.words = f"{self.unit.template.table('T12').form}中一级目录为“{group}”的项目金额之和"
        return v


# ---- comparing statements --------------------------------------------------------------------

def _stated_role(st) -> str | None:
    """The table column a statement's value is compared with (reader.stated_as); a 全年预算 (调整后)
    has none: the tables hold the 年初预算."""
    role = stated_as(st)
    return role if role in (AMOUNT, BUDGET, PRIOR) else None


@lru_cache(maxsize=1024)
def _den_keys(den: str, fund: str | None) -> tuple[str, ...]:
    name = re.sub(r"^(?:(?:19|20)\d\d年度?)|[“”\"\s]", "", den).removesuffix("的")
    for pattern, keys in DENOMINATORS:
        if pattern.search(name):
            return tuple((fund or "gpb") if k == "@fund" else k for k in keys)
    return ()


def table_checks(unit, reading, share_parts: dict[int, int], memo: dict | None = None,
                 source: TableSource | None = None) -> tuple[list[Check], dict[str, list[int]]]:
    """Checks of the keyed statements against the tables, and the statements skipped per unfilled table.

    `memo` (statement index → (what its comparison read, its outcome)) carries outcomes over from the
    last run on the same reading: a statement is compared again only when a cell it read (or the rows
    it looked up) changed, so after one cell edit only the statements citing that cell are redone.
    `source`: the unit's TableSource of this pass, if the caller has one."""
    view = source if source is not None else TableSource(unit)
    unfilled: dict[str, list[int]] = {}
    if not view.any_filled:
        return [], {}
    out: list[Check] = []
    stmts = reading.statements
    for i, st in enumerate(stmts):
        if st.key is None or reading.part(i) not in CHECKED_PARTS:
            continue
        held = memo.get(i) if memo is not None else None
        if held is not None and view.still_valid(held[0]):
            outcome = held[1]
        else:
            view.reset()
            try:
                outcome = _compare(view, reading, i, st, share_parts)
            except _Missing as missing:
                outcome = missing
            except (ArithmeticError, KeyError):
                outcome = None
            if memo is not None:
                memo[i] = (view.snapshot(), outcome)
        if isinstance(outcome, _Missing):
            unfilled.setdefault(outcome.table, []).append(i)
        elif outcome is not None:
            out.append(outcome)
    return out, unfilled


def _where(reading, i: int) -> str:
    return f"叙述“{reading.clause(i)}”"


def _note(v: Verdict, fig, unit: str) -> str:
    """What to add after the table value: the rounding story, or for a computed percentage the value
    it should have (an amount's table value says it already)."""
    if v.status in (TRUNCATED, PRECISION):
        return "，" + _verdict_note(v, fig, unit)
    return f"，应为{abs(v.rounded):f}{unit}" if unit == "%" else ""


_SEVERITY = {OK: None, PRECISION: WARNING, TRUNCATED: WARNING}
_ROLE_WORDS = {AMOUNT: "", BUDGET: "年初预算", PRIOR: "上年数"}


def _result(rule_id: str, v: Verdict, members, cells, message) -> Check:
    """`message()` is asked for only when the comparison fails (naming the cells costs more than comparing)."""
    severity = _SEVERITY.get(v.status, ERROR)
    return Check(rule_id, severity, message() if severity else "", tuple(members), tuple(cells))


_EXACT_FEN = 10 ** 20      # far inside the 28 digits of Decimal arithmetic: its quotients by 万 are exact


def _meets_in_fen(fig, fen: int, spread: int) -> bool:
    """True only when `_judge` would find the amount written as the table gives it (OK), decided in
    integer 分: a non-zero figure written to two to five decimals of 万元 stands for its 分 ± half a
    unit of its last place, 5·10^(5−d) 分, an integer; the two intervals meet. Anything else (a bare
    0, fewer decimals, a figure finer than 1 分, no meeting) is judged as before, in Decimal 万元."""
    d = written_decimals(fig)
    if not 2 <= d <= 5 or fig.value == 0:
        return False
    stated = fig.fen
    if stated is None or abs(stated) >= _EXACT_FEN or abs(fen) + spread >= _EXACT_FEN:
        return False
    half = 5 * 10 ** (5 - d)
    return fen - spread <= stated + half and stated - half <= fen + spread


def _compare(view: TableSource, reading, i: int, st, share_parts) -> Check | None:
    fig = st.fig
    role = _stated_role(st)
    if role is not None:
        t = view.quantity(st.key, role)
        if t is None:
            return None
        if t.count != (fig.kind == "count"):
            return None
        if t.fen is not None and fig.kind == "amount" and _meets_in_fen(fig, *t.fen):
            return Check(PRIOR_RULE if role == PRIOR else TABLE_RULE, None, "", (i,), tuple(t.cells))
        v = _judge(fig, t.interval, t.point, 2 if fig.kind == "amount" else None)
        unit = "万元" if fig.kind == "amount" else fig.unit
        msg = lambda: (f"{_where(reading, i)}与报表不符：{t.words}{_ROLE_WORDS[role]}为"
                       f"{fmt(t.point, 2) if not t.count else fmt(t.point)}{unit}{_note(v, fig, unit)}。")
        return _result(PRIOR_RULE if role == PRIOR else TABLE_RULE, v, (i,), t.cells, msg)
    if st.role in (CHANGE_R, RATE_R) and st.basis in (PRIOR_BASIS, BUDGET_BASIS):
        basis = PRIOR if st.basis == PRIOR_BASIS else BUDGET
        cur = view.quantity(st.key, AMOUNT)
        base = view.quantity(st.key, basis)
        if cur is None or base is None:
            return None
        rule_id = PRIOR_RULE if basis == PRIOR else TABLE_RULE
        cells = cur.cells + base.cells
        base_name = "上年数" if basis == PRIOR else "年初预算"
        if st.role == CHANGE_R:
            diff = cur.interval - base.interval
            point = cur.point - base.point
            written = value(fig)
            sign = st.sign if st.sign is not None else (1 if written < 0 or point >= 0 else -1)
            stated = written if written < 0 else written * sign
            v = _judge(fig, diff, point, 2 if fig.kind == "amount" else None, signed=stated)
            words = "增加" if point >= 0 else "减少"
            msg = lambda: (f"{_where(reading, i)}与报表不符：{cur.words}{fmt(cur.point, 2)}万元，{base_name}{fmt(base.point, 2)}万元，"
                   f"实际{words}{fmt(abs(point), 2)}万元{_note(Verdict(v.status, abs(v.rounded)), fig, '万元')}。")
            return _result(rule_id, v, (i,), cells, msg)
        if base.point == 0:
            return Check(rule_id, WARNING, f"{_where(reading, i)}：报表中{base_name}为0，增长率无从计算。", (i,), cells)
        q = cur.interval / base.interval
        if q is None:
            return None
        expected = Interval((q.lo - 1) * HUNDRED, (q.hi - 1) * HUNDRED)
        point = (cur.point / base.point - 1) * HUNDRED
        written = value(fig)
        sign = st.sign if st.sign is not None else (1 if point >= 0 else -1)
        stated = written if written < 0 else written * sign
        v = _judge(fig, expected, point, signed=stated)
        msg = lambda: (f"{_where(reading, i)}与报表不符：按{cur.words}{fmt(cur.point, 2)}万元、{base_name}{fmt(base.point, 2)}万元，"
               f"{'增长' if point >= 0 else '下降'}{_pct(abs(point))}%{_note(Verdict(v.status, abs(v.rounded)), fig, '%')}。")
        return _result(rule_id, v, (i,), cells, msg)
    if st.role == SHARE_R:
        part_i = share_parts.get(i)
        if part_i is None:
            return None
        part_role = _stated_role(reading.statements[part_i]) or AMOUNT
        part = view.quantity(st.key, part_role)
        if part is None or part.count:
            return None
        best = None
        for key in _den_keys(st.den, st.fund):
            try:
                whole = view.quantity(key, AMOUNT)
            except _Missing:
                continue
            if whole is None or whole.point == 0:
                continue
            q = part.interval / whole.interval
            if q is None:
                continue
            point = part.point / whole.point * HUNDRED
            v = _judge(fig, q.scale(HUNDRED), point)
            cand = (v, whole, point)
            if best is None or (best[0].status != OK and v.status == OK):
                best = cand
        if best is None:
            return None
        v, whole, point = best
        msg = lambda: (f"{_where(reading, i)}与报表不符：{part.words} ÷ {whole.words} = {fmt(part.point, 2)} ÷ {fmt(whole.point, 2)}"
               f" = {_pct(point)}%{_note(v, fig, '%')}。")
        return _result(TABLE_RULE, v, (i, part_i), part.cells + whole.cells, msg)
    if st.role == RATIO_R:
        final = view.quantity(st.key, AMOUNT)
        budget = view.quantity(st.key, BUDGET)
        if final is None or budget is None:
            return None
        if budget.point == 0:
            if final.point == 0:
                return None
            return Check(TABLE_RULE, WARNING, f"{_where(reading, i)}：报表中年初预算为0，完成率无从计算。", (i,),
                         final.cells + budget.cells)
        q = final.interval / budget.interval
        point = final.point / budget.point * HUNDRED
        v = _judge(fig, q.scale(HUNDRED), point)
        msg = lambda: (f"{_where(reading, i)}与报表不符：{final.words} ÷ 年初预算 = {fmt(final.point, 2)} ÷ {fmt(budget.point, 2)}"
               f" = {_pct(point)}%{_note(v, fig, '%')}。")
        return _result(TABLE_RULE, v, (i,), final.cells + budget.cells, msg)
    return None


def average_checks(unit, reading, source: TableSource | None = None) -> tuple[list[Check], dict[str, list[int]]]:
    """车均运行维护费 = 表10 公务用车运行维护费 ÷ 公务用车保有量 (X2). `source`: as for `table_checks`."""
    view = source if source is not None else TableSource(unit)
    view.reset()             # (what a comparison of table_checks read is its own)
    if not view.any_filled:
        return [], {}
    out, unfilled = [], {}
    for i, st in enumerate(reading.statements):
        if st.role != AVERAGE_R or reading.part(i) not in CHECKED_PARTS:
            continue
        words = st.den.split("|", 1)[1]
        for pattern, num_keys, count_key in AVERAGES:
            if not pattern.search(words):
                continue
            try:
                total = view.quantity(num_keys[0], AMOUNT)
                count = view.quantity(count_key, AMOUNT)
            except _Missing as missing:
                unfilled.setdefault(missing.table, []).append(i)
                break
            if total is None or count is None or count.point == 0:
                break
            n = count.point
            point = total.point / n
            v = _judge(st.fig, Interval(total.lo / n, total.hi / n), point)
            msg = lambda: (f"{_where(reading, i)}与报表不符：{total.words} ÷ {count.words} = {fmt(total.point, 2)} ÷ {fmt(n)}"
                   f" = {fmt(point, 4)}万元{_note(v, st.fig, '万元')}。")
            out.append(_result(TABLE_RULE, v, (i,), total.cells + count.cells, msg))
            break
    return out, unfilled


