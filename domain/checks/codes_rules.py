"""支出功能分类 codes of the coded tables (表2/3/5/7/9): well formed, complete hierarchy (a 项 has
its 款, a 款 its 类), broken down to 项, listed in the year's code book, and of the budget (fund) the
table reports (表5 一般公共预算, 表7 政府性基金预算, 表9 国有资本经营预算).
"""
from __future__ import annotations

from ..codes import FUNCTIONAL, LEVELS, parent_code
from ..funds import NAMES as FUND_NAMES, TABLES as FUND_TABLES
from ..template import TOTAL_ROW
from .finding import ERROR, WARNING, Finding, Location
from .registry import rule
from .view import TableView, table_view

LEVEL = LEVELS[FUNCTIONAL]           # 3: 类, 5: 款, 7: 项


def _coded_tables(unit) -> list[TableView]:
    return [table_view(unit, t.id) for t in unit.template.tables if t.layout == "coded"]


def _codes(view: TableView) -> list[str]:
    return [r.key for r in view.rows if r.key != TOTAL_ROW]


@rule("CODE-LEVEL", "科目编码格式与层级", ERROR,
      "功能分类科目编码应为 3 位（类）、5 位（款）或 7 位（项）数字；每个“项”所属的“款”、每个“款”所属的“类”都应在表中"
      "（缺了上级，这一行的金额就不会计入合计）。")
def code_levels(unit):
    for view in _coded_tables(unit):
        yield from view.once("CODE-LEVEL", lambda v=view: tuple(_level_findings(v)))


def _level_findings(view: TableView):
    for code in _codes(view):
        if not (code.isdigit() and len(code) in LEVEL):
            yield Finding("CODE-LEVEL", ERROR,
                          f"{view.ref} 的科目编码“{code}”不是有效的功能分类编码（应为 3、5 或 7 位数字）",
                          (Location(view.id, code),))
            continue
        parent = parent_code(code)
        if parent is not None and not view.has_row(parent):
            level, parent_level = LEVEL[len(code)], LEVEL[len(parent)]
            parent_name = view.unit.codes.name(parent)
            yield Finding("CODE-LEVEL", ERROR,
                          f"{view.ref} {view.row_label(code)} 是“{level}”级科目，但表中没有它所属的“{parent_level}” "
                          f"{parent}{' ' + parent_name if parent_name else ''}，这一行的金额没有计入合计",
                          (Location(view.id, code),))


@rule("CODE-DEPTH", "功能分类应细化到“项”", WARNING,
      "部门决算按支出功能分类公开到“项”级科目；有金额的“类”或“款”下面却没有下级科目时提示补全"
      "（补充数据中按类填写的上年数除外）。")
def code_depth(unit):
    for view in _coded_tables(unit):
        if view.spec.extra:         # X4: last year's figures by 类, not a disclosure table
            continue
        yield from view.once("CODE-DEPTH", lambda v=view: tuple(_depth_findings(v)))


def _depth_findings(view: TableView):
    money_cols = [c.key for c in view.spec.columns if c.kind == "money" and not c.extra]
    for code in _codes(view):
        if not code.isdigit() or len(code) not in (3, 5) or view.row_parts.get(code):
            continue
        if any(view.value(code, c)[0] for c in money_cols):
            yield Finding("CODE-DEPTH", WARNING,
                          f"{view.ref} {view.row_label(code)} 是“{LEVEL[len(code)]}”级科目，下面没有“项”级科目；"
                          "金额应填在所属的“项”上",
                          (Location(view.id, code),))


@rule("CODE-UNKNOWN", "科目编码不在本年度科目表中", WARNING,
      "表中的功能分类编码不在该年度《政府收支分类科目》中：可能是编码有误，也可能是科目表尚未收录的新科目；"
      "编码照样保留，请核对。")
def code_unknown(unit):
    if not unit.codes.names:
        return
    for view in _coded_tables(unit):
        yield from view.once("CODE-UNKNOWN", lambda v=view: tuple(_unknown_findings(v)))


def _unknown_findings(view: TableView):
    codes = view.unit.codes
    year = view.unit.meta.template_year
    for code in _codes(view):
        if code.isdigit() and len(code) in LEVEL and code not in codes:
            yield Finding("CODE-UNKNOWN", WARNING,
                          f"{view.ref} 的科目 {view.row_label(code)} 不在{year}年支出功能分类科目中（已保留该行，请核对编码）",
                          (Location(view.id, code),))


# the budget each 财政拨款 expenditure table is paid from (表5, 表7, 表9)
TABLE_FUND = {table: fund for fund, table in FUND_TABLES.items()}


@rule("CODE-FUND", "科目与资金性质不符", WARNING,
      "表5 只应列一般公共预算支出科目，表7 只应列政府性基金预算支出科目，表9 只应列国有资本经营预算支出科目"
      "（以本年度科目表对科目的标注为准；核对末级科目）。")
def code_fund(unit):
    codes = unit.codes
    if not codes.funds:
        return
    for table_id, expected in TABLE_FUND.items():
        if unit.template.has(table_id):
            view = table_view(unit, table_id)
            yield from view.once("CODE-FUND", lambda v=view, e=expected: tuple(_fund_findings(v, e)))


def _fund_findings(view: TableView, expected: str):
    for code in _codes(view):
        if not code.isdigit() or view.row_parts.get(code) or code not in view.unit.codes:
            continue
        actual = view.unit.codes.fund_of(code)
        if actual != expected:
            yield Finding("CODE-FUND", WARNING,
                          f"{view.ref} {view.row_label(code)} 是{FUND_NAMES.get(actual, actual)}支出科目，"
                          f"不应列在{view.spec.title}中",
                          (Location(view.id, code),))
