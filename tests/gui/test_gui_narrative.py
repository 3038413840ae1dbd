"""The narrative editor: typing re-checks after a pause, marks follow, undo restores the text;
variable rows; import through the session."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from domain.demo import build_demo
from gui import dialogs


def kinds_at(win, offset):
    return {m.kind for m in win.narrative.marks_at(offset)}


def test_typing_in_the_narrative_rechecks_and_undo_restores_it(qtbot, window):
    editor = window.narrative
    window.show_page("narrative")
    text = editor.toPlainText()
    figure = "一般公共预算财政拨款支出8124.57万元"
    at = text.index(figure) + len("一般公共预算财政拨款支出")
    assert "ok" in kinds_at(window, at + 1)
    assert "8124.57万元" in editor.tip_at(at + 1) or "一致" in editor.tip_at(at + 1)

    cursor = editor.textCursor()
    cursor.setPosition(at)
    cursor.setPosition(at + len("8124.57"), QTextCursor.KeepAnchor)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "8200.00")
    assert editor.timer.isActive()                        # waits for a pause before checking
    assert window.document.unit.narrative == text         # … and before making it a step
    qtbot.waitUntil(lambda: not editor.timer.isActive(), timeout=3000)
    window.wait_for_checks()
    assert "8200.00万元" in window.document.unit.narrative
    assert "error" in kinds_at(window, at + 1)
    assert "8124.57" in editor.tip_at(at + 1)             # the message gives the table's value
    assert any(f.rule == "N-TABLE" and f.severity == "error" for f in window.result.findings)

    qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)  # the window's undo, not the widget's own
    window.wait_for_checks()
    assert editor.toPlainText() == text == window.document.unit.narrative
    assert "ok" in kinds_at(window, at + 1)


def test_clicking_a_narrative_finding_selects_its_text(qtbot, window):
    editor = window.narrative
    text = editor.toPlainText()
    at = text.index("8124.57万元")
    cursor = editor.textCursor()
    cursor.setPosition(at)
    cursor.setPosition(at + 7, QTextCursor.KeepAnchor)
    cursor.insertText("9999.99")
    window.wait_for_checks()
    view = window.findings.view
    row = next(r for r in range(view.model().rowCount()) if view.model().index(r, 0).data(Qt.UserRole) == "N-TABLE")
    window.show_page("T1")
    view.clicked.emit(view.model().index(row, 3))
    assert window.stack.currentWidget() is editor
    assert editor.textCursor().selectedText().startswith("9999.99")


def test_rows_are_added_by_code_with_parents_and_removed(qtbot, window):
    window.show_page("T5")
    editor = window.editors["T5"]
    rows_before = editor.model.rowCount()
    editor.row_input.setText("2240102 应急管理")
    assert editor.add_row_from_input()
    keys = {r.key for r in window.document.unit.rows("T5")}
    assert {"224", "22401", "2240102"} <= keys                 # 类 and 款 created as needed
    assert editor.model.rowCount() == rows_before + 3
    assert editor.view.currentIndex().data(Qt.UserRole + 1)[1] == "2240102"
    editor.row_input.setText("9999999")
    assert not editor.add_row_from_input()                      # not a code: refused, nothing added
    assert editor.model.rowCount() == rows_before + 3
    editor.view.setCurrentIndex(editor.model.index(editor.model.position[("T5", "2240102", "basic")][0], 1))
    editor.remove_selected_rows()
    assert "2240102" not in {r.key for r in window.document.unit.rows("T5")}
    window.undo_action.trigger()
    assert "2240102" in {r.key for r in window.document.unit.rows("T5")}


def test_import_of_a_narrative_file_is_one_undoable_step(qtbot, window, tmp_path):
    source = tmp_path / "说明.txt"
    new_text = build_demo().narrative.replace("8124.57", "8000.00")
    source.write_text(new_text, encoding="utf-8")
    shown = []
    assert dialogs.import_files(window, [str(source)], confirm=lambda text: shown.append(text) or True)
    assert "说明" in shown[0]
    window.wait_for_checks()
    assert window.narrative.toPlainText() == window.document.unit.narrative
    assert "8000.00万元" in window.narrative.toPlainText()
    window.undo_action.trigger()
    assert "8000.00万元" not in window.narrative.toPlainText()


def test_typing_for_a_long_time_does_not_wear_out_python(qtbot, window):
    """PySide6 6.12.0 dropped a reference to None on every overridden event handler call; after some
    thousand keystrokes the app died ("deallocating None"). requirements.txt keeps it below 6.12."""
    import sys
    editor = window.narrative
    window.show_page("narrative")
    before = sys.getrefcount(None)
    for i in range(300):
        qtbot.keyClick(editor, Qt.Key_A if i % 2 == 0 else Qt.Key_Backspace)
        editor.viewport().repaint()
    assert sys.getrefcount(None) > before - 100
