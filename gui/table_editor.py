"""One table's editor: its title, the multi-level header rows (a frozen view that scrolls sideways
with the body), the body as a spreadsheet, and for code/project tables a bar to add and remove rows.

Spreadsheet keys: typing starts an entry, Enter moves down, Tab right, Delete clears the selection,
Ctrl+C copies the selection as tab-separated text, Ctrl+V pastes a block copied from Excel/WPS
(validated as a whole and applied as one undo step)."""
from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QPen
from PySide6.QtWidgets import (QAbstractItemView, QCompleter, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView, QToolTip,
                               QVBoxLayout, QWidget)

from domain.template import TOTAL_ROW

from .entry import EntryError
from .table_model import KEY_ROLE, NUMERIC, HeaderModel, TableModel

MIN_COLUMN_PX, MAX_COLUMN_PX = 56, 300
ROOMY_AMOUNT = {"万元": "999,999.99", "元": "9,999,999,999.99"}   # a number column fits up to 100亿元
SELECTION_VEIL, SELECTION_EDGE = QColor(25, 118, 210, 48), QColor(25, 118, 210)


class _Delegate(QStyledItemDelegate):
    """Enter in an open editor commits and then moves down (the view reads the flag)."""

    def eventFilter(self, editor, event):
        if event.type() == event.Type.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self.parent().move_down_after_edit = True
        return super().eventFilter(editor, event)

    def paint(self, painter, option, index):
        """Selected cells keep their colours (derived grey, finding red/amber) under a light blue veil;
        the current one only gets a frame."""
        if not option.state & QStyle.State_Selected:
            return super().paint(painter, option, index)
        plain = QStyleOptionViewItem(option)
        plain.state &= ~(QStyle.State_Selected | QStyle.State_HasFocus)
        super().paint(painter, plain, index)
        if option.state & QStyle.State_HasFocus or index == self.parent().currentIndex():
            painter.save()
            painter.setPen(QPen(SELECTION_EDGE, 2))            # the current cell: a frame, colours intact
            painter.setBrush(Qt.NoBrush)
            painter.drawRect(option.rect.adjusted(1, 1, -1, -1))
            painter.restore()
        else:
            painter.fillRect(option.rect, SELECTION_VEIL)

    def createEditor(self, parent, option, index):
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit) and index.data(Qt.TextAlignmentRole) & Qt.AlignRight:
            editor.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        return editor


class _HeaderDelegate(QStyledItemDelegate):
    """A wide spanning header label centred in the part of its span that is on screen."""

    def paint(self, painter, option, index):
        visible = option.rect.intersected(self.parent().viewport().rect())
        if visible.isValid() and visible != option.rect:
            option = QStyleOptionViewItem(option)
            option.rect = visible
        super().paint(painter, option, index)


class SheetView(QTableView):
    """The body of a table: spreadsheet keys on top of QTableView."""
    message = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.move_down_after_edit = False
        self.setItemDelegate(_Delegate(self))
        self.setEditTriggers(QAbstractItemView.AnyKeyPressed | QAbstractItemView.DoubleClicked
                             | QAbstractItemView.EditKeyPressed)
        self.setSelectionMode(QAbstractItemView.ContiguousSelection)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.setWordWrap(False)
        self.setTabKeyNavigation(True)
        self.document = None

    def closeEditor(self, editor, hint):
        super().closeEditor(editor, hint)
        if self.move_down_after_edit:
            self.move_down_after_edit = False
            self._move(1, 0)

    def _move(self, dr: int, dc: int) -> None:
        cur = self.currentIndex()
        row = min(max(cur.row() + dr, 0), self.model().rowCount() - 1)
        col = min(max(cur.column() + dc, 0), self.model().columnCount() - 1)
        self.setCurrentIndex(self.model().index(row, col))

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and self.state() != QAbstractItemView.EditingState:
            self._move(1, 0)
        elif event.matches(QKeySequence.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.Paste):
            self.paste(QGuiApplication.clipboard().text())
        elif event.key() in (Qt.Key_Delete, Qt.Key_Backspace) and self.state() != QAbstractItemView.EditingState:
            self.clear_selection()
        else:
            super().keyPressEvent(event)

    # ---- block operations ---------------------------------------------------------------------
    def _block(self):
        indexes = self.selectedIndexes() or ([self.currentIndex()] if self.currentIndex().isValid() else [])
        if not indexes:
            return None
        rows = [i.row() for i in indexes]
        cols = [i.column() for i in indexes]
        return min(rows), min(cols), max(rows), max(cols)

    def copy_selection(self) -> str:
        block = self._block()
        if block is None:
            return ""
        top, left, bottom, right = block
        model = self.model()
        text = "\n".join("\t".join(model.index(r, c).data(Qt.EditRole) or "" for c in range(left, right + 1))
                         for r in range(top, bottom + 1))
        QGuiApplication.clipboard().setText(text)
        return text

    def paste(self, text: str) -> bool:
        """Paste tab-separated text at the current cell: all of it as one step, or nothing."""
        model: TableModel = self.model()
        cur = self.currentIndex()
        if not text or not cur.isValid() or model.read_only:
            return False
        lines = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
        rows = [line.split("\t") for line in lines]
        try:
            items, skipped = model.parse_block(cur.row(), cur.column(), rows)
        except EntryError as exc:
            self.message.emit(str(exc))
            return False
        if items:
            self.document.set_values(items, "粘贴")
        bottom = self.model().index(cur.row() + len(rows) - 1, cur.column() + max(map(len, rows)) - 1)
        self.selectionModel().select(QItemSelection(cur, bottom), QItemSelectionModel.ClearAndSelect)
        note = f"，跳过{skipped}个只读单元格" if skipped else ""
        self.message.emit(f"已粘贴{len(items)}个单元格{note}")
        return True

    def clear_selection(self) -> None:
        model: TableModel = self.model()
        block = self._block()
        if block is None or model.read_only:
            return
        top, left, bottom, right = block
        items = [(model.index(r, c).data(KEY_ROLE), None) for r in range(top, bottom + 1)
                 for c in range(left, right + 1) if model.is_editable(r, c)]
        items = [(k, v) for k, v in items if model.value_of(k) is not None]
        if items:
            self.document.set_values(items, "清除")


