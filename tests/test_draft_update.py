"""`draft --update`: the clerk's text keeps its words; only the figures that changed change."""
from __future__ import annotations

import pytest

from cli.commands import main
from domain.checks import ERROR, WARNING, run_checks
from domain.demo import TEXTS, build_demo
from domain.money import to_fen
from domain.narrative.draft import draft_narrative, update_narrative
from importers.narrative_file import read_narrative
from storage.unit_file import UnitFile
from test_draft import ALL_SLOTS, TABLE_SETS

REASON = "严格执行公务接待标准，减少接待批次"        # the demo clerk's reason for 公务接待费


def run(capsys, *args):
    """The command in this process (as main.py runs it): (exit code, stdout, stderr)."""
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def serious(unit):
    return [(f.rule, f.message) for f in run_checks(unit) if f.severity in (ERROR, WARNING)]


def sentences(text: str) -> list[str]:
    return [s for line in text.split("\n") for s in line.replace("。", "。\n").split("\n") if s]


def test_nothing_to_update_in_a_text_that_agrees_with_the_tables():
    unit = build_demo()
    assert update_narrative(unit, unit.narrative) == (unit.narrative, [])


def test_one_cell_changed_changes_exactly_the_sentences_citing_it_and_keeps_the_reason():
    unit = build_demo()
    clerk = unit.narrative.replace("全年国内公务接待3批次，26人次。", "全年国内公务接待3批次，26人次。接待对象主要为兄弟街道考察团。")
    before = sentences(draft_narrative(unit))
    unit.set_amount("T10", "amount", "final_reception", to_fen("1.90", "万元"))    # 0.85 → 1.90: now above budget
    unit.refresh_derived()
    after = sentences(draft_narrative(unit))
    cited = {(b, a) for b, a in zip(before, after) if b != a}          # what a fresh draft words differently
    assert len(cited) == 2                                              # 三公 total, 公务接待费, nothing else

    text, changes = update_narrative(unit, clerk)
    assert len(changes) == len(cited) and not any(c.added for c in changes)
    assert [c.new for c in changes][0] == ("2024年度“三公”经费财政拨款决算数8.74万元，"
                                           "比2024年度“三公”经费财政拨款年初预算9.50万元减少0.76万元。")
    assert changes[1].new == ("2024年度决算数1.90万元，比2024年度年初预算数1.50万元增加0.40万元，主要原因：" + REASON + "。")
    assert [c.review for c in changes] == [False, True]         # 减少 → 增加 under the clerk's reason: re-read it
    assert REASON in text and "接待对象主要为兄弟街道考察团。" in text
    # every other sentence is as the clerk left it
    assert [s for s in sentences(text) if s not in {c.new for c in changes}] == \
           [s for s in sentences(clerk) if s not in {c.old for c in changes}]
    unit.narrative = text
    assert serious(unit) == []


def test_a_missing_section_is_added_where_the_template_has_it_and_nothing_is_deleted():
    unit = build_demo()
    text = unit.narrative
    start, end = text.index("四、国有资产占用情况"), text.index("五、政府购买服务支出说明")
    clerk = text[:start] + text[end:]
    clerk = clerk.replace("二、机关运行经费支出情况\n", "二、机关运行经费支出情况\n本单位严格控制一般性支出。\n")
    updated, changes = update_narrative(unit, clerk)
    assert [(c.section, c.added) for c in changes] == [("四、国有资产占用情况", True)]
    assert updated == text.replace("二、机关运行经费支出情况\n", "二、机关运行经费支出情况\n本单位严格控制一般性支出。\n")


def test_a_figure_moving_to_zero_difference_turns_the_phrase_and_keeps_the_reason():
    unit = build_demo()
    clerk = unit.narrative
    unit.set_amount("T10", "amount", "final_reception", unit.amount("T10", "amount", "budget_reception"))
    unit.refresh_derived()
    text, changes = update_narrative(unit, clerk)
    assert "2024年度决算数1.50万元，与2024年度年初预算数1.50万元持平，主要原因：" + REASON + "。" in text
    unit.narrative = text
    assert serious(unit) == []


def test_cli_draft_update_and_out(tmp_path, capsys):
    path = tmp_path / "d.jsgk"
    assert run(capsys, "demo", path)[0] == 0
    code, _, err = run(capsys, "draft", path)
    assert code == 2 and "--update" in err
    with UnitFile.open(path) as f:
        unit = f.load()
        unit.set_amount("T11", "total", "actual_goods", unit.amount("T11", "total", "actual_goods") + to_fen("1", "万元"))
        unit.refresh_derived()
        f.save(unit)
    code, out, err = run(capsys, "draft", path, "--update")
    assert code == 0, err
    assert "政府采购货物支出53.36万元" in out and "共更新 2 句" in out   # the amounts and the shares
    assert run(capsys, "check", path)[0] == 0
    with UnitFile.open(path) as f:
        session = f.session()
        assert session.undo_label() == "更新说明"         # one step in the file's history: undone as a whole
        session.undo()
        assert "政府采购货物支出52.36万元" in session.unit.narrative
    for name in ("new.txt", "new.docx"):
        code, out, _ = run(capsys, "draft", path, "--out", tmp_path / name)
        assert code == 0 and "5 处【请填写…】" in out
        assert read_narrative(tmp_path / name).strip() == draft_narrative(unit).strip()


