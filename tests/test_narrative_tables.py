"""Narrative vs tables: the demo's narrative checks clean against its tables; changing one cell
produces exactly the narrative findings that cite it; empty tables give internal checks only."""
from __future__ import annotations

import pytest

from check_scenarios import W, imported_copy
from domain.checks.finding import INFO
from domain.demo import build_demo
from domain.narrative.coverage import narrative_coverage
from domain.narrative.draft import draft_narrative
from narrative_helpers import n_findings, problems, unit_with


def narrative_problems(unit):
    return [f for f in n_findings(unit) if f.severity != INFO]


def test_the_demo_narrative_checks_clean_and_every_figure_is_checked():
    unit = build_demo()
    assert narrative_problems(unit) == []
    coverage = narrative_coverage(unit)
    assert coverage.total > 100 and coverage.bound == coverage.total
    info = n_findings(unit, "N-COVERAGE")
    assert len(info) == 1 and info[0].message.startswith(f"叙述数字：共{coverage.total}个，已核对{coverage.total}个（100%）")
    assert f"精确核对{coverage.exact}个" in info[0].message


def test_an_imported_copy_of_the_demo_checks_clean_too():
    assert narrative_problems(imported_copy(build_demo())) == []


def _dependents(unit, cell) -> set:
    """The cell and every derived cell whose value depends on it."""
    out = {cell}
    changed = True
    derived = unit.derived_cells()
    while changed:
        changed = False
        for key in derived:
            if key not in out and any(p in out for p in unit.parts(*key)):
                out.add(key)
                changed = True
    return out


CELLS = [
    ("T11", "total", "sme_contract", W("1.23")),
    ("T11", "total", "actual_goods", W("1.23")),
    ("X2", "vehicles_held", "value", 1),
    ("X2", "reception_persons", "value", 1),
    ("X2", "fixed_assets_total", "value", W("1.23")),
    ("X1", "office_running", "amount", W("1.23")),
    ("X1", "grand_total", "amount", W("-2.00")),
    ("T5", "2010301", "initial_budget", W("1.23")),
    ("T10", "amount", "final_reception", W("0.50")),
    ("T10", "amount", "budget_vehicle_operation", W("0.50")),
    ("T1", "other_income", "amount", W("1.23")),
    ("T6", "30101", "amount", W("1.23")),          # cited only through 人员经费合计
    ("T12", "p1", "amount", W("1.23")),
]


@pytest.mark.parametrize("table, row, col, delta", CELLS)
def test_one_changed_cell_gives_exactly_the_findings_that_cite_it(table, row, col, delta):
    unit = build_demo()
    cell = (table, row, col)
    unit.set_amount(*cell, unit.amount(*cell) + delta)
    unit.refresh_derived()
    affected = _dependents(unit, cell)
    found = narrative_problems(unit)
    assert found, "the narrative no longer matches: something must say so"
    for f in found:
        cited = {(loc.table, loc.row, loc.col) for loc in f.cells}
        assert cited & affected, (f.rule, f.message)
        assert f.spans, f.message
    # the statements of the changed cell itself are among them (表6 款 rows are not in the narrative)
    direct = [f for f in found if cell in {(loc.table, loc.row, loc.col) for loc in f.cells}]
    assert direct or table == "T6"
    # and a narrative redrafted from the changed tables agrees with them again (its internal checks
    # may still show what the change broke between tables, e.g. 表6 > 表3 基本支出)
    unit.narrative = draft_narrative(unit)
    assert [f for f in narrative_problems(unit) if f.rule in ("N-TABLE", "N-PRIOR")] == []


def test_a_leaf_cell_nothing_derives_from():
    unit = build_demo()
    unit.set_amount("T11", "total", "sme_contract", unit.amount("T11", "total", "sme_contract") + W("1.23"))
    found = narrative_problems(unit)
    assert sorted(f.rule for f in found) == ["N-TABLE", "N-TABLE"]
    amount, share = sorted(found, key=lambda f: len(f.cells))
    assert "授予中小企业合同金额1520.18万元" in amount.message and "1521.41" in amount.message
    assert [(c.table, c.row, c.col) for c in amount.cells] == [("T11", "total", "sme_contract")]
    assert "87.54%" in share.message and "87.61%" in share.message
    text = unit.narrative
    assert text[amount.spans[0].start:amount.spans[0].end] == "1520.18万元"


def test_prior_year_change_and_rate():
    unit = build_demo()
    unit.set_amount("X1", "office_running", "amount", unit.amount("X1", "office_running", "amount") + W("1.23"))
    found = narrative_problems(unit)
    assert {f.rule for f in found} == {"N-PRIOR"}
    assert any("比上年增加156.04万元" in f.message and "154.81" in f.message for f in found)
    assert any("增长29.36%" in f.message for f in found)


