"""Real-layout workbooks import every figure and every note, without --accept-warnings: 表11 with a
row per unit, 表12 with its 合计 at the bottom, a blank 三公 table with its 说明, the unit's own notes,
a heading naming another unit (kept as a finding until the names agree), columns the template lacks
(listed in the preview). Whatever is not imported is named in the preview with its cell."""
import pytest

from domain.checks import run_checks
from domain.demo import build_demo
from domain.layout import table_grid
from domain.money import to_fen
from domain.template import TOTAL_ROW
from helpers.official_workbook import Block, table_block, write_xlsx
from importers import commit, prepare
from importers.errors import NOTE
from importers.preview import preview_text
from storage.unit_file import UnitFile
from test_import_roundtrip import blank_like, differences

W = lambda text: to_fen(text, "万元")  # noqa: E731


@pytest.fixture(scope="module")
def demo():
    return build_demo()


def clean_import(unit, path):
    """Import into a blank unit like `unit`: no warning to accept."""
    plan = prepare(blank_like(unit), [path])
    assert plan.warnings == [], [str(w) for w in plan.warnings]
    return plan


def table_differences(expected, actual, table_id):
    return [d for d in differences(expected, actual) if (d[0] if isinstance(d[0], str) else d[0][0]) == table_id]


def lines(block: Block) -> list[list]:
    return [list(line) for line in block.cells]


# ---- 1. 表11 with one row per unit -----------------------------------------------------------------
UNITS = {"u1": ("本级", {"plan_goods": "40.00", "plan_services": "900.00", "actual_goods": "35.10",
                        "actual_services": "850.00", "sme_contract": "700.00", "small_micro_contract": "400.00"}),
         "u2": ("某某街道社区服务中心", {"plan_goods": "20.00", "plan_works": "320.00", "plan_services": "550.00",
                                      "actual_goods": "17.26", "actual_works": "298.40", "actual_services": "535.72",
                                      "sme_contract": "820.18", "small_micro_contract": "580.06"})}


def with_unit_rows(demo):
    unit = demo.copy()
    for col in [c.key for c in unit.template.table("T11").columns]:
        unit.set_amount("T11", TOTAL_ROW, col, None)
    for key, (name, values) in UNITS.items():
        unit.add_row("T11", key, name)
        for col, value in values.items():
            unit.set_amount("T11", key, col, W(value))
    unit.refresh_derived()
    return unit


def test_table_11_with_a_row_per_unit_imports_every_unit(tmp_path, demo):
    unit = with_unit_rows(demo)
    book = write_xlsx(tmp_path / "采购.xlsx", {"表11": table_block(unit, "T11", "万元")})
    plan = clean_import(unit, book)
    assert plan.after.extra_rows["T11"] == {"u1": "本级", "u2": "某某街道社区服务中心"}
    assert table_differences(unit, plan.after, "T11") == []
    assert plan.after.amount("T11", TOTAL_ROW, "actual_total") == W("1736.48")
    assert [f for f in run_checks(plan.after, ["T11-SUM", "T11-SME"])] == []
    assert [row.label for row in plan.after.rows("T11")] == ["合计", "本级", "某某街道社区服务中心"]


def test_table_11_total_that_is_not_the_sum_of_its_units_is_a_finding(tmp_path, demo):
    unit = with_unit_rows(demo)
    block = table_block(unit, "T11", "万元")
    total_line = next(i for i, line in enumerate(block.cells) if line and line[0] == "合计")
    block.cells[total_line][2] = 61.0            # 采购计划金额·货物: the units add up to 60.00
    block.cells[total_line][1] = 1831.0
    plan = clean_import(unit, write_xlsx(tmp_path / "采购.xlsx", {"表11": block}))
    findings = run_checks(plan.after, ["T11-SUM"])
    assert any("本级" in f.message and "61.00" in f.message for f in findings), [f.message for f in findings]


