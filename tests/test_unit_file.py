"""The unit file: one SQLite file per unit and year, exact amounts, versioned schema, safe writes."""
import multiprocessing
import shutil
import sqlite3

import pytest

from domain.demo import build_demo
from domain.money import to_fen
from domain.unit import UnitData, UnitMeta
from storage.schema import SCHEMA_VERSION
from storage.unit_file import StorageError, UnitFile


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "demo.jsgk"
    unit = build_demo()
    with UnitFile.create(path, unit.meta) as f:
        f.save(unit, action="demo")
    return path, unit


def test_written_closed_and_reopened_gives_identical_values(demo_file):
    path, unit = demo_file
    with UnitFile.open(path) as f:
        again = f.load()
    assert again.cells == unit.cells
    assert again.extra_rows == unit.extra_rows
    assert again.narrative == unit.narrative
    assert again.table_notes == unit.table_notes
    assert again.meta == unit.meta


def test_amounts_survive_exactly(tmp_path):
    path = tmp_path / "exact.jsgk"
    unit = UnitData(UnitMeta("精度测试单位", 2024))
    amount = to_fen("16963.353132", "万元")
    assert amount == to_fen("169633531.32", "元") == 16_963_353_132
    unit.set_amount("T1", "gpb_income", "amount", amount)
    with UnitFile.create(path, unit.meta) as f:
        f.save(unit)
    with UnitFile.open(path) as f:
        assert f.load().amount("T1", "gpb_income", "amount") == 16_963_353_132
    raw = sqlite3.connect(path).execute("SELECT typeof(amount), amount FROM cells WHERE row_key = 'gpb_income'").fetchone()
    assert raw == ("integer", 16_963_353_132)


def test_file_uses_a_rollback_journal_and_is_plain_sqlite(demo_file):
    path, _ = demo_file
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"unit", "cells", "table_rows", "narrative", "review_flags", "review_comments", "change_log"} <= names
    total = conn.execute("SELECT amount FROM cells WHERE table_id='T1' AND row_key='income_grand_total'").fetchone()[0]
    assert total == conn.execute("SELECT amount FROM cells WHERE table_id='T1' AND row_key='expense_grand_total'").fetchone()[0]
    assert not list(path.parent.glob("*-wal")) and not list(path.parent.glob("*-journal"))


def test_unknown_code_is_kept(tmp_path):
    path = tmp_path / "code.jsgk"
    unit = UnitData(UnitMeta("测试", 2024))
    unit.add_row("T5", "2010188")           # well-formed, not in the code list
    unit.set_amount("T5", "2010188", "basic", 100)
    assert "2010188" not in unit.codes
    with UnitFile.create(path, unit.meta) as f:
        f.save(unit)
    with UnitFile.open(path) as f:
        again = f.load()
    assert [r.key for r in again.rows("T5")] == ["total", "201", "20101", "2010188"]
    assert again.amount("T5", "2010188", "basic") == 100


def test_every_change_is_logged_with_old_and_new_values(demo_file):
    path, unit = demo_file
    unit.set_amount("T5", "2010301", "basic", unit.amount("T5", "2010301", "basic") + 1)
    with UnitFile.open(path) as f:
        before = len(f.change_log())
        f.save(unit, who="张会计")
        log = f.change_log()[before:]
    edited = [e for e in log if (e["table_id"], e["row_key"], e["col_key"]) == ("T5", "2010301", "basic")]
    assert edited and edited[0]["who"] == "张会计" and edited[0]["new_amount"] == edited[0]["old_amount"] + 1
    total = sqlite3.connect(path).execute("SELECT amount, source FROM cells WHERE table_id = 'T5' AND row_key = 'total'"
                                          " AND col_key = 'basic'").fetchone()
    assert total == (unit.amount("T5", "total", "basic"), "derived")   # the stored 合计 moved too
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("DELETE FROM change_log")


def test_newer_schema_is_refused_and_the_file_is_untouched(demo_file, tmp_path):
    path, _ = demo_file
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StorageError, match="更新版本"):
        UnitFile.open(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("content,message", [(b"PK\x03\x04 not a unit", "不是决算公开工作台的单位文件"),
                                             (b"", "不是决算公开工作台的单位文件")])
def test_not_a_unit_file(tmp_path, content, message):
    path = tmp_path / "bad.jsgk"
    path.write_bytes(content)
    with pytest.raises(StorageError, match=message):
        UnitFile.open(path)


def test_other_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StorageError, match="另一种 SQLite"):
        UnitFile.open(path)


def test_missing_file(tmp_path):
    with pytest.raises(StorageError, match="文件不存在"):
        UnitFile.open(tmp_path / "nope.jsgk")


def test_create_never_overwrites(demo_file):
    path, unit = demo_file
    with pytest.raises(StorageError, match="已存在"):
        UnitFile.create(path, unit.meta)


def test_a_locked_file_gives_a_clear_error_and_loses_nothing(demo_file):
    path, unit = demo_file
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageError, match="占用"):
            with UnitFile.open(path) as f:
                f.save(unit)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with UnitFile.open(path) as f:
        assert f.load().cells == unit.cells


def _writer(path, column, rounds):
    with UnitFile.open(path) as f:
        for i in range(rounds):
            unit = f.load()
            unit.set_amount("X1", "grand_total" if column == "a" else "income_total", "amount", i)
            f.save(unit, who=f"writer-{column}")


def test_two_writers_do_not_corrupt_the_file(demo_file):
    path, _ = demo_file
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, c, 30)) for c in "ab"]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with UnitFile.open(path) as f:
        unit = f.load()
        log = f.change_log()
    assert unit.amount("X1", "grand_total", "amount") == 29 and unit.amount("X1", "income_total", "amount") == 29
    assert {e["who"] for e in log} >= {"writer-a", "writer-b"}


def test_a_copy_taken_right_after_save_holds_everything(demo_file, tmp_path):
    path, unit = demo_file
    with UnitFile.open(path) as f:
        unit.narrative += "补充说明。"
        f.save(unit)
        copy = tmp_path / "usb.jsgk"
        shutil.copyfile(path, copy)          # the clerk copies while the app still has it open
    with UnitFile.open(copy) as f:
        assert f.load().narrative.endswith("补充说明。")


def test_save_without_load_makes_the_file_equal_the_unit(demo_file):
    path, unit = demo_file
    fresh = UnitData(unit.meta)
    fresh.set_amount("T1", "gpb_income", "amount", 7)
    with UnitFile.open(path) as f:
        f.save(fresh, action="import")
        again = f.load()
    assert again.cells == fresh.cells and again.extra_rows == {}