def test_no_prior_year_figures_no_prior_checks():
    unit = build_demo()
    for key in [k for k in unit.cells if k[0] == "X1"]:
        unit.delete_cell(key)
    assert narrative_problems(unit) == []
    notes = [f.message for f in n_findings(unit, "N-UNFILLED")]
    assert len(notes) == 1 and "上年" in notes[0]


def test_empty_tables_give_internal_checks_only():
    """A unit whose tables were never filled: the narrative's own errors, no table errors, one note."""
    text = ("（二）支出决算说明\n2024年度本年支出合计100.00万元，其中：基本支出30.00万元，占支出合计的40%；项目支出70.00万元，"
            "占支出合计的70%。")
    unit = unit_with(text)
    rules = [f.rule for f in n_findings(unit)]
    assert "N-TABLE" not in rules and "N-PRIOR" not in rules
    assert "N-SHARE" in rules
    note = n_findings(unit, "N-UNFILLED")
    assert len(note) == 1 and note[0].severity == INFO and "报表尚未填写" in note[0].message


def test_a_table_not_filled_yet_is_not_all_zero():
    unit = build_demo()
    for key in [k for k in unit.cells if k[0] == "T10"]:
        unit.delete_cell(key)
    assert narrative_problems(unit) == []
    notes = [f.message for f in n_findings(unit, "N-UNFILLED")]
    assert any("公开10表" in m for m in notes)


def test_a_row_missing_from_the_table():
    unit = build_demo()
    unit.narrative = unit.narrative.replace(
        "“住房公积金”（项）", "“提租补贴”（项）")
    found = [f for f in narrative_problems(unit) if f.rule == "N-TABLE"]
    assert found and all("2210202" in f.message for f in found)


def test_the_same_text_with_wrong_figures_against_full_tables():
    unit = build_demo()
    unit.narrative = unit.narrative.replace("政府采购货物支出52.36万元", "政府采购货物支出53.26万元")
    found = narrative_problems(unit)
    rules = sorted({f.rule for f in found})
    assert rules == ["N-SUM", "N-TABLE"]          # the parts no longer add up, and the cell says 52.36


def test_problems_helper_on_a_plain_text():
    assert problems("没有数字的说明。") == []


def test_unchecked_figures_are_listed_with_their_span():
    text = "（二）机构设置\n区民政局共设置14个内设机构。\n二、机关运行经费支出情况\n2023年度机关运行经费支出合计549.66万元，比上年增加了29.77万元。"
    unit = unit_with(text, 2023)
    unbound = n_findings(unit, "N-UNBOUND")
    assert sorted(text[f.spans[0].start:f.spans[0].end] for f in unbound) == ["14个", "29.77万元", "549.66万元"]
    assert all(f.severity == INFO and f.message.startswith("未核对：") for f in unbound)
    coverage = narrative_coverage(unit)
    assert (coverage.total, coverage.bound) == (3, 0)
    assert n_findings(unit, "N-COVERAGE")[0].message.startswith("叙述数字：共3个，已核对0个（0%）")
    # with last year's figure entered and a table filled, the change is checked against it
    unit.set_amount("X1", "office_running", "amount", W("519.89"))
    unit.set_amount("X2", "office_running", "value", W("549.66"))
    unit.set_amount("T1", "other_income", "amount", W("1.00"))
    assert narrative_coverage(unit).bound == 2
    assert not [f for f in n_findings(unit) if f.severity != INFO]


def test_findings_after_edits_equal_a_fresh_check():
    """The per-statement memo of the table comparisons never keeps a stale outcome."""
    from domain.checks import run_checks
    from domain.demo import build_demo
    unit = build_demo()
    run_checks(unit)
    edits = [("T5", "2010301", "basic", 1_000_000), ("T11", "total", "actual_goods", -5), ("X2", "vehicles_held", "value", 1),
             ("T12", "p1", "amount", 3_000_000), ("X1", "grand_total", "amount", 0)]
    for table, row, col, delta in edits:
        unit.set_amount(table, row, col, unit.amount(table, row, col) + delta)
        unit.refresh_derived()
        assert run_checks(unit) == run_checks(unit.copy())
    unit.set_text("T12", "p3", "catalog1", "公共服务")          # a text cell that regroups the projects
    assert run_checks(unit) == run_checks(unit.copy())
    unit.remove_row("T5", "2210203")
    unit.refresh_derived()
    assert run_checks(unit) == run_checks(unit.copy())