def test_a_unit_row_without_a_name_is_refused_naming_sheet_and_cell(tmp_path, demo):
    unit = with_unit_rows(demo)
    block = table_block(unit, "T11", "万元")
    row = next(i for i, line in enumerate(block.cells) if line and line[0] == "本级")
    block.cells[row][0] = None
    plan = prepare(blank_like(unit), [write_xlsx(tmp_path / "采购.xlsx", {"表11": block})])
    assert [str(w) for w in plan.warnings] == [f"采购.xlsx 表11!A{row + 1}：这一行有数值，却没有行名称；接受后跳过此行。"]
    named = [str(n) for n in plan.issues]
    assert not any("没有行名称" in n and f"A{row + 2}" in n for n in named)   # 某某街道社区服务中心 has a name


# ---- 2. 表12 with its 合计 at the bottom, no 序号 -----------------------------------------------------
@pytest.mark.parametrize("where", ["bottom", "top"])
def test_table_12_total_row_without_serial_is_the_total_not_a_project(tmp_path, demo, where):
    block = table_block(demo, "T12", "万元")
    total = next(i for i, line in enumerate(block.cells) if line and line[0] == "合计")
    line = block.cells.pop(total)
    line[0], line[1] = None, "合  计"                  # 合计 written in the 项目名称 column, 序号 blank
    block.cells.insert(total if where == "bottom" else 5, line)
    plan = clean_import(demo, write_xlsx(tmp_path / "购买服务.xlsx", {"表12": block}))
    assert list(plan.after.extra_rows["T12"].values()) == [n for n in demo.extra_rows["T12"].values()]
    assert table_differences(demo, plan.after, "T12") == []
    assert plan.after.cell("T12", TOTAL_ROW, "amount").amount == W("1330.80")
    assert run_checks(plan.after, ["T12-SUM"]) == []


# ---- 3. a blank 三公 table with its 说明 line; 4. the unit's own notes ------------------------------------
@pytest.mark.parametrize("with_row", [True, False], ids=["blank-row", "no-row"])
def test_blank_three_public_table_with_a_note_is_a_correct_table(tmp_path, demo, with_row):
    block = table_block(demo, "T10", "万元")
    body = next(i for i, line in enumerate(block.cells) if line and line[0] == "财政拨款“三公”经费")
    if with_row:
        block.cells[body] = ["财政拨款“三公”经费"]
    else:
        block.cells[body] = []
    note = "本单位2024年度无财政拨款“三公”经费支出，故本表无数据。"
    block.cells.insert(body + 1, [note])
    plan = clean_import(demo, write_xlsx(tmp_path / "三公.xlsx", {"表10": block}))
    assert plan.after.table_notes["T10"] == note
    assert plan.after.is_empty("T10")
    assert not [f for f in run_checks(plan.after, ["EMPTY-NOTE"]) if f.locations[0].table == "T10"]


def test_the_units_own_notes_are_kept_and_printed_instead_of_the_template_note(tmp_path, demo):
    block = table_block(demo, "T11", "万元")
    note_row = next(i for i, line in enumerate(block.cells) if line and str(line[0]).startswith("注"))
    own = ["注：本表反映本单位2024年度政府采购支出情况，金额按合同实际支付数填列。",
           "说明：本年度政府采购工程为办公楼维修改造项目。"]
    block.cells[note_row] = [own[0]]
    block.cells.insert(note_row + 1, [own[1]])
    block.cells.insert(note_row + 2, [None, "单位负责人：张三", None, None, "制表人：李四"])
    plan = clean_import(demo, write_xlsx(tmp_path / "采购.xlsx", {"表11": block}))
    assert plan.after.table_notes["T11"] == "\n".join(own)
    assert table_grid(plan.after, "T11").note == "\n".join(own)          # not the template's 注 line as well
    assert any("签署行" in str(n) and "B" in str(n) for n in plan.notes)
    assert "表下说明：" + own[0] in preview_text(plan)


def test_a_note_equal_to_the_template_note_leaves_the_default(tmp_path, demo):
    plan = clean_import(demo, write_xlsx(tmp_path / "采购.xlsx", {"表11": table_block(demo, "T11", "万元")}))
    assert "T11" not in plan.after.table_notes
    assert table_grid(plan.after, "T11").note == demo.template.table("T11").note