def test_the_clerks_own_sentences_get_the_figures_the_reader_binds_in_their_own_style():
    unit = build_demo()
    own = "本年机关运行经费为687.54万元，比预算略有节约。"
    clerk = (unit.narrative.replace("二、机关运行经费支出情况\n", "二、机关运行经费支出情况\n" + own + "\n")
             .replace("政府采购支出总额1736.48万元", "政府采购支出总额1,736.48万元"))
    assert update_narrative(unit, clerk) == (clerk, [])           # grouping is the clerk's choice
    unit.set_amount("X2", "office_running", "value", unit.amount("X2", "office_running", "value") - to_fen("10", "万元"))
    text, changes = update_narrative(unit, clerk)
    assert [(c.old, c.new) for c in changes][-1] == (own, "本年机关运行经费为677.54万元，比预算略有节约。")
    assert "2024年度机关运行经费支出合计677.54万元，比上年增加146.04万元，增长27.48%，主要原因：" in text
    assert "政府采购支出总额1,736.48万元" in text
    unit.narrative = text
    assert serious(unit) == []


def test_a_row_the_tables_gained_gets_its_paragraph_in_code_order():
    unit = build_demo()
    clerk = unit.narrative
    for table in ("T5", "T3", "T2"):
        unit.add_row(table, "2010302")
    unit.set_amount("T5", "2010302", "project", to_fen("10", "万元"))
    unit.set_amount("T5", "2010302", "initial_budget", to_fen("12", "万元"))
    unit.refresh_derived()
    text, changes = update_narrative(unit, clerk)
    added = [c.new for c in changes if c.added]
    paragraph = "“一般行政管理事务”（项）2024年度年初预算12.00万元，2024年度决算10.00万元，完成年初预算的83.33%。"
    assert added == [paragraph]
    assert "完成年初预算的101.11%。\n" + paragraph + "\n“事业运行”（项）" in text


def test_cli_draft_of_a_new_unit_names_what_is_left_to_write(tmp_path, capsys):
    path = tmp_path / "new.jsgk"
    assert run(capsys, "new", path, "--unit", "新单位", "--year", "2024")[0] == 0
    code, out, _ = run(capsys, "draft", path)
    assert code == 0 and "还有 3 处【请填写…】待填写" in out      # 职责, 机关运行经费, 国有资产 (no X2 entered yet)
    with UnitFile.open(path) as f:
        text = f.load().narrative
    assert "四、一般公共预算财政拨款支出决算情况说明\n本单位不涉及。" in text
    assert "二、机关运行经费支出情况\n【请在“其他重要事项（补充）”表中填写机关运行经费】" in text


def test_tables_not_filled_yet_write_no_zeros_into_the_clerks_text():
    from domain.unit import UnitData, UnitMeta
    clerk = build_demo().narrative
    assert update_narrative(UnitData(UnitMeta("新单位", 2024)), clerk) == (clerk, [])
    unit = build_demo()
    for key in [k for k in unit.cells if k[0] == "T11"]:
        unit.delete_cell(key)                       # 表11 not filled in yet
    text, changes = update_narrative(unit, clerk)
    assert changes == [] and "政府采购支出总额1736.48万元" in text


def test_a_template_alternative_left_in_a_comparison_is_resolved_from_the_tables():
    unit = build_demo()
    good = "2024年度收、支总计8145.27万元，比上年增加249.94万元，增长3.17%。"
    left = "2024年度收、支总计8145.27万元，比上年增加（减少）249.94万元，增长（下降）3.17%。"
    assert good in unit.narrative
    text, changes = update_narrative(unit, unit.narrative.replace(good, left))
    assert [(c.old, c.new) for c in changes] == [(left, good)]


def test_last_years_text_becomes_this_years_with_the_clerks_reasons():
    """A clerk starts from last year's 说明: every drafted figure, year and 增减 phrase is redone
    from this year's tables; last year's reasons stay (flagged where the direction turned)."""
    last = build_demo()
    for key, value in (("final_reception", "1.80"), ("final_vehicle_operation", "7.20")):
        last.set_amount("T10", "amount", key, to_fen(value, "万元"))
    last.refresh_derived()
    last_text = draft_narrative(last, TEXTS).replace("2024年", "2023年")
    unit = build_demo()
    text, changes = update_narrative(unit, last_text)
    assert text == unit.narrative                     # this year's text, with the clerk's reasons
    assert any(c.review for c in changes)             # 公务接待费 went from above budget to below: re-read its reason
    assert "2023年" not in text


@pytest.mark.parametrize("name", TABLE_SETS)
def test_one_cell_changed_in_each_table_set(name):
    unit = TABLE_SETS[name]()
    clerk = draft_narrative(unit, ALL_SLOTS)
    unit.set_amount("X2", "reception_batches", "value", unit.amount("X2", "reception_batches", "value") + 2)
    fresh = draft_narrative(unit, ALL_SLOTS)
    cited = [(b, a) for b, a in zip(sentences(clerk), sentences(fresh)) if b != a]
    text, changes = update_narrative(unit, clerk)
    assert [(c.old, c.new) for c in changes] == cited and len(cited) == 1
    assert text == fresh and all(reason in text for reason in ALL_SLOTS.values() if reason in clerk)
    unit.narrative = text
    assert serious(unit) == []
