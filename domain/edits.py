"""Edits as operations: every change to a unit goes through a `UnitSession`.

An operation (set a cell, clear it, add/remove a row, set a table note, replace the narrative,
change the unit's facts, import a plan) is validated as a whole, then applied as a list of
primitive edits (`CellEdit`, `RowEdit`, `NoteEdit`, `NarrativeEdit`, `MetaEdit`), each holding the
old and the new state so it can be reversed. The edits of one operation, or of several grouped
with `with session.step("粘贴"):`, form one undo step. Each step is handed to the session's
journal (storage writes it to the unit file in one transaction and records it in `change_log`, so
undo and redo survive closing the file) and then to the subscribers as a `Change`: which cells
show another value (the edited ones and their recomputed 合计/小计/类 …), which tables' rows,
notes changed, and whether the narrative or the unit's facts did — what a view must repaint.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterable, Protocol

from .codes import LEVELS
from .money import MAX_FEN
from .template import TEXT
from .unit import DERIVED, ENTERED, Cell, CellKey, UnitData

META_FIELDS = {"unit_name": "单位名称", "unit_code": "单位编码", "display_unit": "金额单位"}
DISPLAY_UNITS = ("元", "万元")
TYPING = "修改部门决算说明"          # the label of a pause in typing the 说明 (set_narrative's default)
# Pauses in typing the 说明 by the same person follow each other into one undo step (each still a
# step of its own in the file, written at once) while each comes within MERGE_PAUSE_S of the one
# before and within MERGE_SPAN_S of the first.
MERGE_PAUSE_S, MERGE_SPAN_S = 5.0, 60.0
clock = time.monotonic


class EditError(ValueError):
    """An operation refused: one Chinese sentence saying what and where; nothing was changed."""


# ---- primitive, reversible edits -----------------------------------------------------------------
@dataclass(frozen=True)
class CellEdit:
    key: CellKey
    old: Cell | None
    new: Cell | None

    def apply(self, unit: UnitData) -> None:
        if self.new is None:
            unit.delete_cell(self.key)
        else:
            unit.put_cell(self.key, self.new)

    def inverse(self) -> "CellEdit":
        return CellEdit(self.key, self.new, self.old)


@dataclass(frozen=True)
class RowEdit:
    """A variable row added (old None), removed (new None) or renamed. Its cells are separate edits."""
    table: str
    key: str
    old: str | None
    new: str | None

    def apply(self, unit: UnitData) -> None:
        rows = dict(unit.extra_rows.get(self.table, {}))
        if self.new is None:
            rows.pop(self.key, None)
        else:
            rows[self.key] = self.new
        unit.set_rows(self.table, rows)

    def inverse(self) -> "RowEdit":
        return RowEdit(self.table, self.key, self.new, self.old)


@dataclass(frozen=True)
class NoteEdit:
    table: str
    old: str | None
    new: str | None

    def apply(self, unit: UnitData) -> None:
        unit.set_note(self.table, self.new)

    def inverse(self) -> "NoteEdit":
        return NoteEdit(self.table, self.new, self.old)


@dataclass(frozen=True)
class NarrativeEdit:
    """The narrative's changed span: at `start`, `old` replaced by `new` (`narrative_edit` makes one
    from two texts). With `start` None, `old` and `new` are the whole texts (entries written before
    spans were logged)."""
    old: str
    new: str
    start: int | None = None

    def apply(self, unit: UnitData) -> None:
        unit.narrative = self.spliced(unit.narrative)

    def spliced(self, text: str) -> str:
        """`text` with this edit made; EditError when `text` does not hold `old` at `start`."""
        if self.start is None:
            return self.new
        end = self.start + len(self.old)
        if text[self.start:end] != self.old:
            raise EditError(f"部门决算说明第 {self.start + 1} 字起的文字与修改记录不符，无法重放这一修改")
        return text[:self.start] + self.new + text[end:]

    def inverse(self) -> "NarrativeEdit":
        return NarrativeEdit(self.new, self.old, self.start)

    @property
    def span(self) -> tuple[int, int] | None:
        """[start, end) of the new text that this edit wrote (None for a whole-text edit)."""
        return None if self.start is None else (self.start, self.start + len(self.new))


def narrative_edit(old: str, new: str) -> NarrativeEdit:
    """The edit from narrative `old` to `new` as its changed span (common head and tail left out)."""
    start, end = text_change(old, new)
    return NarrativeEdit(old[start:len(old) - (len(new) - end)], new[start:end], start)


@dataclass(frozen=True)
class MetaEdit:
    field: str          # unit_name | unit_code | display_unit
    old: str
    new: str

    def apply(self, unit: UnitData) -> None:
        unit.set_meta(self.field, self.new)

    def inverse(self) -> "MetaEdit":
        return MetaEdit(self.field, self.new, self.old)


Edit = CellEdit | RowEdit | NoteEdit | NarrativeEdit | MetaEdit


# ---- what changed, for the views --------------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    cells: frozenset = frozenset()      # CellKeys whose shown value changed, derived ancestors included
    rows: frozenset = frozenset()       # table ids whose rows were added, removed or renamed
    notes: frozenset = frozenset()      # table ids whose note changed
    narrative: bool = False
    meta: bool = False
    # the part of the narrative that differs, as [start, end) in the new text (None: unchanged)
    narrative_span: tuple[int, int] | None = None

    def merge(self, other: "Change") -> "Change":
        spans = [s for s in (self.narrative_span, other.narrative_span) if s is not None]
        span = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None
        return Change(self.cells | other.cells, self.rows | other.rows, self.notes | other.notes,
                      self.narrative or other.narrative, self.meta or other.meta, span)

    __or__ = merge

    @property
    def tables(self) -> frozenset:
        """Every table touched (cells, rows or note)."""
        return frozenset(k[0] for k in self.cells) | self.rows | self.notes

    def __bool__(self) -> bool:
        return bool(self.cells or self.rows or self.notes or self.narrative or self.meta)


def apply_edits(unit: UnitData, edits: Iterable[Edit]) -> Change:
    """Apply edits in order; return what changed (cells include the derived cells above each). If
    one cannot be applied (EditError), those applied before it are reverted and the error raised."""
    cells, rows, notes = set(), set(), set()
    narrative = meta = False
    span = None
    done: list[Edit] = []
    for edit in edits:
        try:
            before = unit.ancestors(edit.key) if isinstance(edit, CellEdit) else ()   # a row may go
            edit.apply(unit)
        except EditError:
            for applied in reversed(done):
                applied.inverse().apply(unit)
            raise
        done.append(edit)
        if isinstance(edit, CellEdit):
            cells.add(edit.key)
            cells.update(before)
            cells.update(unit.ancestors(edit.key))
        elif isinstance(edit, RowEdit):
            rows.add(edit.table)
        elif isinstance(edit, NoteEdit):
            notes.add(edit.table)
        elif isinstance(edit, NarrativeEdit):
            narrative = True
            span = edit.span or text_change(edit.old, edit.new)
        else:
            meta = True
    for table in rows:       # rows added or removed: every derived cell of the table may have moved
        cells.update(unit.derived_cells(table))
    return Change(frozenset(cells), frozenset(rows), frozenset(notes), narrative, meta, span)


def text_change(old: str, new: str, chunk: int = 256) -> tuple[int, int]:
    """[start, end) of `new` that differs from `old` (what is left after the common head and tail)."""
    limit = min(len(old), len(new))
    start = 0
    while start + chunk <= limit and old[start:start + chunk] == new[start:start + chunk]:
        start += chunk
    while start < limit and old[start] == new[start]:
        start += 1
    tail = 0
    limit -= start
    while tail + chunk <= limit and old[len(old) - tail - chunk:len(old) - tail] == new[len(new) - tail - chunk:len(new) - tail]:
        tail += chunk
    while tail < limit and old[len(old) - tail - 1] == new[len(new) - tail - 1]:
        tail += 1
    return start, len(new) - tail


def reverse(edits: Iterable[Edit]) -> list[Edit]:
    """The edits that undo `edits` (inverses, in reverse order)."""
    return [e.inverse() for e in reversed(list(edits))]


def diff(before: UnitData, after: UnitData) -> list[Edit]:
    """The edits that turn `before` into `after` (rows added first, rows removed last; stored
    derived values are not content and are ignored)."""
    edits: list[Edit] = []
    old_rows = {(t, k): n for t, names in before.extra_rows.items() for k, n in names.items()}
    new_rows = {(t, k): n for t, names in after.extra_rows.items() for k, n in names.items()}
    edits += [RowEdit(t, k, old_rows.get((t, k)), n) for (t, k), n in new_rows.items() if old_rows.get((t, k)) != n]
    content = lambda cells: {k: c for k, c in cells.items() if c.source != DERIVED}  # noqa: E731
    old_cells, new_cells = content(before.cells), content(after.cells)
    edits += [CellEdit(k, old_cells.get(k), new_cells.get(k)) for k in sorted(old_cells.keys() | new_cells.keys())
              if old_cells.get(k) != new_cells.get(k)]
    edits += [RowEdit(t, k, n, None) for (t, k), n in old_rows.items() if (t, k) not in new_rows]
    edits += [NoteEdit(t, before.table_notes.get(t), after.table_notes.get(t))
              for t in sorted(before.table_notes.keys() | after.table_notes.keys())
              if before.table_notes.get(t) != after.table_notes.get(t)]
    if before.narrative != after.narrative:
        edits.append(narrative_edit(before.narrative, after.narrative))
    for name in META_FIELDS:
        if getattr(before.meta, name) != getattr(after.meta, name):
            edits.append(MetaEdit(name, getattr(before.meta, name), getattr(after.meta, name)))
    return edits


# ---- the history ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StepRef:
    id: int
    label: str
    parts: tuple[int, ...] = ()     # the steps one undo step is made of, oldest first (id the last); () = (id,)

    @property
    def ids(self) -> tuple[int, ...]:
        return self.parts or (self.id,)


class Journal(Protocol):
    """Where steps are kept. `record` must write the step durably or raise (nothing written)."""

    def record(self, unit: UnitData, label: str, who: str, edits: list[Edit], change: Change,
               kind: str = "do", target: int | None = None) -> int: ...

    def edits(self, step_id: int) -> list[Edit]: ...

    def stacks(self) -> tuple[list[StepRef], list[StepRef]]:
        """(undo stack, redo stack), each with its top last."""
        ...

    def outside(self) -> UnitData | None:
        """The unit as another process or window left it, if it wrote steps since this journal's
        last one (else None); from then on this journal builds on those steps."""
        ...


@dataclass
class MemoryJournal:
    """A journal that lives as long as the session (for a unit not tied to a file, and tests)."""
    steps: list[tuple[int, str, str, str, list[Edit], str, int | None]] = field(default_factory=list)

    def record(self, unit, label, who, edits, change, kind="do", target=None) -> int:
        step_id = len(self.steps) + 1
        self.steps.append((step_id, datetime.now().isoformat(timespec="seconds"), who, label, list(edits), kind, target))
        return step_id

    def edits(self, step_id: int) -> list[Edit]:
        return list(self.steps[step_id - 1][4])

    def stacks(self) -> tuple[list[StepRef], list[StepRef]]:
        return replay_stacks((s[0], s[3], s[5], s[6]) for s in self.steps)

    def outside(self) -> UnitData | None:
        return None                      # nobody else writes to memory


def replay_stacks(steps: Iterable[tuple[int, str, str, int | None]]) -> tuple[list[StepRef], list[StepRef]]:
    """Undo and redo stacks from the steps in order, each (id, label, kind, target). A `do` step
    whose target is the top of the undo stack continues it (typing merged into one undo step)."""
    labels: dict[int, str] = {}
    parts: dict[int, tuple[int, ...]] = {}
    undo: list[int] = []
    redo: list[int] = []
    for step_id, label, kind, target in steps:
        if kind == "do":
            if target is not None and undo and undo[-1] == target:
                labels[step_id] = labels[target]
                parts[step_id] = parts.pop(target, (target,)) + (step_id,)
                undo[-1] = step_id
            else:
                labels[step_id] = label
                undo.append(step_id)
            redo.clear()
        elif kind == "undo" and target in undo:
            undo.remove(target)
            redo.append(target)
        elif kind == "redo" and target in redo:
            redo.remove(target)
            undo.append(target)
    return [StepRef(i, labels[i], parts.get(i, ())) for i in undo], [StepRef(i, labels[i], parts.get(i, ())) for i in redo]


# ---- the session ------------------------------------------------------------------------------------------
class UnitSession:
    """The one way to change a unit. Not thread-safe: use it from one thread (the GUI's), and give
    worker threads `snapshot()`s."""

    def __init__(self, unit: UnitData, journal: Journal | None = None, who: str = ""):
        self.unit = unit
        self.journal: Journal = journal if journal is not None else MemoryJournal()
        self.who = who
        self._undo, self._redo = self.journal.stacks()
        self._subscribers: list[Callable[[Change], None]] = []
        self._pending: list[Edit] | None = None      # edits of the open step
        self._pending_change = Change()
        self._label = ""
        self._typing: tuple[int, str, float, float] | None = None   # (step id, who, first, last pause)

    # ---- notification and snapshots ----
    def subscribe(self, callback: Callable[[Change], None]) -> Callable[[], None]:
        """Call `callback(change)` after each step is applied; returns a function that unsubscribes."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    def snapshot(self) -> UnitData:
        """A frozen copy of the unit for a worker thread (see UnitData.snapshot)."""
        return self.unit.snapshot()

    # ---- steps ----
    @contextmanager
    def step(self, label: str):
        """Group the operations inside into one undo step (one file transaction, one notification).
        If anything inside raises, every edit of the step is reverted and nothing is recorded."""
        if self._pending is not None:            # nested: part of the outer step
            yield self
            return
        self._pending, self._pending_change, self._label = [], Change(), label
        try:
            yield self
        except BaseException:
            edits, self._pending = self._pending, None
            apply_edits(self.unit, reverse(edits))
            raise
        edits, change, self._pending = self._pending, self._pending_change, None
        if edits:
            self._commit(label, edits, change)

    def _do(self, label: str, edits: list[Edit], continues: StepRef | None = None) -> Change:
        """Apply one operation's edits (inside the open step, or as a step of its own; `continues`:
        the undo step it joins)."""
        change = apply_edits(self.unit, edits)
        if self._pending is not None:
            self._pending.extend(edits)
            self._pending_change = self._pending_change | change
            return change
        if edits:
            self._commit(label, edits, change, continues)
        return change

    def _commit(self, label: str, edits: list[Edit], change: Change, continues: StepRef | None = None) -> None:
        try:
            step_id = self.journal.record(self.unit, label, self.who, edits, change,
                                          target=continues.id if continues else None)
        except BaseException:
            apply_edits(self.unit, reverse(edits))
            raise
        if continues is not None:
            self._undo[-1] = StepRef(step_id, continues.label, continues.ids + (step_id,))
        else:
            self._undo.append(StepRef(step_id, label))
        self._redo.clear()
        self._notify(change)

    def _notify(self, change: Change) -> None:
        for callback in list(self._subscribers):
            callback(change)

    def catch_up(self) -> Change | None:
        """Take in the steps another process or window wrote to the journal meanwhile (a `set` or
        `undo` on the command line): the unit becomes what they made it, the undo and redo stacks
        are read again, subscribers get the Change. None when there were none (or a step is open)."""
        if self._pending is not None:
            return None
        after = self.journal.outside()
        if after is None:
            return None
        change = apply_edits(self.unit, diff(self.unit, after))
        self._undo, self._redo = self.journal.stacks()
        self._typing = None
        self._notify(change)
        return change

    # ---- undo / redo ----
    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def history(self) -> tuple[list[StepRef], list[StepRef]]:
        """(undo stack, redo stack) as this session knows them, each (id, label) with its top last."""
        return list(self._undo), list(self._redo)

    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def undo(self) -> Change | None:
        """Reverse the last step (also one recorded by an earlier session on the same file)."""
        if not self._undo or self._pending is not None:
            return None
        ref = self._undo[-1]
        edits = reverse(self._edits(ref))
        change = self._replay(f"撤销：{ref.label}", edits, "undo", ref.id)
        self._redo.append(self._undo.pop())
        return change

    def redo(self) -> Change | None:
        if not self._redo or self._pending is not None:
            return None
        ref = self._redo[-1]
        change = self._replay(f"重做：{ref.label}", self._edits(ref), "redo", ref.id)
        self._undo.append(self._redo.pop())
        return change

    def _edits(self, ref: StepRef) -> list[Edit]:
        return [e for step_id in ref.ids for e in self.journal.edits(step_id)]

    def _replay(self, label: str, edits: list[Edit], kind: str, target: int) -> Change:
        change = apply_edits(self.unit, edits)
        try:
            self.journal.record(self.unit, label, self.who, edits, change, kind, target)
        except BaseException:
            apply_edits(self.unit, reverse(edits))
            raise
        self._notify(change)
        return change

    # ---- operations ----
    def set_value(self, table: str, row: str, col: str, value) -> Change:
        """Set one cell: int 分 for money, int for a count, str for text; None (or "") clears it."""
        return self.set_values([(table, row, col, value)], label=None)

    def set_values(self, items: Iterable[tuple[str, str, str, object]], label: str | None = "粘贴") -> Change:
        """Set several cells as one step (a paste); all are validated first, nothing is applied if
        one is refused."""
        items = list(items)
        edits = [self._cell_edit(*item) for item in items]
        edits = [e for e in edits if e.old != e.new]
        if label is None:
            label = f"填写{self.cell_name(*items[0][:3])}" if items else "填写"
        return self._do(label, edits)

    def _cell_edit(self, table: str, row: str, col: str, value) -> CellEdit:
        spec = self._table(table)
        row_spec = self.unit.row(table, row)
        if row_spec is None:
            raise EditError(f"{_table_name(spec)}没有“{row}”这一行")
        column = next((c for c in spec.columns_for(row_spec) if c.key == col), None)
        if column is None:
            raise EditError(f"{_table_name(spec)}没有“{col}”这一列")
        if self.unit.is_derived(table, row, col):
            raise EditError(f"{self.cell_name(table, row, col)}是由其他数相加得出的，不能直接填写")
        key = (table, row, col)
        old = self.unit.cells.get(key)
        if value is None or value == "":
            return CellEdit(key, old, None)
        kind = spec.cell_kind(row_spec, column)
        if kind == TEXT:
            if not isinstance(value, str):
                raise EditError(f"{self.cell_name(*key)}应填写文字")
            return CellEdit(key, old, Cell(None, value, 0, ENTERED))
        if isinstance(value, bool) or not isinstance(value, int):
            raise EditError(f"{self.cell_name(*key)}应填写数字，“{value}”不是整数（金额以分计）")
        if abs(value) >= MAX_FEN:     # (the file stores 64-bit integers; every sum must fit too)
            raise EditError(f"{self.cell_name(*key)}的数值太大，超出可处理的范围（绝对值应小于 100 万亿元）")
        return CellEdit(key, old, Cell(value, None, 0, ENTERED))

    def add_row(self, table: str, key: str, name: str = "") -> Change:
        """Add a code row (with its missing 款 and 类) or a project row to a variable-row table."""
        spec = self._table(table)
        if not spec.variable_rows:
            raise EditError(f"{_table_name(spec)}的行是固定的，不能添加行")
        if spec.layout == "coded" and not (key.isdigit() and len(key) in LEVELS["functional"]):
            raise EditError(f"“{key}”不是支出功能分类科目编码（应为3、5或7位数字）")
        probe = UnitData(self.unit.meta, extra_rows={table: dict(self.unit.extra_rows.get(table, {}))})
        probe.add_row(table, key, name)
        before = self.unit.extra_rows.get(table, {})
        edits = [RowEdit(table, k, None, n) for k, n in probe.extra_rows[table].items() if k not in before]
        return self._do(f"{_table_name(spec)}添加行 {key}", edits)

    def remove_row(self, table: str, key: str) -> Change:
        """Remove a variable row and its cells."""
        spec = self._table(table)
        rows = self.unit.extra_rows.get(table, {})
        if key not in rows:
            raise EditError(f"{_table_name(spec)}没有“{key}”这一行")
        edits: list[Edit] = [CellEdit(k, c, None) for k, c in sorted(self.unit.cells.items())
                             if k[0] == table and k[1] == key]
        edits.append(RowEdit(table, key, rows[key], None))
        return self._do(f"{_table_name(spec)}删除行 {key}", edits)

    def rename_row(self, table: str, key: str, name: str) -> Change:
        spec = self._table(table)
        rows = self.unit.extra_rows.get(table, {})
        if key not in rows:
            raise EditError(f"{_table_name(spec)}没有“{key}”这一行")
        edits = [RowEdit(table, key, rows[key], name)] if rows[key] != name else []
        return self._do(f"{_table_name(spec)}行 {key} 改名", edits)

    def set_note(self, table: str, note: str | None) -> Change:
        """The note printed under a table; None or "" removes it."""
        spec = self._table(table)
        old = self.unit.table_notes.get(table)
        new = note or None
        return self._do(f"{_table_name(spec)}表下说明", [NoteEdit(table, old, new)] if old != new else [])

    def set_narrative(self, text: str, label: str = TYPING) -> Change:
        """Replace the narrative (typed, imported, or a draft merged into it: label it so). Typing
        (the default label) soon after typing by the same person joins its undo step."""
        old = self.unit.narrative
        if old == text:
            return Change()
        typing = label == TYPING and self._pending is None
        continues = self._typing_step() if typing else None
        change = self._do(label, [narrative_edit(old, text)], continues)
        if typing:
            now = clock()
            self._typing = (self._undo[-1].id, self.who, self._typing[2] if continues else now, now)
        return change

    def _typing_step(self) -> StepRef | None:
        """The undo step a pause in typing continues: the last one, this session's typing by the same
        person, its last pause under MERGE_PAUSE_S and its first under MERGE_SPAN_S ago."""
        if self._typing is None or not self._undo:
            return None
        step_id, who, first, last = self._typing
        now = clock()
        if self._undo[-1].id != step_id or who != self.who or now - last > MERGE_PAUSE_S or now - first > MERGE_SPAN_S:
            return None
        return self._undo[-1]

    def set_meta(self, **fields: str) -> Change:
        """unit_name, unit_code, display_unit (元 or 万元)."""
        edits: list[Edit] = []
        for name, value in fields.items():
            if name not in META_FIELDS:
                raise EditError(f"不能修改“{name}”（可改：{'、'.join(META_FIELDS.values())}）")
            if name == "display_unit" and value not in DISPLAY_UNITS:
                raise EditError(f"金额单位只能是“元”或“万元”，不是“{value}”")
            if name == "unit_name" and not str(value).strip():
                raise EditError("单位名称不能为空")
            old = getattr(self.unit.meta, name)
            if old != value:
                edits.append(MetaEdit(name, old, str(value)))
        label = "修改" + "、".join(META_FIELDS[n] for n in fields if n in META_FIELDS)
        return self._do(label, edits)

    def apply_import(self, plan_or_unit, label: str = "导入") -> Change:
        """Make the unit equal an import's result (an ImportPlan's `after`, or a UnitData) in one step."""
        after = getattr(plan_or_unit, "after", plan_or_unit)
        if isinstance(after, UnitData):
            edits = diff(self.unit, after)
        else:
            edits = list(after)          # a list of edits
        return self._do(label, edits)

    def apply(self, edits: Iterable[Edit], label: str) -> Change:
        """Apply prepared edits as one step (a merged draft, a replayed change)."""
        return self._do(label, list(edits))

    # ---- naming ----
    def cell_name(self, table: str, row: str, col: str) -> str:
        from .checks.naming import cell_name
        return cell_name(self.unit, (table, row, col))

    def _table(self, table: str):
        if not self.unit.template.has(table):
            raise EditError(f"没有这张表：{table}")
        return self.unit.template.table(table)


def _table_name(spec) -> str:
    from .checks.naming import table_ref
    return table_ref(spec)
