"""`main.py import`: preview, dry run, all or nothing, --accept-warnings, --replace and the change log."""
import subprocess
import sys
from pathlib import Path

import pytest

from cli.commands import main
from domain.demo import build_demo
from domain.money import to_fen
from helpers.official_workbook import official_xlsx, table_block, write_xlsx
from storage.unit_file import UnitFile

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo():
    return build_demo()


@pytest.fixture
def empty_file(tmp_path, demo):
    path = tmp_path / "单位.jsgk"
    UnitFile.create(path, demo.meta).close()
    return path


@pytest.fixture
def demo_file(tmp_path, demo):
    path = tmp_path / "示例.jsgk"
    with UnitFile.create(path, demo.meta) as f:
        f.save(demo, action="demo")
    return path


def load(path):
    with UnitFile.open(path) as f:
        return f.load(), f.change_log()


def test_dry_run_prints_the_preview_and_writes_nothing(tmp_path, demo, empty_file, capsys):
    book = official_xlsx(demo, tmp_path / "决算报表.xlsx", money_unit="万元")
    before = empty_file.read_bytes()
    assert main(["import", str(empty_file), "--xlsx", str(book), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "导入预览：北京市示例区示范街道办事处 2024年度（单位.jsgk）" in out
    assert "找到 12 张表" in out and "公开06表 一般公共预算财政拨款基本支出决算表" in out
    assert "人员经费合计 3,132.66；公用经费合计 687.54" in out
    assert "这是预览，未写入任何数据。" in out
    assert empty_file.read_bytes() == before


def test_import_into_an_empty_unit(tmp_path, demo, empty_file, capsys):
    book = official_xlsx(demo, tmp_path / "决算报表.xlsx", money_unit="元")
    assert main(["import", str(empty_file), "--xlsx", str(book)]) == 0
    assert "已导入" in capsys.readouterr().out
    unit, log = load(empty_file)
    assert unit.amount("T1", "income_grand_total", "amount") == demo.amount("T1", "income_grand_total", "amount")
    assert unit.extra_rows["T12"] == demo.extra_rows["T12"]
    assert log and all(entry["action"] == "import" for entry in log)


def test_existing_data_needs_replace_and_old_values_stay_in_the_log(tmp_path, demo, demo_file, capsys):
    changed = demo.copy()
    changed.set_amount("T11", "total", "actual_goods", to_fen("60.00", "万元"))
    changed.refresh_derived()
    book = write_xlsx(tmp_path / "采购.xlsx", {"S": table_block(changed, "T11", "万元")})
    before = demo_file.read_bytes()
    assert main(["import", str(demo_file), "--xlsx", str(book)]) == 2
    captured = capsys.readouterr()
    assert "将覆盖已有数据：公开11表 政府采购情况表" in captured.out
    assert "请加 --replace" in captured.err
    assert demo_file.read_bytes() == before

    assert main(["import", str(demo_file), "--xlsx", str(book), "--replace"]) == 0
    unit, log = load(demo_file)
    assert unit.amount("T11", "total", "actual_goods") == to_fen("60.00", "万元")
    raised = to_fen("60.00", "万元") - to_fen("52.36", "万元")
    assert unit.amount("T11", "total", "actual_total") == demo.amount("T11", "total", "actual_total") + raised
    entry = next(e for e in log if e["action"] == "import" and e["col_key"] == "actual_goods")
    assert (entry["old_amount"], entry["new_amount"]) == (to_fen("52.36", "万元"), to_fen("60.00", "万元"))
    assert unit.amount("T1", "income_grand_total", "amount") == demo.amount("T1", "income_grand_total", "amount")


def test_importing_identical_data_needs_no_replace(tmp_path, demo, demo_file, capsys):
    book = official_xlsx(demo, tmp_path / "同样.xlsx", money_unit="元", tables=["T3", "T12"])
    assert main(["import", str(demo_file), "--xlsx", str(book)]) == 0
    assert "将覆盖已有数据" not in capsys.readouterr().out


def test_accepted_warnings_import_the_rest(tmp_path, demo, empty_file, capsys):
    block = table_block(demo, "T1", "元")
    row = next(r for r, line in enumerate(block.cells) if line and line[0] == "八、其他收入")
    block.cells[row][1] = "8.2万"
    book = write_xlsx(tmp_path / "总表.xlsx", {"S": block})
    assert main(["import", str(empty_file), "--xlsx", str(book)]) == 2
    capsys.readouterr()
    assert main(["import", str(empty_file), "--xlsx", str(book), "--accept-warnings"]) == 0
    unit, _ = load(empty_file)
    assert unit.cell("T1", "other_income", "amount") is None
    assert unit.amount("T1", "gpb_income", "amount") == demo.amount("T1", "gpb_income", "amount")
    assert unit.amount("T1", "income_total", "amount") == demo.amount("T1", "income_total", "amount")   # imported total


def test_workbook_and_narrative_in_one_transaction(tmp_path, demo, empty_file, capsys):
    book = official_xlsx(demo, tmp_path / "决算报表.xlsx", money_unit="元", tables=["T1"])
    text = tmp_path / "说明.txt"
    text.write_text("第一部分\r\n收、支总计8145.27万元。\r\n", encoding="utf-8")
    assert main(["import", str(empty_file), "--xlsx", str(book), "--narrative", str(text)]) == 0
    out = capsys.readouterr().out
    assert "部门决算说明：说明.txt，" in out and "及部门决算说明" in out
    unit, log = load(empty_file)
    assert unit.narrative == "第一部分\n收、支总计8145.27万元。\n"
    with UnitFile.open(empty_file) as f:
        row = next(f.db.query("SELECT source_file FROM narrative"))
    assert row["source_file"] == "说明.txt"
    assert any(e["action"] == "narrative" for e in log)


def test_replacing_a_narrative_needs_replace(tmp_path, demo_file, capsys):
    text = tmp_path / "新说明.txt"
    text.write_text("新的说明", encoding="utf-8")
    before = demo_file.read_bytes()
    assert main(["import", str(demo_file), "--narrative", str(text)]) == 2
    assert "部门决算说明" in capsys.readouterr().err
    assert demo_file.read_bytes() == before
    assert main(["import", str(demo_file), "--narrative", str(text), "--replace"]) == 0
    assert load(demo_file)[0].narrative == "新的说明"


def test_the_real_entry_point(tmp_path, demo, empty_file):
    book = official_xlsx(demo, tmp_path / "决算报表.xlsx", money_unit="元", tables=["T10"])
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "import", str(empty_file), "--xlsx", str(book)],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "公开10表 财政拨款“三公”经费支出决算表" in done.stdout
    assert load(empty_file)[0].amount("T10", "amount", "final_total") == demo.amount("T10", "amount", "final_total")
