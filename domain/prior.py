"""Last year's unit carried forward: the 上年数 the narrative compares with, and this year's rows.

`prior_figures(last)` reads last year's final figures from last year's tables (X1 of this year is
“上年决算数”); `class_figures(last, unit)` the 上年数 of each 功能分类 类 of 表5/表7/表9 (X4: one
column per fund, a row per 类 of last year's table or this year's, 0 for a 类 last year did not have);
`proposed_rows(last, unit)` lists last year's 功能分类 rows of 表5/表7/表9 that this year's tables
lack, as rows to enter this year's 年初预算 in (a 项 whose code no longer exists in this year's code
list is reported instead of proposed). `link_prior` applies them in one undoable step.
"""
from __future__ import annotations

from dataclasses import dataclass

from .edits import UnitSession
from .narrative.phrases import FUND_NAMES, FUND_TABLES
from .unit import CellKey, UnitData

# X1 row → where last year's tables hold it (cells summed); X2 is an extra input that year too
PRIOR_SOURCES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "grand_total": (("T1", "income_grand_total", "amount"),),
    "income_total": (("T1", "income_total", "amount"),),
    "expense_total": (("T3", "total", "total"),),
    "fiscal_grand_total": (("T4", "income_grand_total", "amount"),),
    "fiscal_income": (("T1", "gpb_income", "amount"), ("T1", "gov_fund_income", "amount"), ("T1", "soe_income", "amount")),
    "fiscal_expense": (("T4", "expense_total", "total"),),
    "gpb_expense": (("T5", "total", "total"),),
    "basic_expense": (("T3", "total", "basic"),),
    "project_expense": (("T3", "total", "project"),),
    "office_running": (("X2", "office_running", "value"),),
    "three_public": (("T10", "amount", "final_total"),),
}
CLASS_TABLE = "X4"           # 上年数 by 类: row = 类 code, column = fund key (gpb, gov_fund, soe)


class PriorError(ValueError):
    """Last year's file cannot serve as this unit's prior year."""


def prior_figures(last: UnitData) -> dict[tuple[str, str, str], int]:
    """This year's X1 cells from last year's unit: {("X1", row, "amount"): 分}. A figure whose
    source holds nothing in last year's file (an extra input never entered) is left out."""
    out = {}
    for row, sources in PRIOR_SOURCES.items():
        if all(_unfilled(last, c) for c in sources):
            continue
        out[("X1", row, "amount")] = sum(last.amount(*c) for c in sources)
    return out


def class_figures(last: UnitData, unit: UnitData) -> dict[CellKey, int]:
    """This year's X4 cells from last year's unit: {("X4", 类 code, fund): 分} for each fund whose
    table last year holds figures — every 类 of last year's table, and every 类 of this year's
    table (0 when last year had none of it, so that its 比上年增加 is said and checked too)."""
    if not unit.template.has(CLASS_TABLE):
        return {}
    out = {}
    for fund, (table, col) in FUND_TABLES.items():
        if last.is_empty(table):
            continue
        codes = {r.code for data in (last, unit) for r in data.rows(table) if r.code and len(r.code) == 3}
        for code in sorted(codes):
            out[(CLASS_TABLE, code, fund)] = last.amount(table, code, col) if last.row(table, code) else 0
    return out


def class_prior(unit: UnitData, fund: str, code: str) -> int | None:
    """The 上年数 of a 功能分类 row (X4), None when it was not entered (nothing is compared then)."""
    if not unit.template.has(CLASS_TABLE):
        return None
    cell = unit.cell(CLASS_TABLE, code, fund)
    return cell.amount if cell is not None else None


def prior_label(unit: UnitData, cell: CellKey) -> str:
    """How the link names an 上年数 it filled: “收、支总计”, “一般公共预算财政拨款 201 一般公共服务支出”."""
    table, row, col = cell
    if table == CLASS_TABLE:
        return f"{FUND_NAMES[col]} {row} {unit.codes.name(row) or ''}".rstrip()
    return unit.template.table(table).row(row).label


def _unfilled(last: UnitData, cell: tuple[str, str, str]) -> bool:
    """An extra input never entered, or a cell of a table with nothing in it (not a 0 to copy)."""
    return last.cell(*cell) is None if cell[0] == "X2" else last.is_empty(cell[0])


@dataclass(frozen=True)
class ProposedRow:
    table: str
    code: str
    name: str
    last_final: int          # last year's 决算 of the row (分), shown to help the clerk


def proposed_rows(last: UnitData, unit: UnitData) -> tuple[list[ProposedRow], list[ProposedRow]]:
    """(rows to add, rows whose code is not in this year's code list) from last year's 项 rows."""
    add, gone = [], []
    for table, col in FUND_TABLES.values():
        for row in last.rows(table):
            if not row.code or len(row.code) != 7 or unit.row(table, row.code) is not None:
                continue
            name = unit.codes.name(row.code)
            item = ProposedRow(table, row.code, name or row.label, last.amount(table, row.key, col))
            (add if name else gone).append(item)
    return add, gone


LINK_LABEL = "关联上年数"


def other_unit_note(last: UnitData, unit: UnitData) -> str | None:
    """A note when last year's file names another unit (a renamed unit is fine, a wrong file is not)."""
    if last.meta.unit_name.strip() == unit.meta.unit_name.strip():
        return None
    return f"注意：上年文件的单位名称是“{last.meta.unit_name}”，本单位是“{unit.meta.unit_name}”，请确认选对了文件"


def link_prior(session: UnitSession, last: UnitData, add_rows: bool = False) -> list[tuple[tuple[str, str, str], int | None, int]]:
    """Fill this year's X1 and X4 from last year's unit (and add the proposed rows when asked) as one
    undoable step; return the cells that changed as (cell, old 分 or None, new 分)."""
    unit = session.unit
    if all(last.is_empty(t.id) for t in last.template.tables if not t.extra):
        raise PriorError(f"上年文件中没有任何报表数据（{last.meta.unit_name} {last.meta.year}年度）")
    if last.meta.year != unit.meta.year - 1:
        raise PriorError(f"上年文件是{last.meta.year}年度的，本单位是{unit.meta.year}年度：上年文件应为{unit.meta.year - 1}年度")
    changed = []
    for cell, value in {**prior_figures(last), **class_figures(last, unit)}.items():
        old = unit.cell(*cell)
        old_value = old.amount if old is not None else None
        if old_value != value:
            changed.append((cell, old_value, value))
    rows = proposed_rows(last, unit)[0] if add_rows else []
    with session.step(LINK_LABEL):
        for (table, code, _fund), _old, _new in changed:
            if table == CLASS_TABLE and unit.row(table, code) is None:
                session.add_row(table, code)
        if changed:
            session.set_values([(*cell, value) for cell, _old, value in changed])
        for row in rows:
            session.add_row(row.table, row.code)
    return changed
