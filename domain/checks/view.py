"""A table as the checks see it: its rows, the Chinese label of every cell, and every cell's value
with the rounding tolerance it carries.

Values follow `UnitData`: a derived cell (合计, 小计, a 类 from its 款 …) is the sum of its parts
unless a value was imported for it; then the imported value is the claim the checks compare with its
parts. Every value is a pair (分, ± 分): an imported rounded value stands for an interval, a sum
of such values for the sum of the intervals, an entered value is exact (± 0).

A view is built once per table revision and kept on the unit, so a re-check after one edit rebuilds
only the view of the edited table; per-table results of the rules live in `TableView.once`.
"""
from __future__ import annotations

from typing import Callable

import copy

from ..template import TEXT, TOTAL_ROW, ColumnSpec, RowSpec
from ..unit import IMPORTED, ZERO, Value
from .finding import Location
from .naming import table_ref

__all__ = ["TableView", "table_view", "table_ref", "Value", "ZERO"]
_TOTAL_WORDS = ("合计", "小计")


def table_view(unit, table_id: str) -> "TableView":
    """The view of a table for the unit's current content (rebuilt when the table changed)."""
    views = unit.cache.get(_VIEWS)
    if views is None:
        views = unit.cache[_VIEWS] = _Views()
    revision = unit.revision(table_id)
    hit = views.get(table_id)
    if hit is not None and hit.revision == revision and hit.template is unit.template \
            and hit.display_unit == unit.meta.display_unit:
        return hit
    view = views[table_id] = TableView(unit, table_id, revision)
    return view


_VIEWS = "check-views"


class _Views(dict):
    """table id -> its view; a snapshot gets copies bound to it (same memos, copied)."""
    def carried(self, snapshot) -> "_Views":
        return _Views({t: v.bound_to(snapshot) for t, v in self.items()})