def test_no_initial_budget_entered_means_budget_figures_are_not_compared():
    """A workbook has no 年初预算 column: the summed-up zeros of its 类/款 rows are not a budget."""
    from domain.checks import run_checks
    from domain.demo import build_demo
    unit = build_demo()
    for (table, row, col) in [k for k in unit.cells if k[2] == "initial_budget"]:
        unit.set_amount(table, row, col, None)
    assert unit.amount("T5", "total", "initial_budget") == 0     # derived from nothing
    findings = run_checks(unit)
    assert not [f for f in findings if f.rule == "N-TABLE" and "年初预算" in f.message]
    assert any(f.rule == "N-UNFILLED" and "一般公共预算财政拨款支出决算表》的“年初预算”列尚未填写" in f.message
               for f in findings)


def test_an_adjusted_budget_is_not_compared_with_the_initial_budget_column():
    unit = build_demo()
    written = "“行政运行”（项）2024年度年初预算2290.00万元，"
    assert written in unit.narrative
    unit.narrative = unit.narrative.replace(written, written + "全年预算2300.00万元，", 1)
    assert narrative_problems(unit) == []                 # 2300.00 is no 年初预算: nothing to compare it with


def test_an_initial_budget_of_zero_in_the_table_makes_the_completion_rate_undefined():
    unit = build_demo()
    unit.set_amount("T5", "2010301", "initial_budget", 0)
    found = [f for f in narrative_problems(unit) if "完成率无从计算" in f.message]
    assert found and all(f.severity == "warning" for f in found)


THREE_ABROAD = ("第三部分 2024年度其他重要事项的情况说明\n一、“三公”经费财政拨款决算情况\n"
                "1.因公出国（境）费用。2024年度决算数344.10万元，比2024年度年初预算数352.35万元减少{change}万元。\n")


@pytest.mark.parametrize("tables", [False, True])
def test_a_difference_written_as_the_tables_give_it_is_no_rounding_warning(tables):
    # 表10: 344.1042 − 352.3458 = −8.2416 → “减少8.24”; the text's rounded 352.35 − 344.10 = 8.25
    unit = unit_with(THREE_ABROAD.format(change="8.24"))
    if tables:
        unit.set_amount("T10", "amount", "final_abroad", 344_104_200)
        unit.set_amount("T10", "amount", "budget_abroad", 352_345_800)
        assert narrative_problems(unit) == []
    else:   # no table to decide: the text alone can only say the figures meet at the edge of their rounding
        assert [(f.rule, f.severity) for f in narrative_problems(unit)] == [("N-CHANGE", "warning")]


def test_a_rounding_warning_stays_when_a_figure_disagrees_with_the_tables():
    unit = unit_with(THREE_ABROAD.format(change="8.24"))
    unit.set_amount("T10", "amount", "final_abroad", 344_104_200)
    unit.set_amount("T10", "amount", "budget_abroad", 352_355_800)     # 352.36: the text's 352.35 is wrong
    found = {(f.rule, f.severity) for f in narrative_problems(unit)}
    assert ("N-CHANGE", "warning") in found and ("N-TABLE", "error") in found


def test_a_sum_written_as_the_tables_give_it_is_no_rounding_warning():
    # every internal relation, not only a change: 表10 1.004 + 2.004 = 3.008 → “3.01”, the parts “1.00”, “2.00”
    unit = unit_with("第三部分 2024年度其他重要事项的情况说明\n一、“三公”经费财政拨款决算情况\n"
                     "2024年度公务用车购置及运行维护费3.01万元，其中：公务用车购置费1.00万元，公务用车运行维护费2.00万元。\n")
    assert [(f.rule, f.severity) for f in narrative_problems(unit)] == [("N-SUM", "warning")]
    unit.set_amount("T10", "amount", "final_vehicle_purchase", 1_004_000)
    unit.set_amount("T10", "amount", "final_vehicle_operation", 2_004_000)
    assert narrative_problems(unit) == []


def test_a_clean_comparison_names_no_cell_and_looks_each_quantity_up_once(monkeypatch):
    """The comparison of ~1,000 figures with the tables is on every check's path: naming a cell (only a
    finding's message needs it) and looking the same quantity up again for every figure citing it were
    most of its time."""
    from collections import Counter
    from domain.narrative import table_rules
    from domain.narrative.reader import read_narrative

    named, looked_up = [], Counter()
    monkeypatch.setattr(table_rules, "cell_name", lambda unit, cell: named.append(cell) or "")
    real = table_rules.TableSource._quantity
    monkeypatch.setattr(table_rules.TableSource, "_quantity",
                        lambda self, key, role: looked_up.update([(key, role)]) or real(self, key, role))
    unit = build_demo()
    reading = read_narrative(unit.narrative, unit.meta.year)
    compared, _unfilled = table_rules.table_checks(unit, reading, reading.share_parts, {})
    assert len(compared) > 100 and all(c.ok for c in compared)
    assert named == []
    assert looked_up and max(looked_up.values()) == 1
    cited = Counter(st.key for st in reading.statements if st.key)   # … while several figures cite one quantity
    assert max(cited.values()) > 1
