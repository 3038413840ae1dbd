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
from urllib.parse import quote

import sqlite_utils

from domain.template import TemplateError, load_template
from domain.unit import Cell, UnitData, UnitMeta

from .atomic import discard, publish, temp_beside
from .errors import StorageError, damaged, storage_error
from .integrity import probe, verify
from .schema import migrate

EXTENSION = ".jsgk"
SAVE_LABELS = {"edit": "编辑", "import": "导入", "demo": "生成示例数据", "new": "新建"}
LOCK_TIMEOUT_S = 3.0


def current_user() -> str:
    """The name every change records: the identity set in the app (storage/identity.py), else the login name."""
    from .identity import load_identity
    identity = load_identity()
    if identity is not None:
        return identity.name
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
    def create(cls, path: str | os.PathLike, meta: UnitMeta, unit: UnitData | None = None,
               action: str = "new") -> "UnitFile":
        """A new unit file holding `meta` (and `unit`'s data, if given). It is written under a
        temporary name beside `path` and renamed into place when complete, so an interrupted
        `new` or `demo` leaves no half-made file; an existing file is never replaced."""
        path = Path(path)
        _refuse_existing(path)
        try:
            load_template(meta.template_year)
        except TemplateError as exc:
            raise StorageError(str(exc)) from None

        def fill(conn: sqlite3.Connection) -> None:
            self = cls(path, conn)
            migrate(conn)
            self._baseline = UnitData(meta)
            with self._transaction():
                self.db["unit"].insert({"id": 1, "unit_name": meta.unit_name, "unit_code": meta.unit_code,
                                        "year": meta.year, "template_year": meta.template_year,
                                        "display_unit": meta.display_unit, "created_at": _now()})
            if unit is not None:
                self.save(unit, action=action)

        _write_new(path, fill)
        return cls.open(path)

    @classmethod
    def open(cls, path: str | os.PathLike, read_only: bool = False) -> "UnitFile":
        """Open a unit file after checking it (see storage/integrity.py). A damaged file is refused;
        with `read_only` it is opened without any write (no migration, no journal rollback) and
        `problems` lists what SQLite's quick_check found, so what can still be read can be shown.
        A file of an older schema on a read-only share is opened as it is (`read_only` becomes True):
        it can be shown and checked; saving it is refused as for any read-only file."""
        path = Path(path)
        version = probe(path)
        conn = None
        try:
            conn = _connect(path, read_only)
            problems = verify(conn, path, version)
            if problems and not read_only:
                raise damaged(path, "完整性检查未通过")
            if not read_only:
                read_only = not _migrated(conn)
        except BaseException as exc:
            if conn is not None:
                conn.close()
            if isinstance(exc, sqlite3.Error):
                raise storage_error(exc, path) from None
            if isinstance(exc, UnicodeDecodeError):   # SQLite's message quotes a damaged schema's bytes
                raise damaged(path, "数据库结构已损坏") from None
            raise
        self = cls(path, conn)
        self.problems, self.read_only = problems, read_only
        return self

    def save_copy(self, dest: str | os.PathLike) -> Path:
        """Write a consistent copy of this file to `dest` with SQLite's backup API (whatever another
        window is doing meanwhile), as one complete single file; `dest` is never replaced."""
        dest = Path(dest)
        _refuse_existing(dest)
        _write_new(dest, self.conn.backup)
        return dest

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
                step = write_step(self, unit, SAVE_LABELS.get(action, action), who or current_user(), edits, change,
                                  narrative_source=narrative_source, action=action)
                if hasattr(self, "_last_step"):      # a session on this handle builds on this step too
                    self._last_step = step
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
    """BEGIN … COMMIT, or ROLLBACK on any error; SQLite's errors become a StorageError for the user
    (a bug such as a constraint violation stays what it is)."""
    def __init__(self, conn: sqlite3.Connection, path: Path, mode: str):
        self.conn, self.path, self.mode = conn, path, mode

    def __enter__(self):
        try:
            self.conn.execute(f"BEGIN {self.mode}")
        except sqlite3.Error as exc:
            raise storage_error(exc, self.path) from None

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
                return False
            except sqlite3.Error as err:
                exc = err
        self._rollback()
        if type(exc) in (sqlite3.OperationalError, sqlite3.DatabaseError):
            raise storage_error(exc, self.path) from None
        if exc_type is None:
            raise exc
        return False

    def _rollback(self) -> None:
        """SQLite may have rolled back already (a full disk, an I/O error): then there is nothing to do."""
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass


def _migrated(conn: sqlite3.Connection) -> bool:
    """Bring the schema up to date; False when the file cannot be written (left as it is)."""
    try:
        migrate(conn)
        return True
    except sqlite3.OperationalError as exc:
        if "readonly" not in str(exc).lower():
            raise
        return False


def _read_only_uri(path: Path) -> str:
    """A `file:` URI SQLite opens read-only; a Windows share (//server/share/…) keeps an empty
    authority (file:////server/…), which SQLite requires, unlike Path.as_uri()."""
    posix = path.resolve().as_posix()
    return "file://" + ("" if posix.startswith("/") else "/") + quote(posix, safe="/:") + "?mode=ro"


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    target, uri = (_read_only_uri(path), True) if read_only else (str(path), False)
    conn = sqlite3.connect(target, uri=uri, timeout=LOCK_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    if not read_only:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _refuse_existing(path: Path) -> None:
    if path.exists():
        raise StorageError(f"文件已存在：{path}（不会覆盖）")


def _write_new(path: Path, fill) -> None:
    """Make a new SQLite file at `path`: `fill(connection)` writes it under a temporary name beside
    `path`, and only a complete file is linked into place (never over an existing one)."""
    tmp = temp_beside(path)
    discard(tmp)
    try:
        conn = _connect(tmp)
        try:
            fill(conn)
        finally:
            conn.close()
        publish(tmp, path)
    except sqlite3.Error as exc:
        raise storage_error(exc, path) from None
    finally:
        discard(tmp)