# ---- 5. a heading naming another unit --------------------------------------------------------------------
def test_a_heading_naming_another_unit_is_kept_as_a_finding_until_the_names_agree(tmp_path, demo):
    other = "北京市另一区某某局"
    block = table_block(demo, "T1", "万元", title=f"{other}2024年度收入支出决算总表")
    path = tmp_path / "单位.jsgk"
    UnitFile.create(path, blank_like(demo).meta).close()
    with UnitFile.open(path) as file:
        plan = prepare(file.load(), [write_xlsx(tmp_path / "总表.xlsx", {"表1": block})])
        assert plan.warnings == []
        assert len(plan.kept) == 1 and other in str(plan.kept[0]) and demo.meta.unit_name in str(plan.kept[0])
        assert "须核对 1 条" in preview_text(plan)
        commit(plan, file)
        unit = file.load()
    assert table_differences(demo, unit, "T1") == []
    found = run_checks(unit, ["IMPORT-UNIT-NAME"])
    assert len(found) == 1 and other in found[0].message
    unit.meta.unit_name = other                                   # the names agree: the finding goes
    assert run_checks(unit, ["IMPORT-UNIT-NAME"]) == []


def test_the_unit_line_naming_the_same_unit_in_other_words_is_fine(tmp_path, demo):
    block = table_block(demo, "T1", "万元", unit_line="编制单位：示范街道办事处　　金额单位：万元")
    plan = clean_import(demo, write_xlsx(tmp_path / "总表.xlsx", {"表1": block}))
    assert plan.kept == [] and plan.after.text("X3", "workbook_unit", "value") == ""


# ---- 6. columns the template does not have ---------------------------------------------------------------
def test_extra_columns_are_listed_and_the_template_columns_imported(tmp_path, demo):
    """A 国有资本经营 table in the wider Shanghai layout (年初结转和结余, 本年收入 … 年末结转和结余)."""
    unit = demo.copy()
    unit.set_note("T9", None)
    for code, (basic, project) in {"2230101": ("0", "5.00")}.items():
        unit.add_row("T9", code)
        unit.set_amount("T9", code, "basic", W(basic))
        unit.set_amount("T9", code, "project", W(project))
    unit.refresh_derived()
    block = table_block(unit, "T9", "万元")
    head = 3
    wide = Block()
    for r, line in enumerate(block.cells):
        line = list(line) + [None] * (5 - len(line))
        if r < head:
            new = line[:2] + [None, None] + line[2:]
        elif r == head:
            new = line[:2] + ["年初结转和结余", "本年收入"] + line[2:] + ["年末结转和结余"]
        elif r == head + 1:
            new = line[:2] + [None, None] + ["小计"] + line[3:]
        elif line[0] in ("合计", "223", "22301", "2230101"):
            new = line[:2] + [1.0, 4.0] + line[2:] + [0]
        else:
            new = line
        for c, value in enumerate(new):
            if value is not None:
                wide.put(r, c, value)
    wide.merges = [(head, 0, head + 1, 0), (head, 1, head + 1, 1), (head, 2, head + 1, 2), (head, 3, head + 1, 3),
                   (head, 4, head, 6), (head, 7, head + 1, 7)]
    wide.cells[0][0] = "国有资本经营预算财政拨款收入支出决算表"
    plan = clean_import(unit, write_xlsx(tmp_path / "国资.xlsx", {"表9": wide}))
    assert table_differences(unit, plan.after, "T9") == []
    listed = {n.message.split("”")[0].split("“")[1]: str(n) for n in plan.notes if "不是本表模板中的列" in n.message}
    assert set(listed) == {"年初结转和结余", "本年收入", "年末结转和结余"}
    rows = sum(1 for line in wide.cells[head + 2:] if line and line[0] in ("合计", "223", "22301", "2230101"))
    assert f"{rows}个单元格" in listed["本年收入"] and "国资.xlsx 表9!D6" in listed["本年收入"]
    assert all(n.severity == NOTE for n in plan.issues if "不是本表模板中的列" in n.message)


