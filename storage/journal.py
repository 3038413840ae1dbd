"""The unit file as a session's journal: each step is written at once, in one transaction.

A step (see domain/edits.py) is a row of `steps` and its edits are `change_log` rows with that
step id, each holding old → new in full (a cell's amount, text, tolerance and source; a row's name;
a note; a unit fact) — but the narrative as its changed span (offset in `old_amount`, the old and
the new fragment in old/new_text; entries written before spans hold both whole texts and no
offset) — so any step can be reversed or replayed by a later process: `undo`, `redo` and `log` on
the command line read the same history as the GUI. `steps.target` names the step an undo or redo
reverses or repeats, and for a `do` step the one it continues (typing joined into one undo step,
see domain/edits.py `replay_stacks`).
The computed values of derived cells are written too (source `derived`, not logged), so the file is
complete for anyone reading it with sqlite3.
"""
from __future__ import annotations

from datetime import datetime

from domain.edits import (Change, CellEdit, Edit, MetaEdit, NarrativeEdit, NoteEdit, RowEdit, StepRef, apply_edits,
                          narrative_edit, replay_stacks)
from domain.unit import DERIVED, IMPORTED, Cell, UnitData

from .chain import append
from .errors import StorageError
from .review_store import refuse_if_signed_off

LOG_COLUMNS = ("at", "who", "action", "table_id", "row_key", "col_key", "old_amount", "new_amount", "old_text",
               "new_text", "old_tolerance", "new_tolerance", "old_source", "new_source", "step")

# change_log.action: the operation that made the entry (edit, import, demo, undo, redo …), but
# "narrative" and "meta" for those edits. Which kind of edit an entry is shows in the
# columns it fills: a cell has table, row and column; a row (name in
# old/new_text) table and row; a note table only; a unit fact the column only (col_key = the field);
# the narrative none of them (its offset, when logged as a span, is old_amount).


def now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class FileJournal:
    """The `Journal` of a `UnitSession` on an open `UnitFile`."""

    def __init__(self, file, who: str):
        self.file = file
        self.who = who
        self._data_version = data_version(file.conn)
        file._last_step = last_step(file.conn)       # the history the session builds on

    def record(self, unit: UnitData, label: str, who: str, edits: list[Edit], change: Change,
               kind: str = "do", target: int | None = None) -> int:
        with self.file._transaction():
            latest = last_step(self.file.conn)
            if latest != getattr(self.file, "_last_step", latest):
                raise StorageError(f"单位文件在打开后被其他程序或窗口修改过，本次修改未保存：{self.file.path}；"
                                   "请重新打开文件（可先用 log 命令查看别处的修改）再改。")
            step = write_step(self.file, unit, label, who or self.who, edits, change, kind, target)
        self.file._last_step = step
        baseline = self.file._baseline
        if baseline is not None:
            apply_edits(baseline, edits)
        return step

    def edits(self, step_id: int) -> list[Edit]:
        rows = self.file.conn.execute("SELECT * FROM change_log WHERE step = ? ORDER BY id", (step_id,))
        names = [d[0] for d in rows.description]
        return [edit_of(dict(zip(names, r))) for r in rows.fetchall()]

    def stacks(self) -> tuple[list[StepRef], list[StepRef]]:
        return replay_stacks(self.file.conn.execute("SELECT id, label, kind, target FROM steps ORDER BY id"))

    def outside(self) -> UnitData | None:
        """The unit as the file holds it when another connection wrote steps since the last one this
        handle knows (one cheap PRAGMA when nobody wrote anything); this handle then builds on them."""
        conn = self.file.conn
        if data_version(conn) == self._data_version:
            return None
        with self.file._transaction(read_only=True):
            self._data_version = data_version(conn)
            latest = last_step(conn)
            if latest == self.file._last_step:        # (a review action, or nothing of the unit's data)
                return None
            unit = self.file._read()
        self.file._last_step, self.file._baseline = latest, unit.copy()
        return unit


def last_step(conn) -> int | None:
    return conn.execute("SELECT max(id) FROM steps").fetchone()[0]


def data_version(conn) -> int:
    """Changes whenever another connection commits to the file (not this one's own commits)."""
    return conn.execute("PRAGMA data_version").fetchone()[0]


def write_step(file, unit: UnitData, label: str, who: str, edits: list[Edit], change: Change,
               kind: str = "do", target: int | None = None, narrative_source: str | None = None,
               action: str = "edit") -> int:
    """Write one step inside an open transaction: the steps row, the content, the change log and the
    derived values that moved. `unit` is the unit after the edits."""
    conn = file.conn
    refuse_if_signed_off(conn)
    at = now()
    step = conn.execute("INSERT INTO steps (at, who, label, kind, target) VALUES (?, ?, ?, ?, ?)",
                        (at, who, label, kind, target)).lastrowid
    log = []
    for edit in edits:
        log.append(_write(conn, edit, unit, narrative_source))
    append(conn, [dict(zip(LOG_COLUMNS, (at, who, entry[0] or (action if kind == "do" else kind), *entry[1:], step)))
                  for entry in log])     # chained: storage/chain.py
    _write_derived(conn, unit, change)
    return step


