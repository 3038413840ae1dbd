"""The check engine as a whole: the demo checks clean, rounding on imported 万元 data, the cache of
results per table revision, the rule catalogue, the relations' cell references, the findings' JSON."""
from __future__ import annotations

import copy
import json
import pickle
import random
from pathlib import Path

import jsonschema
import pytest

from check_scenarios import W, claim, engine_findings, imported_copy, with_soe
from domain.checks import ERROR, INFO, WARNING, run_checks
from domain.checks.catalogue import REGENERATE, catalogue_markdown, catalogue_text
from domain.checks.compare import EQ, GE, Side, compare
from domain.checks.cross_tables import RELATIONS
from domain.checks.registry import RULES, all_rules
from domain.checks.relations import CODE
from domain.checks.table_identities import IDENTITIES
from domain.demo import build_demo
from domain.template import TOTAL_ROW, available_years, load_template
from domain.unit import DERIVED, IMPORTED, Cell, UnitData, UnitMeta

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "findings.schema.json").read_text(encoding="utf-8"))


# ---- the demo ------------------------------------------------------------------------------------

@pytest.mark.parametrize("year", available_years())
def test_the_demo_checks_clean(year):
    findings = run_checks(build_demo(year))
    assert [f for f in findings if f.severity in (ERROR, WARNING)] == []
    assert engine_findings(build_demo(year)) == []


def test_the_demo_imported_from_a_workbook_in_wan_yuan_checks_clean(tmp_path):
    """demo → official workbook in 万元 → import (every value ± 0.005 万元) → no finding."""
    from helpers.official_workbook import official_xlsx
    from importers import prepare
    demo = build_demo()
    book = official_xlsx(demo, tmp_path / "决算报表.xlsx", money_unit="万元")
    unit = prepare(UnitData(UnitMeta(demo.meta.unit_name, demo.meta.year)), [book]).after
    assert any(c.source == IMPORTED and c.tolerance == 5000 for c in unit.cells.values())
    assert engine_findings(unit) == []


# ---- rounding ------------------------------------------------------------------------------------

def test_a_difference_only_rounding_explains_is_a_warning_not_an_error():
    """Published 0.33 + 0.33 + 0.33 = 1.00 (exact 0.334 + 0.333 + 0.333): each ± 0.005 万元."""
    unit = imported_copy(build_demo())
    for col, value in (("plan_goods", "0.33"), ("plan_works", "0.33"), ("plan_services", "0.33"), ("plan_total", "1.00")):
        claim(unit, "T11", "total", col, W(value))
    (finding,) = engine_findings(unit)
    assert (finding.rule, finding.severity) == ("T11-SUM", WARNING)
    assert finding.message == ("表11 采购计划金额合计 1.00 万元 ≠ 采购计划金额·货物 + 采购计划金额·工程 + 采购计划金额·服务 "
                               "0.99 万元，相差 0.01 万元；差额在四舍五入误差 ±0.02 万元 以内，可能只是各数分别四舍五入所致，请核对")


def test_beyond_rounding_the_same_relation_is_an_error():
    unit = imported_copy(build_demo())
    for col, value in (("plan_goods", "0.33"), ("plan_works", "0.33"), ("plan_services", "0.33"), ("plan_total", "1.02")):
        claim(unit, "T11", "total", col, W(value))
    (finding,) = engine_findings(unit)
    assert (finding.rule, finding.severity) == ("T11-SUM", ERROR)
    assert finding.message.endswith("相差 0.03 万元；超出四舍五入可解释的 ±0.02 万元")


def test_rounding_across_tables_is_a_warning():
    unit = imported_copy(build_demo())
    claim(unit, "T6", "public_total", "amount", unit.amount("T6", "public_total", "amount") - W("0.01"))
    found = {f.rule: f for f in engine_findings(unit)}
    assert set(found) == {"X-T5-T6-BASIC", "T6-SUM", "X-X2-T6-OFFICE"}
    assert found["X-T5-T6-BASIC"].severity == WARNING
    assert found["T6-SUM"].severity == WARNING
    assert found["X-X2-T6-OFFICE"].severity == INFO               # a warning relation: one level milder
    assert found["X-T5-T6-BASIC"].message == (
        "表5 合计·基本支出 3,820.20 万元 ≠ 表6 人员经费合计 + 公用经费合计 3,820.19 万元，相差 0.01 万元；"
        "差额在四舍五入误差 ±0.015 万元 以内，可能只是各数分别四舍五入所致，请核对")


