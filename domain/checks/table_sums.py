"""In-table sums, straight from the template: every 合计/小计/总计 and every 类/款 row of a coded
table equals the sum of its parts (the `sum` of a column or row, 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项).

Data entered in the app cannot break these: a derived cell is computed from its parts. An imported
workbook brings its own totals; each is compared with the sum of its parts, in every direction the
table defines (across the row and down the column), with the rounding tolerance of imported values.
One rule per table: `T1-SUM` … `T12-SUM` (and `T4A-SUM` for the 2023 table).
"""
from __future__ import annotations

from ..template import TEXT, TOTAL_ROW
from ..unit import IMPORTED
from .compare import EQ, Side, compare, plural_label
from .finding import ERROR
from .registry import rule
from .view import TableView, table_view

_FUNCTIONAL_SUMS = "每栏：类 = 其下各款之和，款 = 其下各项之和，合计 = 各类之和"
_ECONOMIC_SUMS = ("每个经济分类类 = 其下各款之和；人员经费合计 = 301 工资福利支出 + 303 对个人和家庭的补助；"
                  "公用经费合计 = 302、307、309、310、311、312、313、399 各类之和")

SUM_RULES: dict[str, tuple[str, str]] = {
    "T1": ("表1 收入支出决算总表：合计与总计",
           "本年收入合计 = 收入一至八项之和；本年支出合计 = 各类支出之和；收入总计 = 本年收入合计 + 使用非财政拨款结余 + "
           "年初结转和结余；支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余。"),
    "T2": ("表2 收入决算表：各栏与各级科目之和",
           "每行：本年收入合计 = 财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入 + 附属单位上缴收入 + 其他收入；"
           f"{_FUNCTIONAL_SUMS}。"),
    "T3": ("表3 支出决算表：各栏与各级科目之和",
           "每行：本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出；"
           f"{_FUNCTIONAL_SUMS}。"),
    "T4": ("表4 财政拨款收入支出决算总表：合计与总计",
           "支出每行：合计 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算财政拨款；本年收入合计 = 收入一至三项之和；"
           "年初财政拨款结转和结余 = 其下三项之和；收入总计 = 本年收入合计 + 年初财政拨款结转和结余；"
           "每栏：本年支出合计 = 各类支出之和，支出总计 = 本年支出合计 + 年末财政拨款结转和结余。"),
    "T4A": ("一般公共预算财政拨款收入支出决算表（2023年）：各栏与各级科目之和",
            f"每行：本年支出小计 = 基本支出 + 项目支出；{_FUNCTIONAL_SUMS}。"),
    "T5": ("表5 一般公共预算财政拨款支出决算表：各栏与各级科目之和",
           f"每行：本年支出合计 = 基本支出 + 项目支出；{_FUNCTIONAL_SUMS}。"),
    "T6": ("表6 一般公共预算财政拨款基本支出决算表：类、人员经费与公用经费合计", f"{_ECONOMIC_SUMS}。"),
    "T7": ("表7 政府性基金预算财政拨款收入支出决算表：各栏与各级科目之和",
           f"每行：本年支出小计 = 基本支出 + 项目支出；{_FUNCTIONAL_SUMS}。"),
    "T8": ("表8 政府性基金预算财政拨款基本支出决算表：类、人员经费与公用经费合计", f"{_ECONOMIC_SUMS}。"),
    "T9": ("表9 国有资本经营预算财政拨款支出决算表：各栏与各级科目之和",
           f"每行：本年支出合计 = 基本支出 + 项目支出；{_FUNCTIONAL_SUMS}。"),
    "T10": ("表10 “三公”经费：小计与合计",
            "预算数、决算数分别核对：公务用车购置及运行费小计 = 公务用车购置费 + 公务用车运行费；"
            "合计 = 因公出国（境）费 + 公务用车购置及运行费小计 + 公务接待费。"),
    "T11": ("表11 政府采购：货物、工程、服务之和",
            "采购计划金额、实际采购金额分别核对：合计 = 货物 + 工程 + 服务；列出本级和各所属单位时，合计行 = 各单位之和。"),
    "T12": ("表12 政府购买服务：合计", "合计 = 各项目决算金额之和。"),
}
_COMMON = "（录入的数据合计自动算出，总是相符；本规则核对导入的合计数与其组成部分。）"


def _sum_findings(unit, table_id: str, rule_id: str):
    if not unit.template.has(table_id):
        return
    view = table_view(unit, table_id)
    cells, value, row_parts = unit.cells, unit.values_of(table_id), view.row_parts   # (the view's values are the unit's)
    for row in view.rows:
        across = row_parts.get(row.key)
        for col in view.columns_for(row):
            if col.kind == TEXT or not (col.sum or across):
                continue
            cell = cells.get((table_id, row.key, col.key))
            if cell is None or cell.source != IMPORTED or cell.amount is None:
                continue
            if col.sum:                    # across the row (the parts named only for a finding)
                total = tolerance = 0
                for c in col.sum:
                    a, t = value(row.key, c)
                    total += a
                    tolerance += t
                if total != cell.amount:
                    parts = [(row.key, c) for c in col.sum]
                    yield from _finding(unit, view, rule_id, row.key, col.key, cell, parts, total, tolerance)
            if across:                     # down the column
                total = tolerance = 0
                for r in across:
                    a, t = value(r, col.key)
                    total += a
                    tolerance += t
                if total != cell.amount:
                    parts = [(r, col.key) for r in across]
                    yield from _finding(unit, view, rule_id, row.key, col.key, cell, parts, total, tolerance)


def _finding(unit, view: TableView, rule_id: str, row_key: str, col_key: str, cell, parts, total: int, tolerance: int):
    left = Side(f"{view.ref} {view.cell_label(row_key, col_key)}", cell.amount, cell.tolerance,
                (view.location(row_key, col_key),))
    right = Side(parts_text(view, row_key, col_key, parts), total, tolerance, tuple(view.location(*p) for p in parts))
    finding = compare(rule_id, ERROR, left, EQ, right, unit.meta.display_unit)
    if finding is not None:
        yield finding


def parts_text(view: TableView, row_key: str, col_key: str, parts) -> str:
    """The parts of a sum, named relative to the total (same row: by column; same column: by row)."""
    if all(r == row_key for r, _ in parts):
        return plural_label([view.col_label(c) for _, c in parts])
    rows = [r for r, _ in parts]
    spec = view.spec
    if spec.layout == "projects":
        return "各项目之和"
    if spec.layout == "coded" or (spec.layout == "economic" and row_key.isdigit()):
        if row_key == TOTAL_ROW:
            noun = "类"
            lead = "各类"
        else:
            noun = {3: "款", 5: "项"}.get(len(row_key), "级")
            lead = f"其下各{noun}"
        listed = "、".join(rows) if len(rows) <= 8 else f"{'、'.join(rows[:8])} 等{len(rows)}个"
        return f"{lead}（{listed}）之和"
    return plural_label([view.row_label(r) for r in rows], "行")


def _register(table_id: str) -> None:
    title, explanation = SUM_RULES[table_id]
    rule_id = f"{table_id}-SUM"

    def check(unit):
        return _sum_findings(unit, table_id, rule_id)

    check.__name__ = f"check_{table_id.lower()}_sums"
    rule(rule_id, title, ERROR, f"{explanation}{_COMMON}", reads=(table_id,))(check)


for _table_id in SUM_RULES:
    _register(_table_id)
