"""The demo unit and the command line contract (new, demo, show, bad input)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from domain.demo import build_demo
from domain.money import round_to
from domain.template import TOTAL_ROW
from domain.unit import DERIVED

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT)


def test_every_derived_cell_of_the_demo_equals_the_sum_of_its_parts():
    unit = build_demo()
    derived = unit.derived_cells()
    assert len(derived) > 100
    for key in derived:
        assert unit.amount(*key) == sum(unit.amount(*p) for p in unit.parts(*key)), key
        assert unit.cell(*key) is None                    # computed, never stored in the unit


def test_demo_fills_all_twelve_tables_but_the_state_capital_ones():
    unit = build_demo()
    for spec in unit.template.disclosure_tables:
        if spec.id in ("T8", "T9"):
            assert unit.is_empty(spec.id) and unit.table_notes[spec.id]
        else:
            assert not unit.is_empty(spec.id), spec.title
    t1_total = unit.amount("T1", "income_grand_total", "amount")
    assert t1_total == unit.amount("T1", "expense_grand_total", "amount_exp") > 0
    assert unit.amount("T4", "income_grand_total", "amount") == unit.amount("T4", "expense_grand_total", "total")
    assert unit.amount("T5", TOTAL_ROW, "basic") == unit.amount("T6", "personnel_total", "amount") + unit.amount("T6", "public_total", "amount")


def test_demo_narrative_quotes_the_tables():
    unit = build_demo()
    total = round_to(unit.amount("T1", "income_grand_total", "amount"))
    assert f"收、支总计{total}万元" in unit.narrative
    assert "“行政运行”（项）2024年度年初预算2290.00万元，2024年度决算2315.42万元" in unit.narrative


def test_cli_demo_then_show_table_1(tmp_path):
    path = tmp_path / "x.jsgk"
    assert run("demo", path).returncode == 0
    out = run("show", path, "--table", "1")
    assert out.returncode == 0
    assert "收入支出决算总表" in out.stdout and "公开01表" in out.stdout
    totals = [line for line in out.stdout.splitlines() if line.startswith("总计")]
    assert len(totals) == 1
    figures = [cell.strip() for cell in totals[0].split("|")]
    assert figures[1] == figures[3] == "8,145.27"


def test_cli_show_json_gives_every_table(tmp_path):
    path = tmp_path / "x.jsgk"
    run("demo", path)
    out = run("show", path, "--json")
    data = json.loads(out.stdout)
    assert [t["id"] for t in data["tables"]] == [f"T{i}" for i in range(1, 13)] + ["X1", "X4", "X2", "X3"]
    t5 = next(t for t in data["tables"] if t["id"] == "T5")
    total = next(r for r in t5["rows"] if r["key"] == "total")
    assert total["values"]["total"]["display"] == "8124.57"
    assert isinstance(total["values"]["total"]["fen"], int)


def test_cli_new_creates_an_empty_unit(tmp_path):
    path = tmp_path / "new.jsgk"
    out = run("new", path, "--unit", "某某街道办事处", "--year", 2023)
    assert out.returncode == 0 and path.exists()
    shown = run("show", path, "--table", "公开01表")
    assert "某某街道办事处" in shown.stdout and "0.00" in shown.stdout


@pytest.mark.parametrize("args,message", [
    (("show", "missing.jsgk"), "文件不存在"),
    (("new", "{tmp}/a.jsgk", "--unit", "x", "--year", "1999"), "没有1999年度的报表模板"),
    (("show", "{tmp}/text.jsgk"), "不是决算公开工作台的单位文件"),
    (("export", "{tmp}/x.jsgk", "--pdf", "{tmp}/x.pdf"), "文件不存在"),
])
def test_cli_bad_input_prints_one_chinese_line_and_exits_2(tmp_path, args, message):
    (tmp_path / "text.jsgk").write_text("这不是数据库", encoding="utf-8")
    out = run(*[a.format(tmp=tmp_path) for a in args])
    assert out.returncode == 2
    assert message in out.stderr
    assert "Traceback" not in out.stderr


def test_domain_package_imports_no_qt_or_storage():
    code = ("import sys, pkgutil, importlib, domain\n"
            "for m in pkgutil.walk_packages(domain.__path__, 'domain.'): importlib.import_module(m.name)\n"
            "bad = [n for n in sys.modules if n.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6', 'shiboken6', 'sqlite3', 'storage', 'gui', 'importers', 'export')]\n"
            "print(bad); sys.exit(1 if bad else 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
