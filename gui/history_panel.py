"""修改记录: the session's undo history (newest first) and the steps that can be redone; a
double-click undoes back to (and including) that step, or redoes up to it."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem

REDO_COLOUR = QColor("#9e9e9e")


class HistoryPanel(QListWidget):
    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.window = window
        self.setObjectName("history")
        self.setAccessibleName("修改记录")
        self.itemDoubleClicked.connect(self._go_to)

    def refresh(self) -> None:
        self.clear()
        doc = self.window.document
        if doc is None:
            return
        undo, redo = doc.session.journal.stacks()
        for ref in redo:                       # the next redo last in the list above the undo stack
            item = QListWidgetItem(f"（已撤销）{ref.label}")
            item.setData(Qt.UserRole, ("redo", ref.id))
            item.setForeground(QBrush(REDO_COLOUR))
            item.setToolTip("双击：重做到这一步")
            self.addItem(item)
        for ref in reversed(undo):
            item = QListWidgetItem(ref.label)
            item.setData(Qt.UserRole, ("undo", ref.id))
            item.setToolTip("双击：撤销到这一步（含这一步）")
            self.addItem(item)

    def _go_to(self, item) -> None:
        kind, step_id = item.data(Qt.UserRole)
        doc = self.window.document
        stack = doc.session.journal.stacks()[0 if kind == "undo" else 1]
        ids = [ref.id for ref in stack]
        if step_id not in ids:
            return
        for _ in range(len(ids) - ids.index(step_id)):
            (self.window.undo if kind == "undo" else self.window.redo)()
