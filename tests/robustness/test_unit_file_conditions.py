"""What clerks meet: a save interrupted (a journal left beside the file), a read-only share, a full
USB stick, a `new` or `demo` killed half-way. The unit file stays either old or new, never between."""
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import storage.unit_file as unit_file
from cli.commands import main
from domain.demo import build_demo
from storage.unit_file import StorageError, UnitFile

INTERRUPTED_SAVE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 1")           # spill changed pages into the file before COMMIT
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE cells SET amount = amount + 1")
conn.execute("UPDATE narrative SET text = 'half-saved'")
os._exit(9)                                     # killed before COMMIT: the journal stays, hot
"""


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "示例.jsgk"
    unit = build_demo()
    UnitFile.create(path, unit.meta, unit, action="demo").close()
    return path, unit


def interrupt_a_save(path: Path) -> None:
    subprocess.run([sys.executable, "-c", INTERRUPTED_SAVE, str(path)])
    assert Path(f"{path}-journal").exists()


def test_opening_rolls_back_an_interrupted_save_and_then_a_copy_is_safe(demo, tmp_path):
    path, unit = demo
    interrupt_a_save(path)
    with UnitFile.open(path) as f:
        assert f.load().narrative == unit.narrative and f.load().cells == unit.cells
    assert not Path(f"{path}-journal").exists()
    copied = tmp_path / "U盘" / "副本.jsgk"
    copied.parent.mkdir()
    shutil.copy(path, copied)                      # a plain copy once the program has opened the file
    with UnitFile.open(copied) as f:
        assert f.load().narrative == unit.narrative


def test_a_stray_journal_that_damages_the_file_is_caught_on_open(demo, tmp_path, capsys):
    """A journal from one state beside a file of another (copied together at different moments)."""
    path, unit = demo
    later = unit.copy()
    later.narrative = unit.narrative * 3
    with UnitFile.open(path) as f:
        f.save(later)
    other = tmp_path / "早先.jsgk"
    UnitFile.create(other, unit.meta, unit, action="demo").close()
    interrupt_a_save(other)
    shutil.copy(f"{other}-journal", f"{path}-journal")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "已损坏" in err[0] and path.name in err[0]


def test_copy_command_writes_one_consistent_file(demo, tmp_path, capsys):
    path, unit = demo
    interrupt_a_save(path)
    dest = tmp_path / "副本.jsgk"
    assert main(["copy", str(path), str(dest)]) == 0
    assert "副本.jsgk" in capsys.readouterr().out
    assert not Path(f"{dest}-journal").exists()
    with UnitFile.open(dest) as f:
        again = f.load()
    assert again.cells == unit.cells and again.narrative == unit.narrative
    assert main(["copy", str(path), str(dest)]) == 2          # never overwrites
    assert "已存在" in capsys.readouterr().err


def test_a_read_only_file_is_refused_for_writing_with_one_line(demo, monkeypatch, capsys, tmp_path):
    path, _ = demo
    connect = unit_file._connect
    monkeypatch.setattr(unit_file, "_connect", lambda p, read_only=False: connect(p, True))  # as on a read-only share
    text = tmp_path / "说明.txt"
    text.write_text("第一部分 概况\n", encoding="utf-8")
    before = path.read_bytes()
    assert main(["show", str(path), "--table", "1"]) == 0
    capsys.readouterr()
    assert main(["import", str(path), "--narrative", str(text), "--accept-warnings", "--replace"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "只读" in err[0] and "Traceback" not in err[0]
    assert path.read_bytes() == before


def test_a_full_disk_keeps_the_last_saved_state(demo):
    path, unit = demo
    before = path.read_bytes()
    changed = unit.copy()
    changed.narrative = "很长的说明。" * 20000
    with UnitFile.open(path) as f:
        pages = f.conn.execute("PRAGMA page_count").fetchone()[0]
        f.conn.execute(f"PRAGMA max_page_count = {pages}")       # the stick is full
        with pytest.raises(StorageError, match="已满"):
            f.save(changed)
        assert not f.conn.in_transaction
        assert f.load().narrative == unit.narrative
    assert path.read_bytes() == before


def test_an_interrupted_demo_leaves_no_file(tmp_path, monkeypatch):
    path = tmp_path / "示例.jsgk"

    def killed(self, unit, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(UnitFile, "save", killed)
    with pytest.raises(KeyboardInterrupt):
        UnitFile.create(path, build_demo().meta, build_demo(), action="demo")
    assert list(tmp_path.iterdir()) == []           # no half-made file, no temporary left behind


def test_create_never_replaces_a_file(demo):
    path, unit = demo
    before = path.read_bytes()
    with pytest.raises(StorageError, match="已存在"):
        UnitFile.create(path, unit.meta, unit)
    assert path.read_bytes() == before


def test_a_leftover_empty_file_says_what_it_is(tmp_path):
    path = tmp_path / "新建.jsgk"
    path.write_bytes(b"")
    with pytest.raises(StorageError, match="0 字节"):
        UnitFile.open(path)


def test_an_older_file_on_a_read_only_share_can_still_be_shown(tmp_path, monkeypatch, capsys):
    """A file saved by the previous version (schema 1) on a share the new version cannot write."""
    from storage.schema import APPLICATION_ID, MIGRATIONS, _statements
    path = tmp_path / "去年版本.jsgk"
    conn = sqlite3.connect(path)
    for statement in _statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("INSERT INTO unit (id, unit_name, year, template_year, created_at) VALUES (1, '旧单位', 2024, 2024, 'x')")
    conn.execute("INSERT INTO cells VALUES ('T1', 'gpb_income', 'amount', 123456, NULL, 0, 'entered')")
    conn.execute("PRAGMA user_version = 1")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    connect = unit_file._connect
    monkeypatch.setattr(unit_file, "_connect", lambda p, read_only=False: connect(p, True))
    with UnitFile.open(path) as f:
        assert f.read_only and f.load().amount("T1", "gpb_income", "amount") == 123456
    assert main(["show", str(path), "--table", "1"]) == 0
    assert "旧单位" in capsys.readouterr().out
    assert path.read_bytes() == before


def test_read_only_open_of_a_path_with_uri_characters(demo, tmp_path):
    path, unit = demo
    odd = tmp_path / "共享 #1?" / "单位 %20.jsgk"
    odd.parent.mkdir()
    shutil.copy(path, odd)
    with UnitFile.open(odd, read_only=True) as f:
        assert f.read_only and f.load().narrative == unit.narrative


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="folder permissions do not bind root")
def test_import_into_a_read_only_folder_is_one_line(demo, tmp_path, capsys):
    path, _ = demo
    text = tmp_path / "说明.txt"
    text.write_text("第一部分 概况\n收、支总计1.00万元。\n", encoding="utf-8")
    before = path.read_bytes()
    path.parent.chmod(0o555)
    try:
        code = main(["import", str(path), "--narrative", str(text), "--accept-warnings", "--replace"])
    finally:
        path.parent.chmod(0o755)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "只读" in err[0]
    assert path.read_bytes() == before


def test_a_temporary_file_left_by_a_killed_demo_is_cleared_later(tmp_path):
    path = tmp_path / "示例.jsgk"
    stale = tmp_path / "示例.jsgk.99999.未完成"
    stale.write_bytes(b"SQLite format 3\x00half")
    os.utime(stale, (0, 0))
    fresh = tmp_path / "示例.jsgk.99998.未完成"      # perhaps another process at work right now
    fresh.write_bytes(b"")
    UnitFile.create(path, build_demo().meta).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["示例.jsgk", fresh.name]
