"""Last year's unit linked: the 上年数 the narrative compares with, and last year's rows proposed."""
from __future__ import annotations

import pytest

from cli.commands import main
from domain.checks import ERROR, WARNING, run_checks
from domain.demo import build_demo
from domain.edits import UnitSession
from domain.money import to_fen
from domain.narrative.draft import draft_narrative, update_narrative
from domain.prior import PriorError, link_prior, prior_figures, proposed_rows
from domain.unit import UnitData, UnitMeta
from storage.unit_file import UnitFile


def last_year() -> UnitData:
    """The demo as last year's file: the same tables, but 公务接待费 was 0.50 万元 and 机关运行经费 600 万元 then."""
    last = build_demo(2023)
    last.set_amount("T10", "amount", "final_reception", to_fen("0.50", "万元"))
    last.set_amount("X2", "office_running", "value", to_fen("600", "万元"))
    last.refresh_derived()
    return last


def test_prior_figures_are_last_years_final_figures():
    last = last_year()
    figures = prior_figures(last)
    assert figures[("X1", "grand_total", "amount")] == last.amount("T1", "income_grand_total", "amount")
    assert figures[("X1", "expense_total", "amount")] == last.amount("T3", "total", "total")
    assert figures[("X1", "gpb_expense", "amount")] == last.amount("T5", "total", "total")
    assert figures[("X1", "office_running", "amount")] == to_fen("600", "万元")
    assert figures[("X1", "three_public", "amount")] == to_fen("7.34", "万元")     # 6.84 + 0.50
    assert set(k[1] for k in figures) == {r.key for r in last.template.table("X1").rows}


def test_nothing_is_taken_from_tables_last_year_left_empty():
    last = UnitData(UnitMeta("上年", 2023))
    last.set_amount("T11", "total", "actual_goods", to_fen("5", "万元"))
    last.refresh_derived()
    assert prior_figures(last) == {}            # no 0 上年数 from unfilled tables and extra inputs
    with pytest.raises(PriorError, match="没有任何报表数据"):
        link_prior(UnitSession(build_demo()), UnitData(UnitMeta("上年", 2023)))


def test_a_file_of_another_year_is_refused():
    with pytest.raises(PriorError, match="上年文件应为2023年度"):
        link_prior(UnitSession(build_demo()), build_demo(2024))


def test_linking_catches_a_wrong_change_sentence_and_update_rewrites_it():
    unit = build_demo()
    assert [f for f in run_checks(unit) if f.severity in (ERROR, WARNING)] == []
    session = UnitSession(unit)
    link_prior(session, last_year())
    assert session.undo_label() == "关联上年数"
    wrong = {unit.narrative[f.locations[0].start:f.locations[0].end]: f for f in run_checks(unit) if f.rule == "N-PRIOR"}
    assert set(wrong) == {"249.94万元", "3.17%", "245.14万元", "3.11%", "247.44万元", "3.14%", "156.04万元", "29.36%"}
    assert all(f.severity == ERROR for f in wrong.values())
    assert "上年数600.00万元，实际增加87.54万元" in wrong["156.04万元"].message
    text, changes = update_narrative(unit, unit.narrative)
    assert "2024年度收、支总计8145.27万元，与上年持平。" in text
    assert "机关运行经费支出合计687.54万元，比上年增加87.54万元，增长14.59%，主要原因：办公用房维修改造和物业管理费用增加。" in text
    unit.narrative = text
    assert [f for f in run_checks(unit) if f.severity in (ERROR, WARNING)] == []
    session.undo()                                       # the link is one step: undone, the old 上年数 are back
    assert unit.amount("X1", "office_running", "amount") == to_fen("531.50", "万元")


def test_last_years_rows_are_proposed_for_this_years_budget():
    last, unit = last_year(), build_demo()
    last.add_row("T5", "2010302")
    last.set_amount("T5", "2010302", "project", to_fen("3", "万元"))
    last.add_row("T5", "2010388")            # a code this year's list does not have
    last.set_amount("T5", "2010388", "project", to_fen("1", "万元"))
    last.refresh_derived()
    add, gone = proposed_rows(last, unit)
    assert [(r.table, r.code, r.name, r.last_final) for r in add] == [("T5", "2010302", "一般行政管理事务", to_fen("3", "万元"))]
    assert [r.code for r in gone] == ["2010388"]
    link_prior(UnitSession(unit), last, add_rows=True)
    assert unit.row("T5", "2010302") is not None and unit.row("T5", "2010388") is None
    assert unit.amount("T5", "2010302", "total") == 0


def test_cli_link(tmp_path, capsys):
    this, prior = tmp_path / "2024.jsgk", tmp_path / "2023.jsgk"
    assert main(["demo", str(this)]) == 0
    with UnitFile.create(prior, last_year().meta) as f:
        f.save(last_year())
    capsys.readouterr()
    assert main(["link", str(this), "--prior", str(prior)]) == 0
    out = capsys.readouterr().out
    assert "上年数 收、支总计：7,895.33 → 8,145.27 万元" in out and "已保存" in out and "注意" not in out
    assert "上年数 一般公共预算财政拨款 201 一般公共服务支出：未填 → 3,460.19 万元" in out
    assert main(["check", str(this)]) == 1                 # the old 比上年 sentences are now wrong
    assert main(["link", str(this), "--prior", str(this)]) == 2
    assert "上年文件应为2023年度" in capsys.readouterr().err


