"""Template leftovers and required sections in the narrative."""
import pytest

from domain.checks import run_checks
from domain.demo import build_demo
from domain.unit import UnitData, UnitMeta

LEFTOVER_RULES = ["N-LEFTOVER-ALTERNATIVE", "N-LEFTOVER-INSTRUCTION", "N-LEFTOVER-PLACEHOLDER", "N-LEFTOVER-CHOICE",
                  "N-SECTION-MISSING", "N-SECTION-NOT-APPLICABLE"]


def findings(text, unit=None):
    unit = unit or UnitData(UnitMeta("测试单位", 2024))
    unit.narrative = text
    return run_checks(unit, LEFTOVER_RULES)


@pytest.mark.parametrize("text,leftover", [
    ("决算数0万元，比年初预算0万元增加（减少）0万元。", "增加（减少）"),
    ("比上年增加38.5万元，增长（下降）48.94%。", "增长（下降）"),
    ("比2023年年初预算增加（减少2607.24万元。", "增加（减少"),
])
def test_alternative_wording_is_an_error_at_its_span(text, leftover):
    [f] = findings(text)
    assert f.rule == "N-LEFTOVER-ALTERNATIVE" and f.severity == "error"
    span = f.spans[0]
    assert text[span.start:span.end] == leftover
    assert leftover in f.message


def test_genuine_alternatives_are_not_flagged():
    assert findings("收入增加，支出减少（主要是人员减少）。") == []


@pytest.mark.parametrize("text,part", [
    ("7.各单位需根据自身业务职能，补充当年使用的所有支出功能分类项级科目名词解释，例如：", "各单位需根据自身业务职能"),
    ("一、重点项目支出绩效评价报告（所有部门均需填报）", "（所有部门均需填报）"),
])
def test_instructions_are_errors(text, part):
    found = [f for f in findings(text) if f.rule == "N-LEFTOVER-INSTRUCTION"]
    assert found and part in text[found[0].spans[0].start:found[0].spans[0].end]


CHART = "（此处插入图表，用上述收入金额制作饼状图，示例如下，无金额类型不必制图）"


def _with_chart_placeholder(unit):
    marker = "（二）支出决算说明"
    assert marker in unit.narrative
    unit.narrative = unit.narrative.replace(marker, CHART + "\n图1：收入决算\n" + marker)
    return unit


def test_a_chart_placeholder_with_data_is_where_the_export_draws_the_chart():
    unit = _with_chart_placeholder(build_demo())
    found = [f for f in run_checks(unit) if f.severity != "info" or "CHART" in f.rule]
    assert [(f.rule, f.severity) for f in found] == [("N-CHART-PLACEHOLDER", "info")]
    [span] = found[0].spans
    assert unit.narrative[span.start:span.end] == CHART
    assert "导出PDF时在此处绘制收入决算图" in found[0].message and "直接复制文字发布时请删除此句" in found[0].message


def test_a_chart_placeholder_without_data_is_an_error_naming_the_table():
    unit = _with_chart_placeholder(build_demo())
    for key in [k for k in unit.cells if k[0] == "T2"]:
        unit.delete_cell(key)
    found = [f for f in run_checks(unit) if "CHART" in f.rule]
    assert [(f.rule, f.severity) for f in found] == [("N-CHART-NODATA", "error")]
    assert "公开02表" in found[0].message and [loc.table for loc in found[0].locations if not loc.is_span] == ["T2"]


def test_other_instructions_next_to_a_chart_placeholder_stay_errors():
    found = findings(CHART + "\n示例如下，")
    assert [f.rule for f in found] == ["N-LEFTOVER-INSTRUCTION"] and "示例如下" in found[0].message


def test_policy_quotes_are_not_instructions():
    assert findings("按照“各单位应及时将剩余资金全部调减”的要求，及时调减相关资金。") == []


def test_placeholders_without_a_unit():
    [f] = findings("北京市西城区XXX街道办事处")
    assert f.rule == "N-LEFTOVER-PLACEHOLDER" and "XXX" in f.message
    assert findings("XX万元") == findings("共有XX个内设机构") == []   # with a unit: the figure reader reports it


def test_slash_choice_is_a_warning():
    [f] = findings("一、部门/单位基本情况")
    assert f.severity == "warning"


def test_demo_narrative_has_no_leftovers_and_no_missing_section():
    unit = build_demo()
    assert run_checks(unit, LEFTOVER_RULES) == []


def test_missing_section_is_reported_with_the_cells_it_would_describe():
    unit = build_demo()
    text = unit.narrative
    start = text.index("三、政府采购支出情况")
    end = text.index("四、国有资产占用情况")
    [f] = findings(text[:start] + text[end:], unit)
    assert f.rule == "N-SECTION-MISSING" and "政府采购" in f.message
    assert (f.cells[0].table, f.cells[0].row, f.cells[0].col) == ("T11", "total", "actual_total")


def test_section_saying_not_applicable_while_the_table_has_money():
    unit = build_demo()
    text = unit.narrative
    start = text.index("五、政府性基金预算财政拨款支出决算情况说明")
    end = text.index("六、国有资本经营预算财政拨款收支情况")
    changed = text[:start] + "五、政府性基金预算财政拨款支出决算情况说明\n本单位不涉及。\n" + text[end:]
    [f] = findings(changed, unit)
    assert f.rule == "N-SECTION-NOT-APPLICABLE" and f.severity == "error"
    assert changed[f.spans[0].start:f.spans[0].end] == "不涉及"
    assert ("T7", "total") == (f.cells[0].table, f.cells[0].row) and "12.50" in f.message


def test_export_accepts_a_chart_placeholder_with_data_and_refuses_one_without(tmp_path, capsys):
    from cli.commands import main
    from storage.unit_file import UnitFile

    unit = _with_chart_placeholder(build_demo())
    path = tmp_path / "示例.jsgk"
    with UnitFile.create(path, unit.meta) as f:
        f.save(unit, action="test")
    assert main(["export", str(path), "--xlsx", str(tmp_path / "a.xlsx")]) == 0
    for key in [k for k in unit.cells if k[0] == "T2"]:
        unit.delete_cell(key)
    with UnitFile.open(path) as f:
        f.save(unit, action="test")
    capsys.readouterr()
    assert main(["export", str(path), "--xlsx", str(tmp_path / "b.xlsx")]) == 2
    assert "错误" in capsys.readouterr().err
