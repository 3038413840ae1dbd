"""Review mode (审核): a dock listing flags and unexplained warnings, with their threads; flag the
current cell or the selected narrative text, answer, resolve, reopen, explain a warning, sign off
and reopen the unit; marks on flagged cells and spans; next/previous flag; filters by status and
person; a banner when the file fails verification. Installed by `install(window)` (gui/app.py).

Every action goes through storage/review_store.py (rules in domain/review.py) with the identity of
storage/identity.py; a signed-off unit is read-only in the window as in the file (the journal refuses
every write), until a 审核人 reopens it with a reason.
Object names: `review-dock`, `review` (this panel), `review-list` (items carry ("flag", id) or
("finding", finding id) under Qt.UserRole), `review-thread`, `review-input`, `review-banner`,
`review-status`, and actions `action-review-flag`, `action-review-next`, `action-review-previous`,
`action-review-sign-off`, `action-review-reopen`, `action-review-identity`, `action-review-report`.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QComboBox, QDockWidget, QFileDialog, QHBoxLayout, QInputDialog, QLabel, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QTextBrowser, QTextEdit, QToolBar,
                               QVBoxLayout, QWidget)

from domain.review import (EXPLAIN, EXPLAINED, FLAG, OPEN, STATUS_NAMES, Identity, ReviewError, Target, anchor_span, locate,
                           signoff_blockers, unexplained)
from domain.review_report import review_report, target_name
from storage.audit import audit
from storage.errors import StorageError
from storage.identity import load_identity, save_identity
from storage.review_store import ReviewStore

from . import dialogs
from .identity_dialog import ask_identity
from .open_unit import OPENED_READ_ONLY, SIGNED_OFF

FLAG_COLOUR = QColor("#7b1fa2")
ALL, UNEXPLAINED = "全部", "未说明的警告"
STATUS_FILTERS = (ALL, STATUS_NAMES[OPEN], "已解决", UNEXPLAINED)


def _flag_icon() -> QIcon:
    pix = QPixmap(10, 10)
    pix.fill(Qt.transparent)
    p = QPainter(pix)
    p.setBrush(FLAG_COLOUR)
    p.setPen(Qt.NoPen)
    p.drawPolygon([pix.rect().topLeft(), pix.rect().topRight(), pix.rect().bottomLeft()])
    p.end()
    return QIcon(pix)


class ReviewPanel(QWidget):
    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.window = window
        self.setObjectName("review")
        self.setAccessibleName("审核")
        self.document = None
        self.state = None
        self.findings: list = []
        self.broken = None               # the verification's first break, if any
        self.icon = _flag_icon()
        self.last_message = ""

        self.who = QLabel()
        self.status = QLabel()
        self.status.setObjectName("review-status")
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("review-filter-status")
        self.status_filter.addItems(STATUS_FILTERS)
        self.person_filter = QComboBox()
        self.person_filter.setObjectName("review-filter-person")
        self.person_filter.addItem(ALL)
        for combo in (self.status_filter, self.person_filter):
            combo.currentTextChanged.connect(lambda _t: self._fill_list())
        self.list = QListWidget()
        self.list.setObjectName("review-list")
        self.list.setAccessibleName("标记与未说明的警告")
        self.list.currentItemChanged.connect(lambda item, _prev: self._show_thread(item))
        self.list.itemDoubleClicked.connect(self.go_to_item)
        self.thread = QTextBrowser()
        self.thread.setObjectName("review-thread")
        self.input = QPlainTextEdit()
        self.input.setObjectName("review-input")
        self.input.setAccessibleName("意见、回复或说明")
        self.input.setPlaceholderText("在此填写意见、回复、说明或原因")
        self.input.setFixedHeight(self.input.fontMetrics().height() * 2 + 14)   # two lines: the tables keep their rows
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)          # long lines end in …, whole on hover
        self.list.setTextElideMode(Qt.ElideRight)

        top = QHBoxLayout()
        for w in (self.who, QLabel("状态："), self.status_filter, QLabel("人员："), self.person_filter):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.status)
        buttons = QHBoxLayout()
        self.buttons = {}
        for name, text, slot in (("flag", "标记此处", lambda: self.flag_here()), ("comment", "回复", lambda: self.comment()),
                                 ("resolve", "解决", lambda: self.resolve()), ("reopen-flag", "重新打开", lambda: self.reopen_flag()),
                                 ("explain", "说明此警告", lambda: self.explain()), ("sign-off", "签发…", lambda: self.sign_off(confirm=True)),
                                 ("reopen", "撤销签发", lambda: self.reopen())):
            b = QPushButton(text)
            b.setObjectName(f"review-{name}")
            b.setAccessibleName(text.rstrip("…"))
            b.clicked.connect(slot)
            buttons.addWidget(b)
            self.buttons[name] = b
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        middle = QHBoxLayout()
        middle.addWidget(self.list, 1)
        middle.addWidget(self.thread, 1)
        layout.addLayout(middle, 1)
        layout.addWidget(self.input)
        layout.addLayout(buttons)

    # ---- who ----
    def identity(self) -> Identity | None:
        identity = load_identity()
        if identity is None:
            identity = ask_identity(self.window)
        self.who.setText(f"当前用户：{identity}" if identity else "当前用户：未设置")
        return identity

    def change_identity(self, identity: Identity | None = None) -> None:
        """切换用户: save who is working now; later changes and flags carry the new name."""
        identity = identity or ask_identity(self.window, load_identity())
        if identity is None:
            return
        save_identity(identity)
        if self.window.document is not None:
            self.window.document.session.who = identity.name
        self.who.setText(f"当前用户：{identity}")

    # ---- refreshing ----
    def refresh(self, _result=None) -> None:
        doc = self.window.document
        if doc is None:
            self.document, self.state, self.findings = None, None, []
            self.list.clear()
            self.thread.clear()
            self.window.review_banner_bar.hide()
            return
        if doc is not self.document:            # a file just opened: verify it once
            self.document = doc
            try:
                self.broken = audit(doc.file)
            except StorageError as exc:
                self.broken = exc
            self._show_banner()
        self.state = ReviewStore(doc.file).state()
        result = self.window.result
        self.findings = list(result.findings) if result is not None else []
        identity = load_identity()
        self.who.setText(f"当前用户：{identity}" if identity else "当前用户：未设置")
        people = sorted({p for f in self.state.flags for p in f.people})
        current = self.person_filter.currentText()
        self.person_filter.blockSignals(True)
        self.person_filter.clear()
        self.person_filter.addItems([ALL, *people])
        self.person_filter.setCurrentText(current if current in people else ALL)
        self.person_filter.blockSignals(False)
        self._fill_list()
        self._mark()
        self.window.findings.model.set_explained(
            {f.target.finding_id: f.comments[0].body if f.comments else "" for f in self.state.flags
             if f.kind == EXPLAIN and f.status == EXPLAINED})
        self._lock(self.state.signed is not None)
        signed = self.state.signed
        self.status.setText(f"已由{signed.reviewer}于{signed.at.replace('T', ' ')}签发（只读）" if signed else
                            f"待处理标记 {len(self.state.open_flags())} 个，未说明的警告 "
                            f"{len(unexplained(self.findings, self.state))} 个")

    def _show_banner(self) -> None:
        bar = self.window.review_banner_bar
        if self.broken is None:
            bar.hide()
            return
        text = getattr(self.broken, "message", None) or str(self.broken)
        self.window.review_banner.setText(f"⚠ 修改记录校验未通过：{text}。此文件可能在本程序之外被改动过。")
        self.window.review_banner.setToolTip(self.window.review_banner.text())   # (whole, should the window be narrow)
        bar.show()

    def _fill_list(self) -> None:
        if self.state is None:
            return
        keep = self.list.currentItem().data(Qt.UserRole) if self.list.currentItem() else None
        status, person = self.status_filter.currentText(), self.person_filter.currentText()
        self.list.clear()
        unit = self.window.document.unit
        if status != UNEXPLAINED:
            for f in self.state.flags:
                if f.kind != FLAG or (person != ALL and person not in f.people):
                    continue
                if status != ALL and STATUS_NAMES[f.status] != status:
                    continue
                answered = "（已回复）" if f.is_open and f.answered else ""
                item = QListWidgetItem(self.icon, f"第 {f.id} 号［{STATUS_NAMES[f.status]}］{answered}"
                                                  f"{target_name(unit, f.target, self.findings)}")
                item.setData(Qt.UserRole, ("flag", f.id))
                self.list.addItem(item)
        if status in (ALL, UNEXPLAINED, STATUS_NAMES[OPEN]) and person == ALL:
            for finding in unexplained(self.findings, self.state):
                item = QListWidgetItem(f"［未说明的警告］{finding.message}")
                item.setData(Qt.UserRole, ("finding", finding.id))
                self.list.addItem(item)
        for i in range(self.list.count()):
            self.list.item(i).setToolTip(self.list.item(i).text())
            if self.list.item(i).data(Qt.UserRole) == keep:
                self.list.setCurrentRow(i)

    def _show_thread(self, item) -> None:
        if item is None or self.state is None:
            self.thread.clear()
            return
        kind, key = item.data(Qt.UserRole)
        if kind == "finding":
            finding = self._finding(key)
            self.thread.setPlainText(f"{finding.message}\n\n（警告：请填报人在下方写明可以接受的原因，再点“说明此警告”）"
                                     if finding else "")
            return
        flag = self.state.flag(key)
        lines = [f"第 {flag.id} 号［{STATUS_NAMES[flag.status]}］{target_name(self.window.document.unit, flag.target, self.findings)}", ""]
        lines += [f"{c.at.replace('T', ' ')} {c.author}（{c.role}）：{c.body}" for c in flag.comments]
        self.thread.setPlainText("\n".join(lines))

    def _mark(self) -> None:
        """Flag marks on cells (an icon and the thread in the tooltip) and spans (underlined)."""
        unit = self.window.document.unit
        by_table: dict[str, dict] = {}
        spans = []
        for f in self.state.flags:
            if f.kind != FLAG or not f.is_open:
                continue
            tip = [f"标记 第 {f.id} 号：{c.author}：{c.body}" for c in f.comments]
            if f.target.cell:
                by_table.setdefault(f.target.cell[0], {})[f.target.cell] = tip
            elif f.target.anchor:
                where = locate(f.target.anchor, unit.narrative)
                if where:
                    spans.append(where)
        for table_id, editor in self.window.editors.items():
            editor.model.set_review_marks(by_table.get(table_id, {}), self.icon)
        narrative = self.window.narrative
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.DashUnderline)
        fmt.setUnderlineColor(FLAG_COLOUR)
        fmt.setBackground(QColor(123, 31, 162, 40))
        selections = []
        for start, end in spans:
            cursor = QTextCursor(narrative.document())
            cursor.setPosition(min(start, narrative.document().characterCount() - 1))
            cursor.setPosition(min(end, narrative.document().characterCount() - 1), QTextCursor.KeepAnchor)
            sel = QTextEdit.ExtraSelection()
            sel.cursor, sel.format = cursor, fmt
            selections.append(sel)
        narrative.set_review_selections(selections)

    def _lock(self, signed: bool) -> None:
        """A signed-off unit is read-only in the window (a file opened read-only stays so)."""
        w, doc = self.window, self.window.document
        writable = doc.lock is not None and not signed
        if doc.read_only == (not writable):
            return
        doc.read_only = not writable
        doc.read_only_reason = SIGNED_OFF if signed else OPENED_READ_ONLY
        for editor in w.editors.values():
            editor.model.read_only = doc.read_only
            for child in editor.findChildren(QPushButton) + [getattr(editor, "row_input", None)]:
                if child is not None:
                    child.setEnabled(writable)
        w.narrative.setReadOnly(doc.read_only)
        for name in ("name", "code", "display_unit"):
            getattr(w.info_page, name).setEnabled(writable)
        w._update_title()
        w._update_actions()

    # ---- the selection ----
    def _finding(self, finding_id):
        return next((f for f in self.findings if f.id == finding_id), None)

    def selected(self):
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item is not None else (None, None)

    def _text(self, given, title: str) -> str | None:
        if given is not None:
            return given
        text = self.input.toPlainText().strip()
        if text:
            return text
        text, ok = QInputDialog.getMultiLineText(self.window, title, title)
        return text if ok else None

    def _run(self, action, done: str):
        """Run one review action; a refusal is shown, nothing changes."""
        doc = self.window.document
        if doc is None:
            return None
        identity = self.identity()
        if identity is None:
            return None
        try:
            out = action(ReviewStore(doc.file), identity)
        except (ReviewError, StorageError) as exc:
            self._say(str(exc))
            return None
        self.input.clear()
        self.refresh()
        self._say(done)
        return out

    def _say(self, text: str) -> None:
        self.last_message = text
        self.window.show_message(text)

    # ---- actions ----
    def flag_here(self, body: str | None = None):
        """Flag the current table cell, or the text selected in the 说明, or (elsewhere) the selected finding."""
        target = self._here()
        if target is None:
            self._say("请先选中一个单元格、一段说明文字或一条核对发现")
            return None
        body = self._text(body, "标记意见")
        if body is None:
            return None
        return self._run(lambda store, who: store.flag(who, target, body), "已添加标记")

    def _here(self) -> Target | None:
        w = self.window
        if w.stack.currentWidget() is w.narrative:
            cursor = w.narrative.textCursor()
            if cursor.hasSelection():
                return Target(anchor=anchor_span(w.narrative.toPlainText(), cursor.selectionStart(), cursor.selectionEnd()))
            return None
        editor = w.current_editor()
        if editor is not None and editor.view.currentIndex().isValid():
            key = editor.view.currentIndex().data(Qt.UserRole + 1)
            if key:
                return Target(cell=tuple(key))
        finding = w.findings.current() if hasattr(w.findings, "current") else None
        return Target(finding_id=finding.id) if finding is not None and finding.id else None

    def comment(self, body: str | None = None, flag_id: int | None = None):
        return self._on_flag(flag_id, body, "回复", lambda store, who, f, text: store.comment(who, f, text), "已回复")

    def resolve(self, body: str = "", flag_id: int | None = None):
        return self._on_flag(flag_id, body, "", lambda store, who, f, text: store.resolve(who, f, text), "标记已解决")

    def reopen_flag(self, reason: str | None = None, flag_id: int | None = None):
        return self._on_flag(flag_id, reason, "重新打开的原因",
                             lambda store, who, f, text: store.reopen_flag(who, f, text), "标记已重新打开")

    def _on_flag(self, flag_id, text, title: str, action, done: str):
        """An action on the given or the selected flag, with a text (asked for under `title`, if any)."""
        flag_id = flag_id or self._selected_flag()
        if flag_id is None:
            return None
        text = self._text(text, title) if title else (text or self.input.toPlainText().strip())
        if text is None:
            return None
        return self._run(lambda store, who: action(store, who, flag_id, text), done)

    def explain(self, body: str | None = None, finding=None):
        if finding is None:
            kind, key = self.selected()
            finding = self._finding(key) if kind == "finding" else None
        if finding is None:
            self._say("请先在列表中选中一条未说明的警告")
            return None
        body = self._text(body, "说明（为什么这条警告可以接受）")
        if body is None:
            return None
        return self._run(lambda store, who: store.explain(who, finding, body), "已填写说明")

    def sign_off(self, note: str = "", confirm: bool = False):
        """Sign the unit off; with `confirm` (the button and the menu) the reviewer is asked first
        when nothing blocks it (a refusal is said without asking)."""
        self.window.wait_for_checks()
        findings = list(self.window.result.findings) if self.window.result else []
        if confirm and self.window.document is not None and self.state is not None \
                and not signoff_blockers(findings, self.state) and self.state.signed is None \
                and not dialogs.ask(self.window, "签发", "签发后数据只读：任何修改都须审核人先撤销签发并写明原因。\n\n确定签发吗？"):
            return None
        return self._run(lambda store, who: store.sign_off(who, findings, note), "已签发：数据只读")

    def reopen(self, reason: str | None = None):
        reason = self._text(reason, "撤销签发的原因")
        if reason is None:
            return None
        return self._run(lambda store, who: store.reopen(who, reason), "已撤销签发：可以修改，修改会被记录")

    def _selected_flag(self) -> int | None:
        kind, key = self.selected()
        if kind != "flag":
            self._say("请先在列表中选中一个标记")
            return None
        return key

    # ---- moving between flags ----
    def step(self, delta: int) -> None:
        """Select the next (previous) flag in the list and show where it is."""
        rows = [i for i in range(self.list.count()) if self.list.item(i).data(Qt.UserRole)[0] == "flag"]
        if not rows:
            return
        current = self.list.currentRow()
        later = [r for r in rows if (r - current) * delta > 0]
        row = (min(later) if delta > 0 else max(later)) if later else (rows[0] if delta > 0 else rows[-1])
        self.list.setCurrentRow(row)
        self.go_to_item(self.list.item(row))

    def go_to_item(self, item) -> None:
        kind, key = item.data(Qt.UserRole)
        w = self.window
        if kind == "finding":
            finding = self._finding(key)
            if finding is not None:
                w.go_to_finding(finding)
            return
        target = self.state.flag(key).target
        if target.cell and target.cell[0] in w.editors:
            w.show_page(target.cell[0])
            w.editors[target.cell[0]].select_key(target.cell)
        elif target.anchor:
            where = locate(target.anchor, w.document.unit.narrative)
            if where:
                w.show_page("narrative")
                w.narrative.select_span(*where)
            else:
                self._say("标记的说明文字已被删改，找不到原文")
        elif target.finding_id and self._finding(target.finding_id):
            w.go_to_finding(self._finding(target.finding_id))

    # ---- report ----
    def export_report(self, path: str | None = None):
        from export import ExportError
        from export.review_pdf import export_review_pdf
        w = self.window
        if w.document is None:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(w, "导出审核报告", str(w.document.path.with_suffix(".审核报告.pdf")),
                                                  "PDF (*.pdf)")
            if not path:
                return None
        self.refresh()
        try:
            out = export_review_pdf(review_report(w.document.unit, self.findings, self.state), path)
        except ExportError as exc:
            self._say(str(exc))
            return None
        self._say(f"已导出审核报告 {out}")
        return out


def install(window) -> ReviewPanel:
    panel = window.review = ReviewPanel(window)
    dock = QDockWidget("审核", window)
    dock.setObjectName("review-dock")
    dock.setWidget(panel)
    dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable)
    window.addDockWidget(Qt.BottomDockWidgetArea, dock)
    window.tabifyDockWidget(window.dock, dock)
    window.dock.raise_()
    banner_bar = window.review_banner_bar = QToolBar("校验警告", window)
    banner_bar.setObjectName("review-banner-bar")
    banner_bar.setMovable(False)
    banner = window.review_banner = QLabel()
    banner.setObjectName("review-banner")
    banner.setStyleSheet("QLabel { background: #fdecea; color: #b71c1c; padding: 4px; font-weight: bold; }")
    banner_bar.addWidget(banner)
    window.addToolBarBreak()
    window.addToolBar(Qt.TopToolBarArea, banner_bar)
    banner_bar.hide()
    window.checker.finished.connect(panel.refresh)
    menu = window.menuBar().addMenu("审核(&R)")
    menu.menuAction().setProperty("accessibleName", "审核")
    for name, text, slot, key in (("flag", "标记此处…", lambda: panel.flag_here(), "Ctrl+M"),
                                  ("next", "下一个标记", lambda: panel.step(1), "F9"),
                                  ("previous", "上一个标记", lambda: panel.step(-1), "Shift+F9"),
                                  ("sign-off", "签发…", lambda: panel.sign_off(confirm=True), None),
                                  ("reopen", "撤销签发…", lambda: panel.reopen(), None),
                                  ("identity", "切换用户…", lambda: panel.change_identity(), None),
                                  ("report", "导出审核报告…", lambda: panel.export_report(), None)):
        action = QAction(text, window)
        action.setObjectName(f"action-review-{name}")
        action.setProperty("accessibleName", text.rstrip("…"))
        if key:
            action.setShortcut(key)
        action.triggered.connect(slot)
        window.addAction(action)
        menu.addAction(action)
    return panel


def ask_on_first_start(window) -> None:
    """The app asks who is working the first time it starts for this operating-system user."""
    if load_identity() is None:
        identity = ask_identity(window)
        if identity is not None:
            save_identity(identity)
