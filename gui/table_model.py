"""A table of the unit as Qt sees it: the layout's grid (`domain.layout.table_grid`) as a
QAbstractTableModel for the body, and a small model for the multi-level header rows.

The model never changes the unit itself: an accepted entry goes to `edit(key, value)` (the window's
session), a refused one to the `refused` signal with its message. Derived cells (合计, 小计, 类 …) are
read-only and shaded; cells named by a finding are tinted by its severity and carry its messages."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from domain.checks.finding import ERROR, SEVERITY_ORDER, WARNING
from domain.layout import COUNT_CELL, LABEL, MONEY_CELL, Grid, grid_cell, table_grid

from .entry import EntryError, edit_text, parse_entry

KEY_ROLE = Qt.UserRole + 1          # the (table, row, col) a body cell shows, or None
KIND_ROLE = Qt.UserRole + 2         # layout's cell kind (money, count, text, label, code)
DERIVED_BG = QColor("#eef0f3")
MARK_BG = {ERROR: QColor("#f8d0cc"), WARNING: QColor("#fbe7b5")}
NUMERIC = (MONEY_CELL, COUNT_CELL)
_ROLES = frozenset((Qt.DisplayRole, Qt.EditRole, Qt.TextAlignmentRole, Qt.BackgroundRole, Qt.ToolTipRole,
                    Qt.FontRole, Qt.DecorationRole, KEY_ROLE, KIND_ROLE))
_RIGHT, _LEFT = Qt.AlignRight | Qt.AlignVCenter, Qt.AlignLeft | Qt.AlignVCenter
_DERIVED_BRUSH = QBrush(DERIVED_BG)
_MARK_BRUSH = {sev: QBrush(colour) for sev, colour in MARK_BG.items()}
_BOLD = QFont()
_BOLD.setBold(True)


class TableModel(QAbstractTableModel):
    refused = Signal(str)

    def __init__(self, unit, table_id: str, edit, money_unit: str = "万元", parent=None):
        super().__init__(parent)
        self.unit, self.table_id, self.edit = unit, table_id, edit
        self.money_unit = money_unit
        self.read_only = False
        self.marks: dict[tuple, tuple[str, list[str]]] = {}   # cell key -> (worst severity, messages)
        self.review_marks: dict[tuple, list[str]] = {}         # flagged cell key -> the flags' lines (gui/review_panel.py)
        self.review_icon = None
        self.grid: Grid = table_grid(unit, table_id, money_unit)
        self._index_keys()

    # ---- content ----------------------------------------------------------------------------
    def _index_keys(self) -> None:
        self.position = {}
        for r, line in enumerate(self.grid.body):
            for c, cell in enumerate(line):
                if cell.key is not None:
                    self.position[cell.key] = (r, c)
        self._derived = {key for key in self.position if self.unit.is_derived(*key)}

    def refresh(self) -> None:
        """Rebuild from the unit (after an edit, an undo, a unit switch)."""
        grid = table_grid(self.unit, self.table_id, self.money_unit)
        if len(grid.body) == len(self.grid.body) and grid.columns == self.grid.columns:
            self.grid = grid
            self._index_keys()
            if self.grid.body:
                self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
        else:
            self.beginResetModel()
            self.grid = grid
            self._index_keys()
            self.endResetModel()

    def update_cells(self, keys) -> None:
        """Redraw only `keys` (after an edit that added or removed no row: cheaper than refresh())."""
        unit, spec = self.unit, self.unit.template.table(self.table_id)
        for key in keys:
            pos = self.position.get(key)
            if pos is None:
                continue
            cell = self.grid.body[pos[0]][pos[1]]
            fresh = grid_cell(unit, spec, unit.row(*key[:2]), spec.column(key[2]), self.money_unit)
            if (fresh.text, fresh.value) != (cell.text, cell.value):
                self.grid.body[pos[0]][pos[1]] = replace(cell, text=fresh.text, value=fresh.value)
                index = self.index(*pos)
                self.dataChanged.emit(index, index, [Qt.DisplayRole, Qt.EditRole])

    def set_money_unit(self, money_unit: str) -> None:
        self.money_unit = money_unit
        self.refresh()

    def set_review_marks(self, marks: dict, icon) -> None:
        changed = self.review_marks.keys() | marks.keys()
        self.review_marks, self.review_icon = marks, icon
        for key in changed:
            pos = self.position.get(key)
            if pos:
                index = self.index(*pos)
                self.dataChanged.emit(index, index)

    def set_marks(self, marks: dict) -> None:
        changed = {k for k in self.marks.keys() | marks.keys() if self.marks.get(k) != marks.get(k)}
        self.marks = marks
        for key in changed:
            pos = self.position.get(key)
            if pos:
                idx = self.index(*pos)
                self.dataChanged.emit(idx, idx, [Qt.BackgroundRole, Qt.ToolTipRole])

    def cell_at(self, row: int, col: int):
        return self.grid.body[row][col]

    def row_key(self, row: int) -> str | None:
        """The unit's row key shown on a body line (first value cell's row)."""
        return next((c.key[1] for c in self.grid.body[row] if c.key is not None), None)

    def is_editable(self, row: int, col: int) -> bool:
        cell = self.grid.body[row][col]
        return cell.key is not None and cell.key not in self._derived and not self.read_only

    def value_of(self, key):
        cell = self.unit.cell(*key)
        if cell is None:
            return None
        return cell.text if cell.text is not None else cell.amount

    # ---- Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.grid.body)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.grid.columns

    def flags(self, index):
        base = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        return base | Qt.ItemIsEditable if self.is_editable(index.row(), index.column()) else base

    def data(self, index, role=Qt.DisplayRole):
        if role not in _ROLES or not index.isValid():
            return None
        cell = self.grid.body[index.row()][index.column()]
        if role == Qt.DisplayRole:
            return ("　" * cell.indent + cell.text) if cell.indent and cell.kind == LABEL else cell.text
        if role == Qt.TextAlignmentRole:
            return _RIGHT if cell.kind in NUMERIC else _LEFT
        key = cell.key
        if role == Qt.BackgroundRole:
            if key is None:
                return None
            mark = self.marks.get(key)
            if mark:
                return _MARK_BRUSH.get(mark[0], _DERIVED_BRUSH)
            return _DERIVED_BRUSH if key in self._derived else None
        if role == Qt.DecorationRole:
            return self.review_icon if key in self.review_marks else None
        if role == Qt.FontRole:
            return _BOLD if cell.bold else None
        if role == Qt.EditRole:
            return edit_text(self.value_of(key), cell.kind, self.money_unit) if key else cell.text
        if role == Qt.ToolTipRole:
            mark = self.marks.get(key) if key else None
            tips = list(mark[1]) if mark else []
            tips += self.review_marks.get(key, [])
            if key in self._derived:
                tips.insert(0, "自动计算（只读）")
            return "\n".join(tips) or None
        if role == KEY_ROLE:
            return key
        return cell.kind                                         # KIND_ROLE

    def setData(self, index, value, role=Qt.EditRole):
        if role != Qt.EditRole or not self.is_editable(index.row(), index.column()):
            return False
        cell = self.grid.body[index.row()][index.column()]
        try:
            parsed = parse_entry(str(value), cell.kind, self.money_unit)
        except EntryError as exc:
            self.refused.emit(str(exc))
            return False
        if parsed == self.value_of(cell.key):
            return False
        self.edit(cell.key, parsed)
        return True

    def parse_block(self, top: int, left: int, rows: list[list[str]]):
        """A pasted block as [(key, value)], validated as a whole: EntryError names the first bad cell.
        Text landing on read-only cells (labels, 合计) is skipped; returns (items, skipped count)."""
        if top + len(rows) > self.rowCount() or left + max(map(len, rows)) > self.columnCount():
            raise EntryError(f"粘贴的区域（{len(rows)}行×{max(map(len, rows))}列）超出了表格，未粘贴")
        items, skipped = [], 0
        for r, line in enumerate(rows):
            for c, text in enumerate(line):
                row, col = top + r, left + c
                if not self.is_editable(row, col):
                    skipped += bool(text.strip())
                    continue
                cell = self.grid.body[row][col]
                try:
                    items.append((cell.key, parse_entry(text, cell.kind, self.money_unit)))
                except EntryError as exc:
                    raise EntryError(f"第{r + 1}行第{c + 1}列：{exc}，整块未粘贴") from None
        return items, skipped


class HeaderModel(QAbstractTableModel):
    """The header rows of a table's grid; the view sets the spans."""

    def __init__(self, grid: Grid, parent=None):
        super().__init__(parent)
        self.set_grid(grid)

    def set_grid(self, grid: Grid) -> None:
        self.beginResetModel()
        self.grid = grid
        self.cells = {(h.row, h.col): h for h in grid.headers}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.grid.header_rows

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.grid.columns

    def data(self, index, role=Qt.DisplayRole):
        h = self.cells.get((index.row(), index.column()))
        if role == Qt.DisplayRole:
            return h.text if h else None
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignCenter)
        return None

    def flags(self, index):
        return Qt.ItemIsEnabled


def worst(severities) -> str | None:
    return min(severities, key=SEVERITY_ORDER.__getitem__, default=None)