def test_a_file_of_another_unit_is_pointed_out():
    from domain.prior import other_unit_note
    last = build_demo(2023)
    assert other_unit_note(last, build_demo()) is None
    last.meta.unit_name = "别的街道办事处"
    assert "别的街道办事处" in other_unit_note(last, build_demo())


# ---- 上年数 by 类 (X4): “一般公共服务支出…比上年增加X万元，增长Y%” ---------------------------------

def last_year_by_class() -> UnitData:
    """Last year's demo with a few 类 otherwise: 201 100 万元 less, 212 100 万元 more, no 210 at all,
    and 政府性基金 229 10.00 万元 (this year 12.50)."""
    last = build_demo(2023)
    last.set_amount("T5", "2010301", "basic", last.amount("T5", "2010301", "basic") - to_fen("100", "万元"))
    last.set_amount("T5", "2120501", "project", last.amount("T5", "2120501", "project") + to_fen("100", "万元"))
    for code in ("2101101", "21011", "210"):
        last.remove_row("T5", code)
    last.set_amount("T7", "2296002", "project", to_fen("10", "万元"))
    return last


def test_class_figures_are_last_years_class_totals_and_zero_for_a_new_class():
    from domain.prior import class_figures
    figures = class_figures(last_year_by_class(), build_demo())
    assert figures[("X4", "201", "gpb")] == to_fen("3360.19", "万元")
    assert figures[("X4", "212", "gpb")] == to_fen("2477.52", "万元")
    assert figures[("X4", "210", "gpb")] == 0                      # this year's 类 last year did not have
    assert figures[("X4", "229", "gov_fund")] == to_fen("10", "万元")
    assert not [k for k in figures if k[2] == "soe"]                # 表9 empty last year: nothing to carry


def linked_draft() -> tuple[UnitData, UnitSession]:
    unit = build_demo()
    session = UnitSession(unit)
    link_prior(session, last_year_by_class())
    unit.narrative = draft_narrative(unit)
    return unit, session


def test_the_draft_compares_each_class_with_last_year_and_checks_clean():
    unit, session = linked_draft()
    assert session.undo_label() == "关联上年数"
    assert unit.amount("X4", "total", "gpb") == unit.amount("X1", "gpb_expense", "amount")   # 合计 = Σ 类
    text = unit.narrative
    assert "一般公共服务支出3460.19万元，占本年财政拨款支出42.59%，比上年增加100.00万元，增长2.98%；" in text
    assert "卫生健康支出176.52万元，占本年财政拨款支出2.17%，比上年增加176.52万元；" in text   # no rate from 0
    assert "城乡社区支出2377.52万元，占本年财政拨款支出29.26%，比上年减少100.00万元，下降4.04%；" in text
    assert "住房保障支出284.40万元，占本年财政拨款支出3.50%，与上年持平。" in text
    assert "其他支出12.50万元，占本年财政拨款支出100%，比上年增加2.50万元，增长25%。" in text
    assert [f for f in run_checks(unit) if f.severity in (ERROR, WARNING) and not f.rule.startswith("N-LEFTOVER")] == []


def test_a_wrong_class_change_is_an_n_prior_error_naming_the_class():
    unit, _session = linked_draft()
    unit.narrative = unit.narrative.replace("占本年财政拨款支出42.59%，比上年增加100.00万元",
                                            "占本年财政拨款支出42.59%，比上年增加110.00万元")
    [wrong] = [f for f in run_checks(unit) if f.rule == "N-PRIOR"]
    assert wrong.severity == ERROR
    assert unit.narrative[wrong.locations[0].start:wrong.locations[0].end] == "110.00万元"
    assert "201 一般公共服务支出" in wrong.message and "上年数3360.19万元，实际增加100.00万元" in wrong.message
    assert ("X4", "201", "gpb") in [(loc.table, loc.row, loc.col) for loc in wrong.locations]


def test_linking_after_drafting_adds_the_class_comparisons_to_the_clerks_text():
    unit = build_demo()
    session = UnitSession(unit)
    link_prior(session, last_year_by_class())
    text, _changes = update_narrative(unit, unit.narrative)
    assert "城乡社区支出2377.52万元，占本年财政拨款支出29.26%，比上年减少100.00万元，下降4.04%；" in text
    assert "主要原因：办公用房维修改造和物业管理费用增加" in text        # the clerk's reason stays
    unit.narrative = text
    assert [f for f in run_checks(unit) if f.severity in (ERROR, WARNING)] == []


def test_a_class_comparison_without_its_prior_figure_is_not_checked_but_said():
    unit = build_demo()
    unit.narrative = unit.narrative.replace("一般公共服务支出3460.19万元，占本年财政拨款支出42.59%",
                                            "一般公共服务支出3460.19万元，占本年财政拨款支出42.59%，比上年增加1.00万元")
    findings = run_checks(unit)
    assert not [f for f in findings if f.rule == "N-PRIOR"]
    [info] = [f for f in findings if f.rule == "N-UNFILLED"]
    assert "上年财政拨款支出决算数（按类，补充）中相应的补充数据尚未填写" in info.message
