"""The one value model, the session's operations and snapshots for background checks (issue 8's bugs)."""
from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import pytest

from domain.checks import run_checks
from domain.demo import build_demo
from domain.edits import Change, EditError, UnitSession
from domain.unit import IMPORTED, FrozenUnitError

W = 1_000_000     # 分 per 万元


def as_dicts(findings):
    return [f.as_dict() for f in findings]


def test_one_edit_moves_every_total_and_every_reader_sees_it():
    """Before: the stored 合计 stayed stale until refresh_derived(), and seven narrative mismatches were missed."""
    unit = build_demo()
    total = unit.amount("T5", "total", "total")
    unit.set_amount("T5", "2010301", "basic", unit.amount("T5", "2010301", "basic") + 100 * W)
    assert unit.amount("T5", "total", "total") == total + 100 * W
    from domain.layout import table_grid
    grid = table_grid(unit, "T5", "万元")
    assert any(f"{(total + 100 * W) / W:,.2f}" in str(cell) for row in grid.body for cell in row)
    found = run_checks(unit)
    assert as_dicts(found) == as_dicts(run_checks(unit.copy()))       # cached == fresh
    cited = [f for f in found if f.rule == "N-TABLE" and any(l.table == "T5" and l.row == "total" for l in f.cells)]
    assert cited, "the narrative sentences quoting 表5's 合计 are reported at once"


def test_only_the_ancestors_of_a_changed_cell_are_derived_from_it():
    unit = build_demo()
    assert set(unit.ancestors(("T5", "2010301", "basic"))) == {
        ("T5", "2010301", "total"), ("T5", "20103", "basic"), ("T5", "20103", "total"),
        ("T5", "201", "basic"), ("T5", "201", "total"), ("T5", "total", "basic"), ("T5", "total", "total")}
    assert unit.ancestors(("T5", "total", "total")) == []


def test_an_imported_total_is_the_value_as_printed_and_the_checks_compare_it_with_its_parts():
    unit = build_demo()
    parts = unit.amount("T5", "total", "total")
    unit.set_amount("T5", "total", "total", parts + W, IMPORTED, 5000)
    assert unit.value("T5", "total", "total") == (parts + W, 5000)
    assert unit.computed("T5", "total", "total") == parts
    assert any(f.rule == "T5-SUM" for f in run_checks(unit))


def test_session_operations_report_what_changed_and_undo_restores_exactly():
    unit = build_demo()
    before = unit.copy()
    session = UnitSession(unit, who="测试")
    seen: list[Change] = []
    session.subscribe(seen.append)
    change = session.set_value("T5", "2010301", "basic", unit.amount("T5", "2010301", "basic") + W)
    assert ("T5", "total", "total") in change.cells and ("T6", "301", "amount") not in change.cells
    with session.step("粘贴"):
        session.set_values([("T12", "p1", "amount", 3 * W), ("T10", "amount", "final_reception", W)])
        session.set_note("T8", None)
        session.add_row("T5", "2010188", "新项目")
        session.set_narrative(unit.narrative + "\n补充一句。")
        session.set_meta(unit_name="另一个单位")
    assert len(seen) == 2 and seen[1].narrative and seen[1].meta and "T5" in seen[1].rows
    assert session.undo_label() == "粘贴"
    session.undo()
    session.undo()
    assert unit == before and not session.can_undo() and session.redo_label().startswith("填写")
    session.redo()
    assert unit.amount("T5", "2010301", "basic") == before.amount("T5", "2010301", "basic") + W


@pytest.mark.parametrize("item, words", [
    (("T5", "total", "total", 1), "不能直接填写"),
    (("T5", "20103", "basic", 1), "不能直接填写"),
    (("T6", "301", "amount", 1), "不能直接填写"),
    (("T99", "x", "y", 1), "没有这张表"),
    (("T5", "9999999", "basic", 1), "这一行"),
    (("T5", "2010301", "nope", 1), "这一列"),
    (("T5", "2010301", "basic", 1.5), "整数"),
    (("T12", "p1", "name", 3), "文字"),
])
def test_a_refused_paste_changes_nothing(item, words):
    unit = build_demo()
    before = unit.copy()
    session = UnitSession(unit)
    with pytest.raises(EditError, match=words):
        session.set_values([("T5", "2010301", "basic", 7), item])
    assert unit == before and not session.can_undo()


