"""Template sets as data: Beijing 2023's thirteen tables (the new 一般公共预算财政拨款收入支出决算表,
id T4A) from `new`, `demo`, `show` and `check`; a set lacking a table never yields a finding about it."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from domain.checks import run_checks
from domain.checks.registry import all_rules
from domain.demo import build_demo
from domain.layout import table_grid
from domain.money import to_fen
from domain.template import TOTAL_ROW

ROOT = Path(__file__).resolve().parent.parent
W = lambda text: to_fen(text, "万元")  # noqa: E731


def run(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT)


@pytest.fixture(scope="module")
def demo_2023():
    return build_demo(2023)


def test_new_2023_unit_shows_thirteen_disclosure_tables(tmp_path):
    path = tmp_path / "x.jsgk"
    assert run("new", path, "--unit", "某街道", "--year", "2023").returncode == 0
    out = run("show", path, "--json")
    assert out.returncode == 0, out.stderr
    tables = [t for t in json.loads(out.stdout)["tables"] if t["form"]]
    assert [t["form"] for t in tables] == [f"公开{i:02d}表" for i in range(1, 14)]
    assert tables[4]["id"] == "T4A" and tables[4]["title"] == "一般公共预算财政拨款收入支出决算表"
    shown = run("show", path, "--table", "5")          # the printed number, as the clerk reads it
    assert "一般公共预算财政拨款收入支出决算表" in shown.stdout and "公开05表" in shown.stdout


def test_demo_2023_fills_all_thirteen_tables_consistently_and_checks_clean(demo_2023):
    unit = demo_2023
    findings = [f for f in run_checks(unit) if f.severity in ("error", "warning")]
    assert findings == []
    assert not unit.is_empty("T4A")
    for col, t5_col in (("exp_total", "total"), ("basic", "basic"), ("project", "project")):
        assert unit.amount("T4A", TOTAL_ROW, col) == unit.amount("T5", TOTAL_ROW, t5_col) > 0
    assert unit.amount("T4A", TOTAL_ROW, "income") == unit.amount("T4", "gpb_income", "amount")
    assert unit.amount("T4A", TOTAL_ROW, "begin_balance") == unit.amount("T4", "begin_gpb", "amount") > 0
    grid = table_grid(unit, "T4A")
    assert grid.form == "公开05表" and [h.text for h in grid.headers][:3] == ["科目编码", "科目名称", "年初结转和结余"]


def test_the_2023_table_is_checked_against_table_4_and_table_5_by_code(demo_2023):
    unit = demo_2023.copy()
    unit.set_amount("T4A", "2120501", "project", unit.amount("T4A", "2120501", "project") + W("10"))
    unit.set_amount("T4A", "2120501", "income", unit.amount("T4A", "2120501", "income") + W("10"))
    unit.refresh_derived()
    by_rule = {}
    for f in run_checks(unit):
        by_rule.setdefault(f.rule, []).append(f)
    code = by_rule["X-T4A-T5-CODE"]
    assert len(code) == 1 and "2120501" in code[0].message and "表6" in code[0].message and "表5" in code[0].message
    assert {loc.table for loc in code[0].locations} == {"T4A", "T5"}
    assert {"X-T4-T4A-GPB", "X-T4-T4A-CLASS", "X-T4A-T5-TOTAL"} <= by_rule.keys()
    assert "T4A-ROLL" not in by_rule          # 年初 + 本年收入 = 本年支出 + 年末 still holds


def test_a_template_without_a_table_gets_no_finding_about_it():
    unit = build_demo(2024)
    assert not unit.template.has("T4A")
    readers = [r for r in all_rules() if r.reads and "T4A" in r.reads]
    assert len(readers) >= 5
    findings = run_checks(unit, [r.id for r in readers])
    assert findings == []


def test_another_provinces_nine_table_set_is_data_only_and_checks_only_its_tables(tmp_path, monkeypatch):
    """A nine-table set (no 表8, 表11, 表12) as one JSON file: the demo's figures of those nine tables
    check clean, and no finding names a table the set lacks."""
    import domain.template as template_module
    from domain.unit import UnitData, UnitMeta
    demo = build_demo(2024)
    real = template_module.resource
    data = json.loads(real("templates", "2024.json").read_text(encoding="utf-8"))
    dropped = {"T8", "T11", "T12"}
    data["tables"] = [t for t in data["tables"] if t["id"] not in dropped]
    for i, t in enumerate([t for t in data["tables"] if not t.get("extra")], 1):
        t["form"] = f"公开{i:02d}表"
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "2024.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(template_module, "resource",
                        lambda *parts: tmp_path.joinpath(*parts) if parts[:1] == ("templates",) else real(*parts))
    template_module.load_template.cache_clear()
    try:
        unit = UnitData(UnitMeta("某省某县某乡人民政府", 2024))
        assert [t.form for t in unit.template.disclosure_tables][-1] == "公开09表"
        assert not any(unit.template.has(t) for t in dropped)
        for table_id, rows in demo.extra_rows.items():
            if unit.template.has(table_id):
                unit.set_rows(table_id, rows)
        for key, cell in demo.cells.items():
            if unit.template.has(key[0]):
                unit.put_cell(key, cell)
        unit.set_note("T9", demo.table_notes["T9"])
        findings = [f for f in run_checks(unit) if f.rule[:2] != "N-"]
        assert [f for f in findings if f.severity != "info"] == []
        assert not [f for f in run_checks(unit) if {loc.table for loc in f.locations} & dropped]
    finally:
        template_module.load_template.cache_clear()
