"""The main window: navigator | editor (单位信息, one editor per table, 决算说明) with the findings
panel below; menus and toolbar; live checks after every change."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox, QSplitter,
                               QStackedWidget, QTabBar, QTreeWidget, QTreeWidgetItem)

from domain.checks.finding import ERROR, INFO, SEVERITY_ORDER, WARNING
from storage.unit_file import EXTENSION, StorageError

from . import dialogs
from .checker import Checker, CheckResult
from .errors import guarded
from .history_panel import HistoryPanel
from .findings_panel import FindingsPanel, table_number, tables_of
from .narrative_editor import NarrativeEditor
from .open_unit import FileInUse, OpenUnit
from .start_page import StartPage, recent_files, remember
from .table_editor import TableEditor
from .unit_info import UnitInfoPage

APP_NAME = "决算公开工作台"
INFO_PAGE, NARRATIVE_PAGE = "info", "narrative"
MARK_COLOUR = {ERROR: "#d32f2f", WARNING: "#ef8f00", INFO: "#90a4ae", None: "#43a047"}
DOCK_HEIGHT = 200
NAVIGATOR_MAX_PX = 360          # at most this wide by default (1366×768 leaves ~1000 px for a table)
FILE_FILTER = f"单位文件 (*{EXTENSION})"


def _dot(colour: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(Qt.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.Antialiasing)
    p.setBrush(QColor(colour))
    p.setPen(Qt.NoPen)
    p.drawEllipse(1, 1, 10, 10)
    p.end()
    return QIcon(pix)


class MainWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.document: OpenUnit | None = None
        self.money_unit = "万元"
        self.editors: dict[str, TableEditor] = {}
        self.pages: dict[str, object] = {}
        self.dirty: set[str] = set()
        self.result: CheckResult | None = None
        self.hidden_docks: list[QDockWidget] = []    # panels hidden while the start page shows
        self.checker = Checker(self)
        self.checker.finished.connect(self.apply_result)
        self.checker.failed.connect(self.show_message)
        self.icons = {sev: _dot(c) for sev, c in MARK_COLOUR.items()}
        self.pending_icon = _dot("#00000000")          # before the first check: keeps the labels aligned

        self.navigator = QTreeWidget()
        self.navigator.setObjectName("navigator")
        self.navigator.setAccessibleName("导航")
        self.navigator.setHeaderHidden(True)
        self.navigator.currentItemChanged.connect(self._navigate)
        self.stack = QStackedWidget()
        self.start = StartPage()
        self.start.new_requested.connect(self.new_file)
        self.start.open_requested.connect(self.open_dialog)
        self.start.demo_requested.connect(self.open_demo)
        self.start.file_chosen.connect(self.open_file)
        self.stack.addWidget(self.start)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 1100])
        self.setCentralWidget(self.splitter)

        self.findings = FindingsPanel()
        self.findings.activated.connect(self.go_to_finding)
        self.dock = QDockWidget("核对结果", self)
        self.dock.setObjectName("findings-dock")
        self.dock.setWidget(self.findings)
        self.dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable)
        self.addDockWidget(Qt.BottomDockWidgetArea, self.dock)
        self.history = HistoryPanel(self)
        self.history_dock = QDockWidget("修改记录", self)
        self.history_dock.setObjectName("history-dock")
        self.history_dock.setWidget(self.history)
        self.history_dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable)
        self.addDockWidget(Qt.BottomDockWidgetArea, self.history_dock)
        self.tabifyDockWidget(self.dock, self.history_dock)
        self.dock.raise_()
        self.resizeDocks([self.dock], [DOCK_HEIGHT], Qt.Vertical)
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)

        self._make_actions()
        self._show_start()

    # ---- actions, menus, toolbar ---------------------------------------------------------------------
    def _action(self, name: str, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"action-{name}")
        action.setProperty("accessibleName", text.replace("&", "").rstrip("…"))
        action.setToolTip(tip or text.replace("&", "").rstrip("…"))
        action.setStatusTip(tip or action.toolTip())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(guarded(lambda checked=False: slot(), self))
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        a = self.actions_by_name = {}
        a["new"] = self._action("new", "新建…", self.new_file, QKeySequence.New, "新建单位文件")
        a["open"] = self._action("open", "打开…", self.open_dialog, QKeySequence.Open, "打开单位文件")
        a["demo"] = self._action("demo", "打开示例单位", self.open_demo)
        a["save-copy"] = self._action("save-copy", "另存副本…", self.save_copy, None,
                                      "把单位文件完整复制一份（含修改记录和审核记录），本窗口仍编辑原文件")
        a["import"] = self._action("import", "导入…", self.import_files, "Ctrl+I", "从 Excel 报表或说明文件导入")
        a["export"] = self._action("export", "导出…", self.export_files, "Ctrl+E", "导出公开用的 PDF 或 Excel")
        a["close"] = self._action("close", "关闭文件", self.close_file, QKeySequence.Close)
        a["quit"] = self._action("quit", "退出", self.close, QKeySequence.Quit)
        a["undo"] = self._action("undo", "撤销", self.undo, QKeySequence.Undo)
        a["redo"] = self._action("redo", "重做", self.redo, QKeySequence.Redo)
        redo_keys = QKeySequence.keyBindings(QKeySequence.Redo)
        a["redo"].setShortcuts(redo_keys + [k for k in (QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z"))
                                            if k not in redo_keys])
        a["check"] = self._action("check", "检查", self.check_now, "F5", "立即核对全部报表和说明")
        a["cell-findings"] = self._action("cell-findings", "与此单元格有关的发现", self.findings_of_current_cell,
                                          "Ctrl+Shift+F")
        a["unit"] = self._action("unit", "金额单位：万元", self.toggle_money_unit, "Ctrl+U", "在万元和元之间切换显示")
        a["next-finding"] = self._action("next-finding", "下一条发现", lambda: self._step_finding(1), "F8")
        a["previous-finding"] = self._action("previous-finding", "上一条发现", lambda: self._step_finding(-1), "Shift+F8")

        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        for key in ("new", "open"):
            file_menu.addAction(a[key])
        self.recent_menu = file_menu.addMenu("最近打开")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        for key in ("save-copy", "demo", "import", "export", "close", "quit"):
            file_menu.addAction(a[key])
        edit_menu = bar.addMenu("编辑(&E)")
        for key in ("undo", "redo"):
            edit_menu.addAction(a[key])
        check_menu = bar.addMenu("检查(&C)")
        for key in ("check", "cell-findings", "next-finding", "previous-finding"):
            check_menu.addAction(a[key])
        view_menu = bar.addMenu("视图(&V)")
        view_menu.addAction(a["unit"])
        view_menu.addAction(self.dock.toggleViewAction())
        self.dock.toggleViewAction().setProperty("accessibleName", "核对结果面板")
        view_menu.addAction(self.history_dock.toggleViewAction())
        self.history_dock.toggleViewAction().setProperty("accessibleName", "修改记录面板")
        # the 说明 menu: drafting (生成说明) adds its actions here
        self.narrative_menu = bar.addMenu("说明(&N)")
        self.narrative_menu.menuAction().setProperty("accessibleName", "说明")
        self.narrative_menu.menuAction().setVisible(False)      # until drafting adds an action

        self.toolbar = self.addToolBar("常用")
        self.toolbar.setObjectName("toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        for key in ("new", "open", "import", "export", None, "undo", "redo", None, "check", "unit"):
            if key is None:
                self.toolbar.addSeparator()
                continue
            self.toolbar.addAction(a[key])
            self.toolbar.widgetForAction(a[key]).setAccessibleName(a[key].property("accessibleName"))
        self.undo_action, self.redo_action = a["undo"], a["redo"]

    def bring_to_front(self, dock: QDockWidget) -> None:
        """Make a dock the current tab of its tab group (raise_() alone does not once docks were re-shown)."""
        dock.raise_()
        for bar in self.findChildren(QTabBar):
            for i in range(bar.count()):
                if bar.tabText(i) == dock.windowTitle():
                    bar.setCurrentIndex(i)

    def add_narrative_action(self, action: QAction) -> None:
        """For drafting (生成说明 …): an action in the 说明 menu (it must carry a Chinese accessible name)."""
        self.narrative_menu.addAction(action)
        self.narrative_menu.menuAction().setVisible(True)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in recent_files():
            act = self.recent_menu.addAction(Path(path).name)
            act.setProperty("accessibleName", f"打开 {Path(path).name}")
            act.setToolTip(path)
            act.triggered.connect(lambda checked=False, p=path: self.open_file(p))
        if not self.recent_menu.actions():
            self.recent_menu.addAction("（无）").setEnabled(False)

    def _update_actions(self) -> None:
        doc = self.document
        has = doc is not None
        for key in ("save-copy", "import", "export", "close", "check", "unit", "cell-findings", "next-finding", "previous-finding"):
            self.actions_by_name[key].setEnabled(has)
        writable = has and not doc.read_only
        self.actions_by_name["import"].setEnabled(writable)
        self.undo_action.setEnabled(writable and doc.can_undo())
        self.redo_action.setEnabled(writable and doc.can_redo())
        self.undo_action.setText(f"撤销 {doc.undo_label()}".strip() if writable and doc.can_undo() else "撤销")
        self.redo_action.setText(f"重做 {doc.redo_label()}".strip() if writable and doc.can_redo() else "重做")
        self.history.refresh()

    # ---- files -----------------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "打开单位文件", "", FILE_FILTER)
        if path:
            self.open_file(path)

    def new_file(self) -> None:
        path = dialogs.new_unit_file(self)
        if path:
            self.open_file(path)

    def open_demo(self) -> None:
        path = dialogs.demo_file(self)
        if path:
            self.open_file(path)

    def open_file(self, path, read_only: bool = False, recent: bool = True) -> bool:
        """Open a unit file in this window (closing the one open); `recent`: list it under 最近打开."""
        if self.document is not None and Path(path).resolve() == self.document.path.resolve():
            return True                                  # (already open here)
        try:
            document = OpenUnit(path, read_only)
        except FileInUse as exc:
            if self.ask_read_only(str(exc)):
                return self.open_file(path, read_only=True, recent=recent)
            return False
        except StorageError as exc:
            QMessageBox.warning(self, "无法打开", str(exc))
            return False
        self.close_file()
        self.document = document
        self.money_unit = document.unit.meta.display_unit
        self.actions_by_name["unit"].setText(f"金额单位：{self.money_unit}")
        document.changed.connect(self._changed)
        document.refused.connect(self.show_message)
        if recent:
            remember(document.path)
        self._build_pages()
        self._update_title()
        self._update_actions()
        self.checker.request(document.unit)
        return True

    def save_copy(self, dest=None) -> Path | None:
        """A complete copy of the open file (SQLite's backup API), under a new name chosen in a dialog
        unless `dest` is given; an existing file is never replaced. This window keeps the original."""
        if self.document is None:
            return None
        self.narrative.flush()                          # (typing not yet handed to the session goes along)
        if dest is None:
            path = self.document.path
            suggested = str(path.with_name(f"{path.stem}-副本{EXTENSION}"))
            dest, _ = QFileDialog.getSaveFileName(self, "另存副本", suggested, FILE_FILTER,
                                                  options=QFileDialog.DontConfirmOverwrite)
            if not dest:
                return None
            if not dest.endswith(EXTENSION):
                dest += EXTENSION
        try:
            out = self.document.file.save_copy(dest)
        except StorageError as exc:
            QMessageBox.warning(self, "无法另存副本", str(exc))
            return None
        self.show_message(f"已另存副本：{out}（本窗口仍在编辑 {self.document.path.name}）")
        return out

    def ask_read_only(self, reason: str) -> bool:
        return dialogs.ask(self, "文件正在使用", f"{reason}。\n\n要以只读方式打开吗？（只能查看和导出，不能修改）")

    def close_file(self) -> None:
        if self.document is None:
            return
        self.narrative.flush()
        self.checker.wait()
        self.document.close()
        self.document = None
        self.result = None
        for page in list(self.pages.values()):
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self.editors.clear()
        self.navigator.clear()
        self.findings.set_findings(None, [])
        self._show_start()

    def show_start_page(self) -> None:
        """The start page; every panel (also those other parts added) hides until a file opens."""
        self._show_start()

    def _show_start(self) -> None:
        self.start.reload()
        self.navigator.hide()
        visible = [d for d in self.findChildren(QDockWidget) if d.isVisibleTo(self)]
        self.hidden_docks = list(dict.fromkeys(self.hidden_docks + visible))
        for dock in visible:                        # every panel is about an open file
            dock.hide()
        self.stack.setCurrentWidget(self.start)
        self.setWindowTitle(APP_NAME)
        self._update_actions()

    def _update_title(self) -> None:
        meta = self.document.unit.meta
        flag = ("（已签发）" if self.document.signed_off else "") + ("［只读］" if self.document.read_only else "")
        self.setWindowTitle(f"{meta.unit_name} {meta.year}年度 — {self.document.path.name}{flag} — {APP_NAME}")

    def closeEvent(self, event):
        self.close_file()
        super().closeEvent(event)

    # ---- pages -----------------------------------------------------------------------------------------
    def _build_pages(self) -> None:
        doc = self.document
        unit = doc.unit
        self.info_page = UnitInfoPage(doc)
        self._add_page(INFO_PAGE, self.info_page)
        info = QTreeWidgetItem(["单位信息"])
        info.setData(0, Qt.UserRole, INFO_PAGE)
        self.navigator.addTopLevelItem(info)
        tables = QTreeWidgetItem(["决算报表"])
        extra = QTreeWidgetItem(["补充数据"])
        self.table_items = {}
        for spec in unit.template.tables:
            editor = TableEditor(doc, spec.id, self.money_unit)
            editor.view.message.connect(self.show_message)
            editor.model.refused.connect(self.show_message)
            self.editors[spec.id] = editor
            self._add_page(spec.id, editor)
            number = table_number(spec)
            item = QTreeWidgetItem([f"{number}　{spec.title}" if number else spec.title])
            item.setData(0, Qt.UserRole, spec.id)
            item.setToolTip(0, spec.display_name)
            item.setIcon(0, self.pending_icon)
            (extra if spec.extra else tables).addChild(item)
            self.table_items[spec.id] = item
        self.narrative = self.narrative_page = NarrativeEditor()
        self.narrative.load(unit.narrative)
        self.narrative.unit = unit
        self.narrative.setReadOnly(doc.read_only)
        self.narrative.edited.connect(doc.set_narrative)
        self._add_page(NARRATIVE_PAGE, self.narrative)
        self.narrative_item = QTreeWidgetItem(["决算说明"])
        self.narrative_item.setData(0, Qt.UserRole, NARRATIVE_PAGE)
        self.narrative_item.setIcon(0, self.pending_icon)
        for item in (tables, extra, self.narrative_item):
            self.navigator.addTopLevelItem(item)
        tables.setExpanded(True)
        extra.setExpanded(True)
        for group in (tables, extra):
            group.setFlags(group.flags() & ~Qt.ItemIsSelectable)
        self.navigator.show()
        self._fit_navigator()
        for dock in self.hidden_docks:
            dock.show()
        self.hidden_docks = []
        self.bring_to_front(self.dock)
        QTimer.singleShot(0, lambda: self.bring_to_front(self.dock))   # (again once the window is laid out)
        first = unit.template.tables[0].id
        self.navigator.setCurrentItem(self.table_items[first])

    def _fit_navigator(self) -> None:
        """Widen the navigator so the tables' names show whole (up to NAVIGATOR_MAX_PX; the full name
        is also each item's tooltip); a navigator the clerk made wider stays so."""
        nav = self.navigator
        metrics = nav.fontMetrics()
        needed = max(2 * nav.indentation() + nav.iconSize().width() + 16 + metrics.horizontalAdvance(item.text(0))
                     for item in self.table_items.values())
        width = min(needed + nav.frameWidth() * 2 + nav.verticalScrollBar().sizeHint().width(), NAVIGATOR_MAX_PX)
        sizes = self.splitter.sizes()
        if sizes[0] < width:
            total = max(sum(sizes), self.width())
            self.splitter.setSizes([width, total - width])

    def _add_page(self, key: str, widget) -> None:
        self.pages[key] = widget
        self.stack.addWidget(widget)

    def _navigate(self, item, _previous=None) -> None:
        key = item.data(0, Qt.UserRole) if item else None
        if key is None or key not in self.pages:
            return
        if key in self.dirty and key in self.editors:
            self.dirty.discard(key)
            self.editors[key].refresh()
        self.stack.setCurrentWidget(self.pages[key])

    def show_page(self, key: str) -> None:
        item = self.table_items.get(key) if key in self.editors else \
            self.narrative_item if key == NARRATIVE_PAGE else self.navigator.topLevelItem(0)
        self.navigator.setCurrentItem(item)

    def current_editor(self) -> TableEditor | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, TableEditor) else None

    # ---- edits -----------------------------------------------------------------------------------------
    def _changed(self, change=None) -> None:
        """After every step (edit, paste, undo, redo): re-check in the background, redraw what shows."""
        self.checker.request(self.document.unit)         # first: the worker runs while this repaints
        current = self.current_editor()
        touched = getattr(change, "tables", None)
        self.dirty |= set(self.editors) if touched is None or change.meta else set(touched) & set(self.editors)
        if current is not None and current.table_id in self.dirty:
            self.dirty.discard(current.table_id)
            if touched is not None and not change.rows and not change.notes and not change.meta:
                current.model.update_cells(c for c in change.cells if c[0] == current.table_id)
            else:
                current.refresh()
        unit = self.document.unit
        if self.narrative.toPlainText() != unit.narrative and not self.narrative.timer.isActive():
            self.narrative.load(unit.narrative)
        self.narrative.unit = unit
        self.info_page.refresh()
        self._update_title()
        self._update_actions()

    def undo(self) -> None:
        if self.document is None:
            return
        self.narrative.flush()
        label = self.document.undo_label()
        if self.document.undo() is not None:
            self.show_message(f"已撤销：{label}")
        self._update_actions()           # (the session notifies before it moves the step to the redo stack)

    def redo(self) -> None:
        if self.document is None:
            return
        self.narrative.flush()
        label = self.document.redo_label()
        if self.document.redo() is not None:
            self.show_message(f"已重做：{label}")
        self._update_actions()

    def toggle_money_unit(self) -> None:
        self.money_unit = "元" if self.money_unit == "万元" else "万元"
        self.actions_by_name["unit"].setText(f"金额单位：{self.money_unit}")
        for editor in self.editors.values():
            editor.set_money_unit(self.money_unit)

    # ---- checks ----------------------------------------------------------------------------------------
    def check_now(self) -> None:
        if self.document is not None:
            self.narrative.flush()
            self.checker.request(self.document.unit)

    def wait_for_checks(self, timeout_ms: int = 10000) -> None:
        """Hand pending typing to the session and wait until the newest check's marks are shown
        (for tests and outside scripts; the event loop need not run)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer
        deadline = QDeadlineTimer(timeout_ms)
        if self.document is not None:
            self.narrative.flush()
        while True:
            self.checker.wait(max(deadline.remainingTime(), 0))
            QCoreApplication.processEvents()
            if not self.checker.running:
                return
            if deadline.hasExpired():
                raise TimeoutError("核对未在限定时间内完成")

    def apply_result(self, result: CheckResult) -> None:
        if self.document is None:
            return
        previous, self.result = self.result, result
        unit = self.document.unit
        by_table: dict[str, dict] = {}
        for key, mark in result.cells.items():
            by_table.setdefault(key[0], {})[key] = mark
        for table_id, editor in self.editors.items():
            editor.model.set_marks(by_table.get(table_id, {}))
        self.narrative.set_marks(result.spans)
        errors = sum(f.severity == ERROR for f in result.findings)
        self.status.setText(f"核对完成：{len(result.findings)}条发现，其中错误{errors}条（用时{result.seconds * 1000:.0f}毫秒）")
        if previous is not None and previous.findings == result.findings:
            return                                   # (an edit that changed no finding)
        worst: dict[str, str] = {}
        for f in result.findings:
            for t in tables_of(f):
                if t not in worst or SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[worst[t]]:
                    worst[t] = f.severity
        for table_id, item in self.table_items.items():
            item.setIcon(0, self.icons[worst.get(table_id)])
        self.narrative_item.setIcon(0, self.icons[worst.get("narrative")])
        self.findings.set_findings(unit, result.findings)

    def go_to_finding(self, finding) -> None:
        """Select the text a narrative finding is about, else the first cell it names."""
        cells = [c for c in finding.cells if c.table in self.editors and c.row is not None]
        if finding.spans:
            self.show_page(NARRATIVE_PAGE)
            span = finding.spans[0]
            self.narrative.select_span(span.start, span.end)
        elif cells:
            loc = cells[0]
            self.show_page(loc.table)
            self.editors[loc.table].select_key((loc.table, loc.row, loc.col))
        elif any(c.table in self.editors for c in finding.cells):
            self.show_page(next(c.table for c in finding.cells if c.table in self.editors))

    def findings_of_current_cell(self) -> None:
        editor = self.current_editor()
        if editor is None:
            return
        key = editor.view.currentIndex().data(Qt.UserRole + 1)
        self.findings.show_cell(key)
        self.dock.show()
        self.bring_to_front(self.dock)

    def _step_finding(self, delta: int) -> None:
        view = self.findings.view
        rows = view.model().rowCount()
        if not rows:
            return
        row = (view.currentIndex().row() + delta) % rows if view.currentIndex().isValid() else 0
        index = view.model().index(row, 0)
        view.setCurrentIndex(index)
        self.findings._clicked(index)

    # ---- import / export ------------------------------------------------------------------------------
    def import_files(self) -> None:
        dialogs.import_files(self)

    def export_files(self) -> None:
        if self.document is not None:
            self.narrative.flush()
            dialogs.export_files(self, self.document.unit)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)
