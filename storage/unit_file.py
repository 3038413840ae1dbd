"""One SQLite file per unit and year (extension .jsgk): open, load, save with a change log.

Rollback journal, not WAL: after every commit the single file holds everything, so a clerk may copy
it to a USB stick or a network share at any moment. Every save is one IMMEDIATE transaction that
writes only what changed and appends each change to `change_log`.
"""
from __future__ import annotations

import getpass
import os
import sqlite3
from datetime import datetime
from pathlib import Path

import sqlite_utils

from domain.template import TemplateError, load_template
from domain.unit import Cell, UnitData, UnitMeta

from .schema import APPLICATION_ID, SCHEMA_VERSION, migrate

EXTENSION = ".jsgk"
SAVE_LABELS = {"edit": "编辑", "import": "导入", "demo": "生成示例数据", "new": "新建"}
LOCK_TIMEOUT_S = 3.0


class StorageError(Exception):
    """A unit file that cannot be used; the message is one Chinese sentence for the user."""


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some Windows service accounts
        return "未知用户"


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class UnitFile:
    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = path
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self._baseline: UnitData | None = None   # the unit as last loaded or saved through this handle

    # ---- opening ------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike, meta: UnitMeta) -> "UnitFile":
        path = Path(path)
        if path.exists():
            raise StorageError(f"文件已存在：{path}（不会覆盖）")
        try:
            load_template(meta.template_year)
        except TemplateError as exc:
            raise StorageError(str(exc)) from None
        try:
            conn = _connect(path)
        except sqlite3.Error as exc:
            raise StorageError(f"无法创建文件 {path}：{exc}") from None
        self = cls(path, conn)
        migrate(conn)
        self._baseline = UnitData(meta)
        with self._transaction():
            self.db["unit"].insert({"id": 1, "unit_name": meta.unit_name, "unit_code": meta.unit_code,
                                    "year": meta.year, "template_year": meta.template_year,
                                    "display_unit": meta.display_unit, "created_at": _now()})
        return self

    @classmethod
    def open(cls, path: str | os.PathLike) -> "UnitFile":
        path = Path(path)
        if not path.exists():
            raise StorageError(f"文件不存在：{path}")
        if path.is_dir():
            raise StorageError(f"这是一个文件夹，不是单位文件：{path}")
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise StorageError(f"不是决算公开工作台的单位文件（文件格式不对）：{path}")
        try:
            conn = _connect(path)
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.OperationalError as exc:
            raise _locked_or(exc, path) from None
        except sqlite3.DatabaseError:
            raise StorageError(f"单位文件已损坏，无法读取：{path}") from None
        if app_id != APPLICATION_ID:
            conn.close()
            raise StorageError(f"不是决算公开工作台的单位文件（这是另一种 SQLite 数据库）：{path}")
        if version > SCHEMA_VERSION:
            conn.close()
            raise StorageError(f"此文件由更新版本的决算公开工作台保存（文件结构版本 {version}，本程序支持到 {SCHEMA_VERSION}），"
                               "请升级程序后再打开；文件未作任何改动。")
        try:
            migrate(conn)
        except sqlite3.OperationalError as exc:
            conn.close()
            raise _locked_or(exc, path) from None
        return cls(path, conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- reading ------------------------------------------------------------------------------
    def meta(self) -> UnitMeta:
        row = next(self.db.query("SELECT * FROM unit WHERE id = 1"), None)
        if row is None:
            raise StorageError(f"单位文件缺少单位信息：{self.path}")
        return UnitMeta(row["unit_name"], row["year"], row["unit_code"], row["template_year"], row["display_unit"])

    def load(self) -> UnitData:
        """Read the whole unit in one read transaction (a consistent snapshot)."""
        with self._transaction(read_only=True):
            unit = self._read()
        self._baseline = unit.copy()
        return unit

    def _read(self) -> UnitData:
        try:
            unit = UnitData(self.meta())
        except TemplateError as exc:
            raise StorageError(str(exc)) from None
        rows: dict[str, dict[str, str]] = {}
        for r in self.db.query("SELECT table_id, row_key, name FROM table_rows"):
            rows.setdefault(r["table_id"], {})[r["row_key"]] = r["name"]
        for table_id, names in rows.items():
            unit.set_rows(table_id, names)
        for r in self.db.query("SELECT * FROM cells WHERE source != 'derived'"):   # derived: computed
            unit.put_cell((r["table_id"], r["row_key"], r["col_key"]), Cell(r["amount"], r["text"], r["tolerance"], r["source"]))
        for r in self.db.query("SELECT * FROM table_notes"):
            unit.set_note(r["table_id"], r["note"])
        row = next(self.db.query("SELECT text FROM narrative WHERE id = 1"), None)
        unit.narrative = row["text"] if row else ""
        return unit

    def change_log(self) -> list[dict]:
        return list(self.db.query("SELECT * FROM change_log ORDER BY id"))

    # ---- writing ------------------------------------------------------------------------------
    def save(self, unit: UnitData, action: str = "edit", who: str | None = None,
             narrative_source: str | None = None) -> int:
        """Write what `unit` changed since this handle last loaded or saved it as one undo step, in one
        transaction; return the number of change-log entries. Only what changed is written, so two
        windows on one file that edit different cells both keep their edits (on the same cell the
        last save wins, and both values stay in the change log)."""
        from domain.edits import apply_edits, diff
        from .journal import write_step
        with self._transaction():
            # a handle that never loaded compares with the file as it is: save() then makes the file equal `unit`
            base = (self._baseline if self._baseline is not None else self._read()).copy()
            edits = diff(base, unit)
            if edits:
                change = apply_edits(base, edits)
                write_step(self, unit, SAVE_LABELS.get(action, action), who or current_user(), edits, change,
                           narrative_source=narrative_source, action=action)
            elif narrative_source is not None:
                self.conn.execute("UPDATE narrative SET source_file = ? WHERE id = 1", (narrative_source,))
        self._baseline = unit.copy()
        return len(edits)

    def session(self, who: str | None = None):
        """A `UnitSession` on this file's unit whose every step is written here at once (autosave),
        with undo and redo across processes (domain/edits.py, storage/journal.py)."""
        from domain.edits import UnitSession
        from .journal import FileJournal
        unit = self.load()
        who = who or current_user()
        return UnitSession(unit, FileJournal(self, who), who)

    def _transaction(self, read_only: bool = False):
        return _Transaction(self.conn, self.path, "DEFERRED" if read_only else "IMMEDIATE")


class _Transaction:
    def __init__(self, conn: sqlite3.Connection, path: Path, mode: str):
        self.conn, self.path, self.mode = conn, path, mode

    def __enter__(self):
        try:
            self.conn.execute(f"BEGIN {self.mode}")
        except sqlite3.OperationalError as exc:
            raise _locked_or(exc, self.path) from None

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
                return False
            except sqlite3.OperationalError as err:
                self.conn.execute("ROLLBACK")
                raise _locked_or(err, self.path) from None
        self.conn.execute("ROLLBACK")
        return False


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=LOCK_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _locked_or(exc: sqlite3.OperationalError, path: Path) -> StorageError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StorageError(f"文件正被其他程序或另一窗口占用，请关闭后再试：{path}")
    if "readonly" in text or "read-only" in text:
        return StorageError(f"文件是只读的，无法保存：{path}")
    return StorageError(f"无法读写单位文件 {path}：{exc}")
