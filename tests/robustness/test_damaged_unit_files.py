"""Damaged, foreign and odd unit files: refused on open with one Chinese line (exit 2) naming the
file, never a traceback, and never modified by the refusal."""
import shutil
import sqlite3

import pytest

from cli.commands import main
from domain.demo import build_demo
from storage.schema import SCHEMA_VERSION
from storage.unit_file import StorageError, UnitFile

from unit_corpus import ANY, REFUSED


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    path = tmp_path_factory.mktemp("good") / "示例.jsgk"
    unit = build_demo()
    UnitFile.create(path, unit.meta, unit, action="demo").close()
    return path


def run(capsys, *args):
    code = main([*map(str, args)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err.strip().splitlines()


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_damaged_file_is_refused_untouched(good, tmp_path, capsys, name):
    path = tmp_path / f"{name}.jsgk"
    REFUSED[name](good, path)
    before = path.read_bytes()
    for command in ("show", "check", "import"):
        extra = ["--narrative", path] if command == "import" else []
        code, lines = run(capsys, command, path, *extra)
        assert code == 2, (command, lines)
        assert len(lines) == 1 and lines[0].startswith("错误：") and path.name in lines[0], lines
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", sorted(ANY))
def test_flipped_bits_never_give_a_traceback(good, tmp_path, capsys, name):
    path = tmp_path / f"{name}.jsgk"
    ANY[name](good, path)
    code, lines = run(capsys, "check", path)
    assert code in (0, 1, 2), lines
    if code == 2:
        assert len(lines) == 1 and lines[0].startswith("错误："), lines


def _rewrite(good, path, *statements):
    shutil.copy(good, path)
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


@pytest.mark.parametrize("statements,phrase", [
    (["PRAGMA journal_mode = WAL"], "WAL"),
    ([f"PRAGMA user_version = {SCHEMA_VERSION + 1}"], "更新版本"),
    (["PRAGMA application_id = 7", "PRAGMA journal_mode = WAL"], "另一种 SQLite"),
    (["PRAGMA application_id = 7"], "另一种 SQLite"),
])
def test_a_foreign_or_newer_file_is_refused_before_sqlite_touches_it(good, tmp_path, statements, phrase):
    path = tmp_path / "别的.jsgk"
    _rewrite(good, path, *statements)
    before = path.read_bytes()
    with pytest.raises(StorageError, match=phrase):
        UnitFile.open(path)
    assert path.read_bytes() == before      # header bytes 18–19 and the journal mode untouched
    assert not list(tmp_path.glob("*-journal")) and not list(tmp_path.glob("*-shm"))


def test_a_damaged_file_opens_read_only_for_what_can_be_read(good, tmp_path):
    path = tmp_path / "坏.jsgk"
    data = bytearray(good.read_bytes())
    data[36:40] = (5).to_bytes(4, "big")       # the header's free-page count no longer matches
    path.write_bytes(bytes(data))
    with pytest.raises(StorageError, match="损坏"):
        UnitFile.open(path)
    with UnitFile.open(path, read_only=True) as f:
        assert f.problems and f.meta().unit_name == build_demo().meta.unit_name
    assert path.read_bytes() == bytes(data)
