"""The findings panel: every finding of the latest check, filterable by severity, table and rule,
searchable, with a count per severity. The view's model returns each finding's rule id under
Qt.UserRole (the automation contract) and the Finding itself under FINDING_ROLE."""
from __future__ import annotations

import re

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from domain.checks.finding import ERROR, INFO, SEVERITY_NAMES, WARNING, Finding

FINDING_ROLE = Qt.UserRole + 1
SEVERITY_COLOUR = {ERROR: QColor("#c62828"), WARNING: QColor("#b26a00"), INFO: QColor("#546e7a")}
HEADERS = ("级别", "规则", "位置", "说明")
ALL = ""


def place(unit, finding: Finding) -> str:
    """Where a finding points, in a few words: 表5·2080208·基本支出, or 说明."""
    cells = finding.cells
    if cells and cells[0].table:
        loc = cells[0]
        name = _table_name(unit, loc.table)
        if loc.row is None:
            return name
        row = unit.row(loc.table, loc.row) if unit.template.has(loc.table) else None
        label = (row.code or row.label) if row else loc.row
        col = ""
        if loc.col and unit.template.has(loc.table):
            try:
                col = unit.template.table(loc.table).column(loc.col).header[-1]
            except KeyError:
                col = loc.col
        where = "·".join(p for p in (name, label, col) if p)
        return f"说明↔{where}" if finding.spans else where
    return "说明" if finding.spans else ""


def table_number(spec) -> str:
    """表5 for the table printed as 公开05表 this year ("" for an extra input)."""
    match = re.search(r"(\d+)", spec.form or "")
    return f"表{int(match.group(1))}" if match else ""


def _table_name(unit, table_id: str) -> str:
    if not unit.template.has(table_id):
        return table_id
    spec = unit.template.table(table_id)
    return table_number(spec) or spec.title


def tables_of(finding: Finding) -> set[str]:
    tables = {loc.table for loc in finding.cells if loc.table}
    return tables | ({"narrative"} if finding.spans else set())


class FindingsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.unit = None
        self.findings: list[Finding] = []
        self.explained: dict[str, str] = {}      # finding id -> the clerk's 说明 (gui/review_panel.py)

    def set_findings(self, unit, findings: list[Finding]) -> None:
        self.beginResetModel()
        self.unit, self.findings = unit, list(findings)
        self._places = [place(unit, f) for f in self.findings]
        self.endResetModel()

    def set_explained(self, explained: dict[str, str]) -> None:
        if explained != self.explained:
            self.explained = explained
            if self.findings:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self.findings) - 1, len(HEADERS) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.findings)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        f = self.findings[index.row()]
        if role == Qt.UserRole:
            return f.rule
        if role == FINDING_ROLE:
            return f
        col = index.column()
        if role == Qt.DisplayRole:
            severity = SEVERITY_NAMES[f.severity] + ("（已说明）" if f.id in self.explained else "")
            return (severity, f.rule, self._places[index.row()], f.message)[col]
        if role == Qt.ToolTipRole and (col >= 2 or f.id in self.explained):
            note = f"\n说明：{self.explained[f.id]}" if f.id in self.explained else ""
            return (f.message if col in (0, 3) else self._places[index.row()]) + note
        if role == Qt.ForegroundRole and col == 0:
            return QBrush(SEVERITY_COLOUR[f.severity])
        return None


class FindingsFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.severity = self.table = self.rule = ALL
        self.text = ""
        self.cell = None           # (table, row, col): only findings naming that cell

    def set(self, **kw) -> None:
        for k, v in kw.items():
            setattr(self, k, v)
        self.invalidate()

    def filterAcceptsRow(self, row, parent) -> bool:
        f: Finding = self.sourceModel().findings[row]
        if self.severity and f.severity != self.severity:
            return False
        if self.rule and f.rule != self.rule:
            return False
        if self.table and self.table not in tables_of(f):
            return False
        if self.cell and not any((c.table, c.row, c.col) == self.cell for c in f.cells):
            return False
        if self.text:
            hay = f"{f.rule} {f.message} {self.sourceModel()._places[row]}"
            return self.text.lower() in hay.lower()
        return True