class TableView:
    def __init__(self, unit, table_id: str, revision: int = 0):
        self.unit = unit
        self.id = table_id
        self.revision = revision
        self.template = unit.template
        self.display_unit = unit.meta.display_unit
        self.spec = spec = unit.template.table(table_id)
        self.ref = table_ref(spec)
        self.rows: list[RowSpec] = unit.rows(table_id)
        self.row_by_key: dict[str, RowSpec] = {r.key: r for r in self.rows}
        self._cells = unit.cells
        self._columns = {c.key: c for c in spec.columns}
        self._side_columns: dict[str | None, list[ColumnSpec]] = {}
        self.row_parts: dict[str, tuple[str, ...]] = unit.structure(table_id).row_parts
        self.col_parts: dict[str, tuple[str, ...]] = {c.key: c.sum for c in spec.columns if c.sum}
        self._value = unit.value
        self._row_labels: dict[str, str] | None = None
        self._col_labels: dict[str, str] | None = None
        self._memo: dict[str, object] = {}

    def bound_to(self, unit) -> "TableView":
        """This view for a snapshot of its unit (same content and revision): its own memo dicts."""
        other = copy.copy(self)
        other.unit, other._cells, other._value = unit, unit.cells, unit.value
        other._memo = {k: dict(v) if isinstance(v, dict) else v for k, v in self._memo.items()}
        return other

    # ---- structure ----------------------------------------------------------------------------
    def column(self, key: str) -> ColumnSpec:
        return self._columns[key]

    def has_row(self, key: str) -> bool:
        return key in self.row_by_key

    def columns_for(self, row: RowSpec) -> list[ColumnSpec]:
        side = row.side
        cols = self._side_columns.get(side)
        if cols is None:
            cols = self._side_columns[side] = self.spec.columns_for(row)
        return cols

    def kind(self, row_key: str, col_key: str) -> str:
        return self.spec.cell_kind(self.row_by_key.get(row_key), self._columns[col_key])

    def decompositions(self, row_key: str, col_key: str) -> list[tuple[tuple[str, str], ...]]:
        """Every way a cell is a sum of other cells of the table: across its row (a column with
        `sum`) and down its column (a row with `sum`, 合计 = Σ 类, 类 = Σ 款 …). The first is the
        one `UnitData` computes the cell from."""
        col = self._columns[col_key]
        if col.kind == TEXT:
            return []
        out = []
        if col.sum:
            out.append(tuple((row_key, c) for c in col.sum))
        parts = self.row_parts.get(row_key)
        if parts:
            out.append(tuple((r, col_key) for r in parts))
        return out

    # ---- values -------------------------------------------------------------------------------
    def value(self, row_key: str, col_key: str) -> Value:
        """(分, ± 分) of a cell, as `UnitData.value` gives it (the one value model): an imported value
        as given; a derived cell the sum of its parts' values; 0 for a blank cell or a missing row."""
        return self._value(self.id, row_key, col_key)

    def is_claim(self, row_key: str, col_key: str) -> bool:
        """A derived cell whose value was imported: the checks compare it with its parts."""
        cell = self._cells.get((self.id, row_key, col_key))
        return cell is not None and cell.amount is not None and cell.source == IMPORTED \
            and bool(self.decompositions(row_key, col_key))

    def stored(self, row_key: str, col_key: str):
        return self._cells.get((self.id, row_key, col_key))

    def once(self, name: str, compute: Callable[[], object]):
        """A result computed once per view (i.e. per table revision)."""
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]

    @property
    def is_blank(self) -> bool:
        """No figure and no text in any printed column: `UnitData.is_empty`, the one definition."""
        return self.unit.is_empty(self.id)

    # ---- labels -------------------------------------------------------------------------------
    def row_label(self, row_key: str) -> str:
        if self._row_labels is None:
            self._row_labels = self._make_row_labels()
        label = self._row_labels.get(row_key)
        if label is not None:
            return label
        name = self.unit.codes.name(row_key) if row_key.isdigit() else None
        return f"{row_key} {name}" if name else row_key

    def _make_row_labels(self) -> dict[str, str]:
        spec = self.spec
        labels: dict[str, str] = {}
        if spec.layout == "projects":
            for i, row in enumerate(self.rows, 1):
                labels[row.key] = "合计" if row.key == TOTAL_ROW else f"项目“{row.label}”" if row.label else f"第{i}个项目"
            return labels
        for row in self.rows:
            if row.key == TOTAL_ROW:
                labels[row.key] = "合计"
            elif row.code and spec.layout in ("coded", "economic"):
                labels[row.key] = f"{row.code} {row.label}".strip()
            else:
                labels[row.key] = row.label
        seen: dict[str, int] = {}
        for label in labels.values():
            seen[label] = seen.get(label, 0) + 1
        if any(n > 1 for n in seen.values()):
            parent_of = {part: row for row in self.rows for part in row.sum}
            for row in self.rows:
                if seen[labels[row.key]] < 2:
                    continue
                parent = parent_of.get(row.key)
                if parent is not None and parent.label != row.label:
                    labels[row.key] = f"{_strip_total(parent.label)}·{row.label}"
                elif row.side:
                    labels[row.key] = f"{spec.sides.get(row.side, '')}{row.label}"
        return labels

    def col_label(self, col_key: str) -> str:
        if self._col_labels is None:
            self._col_labels = _short_column_labels(self.spec.columns)
        return self._col_labels[col_key]

    def cell_label(self, row_key: str, col_key: str, with_row: bool = True, with_col: bool = True) -> str:
        """The cell in words, without the table: 2010301 行政运行·基本支出, 本年收入合计 … (kept per view)"""
        key = (row_key, col_key, with_row, with_col)
        labels = self._memo.get("cell-labels")
        if labels is None:
            labels = self._memo["cell-labels"] = {}
        label = labels.get(key)
        if label is None:
            label = labels[key] = self._cell_label(row_key, col_key, with_row, with_col)
        return label

    def _cell_label(self, row_key: str, col_key: str, with_row: bool, with_col: bool) -> str:
        row = self.row_by_key.get(row_key)
        single_row = self.single_row
        side = self._columns[col_key].side
        single_col = len([c for c in self.spec.columns
                          if c.side in (None, side) and (not c.extra or c.key == col_key)]) == 1
        parts = []
        if with_row and not single_row:
            parts.append(self.row_label(row_key))
        if with_col and not single_col:
            parts.append(self.col_label(col_key))
        label = "·".join(parts) or self.col_label(col_key)
        return label if row is not None else f"{label}（表中无此行）"

    @property
    def single_row(self) -> bool:
        """A one-row table (表10, 表11 without unit rows): its cells are named by column alone."""
        return self.spec.layout == "fixed" and len(self.rows) == 1

    def location(self, row_key: str, col_key: str | None = None) -> Location:
        return Location(self.id, row_key, col_key)


def _strip_total(label: str) -> str:
    return label[:-2] if label.endswith("合计") and len(label) > 2 else label


def _short_column_labels(columns) -> dict[str, str]:
    """The shortest header suffix that names each column uniquely in its table: 基本支出,
    本年支出合计, 决算数·公务用车购置及运行费小计 (a 合计/小计 header joins the header above it)."""
    def words(col) -> list[str]:
        header = list(col.header[1:] if col.side and len(col.header) > 1 else col.header)  # 收入/支出 is the side
        if len(header) > 1 and header[-1] in _TOTAL_WORDS:
            header[-2:] = [header[-2] + header[-1]]
        return header

    def candidates(path: list[str]) -> list[str]:
        out = [path[-1]]
        if len(path) > 1:
            out += [f"{path[0]}·{path[-1]}", "·".join(path)]
        return out

    paths = {c.key: words(c) for c in columns}
    options = {key: candidates(path) for key, path in paths.items()}
    labels = {}
    for key, mine in options.items():
        for i, label in enumerate(mine):
            if sum(1 for other in options.values() if label in other[i:i + 1]) == 1:
                break
        labels[key] = label.removeprefix("其中：")
    return labels
