"""One unit's final accounts for one year: every cell value, the variable rows, the narrative.

`UnitData` is the in-memory model that storage loads and saves, the checks read and the GUI edits.
Cells are keyed (table id, row key, column key). Money is int 分; counts are ints; text is str.

The value model (one place a cell's value is asked for: `value()` / `amount()`):
* `cells` holds what was entered or imported, never a computed value;
* a derived cell (合计, 小计, 总计, a 类 from its 款 …) is the sum of its parts, computed on demand
  and kept in a per-table memo; a change to a cell forgets only the memo of its ancestors
  (`ancestors()`), a change to a table's rows forgets that table's memo;
* a value imported for a derived cell is the cell's value "as printed": `value()` returns it (with
  its ± tolerance), `computed()` returns the sum of its parts, and the checks compare the two.

Threading: a `UnitData` belongs to one thread. `snapshot()` gives another thread its own frozen
copy (with the memos and reader caches that are still valid) to check while this one is edited.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from .codes import FUNCTIONAL, load_codes, parent_code
from .template import TEXT, TOTAL_ROW, RowSpec, TableSpec, Template, load_template

ENTERED, IMPORTED, DERIVED = "entered", "imported", "derived"
CellKey = tuple[str, str, str]
NARRATIVE = "narrative"      # the revision key of the narrative text
META = "meta"               # the revision key of the unit's facts (name, code, display unit)
NOTES = "notes"             # the revision key of all table notes together (a note also moves its table's)
ROWS = "/rows"               # revision key suffix: the variable rows of a table (T5/rows)
Value = tuple[int, int]      # (amount in 分 or a count, tolerance in ± 分)
ZERO: Value = (0, 0)


class FrozenUnitError(RuntimeError):
    """A snapshot was asked to change (snapshots are read-only; edit the live unit)."""


@dataclass(frozen=True)
class Cell:
    amount: int | None = None
    text: str | None = None
    tolerance: int = 0       # half-width (in 分) of the interval an imported rounded value stands for
    source: str = ENTERED


@dataclass
class UnitMeta:
    unit_name: str
    year: int
    unit_code: str = ""
    template_year: int | None = None
    display_unit: str = "万元"

    def __post_init__(self):
        if self.template_year is None:
            self.template_year = self.year


@dataclass
class UnitData:
    """Read the dicts freely; change them only through the methods below, which count the changes
    (`revision`) so that readers (the check engine) recompute only what changed."""
    meta: UnitMeta
    cells: dict[CellKey, Cell] = field(default_factory=dict)
    # variable rows of coded / project tables: table id -> {row key: name}
    extra_rows: dict[str, dict[str, str]] = field(default_factory=dict)
    narrative: str = ""      # a property (below the class): setting another text changes revision(NARRATIVE)
    # a note printed under a table, e.g. 本单位不涉及 for a table with no data: table id -> text
    table_notes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        self.template: Template = load_template(self.meta.template_year)
        self.codes = load_codes(FUNCTIONAL, self.meta.template_year)
        self._revisions: dict[str | None, int] = {}
        self._row_cache: dict[str, tuple[int, _RowIndex]] = {}
        self._structures: dict[str, tuple[int, _Structure]] = {}
        self._derived: dict[str, dict[tuple[str, str], Value]] = {}   # table -> (row, col) -> computed value
        self._empty: dict[str, tuple[int, bool]] = {}
        self._frozen = False
        # readers' caches (check views, findings, the narrative report), valid for this object's
        # content; `snapshot()` carries each entry over through its `carried(snapshot)` if it has one
        self.cache: dict[str, object] = {}

    # ---- change counting ----------------------------------------------------------------------
    def revision(self, table_id: str | None = None) -> int:
        """A counter that changes whenever the table's cells, rows or note change (`table_id + ROWS`:
        its variable rows; `NARRATIVE`: the narrative text; None: anything). Equal counters mean
        unchanged content."""
        return self._revisions.get(table_id, 0)

    def _changed(self, *keys: str) -> None:
        if self._frozen:
            raise FrozenUnitError("快照不能修改")
        for key in (None, *keys):
            self._revisions[key] = self._revisions.get(key, 0) + 1

    def _set_narrative(self, text: str) -> None:
        if "_narrative" in self.__dict__ and text != self._narrative:    # (not on the first set, in __init__)
            self._changed(NARRATIVE)
        self._narrative = text

    def copy(self) -> "UnitData":
        """An independent copy: its own dicts and counters (cells are immutable and shared)."""
        return UnitData(replace(self.meta), dict(self.cells), {t: dict(r) for t, r in self.extra_rows.items()},
                        self.narrative, dict(self.table_notes))

    def snapshot(self) -> "UnitData":
        """A read-only copy for another thread: same content and revisions, its own copies of the
        derived-value memos and of every reader cache still valid (nothing mutable is shared)."""
        snap = self.copy()
        snap._revisions = dict(self._revisions)
        snap._row_cache = dict(self._row_cache)          # (revision, immutable index) pairs
        snap._structures = dict(self._structures)
        snap._derived = {t: dict(d) for t, d in self._derived.items()}
        snap._empty = dict(self._empty)
        for name, value in self.cache.items():
            carried = getattr(value, "carried", None)
            if carried is not None:
                snap.cache[name] = carried(snap)
        snap._frozen = True
        return snap

    @property
    def frozen(self) -> bool:
        return self._frozen

    __copy__ = copy

    def __reduce__(self):
        """Pickles and deep copies carry the content, not the counters and the caches readers keep here."""
        return UnitData, (self.meta, self.cells, self.extra_rows, self.narrative, self.table_notes)

    # ---- rows -------------------------------------------------------------------------------
    def rows(self, table_id: str) -> list[RowSpec]:
        """The rows of a table in display order (合计 first in coded tables)."""
        spec = self.template.table(table_id)
        if not spec.variable_rows:
            return list(spec.rows)
        return list(self._row_index(spec).rows)

    def row(self, table_id: str, row_key: str) -> RowSpec | None:
        spec = self.template.table(table_id)
        if not spec.variable_rows:
            return spec.row(row_key)
        return self._row_index(spec).by_key.get(row_key)

    def _row_index(self, spec: TableSpec) -> "_RowIndex":
        """The rows of a variable-row table, kept until they change."""
        revision = self._revisions.get(spec.id + ROWS, 0)
        hit = self._row_cache.get(spec.id)
        if hit is None or hit[0] != revision:
            hit = self._row_cache[spec.id] = (revision, _RowIndex(spec, self.extra_rows.get(spec.id, {}), self.codes))
        return hit[1]

    def structure(self, table_id: str) -> "_Structure":
        """Which cells of a table are sums of which (and the reverse), kept until its rows change."""
        revision = self._revisions.get(table_id + ROWS, 0)
        hit = self._structures.get(table_id)
        if hit is None or hit[0] != revision:
            spec = self.template.table(table_id)
            structure = _Structure(spec, self._row_index(spec)) if spec.variable_rows else _fixed_structure(spec)
            hit = self._structures[table_id] = (revision, structure)
        return hit[1]

    def add_row(self, table_id: str, key: str, name: str = "") -> None:
        """Add a code row (with its missing 款 and 类 parents) or a project row."""
        rows = self.extra_rows.setdefault(table_id, {})
        before = len(rows)
        if self.template.table(table_id).layout == "coded":
            code = key
            while code and code not in rows:
                rows[code] = name if code == key else (self.codes.name(code) or "")
                code = parent_code(code)
        else:
            rows.setdefault(key, name)
        if len(rows) != before:
            self._rows_changed(table_id)

    def remove_row(self, table_id: str, key: str) -> None:
        self._changed(table_id, table_id + ROWS)
        self.extra_rows.get(table_id, {}).pop(key, None)
        for cell_key in [k for k in self.cells if k[0] == table_id and k[1] == key]:
            del self.cells[cell_key]
        self._derived.pop(table_id, None)

    def set_rows(self, table_id: str, rows: dict[str, str]) -> None:
        """Replace the variable rows of a table ({row key: name}, in this order); cells stay."""
        self._changed(table_id, table_id + ROWS)
        self.extra_rows[table_id] = dict(rows)
        self._derived.pop(table_id, None)

    def _rows_changed(self, table_id: str) -> None:
        self._changed(table_id, table_id + ROWS)
        self._derived.pop(table_id, None)

    def set_note(self, table_id: str, note: str | None) -> None:
        """The note printed under a table; None removes it."""
        if self._frozen:
            raise FrozenUnitError("快照不能修改")
        if note is not None:
            self.table_notes[table_id] = note
        elif self.table_notes.pop(table_id, None) is None:
            return
        self._changed(table_id, NOTES)

    def set_meta(self, name: str, value: str) -> None:
        """Change one of the unit's facts (unit_name, unit_code, display_unit)."""
        if getattr(self.meta, name) != value:
            self._changed(META)
            setattr(self.meta, name, value)

    # ---- values -----------------------------------------------------------------------------
    def cell(self, table_id: str, row_key: str, col_key: str) -> Cell | None:
        return self.cells.get((table_id, row_key, col_key))

    def value(self, table_id: str, row_key: str, col_key: str) -> Value:
        """(分, ± 分) shown in a cell: a value imported for it as given (a derived cell's value "as
        printed"); else a derived cell's sum of its parts' values; else the stored amount; else 0.
        Memoised per table until the cell or one of its parts changes."""
        memo = self._derived.get(table_id)
        if memo is None:
            memo = self._memo_of(table_id)
        hit = memo.get((row_key, col_key))
        if hit is not None:
            return hit
        cell = self.cells.get((table_id, row_key, col_key))
        if cell is not None and cell.source == IMPORTED and cell.amount is not None:
            result = (cell.amount, cell.tolerance)
        else:
            parts = self.structure(table_id).parts(row_key, col_key)
            if parts:
                amount = tolerance = 0
                value = self.value
                for r, c in parts:
                    a, t = value(table_id, r, c)
                    amount += a
                    tolerance += t
                result = (amount, tolerance)
            else:
                result = _own(cell)
        memo[(row_key, col_key)] = result
        return result

    def _memo_of(self, table_id: str) -> dict[tuple[str, str], Value]:
        """A table's memo, made on its first read (fresh unit, or its rows changed)."""
        memo = self._derived[table_id] = self._derived_table(table_id)
        return memo

    def _derived_table(self, table_id: str) -> dict[tuple[str, str], Value]:
        """The memo of a table's values: every cell's own value and every derived cell computed in
        one pass, parts before sums (`_Structure.order`): what `value()` gives cell by cell, without
        a recursion per cell."""
        memo: dict[tuple[str, str], Value] = {}
        stored = self.cells.get
        structure = self.structure(table_id)
        rows_down, cols_down, cols_across = structure.order()
        row_parts, col_sum = structure.row_parts, structure.col_sum

        def claimed(row: str, col: str) -> bool:       # a derived cell holding an imported value
            cell = stored((table_id, row, col))
            return cell is not None and cell.source == IMPORTED and cell.amount is not None

        for col in cols_down:                  # down each column: every row's own value, then the sums
            column = {row: _own(stored((table_id, row, col))) for row in structure.row_keys}
            for row in rows_down:
                if not claimed(row, col):
                    amount = tolerance = 0
                    for r in row_parts[row]:
                        a, t = column.get(r) or _own(stored((table_id, r, col)))
                        amount += a
                        tolerance += t
                    column[row] = (amount, tolerance)
            for row, v in column.items():
                memo[(row, col)] = v
        for row in structure.row_keys:         # then across each row, the `sum` columns
            for col in cols_across:
                if claimed(row, col):
                    memo[(row, col)] = _own(stored((table_id, row, col)))
                    continue
                amount = tolerance = 0
                for c in col_sum[col]:
                    a, t = memo.get((row, c)) or _own(stored((table_id, row, c)))
                    amount += a
                    tolerance += t
                memo[(row, col)] = (amount, tolerance)
        return memo

    def values_of(self, table_id: str):
        """`value()` of one table's cells as a function of (row, column), for a reader summing many
        cells in one pass (valid until the unit next changes)."""
        memo, value = self._derived.get(table_id), self.value
        if memo is None:
            memo = self._memo_of(table_id)
        return lambda row, col: memo.get((row, col)) or value(table_id, row, col)

    def amount(self, table_id: str, row_key: str, col_key: str) -> int:
        """The value shown in a cell, in 分 (or a count): see `value()`."""
        return self.value(table_id, row_key, col_key)[0]

    def text(self, table_id: str, row_key: str, col_key: str) -> str:
        cell = self.cells.get((table_id, row_key, col_key))
        return (cell.text or "") if cell else ""

    def set_amount(self, table_id: str, row_key: str, col_key: str, amount: int | None,
                   source: str = ENTERED, tolerance: int = 0) -> None:
        self._check_cell(table_id, row_key, col_key)
        if amount is None:
            self.delete_cell((table_id, row_key, col_key))
        else:
            self.put_cell((table_id, row_key, col_key), Cell(int(amount), None, tolerance, source))

    def set_text(self, table_id: str, row_key: str, col_key: str, text: str, source: str = ENTERED) -> None:
        self._check_cell(table_id, row_key, col_key)
        self.put_cell((table_id, row_key, col_key), Cell(None, text, 0, source))

    def put_cell(self, key: CellKey, cell: Cell) -> None:
        """Store a cell as it is (no check of its row and column: for loading and tests)."""
        self._changed(key[0])
        self.cells[key] = cell
        self._forget(key)

    def delete_cell(self, key: CellKey) -> None:
        """Remove a stored cell (nothing happens if none is stored)."""
        if key in self.cells:
            self._changed(key[0])
            del self.cells[key]
            self._forget(key)

    def _forget(self, key: CellKey) -> None:
        """Drop the memoised values of a changed cell and of every derived cell above it."""
        memo = self._derived.get(key[0])
        if memo:
            memo.pop(key[1:], None)
            for _t, r, c in self.ancestors(key):
                memo.pop((r, c), None)

    def _check_cell(self, table_id: str, row_key: str, col_key: str) -> None:
        spec = self.template.table(table_id)
        spec.column(col_key)  # KeyError for an unknown column
        if self.row(table_id, row_key) is None:
            raise KeyError(f"{spec.title}没有“{row_key}”行")

    # ---- derived cells ----------------------------------------------------------------------
    def parts(self, table_id: str, row_key: str, col_key: str) -> list[CellKey]:
        """The cells a derived cell is the sum of; [] for an entered cell."""
        self.template.table(table_id).column(col_key)   # KeyError for an unknown column
        return [(table_id, r, c) for r, c in self.structure(table_id).parts(row_key, col_key)]

    def is_derived(self, table_id: str, row_key: str, col_key: str) -> bool:
        return bool(self.structure(table_id).parts(row_key, col_key))

    def ancestors(self, key: CellKey) -> list[CellKey]:
        """The derived cells whose value includes `key` (its 合计, 小计, 类 …, transitively), nearest
        first; the climb stops at a cell holding an imported value (that value does not move)."""
        table_id = key[0]
        structure = self.structure(table_id)
        out: list[CellKey] = []
        seen = set()
        todo = [key[1:]]
        while todo:
            for parent in structure.parents(*todo.pop(0)):
                if parent in seen:
                    continue
                seen.add(parent)
                out.append((table_id, *parent))
                cell = self.cells.get((table_id, *parent))
                if cell is None or cell.source != IMPORTED or cell.amount is None:
                    todo.append(parent)
        return out

    def computed(self, table_id: str, row_key: str, col_key: str) -> int:
        """Sum of a derived cell's parts' values (for an imported derived cell: what its parts add
        up to, to compare with the value as printed)."""
        return sum(self.value(*part)[0] for part in self.parts(table_id, row_key, col_key))

    def derived_cells(self, table_id: str | None = None) -> list[CellKey]:
        tables = [self.template.table(table_id)] if table_id else self.template.tables
        out = []
        for spec in tables:
            for row in self.rows(spec.id):
                out += [(spec.id, row.key, c.key) for c in spec.columns_for(row) if self.is_derived(spec.id, row.key, c.key)]
        return out

    def derived_values(self, table_id: str | None = None) -> dict[CellKey, int]:
        """Every derived cell not imported, with its computed value (what storage writes, source
        `derived`, so the file is complete for anyone reading it with sqlite3)."""
        out = {}
        for key in self.derived_cells(table_id):
            cell = self.cells.get(key)
            if cell is None or cell.source != IMPORTED or cell.amount is None:
                out[key] = self.value(*key)[0]
        return out

    def refresh_derived(self) -> list[CellKey]:
        """Drop stored values of derived cells that were not imported (left by older code): a
        derived cell's value is always computed from its parts. Returns the cells dropped."""
        dropped = [k for k, c in self.cells.items() if c.source == DERIVED]
        for key in dropped:
            self.delete_cell(key)
        return dropped

    def is_empty(self, table_id: str) -> bool:
        """The one definition of an empty table, for checks, layout, import and narrative: no figure
        (non-zero) and no text in any printed column (extra inputs such as 年初预算 do not count),
        i.e. the disclosure would print the table blank."""
        revision = self._revisions.get(table_id, 0)
        hit = self._empty.get(table_id)
        if hit is None or hit[0] != revision:
            hit = self._empty[table_id] = (revision, not self.filled_cells(table_id, first=True))
        return hit[1]

    def filled_cells(self, table_id: str, first: bool = False) -> list[CellKey]:
        """The stored cells of printed columns holding a figure or text (the first one only: `first`)."""
        spec = self.template.table(table_id)
        cells = self.cells
        out = []
        for row in self.rows(table_id):
            for col in spec.columns_for(row):
                if col.extra:
                    continue
                cell = cells.get((table_id, row.key, col.key))
                if cell is not None and (cell.amount or (cell.text or "").strip()):
                    out.append((table_id, row.key, col.key))
                    if first:
                        return out
        return out