def test_the_same_difference_on_entered_data_is_an_error():
    unit = build_demo()
    unit.set_amount("T6", "30101", "amount", unit.amount("T6", "30101", "amount") - W("0.01"))
    unit.refresh_derived()
    (finding,) = engine_findings(unit)
    assert (finding.rule, finding.severity) == ("X-T5-T6-BASIC", ERROR)
    assert "四舍五入" not in finding.message


def test_a_warning_relation_broken_only_by_rounding_is_info():
    unit = imported_copy(build_demo())
    claim(unit, "T3", "2010301", "basic", unit.amount("T3", "2010301", "basic") - W("0.01"))
    funds = [f for f in engine_findings(unit) if f.rule == "X-T3-FUNDS"]
    assert [f.severity for f in funds] == [INFO]
    assert "少 0.01 万元；差额在四舍五入误差 ±0.01 万元 以内" in funds[0].message


def test_messages_follow_the_display_unit():
    unit = imported_copy(build_demo())
    unit.meta.display_unit = "元"
    claim(unit, "T6", "public_total", "amount", unit.amount("T6", "public_total", "amount") - W("0.01"))
    finding = next(f for f in engine_findings(unit) if f.rule == "X-T5-T6-BASIC")
    assert finding.message == ("表5 合计·基本支出 38,202,000.00 元 ≠ 表6 人员经费合计 + 公用经费合计 38,201,900.00 元，"
                               "相差 100.00 元；差额在四舍五入误差 ±150.00 元 以内，可能只是各数分别四舍五入所致，请核对")


def test_compare_uses_intervals():
    exact = compare("R", ERROR, Side("甲", 100), EQ, Side("乙", 101), "元")
    assert exact.severity == ERROR and exact.message == "甲 1.00 元 ≠ 乙 1.01 元，相差 0.01 元"
    assert compare("R", ERROR, Side("甲", 100, 1), EQ, Side("乙", 101), "元").severity == WARNING
    assert compare("R", ERROR, Side("甲", 100, 1), EQ, Side("乙", 103, 1), "元").severity == ERROR
    assert compare("R", ERROR, Side("甲", 100), EQ, Side("乙", 100, 7), "元") is None
    assert compare("R", WARNING, Side("甲", 100, 5000), GE, Side("乙", 105), "万元").severity == INFO
    assert compare("R", WARNING, Side("甲", 100), GE, Side("乙", 99), "万元") is None


def test_a_difference_too_small_for_wan_yuan_is_shown_in_yuan():
    finding = compare("R", ERROR, Side("甲", 1_000_000), EQ, Side("乙", 1_000_003), "万元")
    assert finding.message == "甲 10,000.00 元 ≠ 乙 10,000.03 元，相差 0.03 元"


# ---- the cache of results per table revision ----------------------------------------------------

def _sorted(findings):
    return sorted((f.rule, f.severity, f.message, f.locations) for f in findings)


EDITS = [
    lambda u: u.set_amount("T5", "2010301", "basic", u.amount("T5", "2010301", "basic") + 1),
    lambda u: u.refresh_derived(),
    lambda u: u.set_amount("T6", "30101", "amount", u.amount("T6", "30101", "amount") - 300),
    lambda u: u.add_row("T5", "2130101"),
    lambda u: u.set_amount("T5", "2130101", "project", W("3")),
    lambda u: u.remove_row("T5", "2130101"),
    lambda u: u.set_rows("T2", {**u.extra_rows["T2"], "2050101": ""}),
    lambda u: u.set_rows("T2", {k: n for k, n in u.extra_rows["T2"].items() if k != "2050101"}),
    lambda u: u.set_note("T8", None),
    lambda u: u.set_note("T10", "本单位不涉及"),
    lambda u: [u.set_note(t, None) for t in list(u.table_notes)],
    lambda u: u.put_cell(("T11", "total", "sme_contract"), Cell(W("5000"))),
    lambda u: u.put_cell(("T11", "total", "sme_contract"), Cell(W("1"))),
    lambda u: u.delete_cell(("T11", "total", "sme_contract")),
    lambda u: setattr(u.meta, "display_unit", "元"),
    lambda u: claim(u, "T2", TOTAL_ROW, "total", W("1")),
    lambda u: [u.delete_cell(k) for k in list(u.cells) if k[0] == "T12"],
    lambda u: u.set_rows("T12", {}),
    lambda u: u.set_rows("T9", {**u.extra_rows.get("T9", {}), "2230101": ""}),
    lambda u: u.set_amount("T9", "2230101", "project", W("2")),
    lambda u: setattr(u.meta, "display_unit", "万元"),
]


