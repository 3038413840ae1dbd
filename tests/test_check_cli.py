"""`python main.py check FILE [--json]` and `python main.py rules`: output, JSON schema, exit codes.

Exact outputs name the rules they are about (`--rule`), so the narrative rules — which also read
the figures changed here — do not enter them; every other test runs all rules."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from check_scenarios import W
from cli.commands import main
from domain.checks.catalogue import catalogue_markdown
from domain.checks.registry import all_rules
from domain.demo import build_demo
from storage.unit_file import UnitFile

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "findings.schema.json").read_text(encoding="utf-8"))


def save(unit, path: Path) -> Path:
    with UnitFile.create(path, unit.meta) as f:
        f.save(unit, action="test")
    return path


@pytest.fixture
def demo_file(tmp_path) -> Path:
    return save(build_demo(), tmp_path / "示例.jsgk")


@pytest.fixture
def broken_file(tmp_path) -> Path:
    """表6 short by 0.02 万元 (an error), 表10 接待费 below 表6 30217 (a warning), 表2 a code not in the book."""
    unit = build_demo()
    unit.set_amount("T6", "30101", "amount", unit.amount("T6", "30101", "amount") - W("0.02"))
    unit.set_amount("T10", "amount", "final_reception", W("0.5"))
    unit.add_row("T2", "2010398")
    unit.refresh_derived()
    return save(unit, tmp_path / "有误.jsgk")


ENGINE_RULES = ["--rule", "X-T5-T6-BASIC", "--rule", "X-T10-T6", "--rule", "CODE-UNKNOWN"]


def test_the_demo_checks_clean(demo_file, capsys):
    assert main(["check", str(demo_file)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("核对 北京市示例区示范街道办事处 2024年度：") and "[错误]" not in out and "[警告]" not in out


def test_no_findings_is_said_so(demo_file, capsys):
    assert main(["check", str(demo_file), *ENGINE_RULES]) == 0
    assert capsys.readouterr().out.strip() == "核对 北京市示例区示范街道办事处 2024年度：没有发现问题。"


def test_findings_grouped_by_table_and_exit_1(broken_file, capsys):
    assert main(["check", str(broken_file), *ENGINE_RULES]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "核对 北京市示例区示范街道办事处 2024年度：错误 1 个，警告 2 个"
    assert out[1:] == [
        "",
        "公开02表 收入决算表",
        "  [警告] 表2 的科目 2010398 不在2024年支出功能分类科目中（已保留该行，请核对编码）（CODE-UNKNOWN）",
        "",
        "公开05表 一般公共预算财政拨款支出决算表",
        "  [错误] 表5 合计·基本支出 3,820.20 万元 ≠ 表6 人员经费合计 + 公用经费合计 3,820.18 万元，相差 0.02 万元（X-T5-T6-BASIC）",
        "",
        "公开10表 财政拨款“三公”经费支出决算表",
        "  [警告] 表10 决算数·公务接待费 0.50 万元 小于 表6 30217 公务接待费 0.85 万元，少 0.35 万元；"
        "“三公”经费含基本支出和项目支出，不应少于基本支出中的对应科目（X-T10-T6）",
    ]


def test_json_output_validates_against_the_schema(broken_file, capsys):
    assert main(["check", str(broken_file), "--json"]) == 1
    everything = json.loads(capsys.readouterr().out)
    jsonschema.validate(everything, SCHEMA)
    assert main(["check", str(broken_file), "--json", *ENGINE_RULES]) == 1
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, SCHEMA)
    assert all(d in everything for d in data)
    assert not any("explained" in d for d in everything)          # nothing explained yet: no such field
    assert [d["severity"] for d in data] == ["error", "warning", "warning"]
    error = data[0]
    assert (error["rule"], error["table"], error["row"], error["col"]) == ("X-T5-T6-BASIC", "T5", "total", "basic")
    assert error["locations"] == [{"table": "T5", "row": "total", "col": "basic"},
                                  {"table": "T6", "row": "personnel_total", "col": "amount"},
                                  {"table": "T6", "row": "public_total", "col": "amount"}]


def test_json_of_a_clean_unit_is_an_empty_array(demo_file, capsys):
    assert main(["check", str(demo_file), "--json", *ENGINE_RULES]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_warnings_alone_exit_0(tmp_path, capsys):
    unit = build_demo()
    unit.add_row("T2", "2010398")
    path = save(unit, tmp_path / "警告.jsgk")
    assert main(["check", str(path), *ENGINE_RULES]) == 0
    assert "[警告]" in capsys.readouterr().out


def test_only_the_named_rules(broken_file, capsys):
    assert main(["check", str(broken_file), "--rule", "X-T10-T6", "--json"]) == 0
    assert [d["rule"] for d in json.loads(capsys.readouterr().out)] == ["X-T10-T6"]


@pytest.mark.parametrize("make, words", [
    (lambda p: p, "文件不存在"),
    (lambda p: (p.write_bytes(b"\x00not a unit file" * 20), p)[1], "不是决算公开工作台的单位文件"),
])
def test_bad_input_exits_2_with_one_chinese_line(tmp_path, capsys, make, words):
    path = make(tmp_path / "坏.jsgk")
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and words in captured.err


def test_an_unknown_rule_is_bad_input(demo_file, capsys):
    assert main(["check", str(demo_file), "--rule", "NO-SUCH-RULE"]) == 2
    assert "没有这条规则：NO-SUCH-RULE" in capsys.readouterr().err


def test_rules_lists_every_rule(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for r in all_rules():
        assert f"{r.id}  " in out and r.title in out and r.explanation in out
    assert main(["rules", "--markdown"]) == 0
    assert capsys.readouterr().out == catalogue_markdown()


def test_exit_codes_of_the_real_process(broken_file):
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", str(broken_file), "--json"],
                         capture_output=True, text=True, encoding="utf-8", cwd=ROOT)
    assert run.returncode == 1
    jsonschema.validate(json.loads(run.stdout), SCHEMA)


def test_an_explained_warning_says_who_when_and_why_in_json(broken_file, capsys):
    from domain.review import CLERK, Identity
    from storage.review_store import ReviewStore
    assert main(["check", str(broken_file), "--json", *ENGINE_RULES]) == 1
    warning = next(d for d in json.loads(capsys.readouterr().out) if d["rule"] == "X-T10-T6")
    with UnitFile.open(broken_file) as f:
        from domain.checks import run_checks
        finding = next(x for x in run_checks(f.load()) if x.id == warning["id"])
        ReviewStore(f).explain(Identity("王填报", CLERK), finding, "接待费由上级统一列支，已在说明中写明")
    assert main(["check", str(broken_file), "--json", *ENGINE_RULES]) == 1
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, SCHEMA)
    explained = next(d for d in data if d["id"] == warning["id"])["explained"]
    assert explained["who"] == "王填报" and explained["text"] == "接待费由上级统一列支，已在说明中写明"
    assert explained["when"][:4].isdigit() and "T" in explained["when"]
    assert [d["rule"] for d in data if "explained" in d] == ["X-T10-T6"]    # the error and other warning: none
    with pytest.raises(jsonschema.ValidationError):                      # the field is checked, not just allowed
        jsonschema.validate([{**data[0], "explained": {"who": "王填报"}}], SCHEMA)