def _own(cell: Cell | None) -> Value:
    """The value a cell holds itself (an entered or imported amount); 0 for none or a stored derived value."""
    if cell is not None and cell.amount is not None and cell.source != DERIVED:
        return (cell.amount, cell.tolerance)
    return ZERO


UnitData.narrative = property(lambda unit: unit._narrative, UnitData._set_narrative,
                              doc="The 部门决算说明 text (a dataclass field whose setter counts changes).")


class _Structure:
    """A table's sums: each derived cell's parts, and for each cell the derived cells it is part of.
    A column with `sum` is computed across its row; otherwise a row with parts (template `sum`,
    合计 = Σ 类, 类 = Σ 款 …) is computed down its column. Text columns are never derived."""
    __slots__ = ("col_sum", "row_parts", "_col_parents", "_row_parents", "text_cols", "row_keys", "columns", "_order")

    def __init__(self, spec: TableSpec, index: "_RowIndex | None"):
        self.col_sum = {c.key: c.sum for c in spec.columns if c.sum}
        self.text_cols = frozenset(c.key for c in spec.columns if c.kind == TEXT)
        self.columns = tuple(c.key for c in spec.columns)
        self.row_keys = tuple(index.by_key if index is not None else (r.key for r in spec.rows))
        self._order = self._col_parents = self._row_parents = None
        if index is None:
            self.row_parts = {r.key: r.sum for r in spec.rows if r.sum}
        elif spec.layout == "coded":       # 合计 = Σ 类, 类 = Σ its 款, 款 = Σ its 项 (of the rows present)
            present = index.by_key
            parts: dict[str, list[str]] = {TOTAL_ROW: []}
            for row in index.rows:         # in code order
                key = row.code
                if key is None:
                    continue
                if len(key) == 3:
                    parts[TOTAL_ROW].append(key)
                elif len(key) > 3 and (parent := parent_code(key)) in present:
                    parts.setdefault(parent, []).append(key)
            self.row_parts = {k: tuple(v) for k, v in parts.items()}
        else:                              # projects, unit rows: 合计 = Σ every other row
            self.row_parts = {TOTAL_ROW: tuple(r.key for r in index.rows if r.key != TOTAL_ROW)}

    def parts(self, row_key: str, col_key: str) -> list[tuple[str, str]]:
        if col_key in self.text_cols:
            return []
        cols = self.col_sum.get(col_key)
        if cols:
            return [(row_key, c) for c in cols]
        rows = self.row_parts.get(row_key)
        return [(r, col_key) for r in rows] if rows else []

    def parents(self, row_key: str, col_key: str) -> list[tuple[str, str]]:
        if self._row_parents is None:      # (asked for by edits only: made on the first)
            self._col_parents, self._row_parents = _reverse(self.col_sum), _reverse(self.row_parts)
        out = [(row_key, c) for c in self._col_parents.get(col_key, ())]
        if col_key not in self.col_sum and col_key not in self.text_cols:
            out += [(r, col_key) for r in self._row_parents.get(row_key, ())]
        return out

    def order(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """How to compute every derived cell with its parts first: (rows with parts, each after the
        rows it sums; the columns summed down; the `sum` columns, each after the columns it sums).
        The rows' sums come first, then across every row the `sum` columns (a `sum` column's cell
        is always summed across its row, never down its column)."""
        if self._order is None:
            rows_down = _parts_first({r: parts for r, parts in self.row_parts.items() if parts})  # () is no sum
            across = {c: parts for c, parts in self.col_sum.items() if c not in self.text_cols}
            cols_down = tuple(c for c in self.columns if c not in self.col_sum and c not in self.text_cols)
            self._order = (rows_down, cols_down, _parts_first(across))
        return self._order


def _reverse(parts_of: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """For each part, the keys it is a part of."""
    out: dict[str, list[str]] = {}
    for key, parts in parts_of.items():
        for part in parts:
            out.setdefault(part, []).append(key)
    return out


_FIXED: dict[int, tuple[TableSpec, _Structure]] = {}


def _fixed_structure(spec: TableSpec) -> _Structure:
    """The structure of a table whose rows are the template's: one per table spec (specs live as
    long as their template, which is loaded once)."""
    hit = _FIXED.get(id(spec))
    if hit is None or hit[0] is not spec:
        hit = _FIXED[id(spec)] = (spec, _Structure(spec, None))
    return hit[1]


def _parts_first(parts_of: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The keys of `parts_of` ordered so that each comes after those of its parts that are keys too."""
    out: list[str] = []
    seen: set[str] = set()

    def visit(key: str) -> None:
        seen.add(key)
        for part in parts_of[key]:
            if part in parts_of and part not in seen:
                visit(part)
        out.append(key)
    for key in parts_of:
        if key not in seen:
            visit(key)
    return tuple(out)


class _RowIndex:
    """The rows of a variable-row table: in display order and by key."""
    __slots__ = ("rows", "by_key")

    def __init__(self, spec: TableSpec, names: dict[str, str], codes):
        total = RowSpec(TOTAL_ROW, "合计")
        if spec.layout != "coded":       # projects (合计 last) or unit rows (合计 first), in their order
            body = [RowSpec(k, n) for k, n in sorted(names.items(), key=lambda kv: _project_order(kv[0]))]
            self.rows = body + [total] if spec.layout == "projects" else [total] + body
        else:
            body = [_code_row(c, names[c] or codes.name(c) or "") for c in sorted(names)]
            self.rows = [total] + body
        self.by_key = {**{r.key: r for r in body}, TOTAL_ROW: total}


@lru_cache(maxsize=8192)
def _code_row(code: str, name: str) -> RowSpec:
    """The row of a 功能分类 code (immutable: shared by every unit showing it)."""
    return RowSpec(code, name, code=code, indent=(len(code) - 3) // 2)


def _project_order(key: str):
    digits = "".join(ch for ch in key if ch.isdigit())
    return (int(digits) if digits else 0, key)