class TableEditor(QWidget):
    """Title, frozen header rows, the body and (for variable-row tables) the row bar."""

    def __init__(self, document, table_id: str, money_unit: str, parent=None):
        super().__init__(parent)
        self.document, self.table_id = document, table_id
        unit = document.unit
        self.spec = unit.template.table(table_id)
        self.model = TableModel(unit, table_id, document.set_value, money_unit, self)
        self.model.read_only = document.read_only

        self.title = QLabel()
        self.title.setObjectName(f"title-{table_id}")
        self.title.setAlignment(Qt.AlignCenter)
        font = self.title.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.title.setFont(font)
        self.unit_line = QLabel()

        self.header = QTableView()
        self.header.setObjectName(f"header-{table_id}")
        self.header_model = HeaderModel(self.model.grid, self)
        self.header.setModel(self.header_model)
        self.header.horizontalHeader().hide()
        self.header.verticalHeader().hide()
        self.header.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.header.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.header.setFocusPolicy(Qt.NoFocus)
        self.header.setSelectionMode(QAbstractItemView.NoSelection)
        self.header.setWordWrap(True)
        self.header.setItemDelegate(_HeaderDelegate(self.header))
        self.header.setStyleSheet("QTableView { background: #f4f5f7; font-weight: bold; }")

        self.view = SheetView()
        self.view.setObjectName(f"table-{table_id}")
        self.view.setAccessibleName(f"{self.spec.display_name}")
        self.view.document = document
        self.view.setModel(self.model)
        self.view.horizontalScrollBar().valueChanged.connect(self.header.horizontalScrollBar().setValue)
        self.model.modelReset.connect(self._layout_changed)
        self.model.dataChanged.connect(self._fit_cell)
        self.model.refused.connect(self._refused_here)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.unit_line)
        if self.spec.variable_rows:
            layout.addLayout(self._row_bar())
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self._layout_changed()

    # ---- rows of code / project tables ---------------------------------------------------------
    def _row_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.row_input = QLineEdit()
        self.row_input.setObjectName(f"add-row-{self.table_id}")
        coded = self.spec.layout == "coded"
        self.row_input.setPlaceholderText("输入科目编码或名称，回车添加一行（上级类、款自动补齐）" if coded
                                          else "输入项目名称，回车添加一行")
        self.row_input.setAccessibleName("添加行")
        if coded:
            codes = self.document.unit.codes.names
            completer = QCompleter([f"{c} {n}" for c, n in sorted(codes.items())], self)
            completer.setFilterMode(Qt.MatchContains)
            completer.setCaseSensitivity(Qt.CaseInsensitive)
            self.row_input.setCompleter(completer)
        self.row_input.returnPressed.connect(self.add_row_from_input)
        add = QPushButton("添加行")
        add.setAccessibleName("添加行")
        add.clicked.connect(self.add_row_from_input)
        remove = QPushButton("删除所选行")
        remove.setAccessibleName("删除所选行")
        remove.clicked.connect(self.remove_selected_rows)
        for w in (add, remove):
            w.setEnabled(not self.document.read_only)
        self.row_input.setEnabled(not self.document.read_only)
        bar.addWidget(QLabel("行："))
        bar.addWidget(self.row_input, 1)
        bar.addWidget(add)
        bar.addWidget(remove)
        return bar

    def add_row_from_input(self) -> bool:
        text = self.row_input.text().strip()
        if not text:
            return False
        unit = self.document.unit
        if self.spec.layout == "coded":
            first = text.split()[0]
            code = first if first.isdigit() else next((c for c, n in unit.codes.names.items() if n == text), None)
            if code is None or code not in unit.codes.names:
                self.view.message.emit(f"“{text}”不是{unit.meta.template_year}年支出功能分类科目的编码或名称，未添加")
                return False
            key, name = code, ""
        else:
            existing = {r.key for r in unit.rows(self.table_id)}
            n = 1
            while f"p{n}" in existing:
                n += 1
            key, name = f"p{n}", text
        self.document.add_row(self.table_id, key, name)
        self.row_input.clear()
        self.select_key(next((k for k in self.model.position if k[1] == key), None))
        return True

    def remove_selected_rows(self) -> None:
        rows = sorted({i.row() for i in self.view.selectedIndexes()} or {self.view.currentIndex().row()})
        keys = [k for k in (self.model.row_key(r) for r in rows if r >= 0) if k and k != TOTAL_ROW]
        if keys:
            self.document.remove_rows(self.table_id, keys)

    # ---- display -------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.model.refresh()
        self._labels()

    def set_money_unit(self, money_unit: str) -> None:
        self.model.set_money_unit(money_unit)
        self._layout_changed()                 # (元 figures are longer: the columns widen)

    def _labels(self) -> None:
        grid = self.model.grid
        self.title.setText(f"{self.spec.form or ''}　{self.spec.title}".strip("　"))
        self.unit_line.setText(grid.unit_line)
        self.note.setText(grid.note)
        self.note.setVisible(bool(grid.note))

    def _layout_changed(self) -> None:
        grid = self.model.grid
        self.header_model.set_grid(grid)
        self.header.clearSpans()
        for h in grid.headers:
            if h.rowspan > 1 or h.colspan > 1:
                self.header.setSpan(h.row, h.col, h.rowspan, h.colspan)
        metrics = self.view.fontMetrics()
        char = metrics.horizontalAdvance("中")
        widths = [max(MIN_COLUMN_PX, int(w * char * 0.62) + 12) for w in grid.widths]
        roomy = metrics.horizontalAdvance(ROOMY_AMOUNT.get(self.model.money_unit, "")) + 14
        for c in range(grid.columns):       # number columns as wide as their figures, not the printed form
            if any(c < len(line) and line[c].kind in NUMERIC for line in grid.body):
                widths[c] = max(MIN_COLUMN_PX, roomy)
        for c in range(grid.columns):       # the longest entry of a column, up to MAX_COLUMN_PX
            longest = max((metrics.horizontalAdvance("　" * line[c].indent + line[c].text)
                           for line in grid.body if c < len(line)), default=0)
            widths[c] = max(widths[c], min(longest + 14, MAX_COLUMN_PX))
        for h in grid.headers:              # a header label fits on at most two lines
            need = metrics.horizontalAdvance(h.text) // (2 if h.rowspan > 1 or len(h.text) > 8 else 1) + 14
            have = sum(widths[h.col:h.col + h.colspan])
            if need > have:
                extra = (need - have) // h.colspan + 1
                for c in range(h.col, h.col + h.colspan):
                    widths[c] += extra
        for c, w in enumerate(widths):
            self.view.setColumnWidth(c, w)
            self.header.setColumnWidth(c, w)
        line_h = metrics.height()
        self.view.verticalHeader().setDefaultSectionSize(line_h + 8)
        total = 0
        for r in range(grid.header_rows):   # two lines only where a label in that row wraps
            wraps = any(metrics.horizontalAdvance(h.text) + 14 > sum(widths[h.col:h.col + h.colspan])
                        for h in grid.headers if h.row + h.rowspan - 1 == r)
            height = line_h * (2 if wraps else 1) + 10
            self.header.setRowHeight(r, height)
            total += height
        self.header.setFixedHeight(total + 2)
        self._labels()

    def _fit_cell(self, top_left, bottom_right, _roles=()) -> None:
        """A figure typed wider than its column (an edit redraws one cell): the columns are fitted
        again, so it never shows cut short with …."""
        if top_left != bottom_right:
            return
        cell = self.model.cell_at(top_left.row(), top_left.column())
        if cell.numeric and self.view.fontMetrics().horizontalAdvance(cell.text) + 14 > \
                self.view.columnWidth(top_left.column()):
            self._layout_changed()

    def _refused_here(self, message: str) -> None:
        """Say why an entry was refused beside the cell it was typed into."""
        rect = self.view.visualRect(self.view.currentIndex())
        QToolTip.showText(self.view.viewport().mapToGlobal(rect.bottomLeft()), message, self.view)

    def select_key(self, key) -> bool:
        pos = self.model.position.get(key) if key else None
        if pos is None:
            return False
        index = self.model.index(*pos)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index, QAbstractItemView.PositionAtCenter)
        self.view.setFocus()
        return True
