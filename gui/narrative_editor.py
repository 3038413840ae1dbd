"""The 部门决算说明 editor: plain text with the checker's marks.

Every figure the checker bound is underlined — green when it agrees, amber for a warning, red for an
error — figures no check could use are dotted grey, template leftovers have a red background.
Hovering a mark shows its message. Marks are QTextCursor selections, so they move with the text while
the clerk types; typing is handed to the session after a short pause (one undo step per pause),
and the window's undo/redo (not the widget's own) handle Ctrl+Z / Ctrl+Y."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip

from .checker import LEFTOVER, OK, UNBOUND, SpanMark, cell_words

PAUSE_MS = 400
UNDERLINE = {"error": QColor("#d32f2f"), "warning": QColor("#ef8f00"), OK: QColor("#2e7d32"),
             UNBOUND: QColor("#9e9e9e"), "info": QColor("#9e9e9e")}
LEFTOVER_BG = QColor("#f9c4bf")
BACKGROUND = {"error": QColor("#fde4e1"), "warning": QColor("#fff1cf")}
SELECTED_BG = QColor("#bbdefb")


class NarrativeEditor(QPlainTextEdit):
    edited = Signal(str)            # the text after a pause in typing

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("narrative")
        self.setAccessibleName("部门决算说明")
        self.setUndoRedoEnabled(False)
        self.setMouseTracking(True)
        self.document().setDocumentMargin(10)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() + 1)
        self.setFont(font)
        self.marks: list[tuple[QTextCursor, SpanMark]] = []
        self.unit = None                 # the unit the tooltips name cells of
        self.highlight: QTextCursor | None = None
        self.review_selections: list = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PAUSE_MS)
        self.timer.timeout.connect(self._hand_over)
        self._loading = False
        self.textChanged.connect(self._typed)
        self.formats = {kind: self._format(kind) for kind in (*UNDERLINE, LEFTOVER)}

    @staticmethod
    def _format(kind: str) -> QTextCharFormat:
        fmt = QTextCharFormat()
        if kind == LEFTOVER:
            fmt.setBackground(LEFTOVER_BG)
            fmt.setUnderlineStyle(QTextCharFormat.SingleUnderline)
            fmt.setUnderlineColor(UNDERLINE["error"])
            return fmt
        fmt.setUnderlineStyle(QTextCharFormat.DotLine if kind in (UNBOUND, "info") else
                              QTextCharFormat.WaveUnderline if kind == "error" else QTextCharFormat.SingleUnderline)
        fmt.setUnderlineColor(UNDERLINE[kind])
        if kind in BACKGROUND:
            fmt.setBackground(BACKGROUND[kind])
        return fmt

    # ---- text in and out ------------------------------------------------------------------------
    def load(self, text: str) -> None:
        """Show `text` (a file opened, an undo): keeps the cursor near where it was."""
        if text == self.toPlainText():
            return
        pos = self.textCursor().position()
        self._loading = True
        self.setPlainText(text)
        self._loading = False
        cursor = self.textCursor()
        cursor.setPosition(min(pos, len(text)))
        self.setTextCursor(cursor)

    def _typed(self) -> None:
        if not self._loading:
            self.timer.start()
            if self.highlight is not None:      # the span a finding pointed at is being edited
                self.highlight = None
                self._apply()

    def flush(self) -> bool:
        """Hand typed text to the session now (before undo, a check, closing)."""
        if not self.timer.isActive():
            return False
        self.timer.stop()
        self._hand_over()
        return True

    def _hand_over(self) -> None:
        self.edited.emit(self.toPlainText())

    def event(self, event):
        # let the window's undo/redo actions have Ctrl+Z / Ctrl+Y (the session's history)
        if event.type() == QEvent.ShortcutOverride and (event.matches(QKeySequence.Undo) or event.matches(QKeySequence.Redo)):
            event.ignore()
            return False
        if event.type() == QEvent.ToolTip:
            tip = self.tip_at(self.cursorForPosition(event.pos()).position())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    # ---- marks -----------------------------------------------------------------------------------
    def set_marks(self, spans: list[SpanMark]) -> None:
        if self.timer.isActive():
            return                       # the text moved on; a newer check is coming
        if spans == [m for _, m in self.marks] and all(c.selectionStart() == m.start for c, m in self.marks):
            return                       # (a table edit that left the narrative's marks as they were)
        doc = self.document()
        length = doc.characterCount() - 1
        self.marks = []
        for s in spans:
            if s.end > length:
                continue
            cursor = QTextCursor(doc)
            cursor.setPosition(s.start)
            cursor.setPosition(s.end, QTextCursor.KeepAnchor)
            self.marks.append((cursor, s))
        self._apply()

    def _apply(self) -> None:
        selections = []
        for cursor, mark in self.marks:
            sel = QTextEdit.ExtraSelection()
            sel.cursor = cursor
            sel.format = self.formats[mark.kind]
            selections.append(sel)
        selections += self.review_selections            # flagged spans (gui/review_panel.py)
        if self.highlight is not None:
            sel = QTextEdit.ExtraSelection()
            sel.cursor = self.highlight
            fmt = QTextCharFormat()
            fmt.setBackground(SELECTED_BG)
            sel.format = fmt
            selections.append(sel)
        self.setExtraSelections(selections)

    def set_review_selections(self, selections: list) -> None:
        self.review_selections = selections
        self._apply()

    def marks_at(self, position: int) -> list[SpanMark]:
        return [m for c, m in self.marks if c.selectionStart() <= position < c.selectionEnd()]

    def tip_at(self, position: int) -> str:
        tips = []
        for m in self.marks_at(position):
            tip = m.tip
            if m.cells and self.unit is not None:
                tip += "：对照 " + "、".join(cell_words(self.unit, c) for c in m.cells[:3])
            tips.append(tip)
        return "\n".join(dict.fromkeys(tips))

    def select_span(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(min(start, len(self.toPlainText())))
        cursor.setPosition(min(end, len(self.toPlainText())), QTextCursor.KeepAnchor)
        self.setTextCursor(cursor)
        self.highlight = QTextCursor(cursor)
        self._apply()
        self.centerCursor()
        self.setFocus()