# ---- the 2023 set: thirteen tables in one workbook ----------------------------------------------------------
def test_the_2023_thirteen_table_workbook_imports_every_table(tmp_path):
    from helpers.official_workbook import disclosure_ids, official_xlsx
    unit = build_demo(2023)
    plan = clean_import(unit, official_xlsx(unit, tmp_path / "2023.xlsx", money_unit="元"))
    assert [t.table_id for t in plan.tables] == disclosure_ids(unit) and len(plan.tables) == 13
    assert plan.tables[4].name == "公开05表 一般公共预算财政拨款收入支出决算表"
    assert differences(unit, plan.after) == []
    assert [f for f in run_checks(plan.after) if f.severity == "error"] == []


def test_a_heading_line_above_the_first_table_names_the_unit_and_a_note_above_the_next_does_not(tmp_path, demo):
    from helpers.official_workbook import stack
    first = table_block(demo, "T10", "万元")
    first.cells.insert(0, ["北京市另一区某某局2024年度部门决算"])
    first.merges = [(r1 + 1, c1, r2 + 1, c2) for r1, c1, r2, c2 in first.merges]
    second = table_block(demo, "T11", "万元")
    sheet = stack([first, second], gap=0)
    plan = clean_import(demo, write_xlsx(tmp_path / "两表.xlsx", {"S": sheet}))
    assert [str(i).count("北京市另一区某某局") for i in plan.kept] == [1]
    assert plan.kept[0].table_id == "T10"


def test_the_command_line_refuses_the_nameless_unit_row_naming_sheet_and_cell(tmp_path, demo):
    import subprocess
    import sys
    from pathlib import Path
    unit = with_unit_rows(demo)
    block = table_block(unit, "T11", "万元")
    row = next(i for i, line in enumerate(block.cells) if line and line[0] == "本级")
    block.cells[row][0] = None
    book = write_xlsx(tmp_path / "采购.xlsx", {"政府采购": block})
    path = tmp_path / "单位.jsgk"
    UnitFile.create(path, blank_like(unit).meta).close()
    main = Path(__file__).resolve().parent.parent / "main.py"
    done = subprocess.run([sys.executable, str(main), "import", str(path), "--xlsx", str(book)],
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and "警告" in done.stderr
    assert f"采购.xlsx 政府采购!A{row + 1}：这一行有数值，却没有行名称" in done.stdout
    with UnitFile.open(path) as file:
        assert file.load().is_empty("T11")


def test_unit_rows_are_named_by_their_name_column_not_their_serial_number(tmp_path, demo):
    unit = with_unit_rows(demo)
    block = table_block(unit, "T11", "万元")
    for line in block.cells[3:]:
        line.insert(0, None)
    block.cells[3][0] = "序号"
    block.merges = [(r1, c1 + (r1 >= 3), r2, c2 + (r1 >= 3)) for r1, c1, r2, c2 in block.merges]
    for i, line in enumerate(block.cells):
        if line and len(line) > 1 and line[1] in ("本级", "某某街道社区服务中心"):
            line[0] = str(i)
    block.cells[3][1] = "单位名称"
    plan = clean_import(unit, write_xlsx(tmp_path / "采购.xlsx", {"表11": block}))
    assert plan.after.extra_rows["T11"] == {"u1": "本级", "u2": "某某街道社区服务中心"}
    assert table_differences(unit, plan.after, "T11") == []


def test_a_narrative_only_import_keeps_the_record_of_another_units_workbook(tmp_path, demo):
    unit = blank_like(demo)
    unit.set_text("X3", "workbook_unit", "value", "北京市另一区某某局")
    text = tmp_path / "说明.txt"
    text.write_text("一、部门基本情况\n本单位是示例。", encoding="utf-8")
    plan = prepare(unit, [], text)
    assert plan.after.text("X3", "workbook_unit", "value") == "北京市另一区某某局"


def test_a_project_line_with_only_its_serial_number_is_listed(tmp_path, demo):
    block = table_block(demo, "T12", "万元")
    total = next(i for i, line in enumerate(block.cells) if line and line[0] == "合计")
    block.cells.insert(total, ["4"])
    plan = clean_import(demo, write_xlsx(tmp_path / "购买服务.xlsx", {"表12": block}))
    assert len(plan.after.extra_rows["T12"]) == 3
    assert [str(n) for n in plan.notes] == [f"购买服务.xlsx 表12!A{total + 1}：这一行只有“4”，没有项目名称和金额，不作为项目导入。"]