def test_checks_in_a_thread_pool_while_edits_continue_equal_a_serial_run():
    unit = build_demo()
    session = UnitSession(unit)
    rng = random.Random(8)
    leaves = [(t, r.key, c) for t in ("T5", "T3", "T6", "T10", "T11", "T12") for r in unit.rows(t)
              for c in ("basic", "project", "amount", "final_reception", "actual_goods")
              if unit.row(t, r.key) and c in {col.key for col in unit.template.table(t).columns_for(r)}
              and not unit.is_derived(t, r.key, c)]
    run_checks(unit)                                   # warm caches: snapshots carry them
    copies, futures = [], []
    with ThreadPoolExecutor(max_workers=3) as pool:
        for _ in range(8):
            key = rng.choice(leaves)
            session.set_value(*key, unit.amount(*key) + rng.choice((1, -1)) * rng.randrange(1, 50) * W // 100)
            snapshot = session.snapshot()
            copies.append(unit.copy())
            futures.append(pool.submit(run_checks, snapshot))
            run_checks(unit)                           # the GUI thread checks too, on the live unit
    for copy, future in zip(copies, futures):
        assert as_dicts(future.result()) == as_dicts(run_checks(copy))


def test_a_snapshot_is_read_only_and_carries_the_caches():
    unit = build_demo()
    run_checks(unit)
    snapshot = unit.snapshot()
    with pytest.raises(FrozenUnitError):
        snapshot.set_amount("T5", "2010301", "basic", 1)
    assert set(snapshot.cache) == set(unit.cache)
    assert all(snapshot.cache[k] is not unit.cache[k] for k in unit.cache)   # nothing mutable shared
    unit.set_amount("T5", "2010301", "basic", 1)
    assert snapshot.amount("T5", "total", "total") != unit.amount("T5", "total", "total")


def test_a_table_holding_only_an_extra_column_is_empty_for_every_reader():
    """Before: 表9 with only a 年初预算 value and no note passed EMPTY-NOTE, yet was printed blank with no note."""
    from domain.checks.empty_tables import effective_note
    from domain.layout import table_grid
    unit = build_demo()
    unit.set_note("T9", None)
    unit.add_row("T9", "2230101")
    unit.set_amount("T9", "2230101", "initial_budget", 5 * W)
    spec = unit.template.table("T9")
    assert unit.is_empty("T9")
    printed = table_grid(unit, "T9", "万元").note
    assert spec.empty_note and spec.empty_note in printed                 # printed with the template's 说明 …
    assert effective_note(unit, "T9") in printed                          # … which is what the checks read
    assert not [f for f in run_checks(unit) if f.rule == "EMPTY-NOTE"]
    unit.set_note("T9", "见附件")
    assert [f for f in run_checks(unit) if f.rule == "EMPTY-NOTE"]          # a note that does not say why


def test_one_cell_is_named_one_way_in_every_message():
    """Before: “表5 合计·本年支出合计” in the engine's findings, “公开05表“合计”行“本年支出·合计”列” in the narrative's."""
    unit = build_demo()
    unit.set_amount("T5", "2010301", "basic", unit.amount("T5", "2010301", "basic") + 100 * W)
    messages = [f.message for f in run_checks(unit)]
    naming = [m for m in messages if "表5 合计·本年支出合计" in m]
    assert any(m.startswith("叙述") for m in naming) and any(not m.startswith("叙述") for m in naming)
    assert not [m for m in messages if "公开05表“" in m or "”行“" in m]


def test_a_narrative_edit_says_which_part_of_the_text_changed():
    unit = build_demo()
    session = UnitSession(unit)
    at = unit.narrative.index("一、")
    change = session.set_narrative(unit.narrative[:at] + "（新增一句。）" + unit.narrative[at:])
    assert change.narrative and change.narrative_span == (at, at + len("（新增一句。）"))
    assert session.undo().narrative_span == (at, at)
