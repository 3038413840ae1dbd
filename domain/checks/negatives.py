"""Negative amounts: no figure of the disclosure tables or of the extra inputs may be negative."""
from __future__ import annotations

from ..template import COUNT, MONEY
from ..unit import DERIVED
from .compare import money
from .finding import ERROR, Finding
from .registry import rule
from .view import TableView, table_view

# (table id, row key or None, column key or None) of cells that may hold a negative figure; none in
# the 2023/2024 templates (收入、支出、结转结余 and counts are all amounts ≥ 0)
MAY_BE_NEGATIVE: frozenset[tuple[str, str | None, str | None]] = frozenset()


def _allowed(table: str, row: str, col: str) -> bool:
    return any(t == table and r in (None, row) and c in (None, col) for t, r, c in MAY_BE_NEGATIVE)


@rule("NEGATIVE", "金额和数量不应为负数", ERROR,
      "各表的收入、支出、结转和结余、合同金额以及补充数据中的数量都不应为负数（合计由组成部分算出，只核对填写或导入的数）。")
def negative_amounts(unit):
    for spec in unit.template.tables:
        view = table_view(unit, spec.id)
        yield from view.once("NEGATIVE", lambda v=view: tuple(_negatives(v)))


def _negatives(view: TableView):
    money_unit = view.unit.meta.display_unit
    cells, table_id = view.unit.cells, view.id
    for row in view.rows:
        for col in view.columns_for(row):
            cell = cells.get((table_id, row.key, col.key))
            if cell is None or cell.amount is None or cell.amount >= 0 or cell.source == DERIVED:
                continue
            if _allowed(view.id, row.key, col.key):
                continue
            kind = view.kind(row.key, col.key)
            if kind == MONEY:
                shown = money(cell.amount, money_unit)
            elif kind == COUNT:
                shown = f"{cell.amount}{row.counter or ''}"
            else:
                continue
            yield Finding("NEGATIVE", ERROR,
                          f"{view.ref} {view.cell_label(row.key, col.key)} 为负数 {shown}，此处不应为负",
                          (view.location(row.key, col.key),))
