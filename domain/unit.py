"""One unit's final accounts for one year: every cell value, the variable rows, the narrative.

`UnitData` is the in-memory model that storage loads and saves, the checks read and the GUI edits.
Cells are keyed (table id, row key, column key). Money is int 分; counts are ints; text is str.
A derived cell (合计, 小计, 总计, a 类 from its 款 …) is computed from its parts unless a value was
imported for it, in which case the imported value is kept so the checks can compare it.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from .codes import FUNCTIONAL, load_codes, parent_code
from .template import TEXT, TOTAL_ROW, RowSpec, TableSpec, Template, load_template

ENTERED, IMPORTED, DERIVED = "entered", "imported", "derived"
CellKey = tuple[str, str, str]
NARRATIVE = "narrative"      # the revision key of the narrative text


class _Revisions:
    """Change counters: one per table id (cells, rows, note) and one for the narrative. Readers
    (the check engine) cache results per table and recompute only what changed."""
    __slots__ = ("by_key", "total")

    def __init__(self):
        self.by_key: dict[str, int] = {}
        self.total = 0

    def bump(self, key: str | tuple[str, ...]) -> None:
        for k in key if isinstance(key, tuple) else (key,):
            self.by_key[k] = self.by_key.get(k, 0) + 1
        self.total += 1


class _TrackedDict(dict):
    """A dict that counts every change in `revisions` under the table id `table_of(key)`.

    Reads are plain dict reads (C speed); every way of writing goes through __setitem__ or is
    overridden here. Copies (dict(d), copy, deepcopy, pickle) are plain dicts."""
    __slots__ = ("_revisions", "_table_of", "_wrap")

    def __init__(self, data=(), revisions: _Revisions | None = None, table_of=None, wrap=None):
        super().__init__()
        self._revisions = revisions if revisions is not None else _Revisions()
        self._table_of = table_of or (lambda key: key)
        self._wrap = wrap
        for key, value in dict(data).items():
            super().__setitem__(key, wrap(key, value) if wrap else value)

    def _changed(self, key) -> None:
        self._revisions.bump(self._table_of(key))

    def __setitem__(self, key, value):
        super().__setitem__(key, self._wrap(key, value) if self._wrap else value)
        self._changed(key)

    def __delitem__(self, key):
        super().__delitem__(key)
        self._changed(key)

    def pop(self, key, *default):
        present = key in self
        value = super().pop(key, *default)
        if present:
            self._changed(key)
        return value

    def popitem(self):
        key, value = super().popitem()
        self._changed(key)
        return key, value

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def update(self, *args, **kwargs):
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __ior__(self, other):
        self.update(other)
        return self

    def clear(self):
        keys = list(self)
        super().clear()
        for key in keys:
            self._changed(key)

    def __reduce__(self):
        return dict, (dict(self),)

    def copy(self) -> dict:
        return dict(self)


_TRACKED_FIELDS = ("cells", "extra_rows", "table_notes")
ROWS = "/rows"               # revision key suffix: the variable rows of a table (T5/rows)


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
    meta: UnitMeta
    cells: dict[CellKey, Cell] = field(default_factory=dict)
    # variable rows of coded / project tables: table id -> {row key: name}
    extra_rows: dict[str, dict[str, str]] = field(default_factory=dict)
    narrative: str = ""
    # a note printed under a table, e.g. 本单位不涉及 for a table with no data: table id -> text
    table_notes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        self.template: Template = load_template(self.meta.template_year)
        self.codes = load_codes(FUNCTIONAL, self.meta.template_year)

    # ---- change tracking ----------------------------------------------------------------------
    def __setattr__(self, name, value):
        if name in _TRACKED_FIELDS or name == NARRATIVE:
            revisions = self._revisions()
            if name == "cells":
                value = _TrackedDict(value, revisions, _cell_table)
            elif name == "table_notes":
                value = _TrackedDict(value, revisions)
            elif name == "extra_rows":
                value = _TrackedDict(value, revisions, _rows_keys, wrap=lambda table_id, rows: _TrackedDict(
                    rows, revisions, lambda _key, keys=_rows_keys(table_id): keys))
            current = self.__dict__.get(name)
            if isinstance(current, dict):           # a whole new dict: every table it held or holds changed
                for key in {*current, *value}:
                    revisions.bump(_cell_table(key) if name == "cells" else _rows_keys(key) if name == "extra_rows" else key)
            elif name == NARRATIVE and current != value:
                revisions.bump(NARRATIVE)
        object.__setattr__(self, name, value)

    def _revisions(self) -> _Revisions:
        revisions = self.__dict__.get("_revision_counts")
        if revisions is None:
            revisions = self.__dict__["_revision_counts"] = _Revisions()
        return revisions

    def revision(self, table_id: str | None = None) -> int:
        """A counter that changes whenever the table's cells, rows or note change (`NARRATIVE`: the
        narrative text; None: anything). Equal counters mean unchanged content."""
        revisions = self._revisions()
        return revisions.total if table_id is None else revisions.by_key.get(table_id, 0)

    def __getstate__(self):
        state = {k: v for k, v in self.__dict__.items() if not k.startswith("_")}
        for name in _TRACKED_FIELDS:
            state[name] = {k: dict(v) if isinstance(v, dict) else v for k, v in state[name].items()} \
                if name == "extra_rows" else dict(state[name])
        return state

    def __setstate__(self, state):
        for name, value in state.items():
            setattr(self, name, value)

    # ---- rows -------------------------------------------------------------------------------
    def rows(self, table_id: str) -> list[RowSpec]:
        """The rows of a table in display order (合计 first in coded tables)."""
        spec = self.template.table(table_id)
        if not spec.variable_rows:
            return list(spec.rows)
        names = self.extra_rows.get(table_id, {})
        if spec.layout == "projects":
            body = [RowSpec(k, n) for k, n in sorted(names.items(), key=lambda kv: _project_order(kv[0]))]
            return body + [RowSpec(TOTAL_ROW, "合计")]
        body = [self._code_row(code, names[code]) for code in sorted(names)]
        return [RowSpec(TOTAL_ROW, "合计")] + body

    def row(self, table_id: str, row_key: str) -> RowSpec | None:
        spec = self.template.table(table_id)
        if not spec.variable_rows:
            return spec.row(row_key)
        if row_key == TOTAL_ROW:
            return RowSpec(TOTAL_ROW, "合计")
        names = self.extra_rows.get(table_id, {})
        if row_key not in names:
            return None
        if spec.layout == "projects":
            return RowSpec(row_key, names[row_key])
        return self._code_row(row_key, names[row_key])

    def _code_row(self, code: str, name: str) -> RowSpec:
        return RowSpec(code, name or self.codes.name(code) or "", code=code, indent=(len(code) - 3) // 2)

    def add_row(self, table_id: str, key: str, name: str = "") -> None:
        """Add a code row (with its missing 款 and 类 parents) or a project row."""
        rows = self.extra_rows.setdefault(table_id, {})
        if self.template.table(table_id).layout == "coded":
            code = key
            while code and code not in rows:
                rows[code] = name if code == key else (self.codes.name(code) or "")
                code = parent_code(code)
        else:
            rows.setdefault(key, name)

    def remove_row(self, table_id: str, key: str) -> None:
        self.extra_rows.get(table_id, {}).pop(key, None)
        for cell_key in [k for k in self.cells if k[0] == table_id and k[1] == key]:
            del self.cells[cell_key]

    # ---- values -----------------------------------------------------------------------------
    def cell(self, table_id: str, row_key: str, col_key: str) -> Cell | None:
        return self.cells.get((table_id, row_key, col_key))

    def amount(self, table_id: str, row_key: str, col_key: str) -> int:
        """The value shown in a cell: stored, else computed from its parts, else 0."""
        cell = self.cells.get((table_id, row_key, col_key))
        if cell is not None and cell.amount is not None:
            return cell.amount
        if self.is_derived(table_id, row_key, col_key):
            return self.computed(table_id, row_key, col_key, fresh=False)
        return 0

    def text(self, table_id: str, row_key: str, col_key: str) -> str:
        cell = self.cells.get((table_id, row_key, col_key))
        return (cell.text or "") if cell else ""

    def set_amount(self, table_id: str, row_key: str, col_key: str, amount: int | None,
                   source: str = ENTERED, tolerance: int = 0) -> None:
        self._check_cell(table_id, row_key, col_key)
        if amount is None:
            self.cells.pop((table_id, row_key, col_key), None)
        else:
            self.cells[(table_id, row_key, col_key)] = Cell(int(amount), None, tolerance, source)

    def set_text(self, table_id: str, row_key: str, col_key: str, text: str, source: str = ENTERED) -> None:
        self._check_cell(table_id, row_key, col_key)
        self.cells[(table_id, row_key, col_key)] = Cell(None, text, 0, source)

    def _check_cell(self, table_id: str, row_key: str, col_key: str) -> None:
        spec = self.template.table(table_id)
        spec.column(col_key)  # KeyError for an unknown column
        if self.row(table_id, row_key) is None:
            raise KeyError(f"{spec.title}没有“{row_key}”行")

    # ---- derived cells ----------------------------------------------------------------------
    def parts(self, table_id: str, row_key: str, col_key: str) -> list[CellKey]:
        """The cells a derived cell is the sum of; [] for an entered cell."""
        spec = self.template.table(table_id)
        col = spec.column(col_key)
        if col.kind == TEXT:
            return []
        if col.sum:
            return [(table_id, row_key, c) for c in col.sum]
        row = self.row(table_id, row_key)
        if row is not None and row.sum:
            return [(table_id, r, col_key) for r in row.sum]
        if spec.variable_rows:
            return [(table_id, r, col_key) for r in self._children(spec, row_key)]
        return []

    def is_derived(self, table_id: str, row_key: str, col_key: str) -> bool:
        return bool(self.parts(table_id, row_key, col_key))

    def _children(self, spec: TableSpec, row_key: str) -> list[str]:
        """合计 → its 类 (or projects), 类 → its 款, 款 → its 项 (the rows `row_key` is the sum of)."""
        if row_key != TOTAL_ROW and spec.layout != "coded":
            return []
        return self._children_index(spec).get(row_key, [])

    def _children_index(self, spec: TableSpec) -> dict[str, list[str]]:
        """Row key -> child row keys of a variable-row table, kept until its rows change."""
        revision = self.revision(spec.id + ROWS)
        cache = self.__dict__.setdefault("_children_cache", {})
        hit = cache.get(spec.id)
        if hit is not None and hit[0] == revision:
            return hit[1]
        keys = self.extra_rows.get(spec.id, {})
        index: dict[str, list[str]] = {TOTAL_ROW: [k for k in keys if spec.layout == "projects" or len(k) == 3]}
        if spec.layout == "coded":
            for k in keys:
                if len(k) > 3 and k[:-2] != TOTAL_ROW:
                    index.setdefault(k[:-2], []).append(k)
        cache[spec.id] = (revision, index)
        return index

    def computed(self, table_id: str, row_key: str, col_key: str, fresh: bool = True) -> int:
        """Sum of a derived cell's parts. `fresh` recomputes derived parts instead of reading
        their stored values (except imported ones, which stay as given)."""
        total = 0
        for part in self.parts(table_id, row_key, col_key):
            cell = self.cells.get(part)
            if self.is_derived(*part) and (fresh or cell is None) and (cell is None or cell.source != IMPORTED):
                total += self.computed(*part, fresh=fresh)
            elif cell is not None and cell.amount is not None:
                total += cell.amount
        return total

    def derived_cells(self, table_id: str | None = None) -> list[CellKey]:
        tables = [self.template.table(table_id)] if table_id else self.template.tables
        out = []
        for spec in tables:
            for row in self.rows(spec.id):
                out += [(spec.id, row.key, c.key) for c in spec.columns_for(row) if self.is_derived(spec.id, row.key, c.key)]
        return out

    def refresh_derived(self) -> list[CellKey]:
        """Recompute and store every derived cell not taken from an import; drop stored derived
        values of cells that are no longer derived (a 合计 whose rows were all removed); return the
        cells that changed."""
        changed = []
        derived = self.derived_cells()
        derived_keys = set(derived)
        for key in [k for k, c in self.cells.items() if c.source == DERIVED and k not in derived_keys]:
            del self.cells[key]
            changed.append(key)
        for key in derived:
            cell = self.cells.get(key)
            if cell is not None and cell.source == IMPORTED:
                continue
            value = self.computed(*key)
            if cell is None or cell.amount != value:
                self.cells[key] = Cell(value, None, 0, DERIVED)
                changed.append(key)
        return changed

    def copy(self) -> "UnitData":
        return UnitData(replace(self.meta), dict(self.cells),
                        {t: dict(r) for t, r in self.extra_rows.items()}, self.narrative, dict(self.table_notes))

    def is_empty(self, table_id: str) -> bool:
        return not any(k[0] == table_id and (c.amount or c.text) for k, c in self.cells.items())


def _cell_table(key) -> str:
    return key[0] if isinstance(key, tuple) else key


def _rows_keys(table_id: str) -> tuple[str, str]:
    """A change of a table's variable rows changes the table and its rows."""
    return (table_id, table_id + ROWS)


def _project_order(key: str):
    digits = "".join(ch for ch in key if ch.isdigit())
    return (int(digits) if digits else 0, key)
