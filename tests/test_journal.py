"""The unit file as the session's journal: every kind of change logged in full and reversible,
undo and redo across handles (issue 8: notes, rows, names and the narrative wrote no usable entry)."""
from __future__ import annotations

import sqlite3

import pytest

from domain.demo import build_demo
from storage.errors import StorageError
from storage.unit_file import UnitFile


def content(path) -> tuple:
    with sqlite3.connect(path) as conn:
        q = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
        return (q("SELECT * FROM cells ORDER BY 1, 2, 3"), q("SELECT * FROM table_rows ORDER BY 1, 2"),
                q("SELECT * FROM table_notes ORDER BY 1"), q("SELECT text FROM narrative"),
                q("SELECT unit_name, unit_code, display_unit FROM unit"))


@pytest.fixture()
def demo_path(tmp_path):
    unit = build_demo()
    path = tmp_path / "demo.jsgk"
    UnitFile.create(path, unit.meta, unit, action="demo").close()
    return path


def test_every_kind_of_change_is_logged_with_old_and_new_and_undone_exactly(demo_path):
    before = content(demo_path)
    with UnitFile.open(demo_path) as f:
        session = f.session(who="张会计")
        old_narrative = session.unit.narrative
        session.set_note("T12", "本表为测试说明。")
        session.rename_row("T12", "p1", "改过名的项目")
        session.add_row("T5", "2010399", "其他政府办公厅事务")
        session.remove_row("T12", "p2")
        session.set_meta(unit_name="北京市示例区另一街道办事处", display_unit="元")
        session.set_narrative("短文。")
        log = f.change_log()
    entries = log[-12:]
    assert any(e["action"] == "narrative" and e["old_text"] == old_narrative and e["new_text"] == "短文。" for e in entries)
    assert any(e["table_id"] == "T12" and e["row_key"] is None and e["new_text"] == "本表为测试说明。" for e in entries)
    assert any(e["row_key"] == "p1" and e["col_key"] is None and e["new_text"] == "改过名的项目" for e in entries)
    assert any(e["action"] == "meta" and e["col_key"] == "unit_name" and e["new_text"].startswith("北京市示例区另一")
               for e in entries)
    assert all(e["who"] == "张会计" for e in entries)

    with UnitFile.open(demo_path) as f:           # another handle (another process, another day)
        session = f.session()
        while session.can_undo() and session.undo_label() != "生成示例数据":
            session.undo()
    assert content(demo_path) == before
    with UnitFile.open(demo_path) as f:
        session = f.session()
        for _ in range(6):
            session.redo()
        unit = session.unit
    assert unit.narrative == "短文。" and unit.meta.display_unit == "元" and "p2" not in unit.extra_rows["T12"]
    with UnitFile.open(demo_path) as f:
        assert f.load() == unit


def test_a_step_that_cannot_be_written_leaves_unit_and_file_as_they_were(demo_path):
    before = content(demo_path)
    with UnitFile.open(demo_path) as f:
        session = f.session()
        f.conn.execute("PRAGMA busy_timeout = 50")      # do not wait the usual 3 s for the lock
        unit_before = session.unit.copy()
        blocker = sqlite3.connect(demo_path, timeout=0)
        blocker.execute("BEGIN IMMEDIATE")             # another program holds the write lock
        try:
            with pytest.raises(Exception):
                session.set_value("T5", "2010301", "basic", 1)
        finally:
            blocker.rollback()
            blocker.close()
        assert session.unit == unit_before and not session.can_redo()
    assert content(demo_path) == before


def test_an_import_applied_through_the_session_is_one_undo_step(demo_path):
    with UnitFile.open(demo_path) as f:
        session = f.session()
        other = session.unit.copy()
        other.set_amount("T11", "total", "actual_goods", 60_000_000)
        other.set_note("T12", "导入的说明")
        change = session.apply_import(other)
        assert ("T11", "total", "actual_total") in change.cells and "T12" in change.notes
        assert session.undo_label() == "导入"
        session.undo()
        assert session.unit.amount("T11", "total", "actual_goods") != 60_000_000


def test_a_session_refuses_to_write_over_changes_another_process_made_meanwhile(demo_path):
    with UnitFile.open(demo_path) as f:
        session = f.session()
        with UnitFile.open(demo_path) as other:               # e.g. `python main.py set` meanwhile
            other.session().set_value("T5", "2010301", "basic", 1)
        before = content(demo_path)
        with pytest.raises(StorageError, match="其他程序或窗口修改"):
            session.set_value("T5", "2010301", "project", 2)
        assert content(demo_path) == before and session.unit.amount("T5", "2010301", "project") != 2
    with UnitFile.open(demo_path) as f:                       # reopened: it sees the other change, and may edit
        session = f.session()
        assert session.unit.amount("T5", "2010301", "basic") == 1
        session.set_value("T5", "2010301", "project", 2)
        f.save(session.unit)                                  # save() on the same handle keeps the session usable
        session.set_value("T5", "2010301", "project", 3)


def test_the_import_preview_counts_the_totals_an_imported_cell_moves(tmp_path):
    """Derived values are no longer stored: the preview still counts the 合计 a changed cell moves."""
    from helpers.official_workbook import table_block, write_xlsx
    from importers import prepare
    demo = build_demo()
    changed = demo.copy()
    changed.set_amount("T11", "total", "actual_goods", changed.amount("T11", "total", "actual_goods") + 10_000)
    book = write_xlsx(tmp_path / "采购.xlsx", {"S": table_block(changed, "T11", "元")})
    plan = prepare(demo, [book])
    moved = [k for k in plan.after.derived_cells("T11") if plan.after.amount(*k) != demo.amount(*k)]
    assert moved and plan.changes == 1 + len(moved)
