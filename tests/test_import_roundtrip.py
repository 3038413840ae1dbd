"""Import official-layout workbooks: the demo unit → workbook → import gives back every cell exactly."""
from pathlib import Path

import pytest

from domain.demo import build_demo
from domain.template import TEXT, TOTAL_ROW
from domain.unit import DERIVED, IMPORTED, UnitData, UnitMeta
from helpers.official_workbook import (disclosure_ids, official_xls, official_xlsx, sheets_for, table_block,
                                       write_xlsx)
from importers import commit, prepare
from storage.unit_file import UnitFile


@pytest.fixture(scope="module")
def demo():
    return build_demo()


def blank_like(unit: UnitData) -> UnitData:
    return UnitData(UnitMeta(unit.meta.unit_name, unit.meta.year, unit.meta.unit_code))


def differences(expected: UnitData, actual: UnitData, extra: bool = False) -> list:
    """Every disclosure cell (as shown: stored or computed) and every variable row that differ."""
    out = []
    for spec in expected.template.disclosure_tables:
        if expected.extra_rows.get(spec.id, {}).keys() != actual.extra_rows.get(spec.id, {}).keys():
            out.append((spec.id, "rows"))
        for row in expected.rows(spec.id):
            for col in spec.columns_for(row):
                if col.extra and not extra:
                    continue
                key = (spec.id, row.key, col.key)
                if (expected.amount(*key), expected.text(*key)) != (actual.amount(*key), actual.text(*key)):
                    out.append((key, expected.amount(*key), actual.amount(*key)))
    return out


def imported(demo, path, **kwargs):
    plan = prepare(blank_like(demo), [path], **kwargs)
    assert plan.warnings == [], [str(w) for w in plan.warnings]
    return plan


@pytest.mark.parametrize("money_unit", ["元", "万元"])
@pytest.mark.parametrize("split_codes", [False, True], ids=["codes-in-one-cell", "codes-split"])
def test_all_twelve_tables_round_trip_exactly(tmp_path, demo, money_unit, split_codes):
    book = official_xlsx(demo, tmp_path / "决算报表.xlsx", money_unit=money_unit, split_codes=split_codes)
    plan = imported(demo, book)
    assert [t.table_id for t in plan.tables] == disclosure_ids(demo)
    assert plan.missing == []
    assert differences(demo, plan.after) == []
    assert plan.after.table_notes["T8"] == demo.table_notes["T8"]


def test_round_trip_through_the_unit_file(tmp_path, demo):
    """demo → workbook in 元 → import → save → reopen: every cell equal to the demo's."""
    book = official_xlsx(demo, tmp_path / "决算报表.xlsx", money_unit="元")
    path = tmp_path / "单位.jsgk"
    UnitFile.create(path, blank_like(demo).meta).close()
    with UnitFile.open(path) as file:
        plan = prepare(file.load(), [book])
        commit(plan, file)
    with UnitFile.open(path) as file:
        again = file.load()
        log = file.change_log()
    assert differences(demo, again) == []
    for key, cell in demo.cells.items():           # every stored value of the twelve tables, exactly
        if not demo.template.table(key[0]).extra and not demo.template.table(key[0]).column(key[2]).extra:
            assert (again.cells[key].amount, again.cells[key].text) == (cell.amount, cell.text), key
            assert again.cells[key].source in (IMPORTED, DERIVED)
    assert again.table_notes == demo.table_notes
    assert {entry["action"] for entry in log} == {"import"}


@pytest.mark.parametrize("layout", ["one", "pairs"])
def test_several_tables_on_one_sheet(tmp_path, demo, layout):
    book = official_xlsx(demo, tmp_path / "报表.xlsx", layout=layout, money_unit="元")
    plan = imported(demo, book)
    assert len(plan.tables) == 12
    assert differences(demo, plan.after) == []


def test_one_table_per_file_several_files_at_once(tmp_path, demo):
    books = [official_xlsx(demo, tmp_path / f"公开{int(t[1:]):02d}表.xlsx", tables=[t], money_unit="元")
             for t in disclosure_ids(demo)]
    plan = prepare(blank_like(demo), books)
    assert plan.warnings == []
    assert differences(demo, plan.after) == []
    assert plan.tables[4].where.startswith("公开05表.xlsx ")


def test_headers_without_merged_cells(tmp_path, demo):
    """Some workbooks keep the header text only in the first cell of each span."""
    book = official_xlsx(demo, tmp_path / "平铺表头.xlsx", merge=False, split_codes=True, money_unit="元")
    assert differences(demo, imported(demo, book).after) == []


@pytest.mark.parametrize("split_codes", [False, True], ids=["codes-in-one-cell", "codes-split"])
def test_legacy_xls(tmp_path, demo, split_codes):
    book = official_xls(demo, tmp_path / "决算报表.xls", money_unit="元", split_codes=split_codes)
    plan = imported(demo, book)
    assert len(plan.tables) == 12
    assert differences(demo, plan.after) == []


def test_legacy_xls_several_tables_per_sheet_in_wan_yuan(tmp_path, demo):
    book = official_xls(demo, tmp_path / "报表.xls", layout="one", money_unit="万元")
    assert differences(demo, imported(demo, book).after) == []


@pytest.mark.parametrize("zero", ["blank", "dash", "emdash"])
def test_blank_and_dashes_mean_zero(tmp_path, demo, zero):
    book = official_xlsx(demo, tmp_path / "零.xlsx", zero=zero, money_unit="元")
    plan = imported(demo, book)
    assert differences(demo, plan.after) == []
    assert plan.after.cell("T1", "soe_income", "amount").amount == 0