def test_cached_results_always_equal_a_fresh_check():
    unit = build_demo()
    run_checks(unit)
    for i, edit in enumerate(EDITS):
        edit(unit)
        assert _sorted(run_checks(unit)) == _sorted(run_checks(unit.copy())), i


def test_cached_results_after_random_edits():
    rng = random.Random(5)
    unit = with_soe(build_demo())
    run_checks(unit)
    keys = [k for k, c in unit.cells.items() if c.amount is not None and k[0] != "X2"]
    for i in range(60):
        key = rng.choice(keys)
        cell = unit.cells[key]
        source = rng.choice([cell.source, IMPORTED])
        unit.put_cell(key, Cell(cell.amount + rng.choice([-W("1"), -1, 1, W("0.5")]), None, 5000 if source == IMPORTED else 0, source))
        if rng.random() < 0.3:
            unit.refresh_derived()
        assert _sorted(run_checks(unit)) == _sorted(run_checks(unit.copy())), i


def test_a_second_check_of_an_unchanged_unit_reuses_the_results():
    unit = build_demo()
    first = run_checks(unit)
    calls = []
    rule = RULES["X-T5-T6-BASIC"]
    original = rule.check
    object.__setattr__(rule, "check", lambda u: calls.append(1) or original(u))
    try:
        assert run_checks(unit) == first and calls == []
        unit.set_amount("T1", "other_income", "amount", unit.amount("T1", "other_income", "amount"))   # T1 only
        run_checks(unit)
        assert calls == []
        unit.set_amount("T6", "30101", "amount", unit.amount("T6", "30101", "amount") + 1)
        run_checks(unit)
        assert calls == [1]
    finally:
        object.__setattr__(rule, "check", original)


# ---- revision counters of UnitData ---------------------------------------------------------------

def test_every_way_of_changing_a_table_changes_its_revision():
    unit = build_demo()

    def changes(edit, table):
        before = {t: unit.revision(t) for t in ("T2", "T5", "T8", "T12")}
        edit()
        after = {t: unit.revision(t) for t in before}
        return {t for t in before if before[t] != after[t]} == {table}

    assert changes(lambda: unit.set_amount("T5", "2010301", "basic", 1), "T5")
    assert changes(lambda: unit.set_text("T12", "p1", "name", "新名称"), "T12")
    assert changes(lambda: unit.put_cell(("T8", "30101", "amount"), Cell(1)), "T8")
    assert changes(lambda: unit.delete_cell(("T8", "30101", "amount")), "T8")
    assert changes(lambda: unit.add_row("T2", "2130101"), "T2")
    assert changes(lambda: unit.set_rows("T2", {**unit.extra_rows["T2"], "2130101": "改名"}), "T2")
    assert changes(lambda: unit.remove_row("T2", "2130101"), "T2")
    assert changes(lambda: unit.set_note("T8", "不涉及"), "T8")
    assert changes(lambda: unit.set_note("T12", "x"), "T12")
    rows = unit.revision("T2/rows")
    unit.set_amount("T2", "2010301", "other", 5)
    assert unit.revision("T2/rows") == rows                     # cells do not change the rows
    unit.add_row("T2", "2130102")
    assert unit.revision("T2/rows") > rows
    narrative = unit.revision("narrative")
    unit.narrative += "。"
    assert unit.revision("narrative") == narrative + 1