def _write(conn, edit: Edit, unit: UnitData, narrative_source: str | None) -> tuple:
    """Write one edit's new state; return its change_log columns (action or None for a
    cell, table_id … new_source)."""
    if isinstance(edit, CellEdit):
        if edit.new is None:
            conn.execute("DELETE FROM cells WHERE table_id = ? AND row_key = ? AND col_key = ?", edit.key)
        else:
            c = edit.new
            conn.execute("INSERT OR REPLACE INTO cells (table_id, row_key, col_key, amount, text, tolerance, source)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)", (*edit.key, c.amount, c.text, c.tolerance, c.source))
        old, new = edit.old or Cell(), edit.new or Cell()
        return (None, *edit.key, old.amount, new.amount, old.text, new.text,
                old.tolerance if edit.old else None, new.tolerance if edit.new else None,
                old.source if edit.old else None, new.source if edit.new else None)
    if isinstance(edit, RowEdit):
        if edit.new is None:
            conn.execute("DELETE FROM table_rows WHERE table_id = ? AND row_key = ?", (edit.table, edit.key))
        else:
            conn.execute("INSERT OR REPLACE INTO table_rows (table_id, row_key, name) VALUES (?, ?, ?)",
                         (edit.table, edit.key, edit.new))
        return (None, edit.table, edit.key, None, None, None, edit.old, edit.new, None, None, None, None)
    if isinstance(edit, NoteEdit):
        conn.execute("DELETE FROM table_notes WHERE table_id = ?", (edit.table,))
        if edit.new:
            conn.execute("INSERT INTO table_notes (table_id, note) VALUES (?, ?)", (edit.table, edit.new))
        return (None, edit.table, None, None, None, None, edit.old, edit.new, None, None, None, None)
    if isinstance(edit, NarrativeEdit):
        if edit.start is None:                      # two whole texts: log only the span that differs
            edit = narrative_edit(edit.old, edit.new)
        conn.execute("INSERT OR REPLACE INTO narrative (id, text, source_file, updated_at) VALUES (1, ?, ?, ?)",
                     (unit.narrative, narrative_source or "", now()))
        return ("narrative", None, None, None, edit.start, None, edit.old, edit.new, None, None, None, None)
    conn.execute(f"UPDATE unit SET {edit.field} = ? WHERE id = 1", (edit.new,))   # field: one of META_FIELDS
    return ("meta", None, None, edit.field, None, None, edit.old, edit.new, None, None, None, None)


def _write_derived(conn, unit: UnitData, change: Change) -> None:
    """Store the computed value of every derived cell the change moved (all of a table whose rows
    changed), and drop stored derived values that no longer belong to a derived cell."""
    for table in change.rows:
        conn.execute("DELETE FROM cells WHERE table_id = ? AND source = ?", (table, DERIVED))
    rows = []
    for key in change.cells:
        if not unit.template.has(key[0]):
            continue
        if unit.is_derived(*key):
            cell = unit.cells.get(key)
            if cell is None or cell.source != IMPORTED:
                rows.append((*key, unit.amount(*key)))
    conn.executemany("INSERT OR REPLACE INTO cells (table_id, row_key, col_key, amount, text, tolerance, source)"
                     f" VALUES (?, ?, ?, ?, NULL, 0, '{DERIVED}')", rows)


def edit_of(entry: dict) -> Edit:
    """The edit a change_log entry records (entries of migration 2 and later)."""
    table, row, col = entry["table_id"], entry["row_key"], entry["col_key"]
    if table and row and col:
        def cell(side: str) -> Cell | None:
            if entry[f"{side}_source"] is None:
                return None
            return Cell(entry[f"{side}_amount"], entry[f"{side}_text"], entry[f"{side}_tolerance"] or 0,
                        entry[f"{side}_source"])
        return CellEdit((entry["table_id"], entry["row_key"], entry["col_key"]), cell("old"), cell("new"))
    if table and row:
        return RowEdit(table, row, entry["old_text"], entry["new_text"])
    if table:
        return NoteEdit(table, entry["old_text"], entry["new_text"])
    if col:
        return MetaEdit(col, entry["old_text"] or "", entry["new_text"] or "")
    return NarrativeEdit(entry["old_text"] or "", entry["new_text"] or "", entry["old_amount"])


def history(file) -> list[dict]:
    """Every change_log entry, oldest first, with its step's label, kind and target (None for
    entries written before steps existed)."""
    rows = file.conn.execute(
        "SELECT change_log.*, steps.label AS step_label, steps.kind AS step_kind, steps.target AS step_target"
        " FROM change_log LEFT JOIN steps ON steps.id = change_log.step ORDER BY change_log.id")
    names = [d[0] for d in rows.description]
    return [dict(zip(names, r)) for r in rows.fetchall()]


def with_whole_narrative(entries: list[dict]) -> list[dict]:
    """The entries (oldest first, from the first) with each narrative entry's old_text/new_text the
    whole texts before and after it, as entries written before spans hold them; a span entry also
    gets `span` {start, old, new} (what is stored). For `log --json`."""
    text, out = "", []
    for e in entries:
        if e["action"] == "narrative" and e["step"] is not None:
            edit = edit_of(e)
            try:
                after = edit.spliced(text)
            except ValueError:                  # the log does not fit (verify names the entry): show as stored
                after = text
            if edit.start is not None:
                e = {**e, "old_text": text, "new_text": after,
                     "span": {"start": edit.start, "old": edit.old, "new": edit.new}}
            text = after
        out.append(e)
    return out