class FindingsPanel(QWidget):
    activated = Signal(object)          # a Finding the clerk clicked

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = FindingsModel(self)
        self.proxy = FindingsFilter(self)
        self.proxy.setSourceModel(self.model)

        self.severity = QComboBox()
        self.severity.setAccessibleName("按级别筛选")
        self.table = QComboBox()
        self.table.setAccessibleName("按表筛选")
        self.rule = QComboBox()
        self.rule.setAccessibleName("按规则筛选")
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索发现…")
        self.search.setAccessibleName("搜索发现")
        self.search.setClearButtonEnabled(True)
        self.counts = QLabel()
        self.counts.setObjectName("finding-counts")
        self.cell_filter = QPushButton()
        self.cell_filter.setAccessibleName("取消单元格筛选")
        self.cell_filter.hide()
        self.cell_filter.clicked.connect(lambda: self.show_cell(None))
        self.severity.addItem("全部级别", ALL)
        for sev in (ERROR, WARNING, INFO):
            self.severity.addItem(SEVERITY_NAMES[sev], sev)
        self.severity.currentIndexChanged.connect(lambda: self.proxy.set(severity=self.severity.currentData()))
        self.table.currentIndexChanged.connect(lambda: self.proxy.set(table=self.table.currentData() or ALL))
        self.rule.currentIndexChanged.connect(lambda: self.proxy.set(rule=self.rule.currentData() or ALL))
        self.search.textChanged.connect(lambda text: self.proxy.set(text=text.strip()))

        self.view = QTableView()
        self.view.setObjectName("findings")
        self.view.setAccessibleName("核对发现")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        metrics = self.view.fontMetrics()
        for col, sample in enumerate(("级别级", "X-T4-T7-EMPTY", "说明↔表5·2080208·项目支出")):
            self.view.setColumnWidth(col, metrics.horizontalAdvance(sample) + 16)
        self.view.verticalHeader().setDefaultSectionSize(metrics.height() + 6)
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)

        self.table.addItem("全部表", ALL)
        self.rule.addItem("全部规则", ALL)
        bar = QHBoxLayout()
        bar.addWidget(self.counts)
        bar.addStretch(1)
        bar.addWidget(self.cell_filter)
        for w in (self.severity, self.table, self.rule):
            bar.addWidget(w)
        bar.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

    def set_findings(self, unit, findings: list[Finding]) -> None:
        selected = self.current()
        self.model.set_findings(unit, findings)
        n = {s: sum(f.severity == s for f in findings) for s in (ERROR, WARNING, INFO)}
        self.counts.setText(f"错误 {n[ERROR]}　警告 {n[WARNING]}　提示 {n[INFO]}")
        self._fill(self.table, "全部表", sorted({t for f in findings for t in tables_of(f)}, key=_table_order),
                   lambda t: "说明" if t == "narrative" else _table_name(unit, t))
        self._fill(self.rule, "全部规则", sorted({f.rule for f in findings}), str)
        if selected is not None and selected in self.model.findings:
            row = self.proxy.mapFromSource(self.model.index(self.model.findings.index(selected), 0))
            self.view.selectRow(row.row())

    @staticmethod
    def _fill(combo: QComboBox, everything: str, values, label) -> None:
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, ALL)
        for v in values:
            combo.addItem(label(v), v)
        i = combo.findData(keep)
        combo.setCurrentIndex(max(i, 0))
        combo.blockSignals(False)
        if i < 0 and keep:
            combo.currentIndexChanged.emit(0)

    def show_cell(self, key) -> None:
        """List only the findings that involve a cell (None: all again)."""
        self.proxy.set(cell=key)
        self.cell_filter.setVisible(key is not None)
        if key is not None:
            self.cell_filter.setText(f"仅显示与 {key[0]}·{key[1]}·{key[2]} 有关的发现（{self.proxy.rowCount()}条）✕")

    def current(self) -> Finding | None:
        index = self.view.currentIndex()
        return index.data(FINDING_ROLE) if index.isValid() else None

    def _clicked(self, index) -> None:
        finding = index.data(FINDING_ROLE)
        if finding is not None:
            self.activated.emit(finding)


def _table_order(t: str):
    return (t == "narrative", t[0], int(t[1:]) if t[1:].isdigit() else 0, t)