def test_copies_are_equal_plain_and_independent():
    unit = build_demo()
    for other in (unit.copy(), copy.deepcopy(unit), pickle.loads(pickle.dumps(unit))):
        assert other == unit
        before = unit.revision("T5")
        other.set_amount("T5", "2010301", "basic", 7)
        assert unit.revision("T5") == before and other != unit
    assert type(pickle.loads(pickle.dumps(unit.cells))) is dict


def test_totals_of_rows_that_are_gone_are_zero_at_once():
    unit = build_demo()
    for key in list(unit.extra_rows["T12"]):
        unit.remove_row("T12", key)
    assert unit.amount("T12", TOTAL_ROW, "amount") == 0
    assert not any(c.source == DERIVED for c in unit.cells.values())


# ---- the rules and their catalogue ----------------------------------------------------------------

def test_every_rule_has_an_id_title_severity_and_explanation():
    for r in all_rules():
        assert r.id == r.id.upper() and " " not in r.id, r.id
        assert r.title.strip() and r.explanation.strip(), r.id
        assert r.severity in (ERROR, WARNING, INFO), r.id


def test_docs_rules_md_is_generated_from_the_rules():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert text == catalogue_markdown(), f"docs/rules.md is stale: run `{REGENERATE}`"


def test_the_catalogue_lists_every_rule():
    text, markdown = catalogue_text(), catalogue_markdown()
    for r in all_rules():
        assert r.id in text and f"`{r.id}`" in markdown and r.explanation.replace("|", "\\|") in markdown


@pytest.mark.parametrize("year", available_years())
def test_relations_name_real_cells(year):
    template = load_template(year)
    for relation in RELATIONS + IDENTITIES:
        for comparison in relation.comparisons:
            for term in comparison.terms:
                if not template.has(term.table):
                    continue
                spec = template.table(term.table)
                spec.column(term.col)
                if term.row != CODE and not spec.variable_rows:
                    assert spec.row(term.row) is not None, (relation.id, term)
                if term.row == CODE:
                    assert relation.over, relation.id


def test_a_relation_with_a_side_in_a_table_the_template_lacks_is_skipped():
    """A template without 表8 (Shanghai has none): 表7 基本支出 has nothing to be compared with."""
    from domain.template import Template
    unit = build_demo()
    unit.set_amount("T7", "2296002", "basic", W("1"))
    unit.refresh_derived()
    assert "X-T7-T8-BASIC" in {f.rule for f in engine_findings(unit)}
    template = unit.template
    unit.template = Template(template.year, template.name, tuple(t for t in template.tables if t.id != "T8"))
    rules = {f.rule for f in run_checks(unit, [r for r in RULES if r.startswith("X-")])}
    assert "X-T7-T8-BASIC" not in rules


def test_relations_read_exactly_the_tables_they_name():
    for relation in RELATIONS + IDENTITIES:
        named = {t.table for c in relation.comparisons for t in c.terms} | set(relation.domain)
        assert set(RULES[relation.id].reads) == named


# ---- findings as JSON ---------------------------------------------------------------------------

def test_findings_validate_against_the_schema():
    from test_check_rules import SCENARIOS
    validator = jsonschema.Draft202012Validator(SCHEMA)
    seen = 0
    for scenario in SCENARIOS:
        for finding in run_checks(scenario.unit()):
            validator.validate([finding.as_dict()])
            seen += 1
    assert seen > len(SCENARIOS)


def test_as_dict_keys():
    from test_check_rules import SCENARIOS
    finding = next(f for f in engine_findings(SCENARIOS[0].unit()))
    data = finding.as_dict()
    assert {"rule", "severity", "message", "table", "row", "col", "locations"} <= set(data)
    assert data["locations"][0] == {"table": data["table"], "row": data["row"], "col": data["col"]}


def test_a_new_unit_with_no_table_filled_gets_one_empty_tables_finding_not_twelve():
    from domain.checks import run_checks
    from domain.unit import UnitData, UnitMeta
    unit = UnitData(UnitMeta("新建单位", 2024))
    [finding] = run_checks(unit, ["EMPTY-NOTE"])
    assert finding.severity == "error" and "12张公开报表都还没有数据" in finding.message
    assert [loc.table for loc in finding.locations] == [f"T{i}" for i in range(1, 13)]