@pytest.mark.parametrize("variant", [dict(numbers_as_text=True), dict(codes_as_numbers=True), dict(line_numbers=True)],
                         ids=["numbers-as-text", "codes-as-numbers", "line-number-row"])
def test_cell_type_variants(tmp_path, demo, variant):
    book = official_xlsx(demo, tmp_path / "变体.xlsx", money_unit="元", **variant)
    assert differences(demo, imported(demo, book).after) == []


def test_extra_columns_are_imported_when_present(tmp_path, demo):
    book = official_xlsx(demo, tmp_path / "含年初预算.xlsx", money_unit="元", include_extra=True)
    plan = imported(demo, book)
    assert differences(demo, plan.after, extra=True) == []
    assert plan.after.cell("T5", "2010301", "initial_budget").amount == demo.amount("T5", "2010301", "initial_budget")


def test_precision_wan_yuan_cells_carry_half_a_hundredth(tmp_path, demo):
    book = official_xlsx(demo, tmp_path / "万元.xlsx", money_unit="万元")
    after = imported(demo, book).after
    for key, cell in after.cells.items():
        if after.template.table(key[0]).column(key[2]).kind == TEXT:
            continue
        if cell.source == IMPORTED:
            assert cell.tolerance == 5000, key
    assert after.cell("T5", "2010301", "basic").amount == demo.amount("T5", "2010301", "basic")


def test_precision_yuan_cells_are_exact(tmp_path, demo):
    book = official_xlsx(demo, tmp_path / "元.xlsx", money_unit="元")
    after = imported(demo, book).after
    sources = {cell.source for cell in after.cells.values()}
    assert IMPORTED in sources
    assert all(cell.tolerance == 0 for cell in after.cells.values())


def test_totals_read_from_the_workbook_are_stored_as_imported(tmp_path, demo):
    book = official_xlsx(demo, tmp_path / "元.xlsx", money_unit="元")
    after = imported(demo, book).after
    for key in [("T2", TOTAL_ROW, "total"), ("T1", "income_grand_total", "amount"), ("T6", "personnel_total", "amount"),
                ("T10", "amount", "final_total"), ("T5", "201", "basic")]:
        assert after.cell(*key).source == IMPORTED, key
        assert after.cell(*key).amount == demo.amount(*key)


def test_totals_missing_from_the_workbook_are_computed(tmp_path, demo):
    """A workbook without the 本年收入合计 column and without the 合计 row: refresh_derived fills them."""
    block = table_block(demo, "T2", "元")
    total_row = next(i for i, line in enumerate(block.cells) if line and line[0] == "合计")
    del block.cells[total_row]
    for line in block.cells[3:]:
        if len(line) > 2:
            del line[2]
    plan = prepare(blank_like(demo), [write_xlsx(tmp_path / "表2.xlsx", {"收入": block})])
    assert plan.warnings == []
    after = plan.after
    assert after.cell("T2", TOTAL_ROW, "fiscal") is None and after.is_derived("T2", TOTAL_ROW, "fiscal")
    assert after.amount("T2", TOTAL_ROW, "total") == demo.amount("T2", TOTAL_ROW, "total")
    assert after.cell("T2", "2010301", "total") is None and after.is_derived("T2", "2010301", "total")
    assert any("本年收入合计" in str(n) for n in plan.notes)


def test_preview_names_tables_rows_and_totals(tmp_path, demo):
    from importers.preview import preview_text
    book = official_xlsx(demo, tmp_path / "决算报表.xlsx", money_unit="万元", tables=["T1", "T5"])
    plan = imported(demo, book)
    text = preview_text(plan, "单位.jsgk")
    assert "找到 2 张表" in text
    assert "公开01表 收入支出决算总表" in text and "决算报表.xlsx 表1!A1" in text
    assert "收入总计 8,145.27；支出总计 8,145.27" in text
    assert "未找到（保持不变）：公开02表 收入决算表" in text
    t5 = plan.tables[1]
    assert t5.money_unit == "万元" and t5.rows == 26


def test_progress_is_reported(tmp_path, demo):
    book = official_xlsx(demo, tmp_path / "决算报表.xlsx", money_unit="元", tables=["T1"])
    seen = []
    prepare(blank_like(demo), [book], progress=lambda fraction, message: seen.append((fraction, message)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0 and fractions[-1] == 1.0
    assert any("决算报表.xlsx" in m for _, m in seen)


def test_two_thousand_and_twenty_three_template(tmp_path):
    """The year's template decides rows and codes: a 2023 unit imports its own layout."""
    demo_2023 = build_demo(2023)
    book = official_xlsx(demo_2023, tmp_path / "2023.xlsx", money_unit="元")
    plan = prepare(blank_like(demo_2023), [book])
    assert plan.warnings == []
    assert differences(demo_2023, plan.after) == []


def test_sheets_named_anything(tmp_path, demo):
    sheets = sheets_for(demo, money_unit="元")
    renamed = {f"Sheet{i}": block for i, block in enumerate(reversed(list(sheets.values())), 1)}
    plan = imported(demo, write_xlsx(Path(tmp_path) / "乱序.xlsx", renamed))
    assert [t.table_id for t in plan.tables] == disclosure_ids(demo)
    assert differences(demo, plan.after) == []
