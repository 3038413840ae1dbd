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

    # ---- change counting ----------------------------------------------------------------------
    def revision(self, table_id: str | None = None) -> int:
        """A counter that changes whenever the table's cells, rows or note change (`table_id + ROWS`:
        its variable rows; `NARRATIVE`: the narrative text; None: anything). Equal counters mean
        unchanged content."""
        return self._revisions.get(table_id, 0)

    def _changed(self, *keys: str) -> None:
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
            self._changed(table_id, table_id + ROWS)

    def remove_row(self, table_id: str, key: str) -> None:
        self.extra_rows.get(table_id, {}).pop(key, None)
        for cell_key in [k for k in self.cells if k[0] == table_id and k[1] == key]:
            del self.cells[cell_key]
        self._changed(table_id, table_id + ROWS)

    def set_rows(self, table_id: str, rows: dict[str, str]) -> None:
        """Replace the variable rows of a table ({row key: name}, in this order); cells stay."""
        self.extra_rows[table_id] = dict(rows)
        self._changed(table_id, table_id + ROWS)

    def set_note(self, table_id: str, note: str | None) -> None:
        """The note printed under a table; None removes it."""
        if note is not None:
            self.table_notes[table_id] = note
        elif self.table_notes.pop(table_id, None) is None:
            return
        self._changed(table_id)

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
            self.delete_cell((table_id, row_key, col_key))
        else:
            self.put_cell((table_id, row_key, col_key), Cell(int(amount), None, tolerance, source))

    def set_text(self, table_id: str, row_key: str, col_key: str, text: str, source: str = ENTERED) -> None:
        self._check_cell(table_id, row_key, col_key)
        self.put_cell((table_id, row_key, col_key), Cell(None, text, 0, source))

    def put_cell(self, key: CellKey, cell: Cell) -> None:
        """Store a cell as it is (no check of its row and column: for loading and tests)."""
        self.cells[key] = cell
        self._changed(key[0])

    def delete_cell(self, key: CellKey) -> None:
        """Remove a stored cell (nothing happens if none is stored)."""
        if self.cells.pop(key, None) is not None:
            self._changed(key[0])

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
        return self._row_index(spec).children.get(row_key, [])

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
            self.delete_cell(key)
            changed.append(key)
        for key in derived:
            cell = self.cells.get(key)
            if cell is not None and cell.source == IMPORTED:
                continue
            value = self.computed(*key)
            if cell is None or cell.amount != value:
                self.put_cell(key, Cell(value, None, 0, DERIVED))
                changed.append(key)
        return changed

    def is_empty(self, table_id: str) -> bool:
        return not any(k[0] == table_id and (c.amount or c.text) for k, c in self.cells.items())


UnitData.narrative = property(lambda unit: unit._narrative, UnitData._set_narrative,
                              doc="The 部门决算说明 text (a dataclass field whose setter counts changes).")


class _RowIndex:
    """The rows of a variable-row table: in display order, by key, and each 合计/类/款's child rows."""
    __slots__ = ("rows", "by_key", "children")

    def __init__(self, spec: TableSpec, names: dict[str, str], codes):
        total = RowSpec(TOTAL_ROW, "合计")
        if spec.layout != "coded":       # projects (合计 last) or unit rows (合计 first), in their order
            body = [RowSpec(k, n) for k, n in sorted(names.items(), key=lambda kv: _project_order(kv[0]))]
            self.rows = body + [total] if spec.layout == "projects" else [total] + body
        else:
            body = [RowSpec(c, names[c] or codes.name(c) or "", code=c, indent=(len(c) - 3) // 2) for c in sorted(names)]
            self.rows = [total] + body
        self.by_key = {**{r.key: r for r in body}, TOTAL_ROW: total}
        self.children: dict[str, list[str]] = {TOTAL_ROW: [k for k in names if spec.layout != "coded" or len(k) == 3]}
        if spec.layout == "coded":
            for k in names:
                if len(k) > 3 and k[:-2] != TOTAL_ROW:
                    self.children.setdefault(k[:-2], []).append(k)


def _project_order(key: str):
    digits = "".join(ch for ch in key if ch.isdigit())
    return (int(digits) if digits else 0, key)
