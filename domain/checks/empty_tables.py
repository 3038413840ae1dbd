"""Empty tables: a disclosure table without data is still published, with a note saying why
(本单位不涉及 / 故本表无数据); a fund the unit does not have leaves its tables empty.
"""
from __future__ import annotations

import re

from ..funds import GOV_FUND, NAMES, SOE
from .compare import money
from .finding import ERROR, WARNING, Finding, Location
from .registry import rule
from .view import table_view

# words that say a table has no data because the unit has none of it
NOT_APPLICABLE = re.compile(r"不涉及|无数据|没有|未发生|未安排|无此项|无相关|未开展|无.{0,12}(收入|支出|经费)")
MAX_CELLS_NAMED = 3


def effective_note(unit, table_id: str) -> str:
    """The note printed under the table (as domain.layout prints it)."""
    spec = unit.template.table(table_id)
    note = unit.table_notes.get(table_id) or ""
    if note.strip():
        return note
    return spec.empty_note if table_view(unit, table_id).is_blank else ""


def says_not_applicable(note: str) -> bool:
    return bool(NOT_APPLICABLE.search(note or ""))


def _disclosure_tables(unit) -> list[str]:
    return [t.id for t in unit.template.disclosure_tables]


@rule("EMPTY-NOTE", "空表须注明“不涉及/无数据”", ERROR,
      "公开的每张表即使没有数据也要公开，并在表下注明原因（如“本单位本年度没有政府性基金预算财政拨款收入和支出，"
      "故本表无数据”）。表中没有任何数字或文字、又没有这样的说明时报错。")
def blank_table_needs_note(unit):
    tables = _disclosure_tables(unit)
    blank = [t for t in tables if table_view(unit, t).is_blank]
    if len(blank) == len(tables):  # nothing entered yet: one finding, not one per table
        yield Finding("EMPTY-NOTE", ERROR, f"{len(tables)}张公开报表都还没有数据；请录入或导入报表，"
                      "不涉及的表注明“本单位不涉及，故本表无数据”", tuple(Location(t) for t in tables))
        return
    for table_id in blank:
        view = table_view(unit, table_id)
        note = effective_note(unit, table_id)
        if says_not_applicable(note):
            continue
        said = f"，表下说明“{note.strip()}”没有写明不涉及或无数据" if note.strip() else ""
        yield Finding("EMPTY-NOTE", ERROR,
                      f"{view.ref} {view.spec.title}没有任何数据{said}；请填写数据，或注明“本单位不涉及，故本表无数据”",
                      (Location(table_id),))


@rule("EMPTY-NOTE-WITH-DATA", "表下说明称“无数据”而表中有数", WARNING,
      "表下说明写着“不涉及”“无数据”，表中却有数字：说明或数据必有一处过时。")
def note_contradicts_data(unit):
    for table_id in _disclosure_tables(unit):
        note = (unit.table_notes.get(table_id) or "").strip()
        if not note or not says_not_applicable(note):
            continue
        view = table_view(unit, table_id)
        if view.is_blank:
            continue
        cells = _filled_cells(view)
        yield Finding("EMPTY-NOTE-WITH-DATA", WARNING,
                      f"{view.ref} {view.spec.title}的表下说明是“{note}”，但表中有数据（{_describe(view, cells)}）",
                      (Location(table_id),) + tuple(view.location(r, c) for r, c in cells))


# fund -> (its name, its column of 表4's expenditure side, its rows of 表4's income side)
FUNDS = {
    GOV_FUND: (NAMES[GOV_FUND] + "财政拨款", "gov_fund", ("gov_fund_income", "begin_gov_fund")),
    SOE: (NAMES[SOE] + "财政拨款", "soe", ("soe_income", "begin_soe")),
}


def _fund_rule(fund: str, rule_id: str, tables: tuple[str, ...], title: str, explanation: str):
    name, column, income_rows = FUNDS[fund]

    def check(unit):
        if not unit.template.has("T4"):
            return
        t4 = table_view(unit, "T4")
        nonzero = [r.key for r in t4.rows if r.side == "expense" and t4.value(r.key, column)[0]]
        nonzero += [r for r in income_rows if t4.has_row(r) and t4.value(r, "amount")[0]]
        if nonzero:
            return
        for table_id in tables:
            if not unit.template.has(table_id):
                continue
            view = table_view(unit, table_id)
            table = view.spec
            if view.is_blank:
                continue
            cells = _filled_cells(view)
            yield Finding(rule_id, ERROR,
                          f"表4 的{name}各栏均为 0（本单位没有这项资金），但{view.ref} {table.title}有数据"
                          f"（{_describe(view, cells)}）；没有这项资金时{view.ref} 应为空表并注明“不涉及/无数据”",
                          tuple(view.location(r, c) for r, c in cells)
                          + tuple(t4.location(r.key, column) for r in t4.rows if r.key == "expense_total"))

    check.__name__ = "check_" + rule_id.lower().replace("-", "_")
    rule(rule_id, title, ERROR, explanation, reads=("T4",) + tables)(check)


_fund_rule(GOV_FUND, "X-T4-T7-EMPTY", ("T7", "T8"), "没有政府性基金时表7、表8 为空表",
           "表4 的政府性基金预算财政拨款各栏（收入、年初结转和结余、各类支出、年末结转和结余）均为 0 时，表7、表8 应为空表"
           "（其说明由 EMPTY-NOTE 核对）。")
_fund_rule(SOE, "X-T4-T9-EMPTY", ("T9",), "没有国有资本经营预算资金时表9 为空表",
           "表4 的国有资本经营预算财政拨款各栏均为 0 时，表9 应为空表（其说明由 EMPTY-NOTE 核对）。")


def _filled_cells(view) -> list[tuple[str, str]]:
    return [key[1:] for key in view.unit.filled_cells(view.id)]


def _describe(view, cells) -> str:
    money_unit = view.unit.meta.display_unit
    shown = []
    for row, col in cells[:MAX_CELLS_NAMED]:
        cell = view.stored(row, col)
        value = money(cell.amount, money_unit) if cell.amount is not None and view.kind(row, col) == "money" \
            else (str(cell.amount) if cell.amount is not None else f"“{cell.text}”")
        shown.append(f"{view.cell_label(row, col)} {value}")
    more = f" 等 {len(cells)} 格" if len(cells) > MAX_CELLS_NAMED else ""
    return "，".join(shown) + more
