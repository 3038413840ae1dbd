"""The disclosure workbook: official layout, numbers as numbers, and it imports back to the same values."""
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from domain.demo import build_demo
from domain.layout import MONEY_CELL, table_grid
from domain.money import FEN_PER_UNIT
from domain.unit import UnitData, UnitMeta
from export import FORCED_NOTICE
from export.xlsx import MONEY_FORMAT, export_xlsx
from importers import prepare


@pytest.fixture(scope="module")
def demo():
    return build_demo()


@pytest.fixture(scope="module")
def book_path(demo, tmp_path_factory):
    return export_xlsx(demo, tmp_path_factory.mktemp("xlsx") / "决算报表.xlsx")


@pytest.fixture(scope="module")
def book(book_path):
    return load_workbook(book_path)


def test_one_sheet_per_table_named_by_form_with_title_form_and_unit_line(demo, book):
    tables = demo.template.disclosure_tables
    assert book.sheetnames == [t.form for t in tables]
    for spec in tables:
        ws = book[spec.form]
        grid = table_grid(demo, spec.id)
        assert ws["A1"].value == spec.title
        assert ws.cell(2, grid.columns).value == spec.form
        assert ws["A3"].value == f"编制单位：{demo.meta.unit_name}"
        assert ws.cell(3, grid.columns).value == "金额单位：万元"
        assert ws.freeze_panes == f"A{4 + grid.header_rows}"
        assert ws.print_title_rows == f"$4:${3 + grid.header_rows}"
        assert ws.page_setup.orientation == ("landscape" if grid.wide else "portrait")
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage


def test_merged_headers_are_the_templates(demo, book):
    for spec in demo.template.disclosure_tables:
        ws = book[spec.form]
        grid = table_grid(demo, spec.id)
        merged = {str(r) for r in ws.merged_cells.ranges}
        for h in grid.headers:
            cell = ws.cell(4 + h.row, 1 + h.col)
            assert cell.value == h.text
            if h.rowspan > 1 or h.colspan > 1:
                end = ws.cell(4 + h.row + h.rowspan - 1, h.col + h.colspan)
                assert f"{cell.coordinate}:{end.coordinate}" in merged, (spec.form, h.text)


def test_every_value_is_a_number_with_the_money_format(demo, book):
    for spec in demo.template.disclosure_tables:
        ws = book[spec.form]
        grid = table_grid(demo, spec.id)
        for r, line in enumerate(grid.body, 4 + grid.header_rows):
            for c, item in enumerate(line, 1):
                cell = ws.cell(r, c)
                if item.kind == MONEY_CELL:
                    assert isinstance(cell.value, (int, float)) and cell.number_format == MONEY_FORMAT
                    assert Decimal(format(cell.value, ".15g")) * FEN_PER_UNIT["万元"] == demo.amount(*item.key)
                elif item.numeric:
                    assert cell.value == item.value
                else:
                    assert (cell.value or "") == item.text
    t8 = book["公开08表"]
    assert demo.table_notes["T8"] in [t8.cell(r, 1).value for r in range(1, t8.max_row + 1)]


def shown_differences(expected: UnitData, actual: UnitData) -> list:
    out = []
    for spec in expected.template.disclosure_tables:
        for row in expected.rows(spec.id):
            for col in spec.columns_for(row):
                key = (spec.id, row.key, col.key)
                if not col.extra and (expected.amount(*key), expected.text(*key)) != (actual.amount(*key), actual.text(*key)):
                    out.append((key, expected.amount(*key), actual.amount(*key)))
    return out


@pytest.mark.parametrize("forced", [False, True], ids=["万元", "forced-元"])
def test_the_workbook_imports_back_to_every_value(demo, book_path, tmp_path, forced):
    """(The forced export is also written in 元, the other display unit.)"""
    if forced:
        demo = demo.copy()
        demo.meta.display_unit = "元"
        path = export_xlsx(demo, tmp_path / "forced.xlsx", forced=True)
        first = load_workbook(path)["公开01表"]
        assert first["A1"].value == FORCED_NOTICE and first["D4"].value == "金额单位：元"
        assert first["B7"].value == demo.amount("T1", "gpb_income", "amount") / 100
    else:
        path = book_path
    plan = prepare(UnitData(UnitMeta(demo.meta.unit_name, demo.meta.year)), [path])
    assert plan.warnings == [] and plan.missing == []
    assert [t.table_id for t in plan.tables] == [t.id for t in demo.template.disclosure_tables]
    assert shown_differences(demo, plan.after) == []
    assert {t: n for t, n in plan.after.table_notes.items() if n} == demo.table_notes
    for table in ("T2", "T3", "T5", "T7", "T12"):
        assert [(r.key, r.label) for r in plan.after.rows(table)] == [(r.key, r.label) for r in demo.rows(table)]
