"""The main window driven like a clerk would: typing, pasting, undoing, clicking findings, reopening."""
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QMainWindow, QTableView

from domain.money import to_fen
from gui.checker import OK
from gui.table_model import KEY_ROLE
from storage.unit_file import UnitFile


WAN = 1_000_000


def shown(win, key) -> str:
    model = win.editors[key[0]].model
    return model.index(*model.position[key]).data()


def type_into(qtbot, win, key, text) -> None:
    """Select the cell, open its editor, type, press Enter (the real delegate commits)."""
    win.show_page(key[0])
    view = win.editors[key[0]].view
    index = view.model().index(*view.model().position[key])
    view.setCurrentIndex(index)
    view.edit(index)
    editors = view.viewport().findChildren(QLineEdit)
    assert len(editors) == 1
    editor = editors[0]
    editor.selectAll()
    for ch in text:       # QTest types ASCII only; other characters arrive as an input method would put them
        if ch.isascii():
            qtbot.keyClicks(editor, ch)
        else:
            editor.insert(ch)
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QTableView.EditingState and view.currentIndex().row() == index.row() + 1,
                    timeout=2000)
    win.wait_for_checks()


def span_kinds(win, text: str) -> set[str]:
    start = win.narrative.toPlainText().index(text)
    return {m.kind for m in win.narrative.marks_at(start + len(text) - 3)}


def test_automation_contract(window):
    assert isinstance(window, QMainWindow)
    for name in ("navigator", "findings", "narrative"):
        assert window.findChild(object, name) is not None, name
    ids = [t.id for t in window.document.unit.template.tables]
    assert len(ids) >= 12
    for table_id in ids:
        assert isinstance(window.findChild(QTableView, f"table-{table_id}"), QTableView)
    findings = window.findChild(QTableView, "findings").model()
    assert findings.rowCount() >= 1
    assert findings.index(0, 0).data(Qt.UserRole) == window.result.findings[0].rule
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.Undo)
    assert window.redo_action.shortcut() == QKeySequence(QKeySequence.Redo)
    for action in window.actions():
        name = action.property("accessibleName") or ""
        assert any("\u4e00" <= ch <= "\u9fff" for ch in name), action.objectName()
    assert "示范街道办事处 2024年度" in window.windowTitle()


def test_typing_a_value_updates_totals_findings_and_narrative_marks(qtbot, window):
    t5_total = ("T5", "total", "basic")
    assert shown(window, t5_total) == "3,820.20"
    assert OK in span_kinds(window, "一般公共预算财政拨款支出8124.57万元")
    assert not [f for f in window.result.findings if f.severity == "error"]

    type_into(qtbot, window, ("T5", "2010301", "basic"), "２,400.00")     # full-width digit, separator

    assert shown(window, ("T5", "2010301", "basic")) == "2,400.00"
    assert shown(window, t5_total) == "3,904.78"                          # 合计 recomputed at once
    assert window.editors["T4"].model.marks.get(("T4", "expense_total", "gpb"), ("",))[0] == "error"
    assert "error" in span_kinds(window, "一般公共预算财政拨款支出8124.57万元")
    rules = {f.rule for f in window.result.findings}
    assert any(r.startswith("X-") for r in rules) and "N-TABLE" in rules

    type_into(qtbot, window, ("T5", "2010301", "basic"), "2315.42")      # fix it: the findings go
    assert not [f for f in window.result.findings if f.severity == "error"]
    assert OK in span_kinds(window, "一般公共预算财政拨款支出8124.57万元")


def test_text_in_a_number_cell_is_refused_in_place(qtbot, window):
    key = ("T5", "2010350", "basic")
    messages = []
    window.editors["T5"].model.refused.connect(messages.append)
    undo_before = window.undo_action.text()
    type_into(qtbot, window, key, "四百")
    assert shown(window, key) == "486.37"
    assert messages and "不是数字" in messages[0]
    assert window.undo_action.text() == undo_before          # nothing was stored, no step was made


def test_paste_a_3x4_block_from_a_spreadsheet_is_one_step_that_undoes(qtbot, window, demo_path):
    win = window
    win.show_page("T2")
    view, model = win.editors["T2"].view, win.editors["T2"].model
    top, left = model.position[("T2", "2010301", "fiscal")]
    pasted = [[model.index(top + r, left + c) for c in range(4)] for r in range(3)]
    before = [[i.data() for i in line] for line in pasted]
    total_before = shown(win, ("T2", "total", "superior"))
    QGuiApplication.clipboard().setText("1,000.00\t１２.５\t0\t3\r\n2000\t0\t0\t0\r\n3000\t0\t7.25\t0\r\n")
    undo_before = win.undo_action.text()
    view.setCurrentIndex(model.index(top, left))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key_V, Qt.ControlModifier)
    win.wait_for_checks()
    written = [[i.data() for i in line] for line in pasted]
    assert written == [["1,000.00", "12.50", "0.00", "3.00"], ["2,000.00", "0.00", "0.00", "0.00"],
                       ["3,000.00", "0.00", "7.25", "0.00"]]
    assert shown(win, ("T2", "total", "superior")) != total_before        # 合计 follows
    assert win.undo_action.text() != undo_before

    view.selectionModel().select(QItemSelection(pasted[0][0], pasted[2][3]), QItemSelectionModel.ClearAndSelect)
    qtbot.keyClick(view, Qt.Key_C, Qt.ControlModifier)                    # copy: tab-separated, no separators
    assert QGuiApplication.clipboard().text().split("\n")[0] == "1000.00\t12.50\t0.00\t3.00"

    win.undo_action.trigger()                                             # one step: all of it goes
    assert [[i.data() for i in line] for line in pasted] == before
    assert win.undo_action.text() == undo_before
    win.redo_action.trigger()
    assert [[i.data() for i in line] for line in pasted] == written
    win.wait_for_checks()
    win.close()
    with UnitFile.open(demo_path) as f:                     # autosaved: every value is in the file
        unit = f.load()
    assert unit.amount("T2", "2010350", "fiscal") == to_fen("2000", "万元")


def test_a_block_with_text_in_a_number_cell_is_not_pasted_at_all(qtbot, window):
    view, model = window.editors["T2"].view, window.editors["T2"].model
    window.show_page("T2")
    key = ("T2", "2010301", "fiscal")
    view.setCurrentIndex(model.index(*model.position[key]))
    messages = []
    view.message.connect(messages.append)
    assert not view.paste("100\t200\n300\t四百")
    assert "第2行第2列" in messages[0] and "不是数字" in messages[0]
    assert shown(window, key) == "2,295.42"


def test_clicking_a_finding_lands_on_its_cell(qtbot, window):
    type_into(qtbot, window, ("T6", "30101", "amount"), "700")
    panel = window.findings
    view = panel.view
    row = next(r for r in range(view.model().rowCount())
               if not view.model().index(r, 0).data(Qt.UserRole + 1).spans
               and view.model().index(r, 0).data(Qt.UserRole + 1).cells)
    finding = view.model().index(row, 0).data(Qt.UserRole + 1)
    window.show_page("T1")
    rect = view.visualRect(view.model().index(row, 3))
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=rect.center())
    target = next(c for c in finding.cells if c.row)
    assert window.current_editor().table_id == target.table
    assert window.current_editor().view.currentIndex().data(KEY_ROLE) == (target.table, target.row, target.col)


def test_reopening_shows_every_value(qtbot, demo_path):
    from gui.app import create_main_window
    win = create_main_window(demo_path)
    qtbot.addWidget(win)
    win.show()
    type_into(qtbot, win, ("T5", "2010350", "project"), "12.34")
    win.close()
    again = create_main_window(demo_path)
    qtbot.addWidget(again)
    assert shown(again, ("T5", "2010350", "project")) == "12.34"
    assert shown(again, ("T5", "total", "project")) == "4,316.71"
    again.close()


def test_history_lists_the_steps_and_undoes_back_to_one(qtbot, window):
    history = window.findChild(QListWidget, "history")
    first = history.item(0).text()
    type_into(qtbot, window, ("T5", "2010350", "basic"), "500")
    type_into(qtbot, window, ("T5", "2010301", "basic"), "2300")
    labels = [history.item(i).text() for i in range(history.count())]
    assert "行政运行" in labels[0] and "事业运行" in labels[1] and labels[2] == first
    history.itemDoubleClicked.emit(history.item(1))                 # undo both edits
    assert shown(window, ("T5", "2010350", "basic")) == "486.37"
    assert shown(window, ("T5", "2010301", "basic")) == "2,315.42"
    assert history.item(0).text().startswith("（已撤销）")


def test_a_shortcut_lists_the_findings_of_the_current_cell(qtbot, window):
    type_into(qtbot, window, ("T5", "2010301", "basic"), "2400")
    view = window.editors["T5"].view
    view.setCurrentIndex(view.model().index(*view.model().position[("T5", "total", "basic")]))
    window.actions_by_name["cell-findings"].trigger()
    findings = window.findings.view.model()
    assert 0 < findings.rowCount() < len(window.result.findings)
    for r in range(findings.rowCount()):
        f = findings.index(r, 0).data(Qt.UserRole + 1)
        assert ("T5", "total", "basic") in [(c.table, c.row, c.col) for c in f.cells]


def test_export_with_an_error_asks_and_marks_the_file_forced(qtbot, window, tmp_path):
    from openpyxl import load_workbook

    from gui import dialogs
    type_into(qtbot, window, ("T5", "2010301", "basic"), "2400")
    asked = []
    assert dialogs.export_files(window, window.document.unit, str(tmp_path / "x.xlsx"),
                                confirm=lambda text: asked.append(text) or False) is None
    assert "错误" in asked[0] and not (tmp_path / "x.xlsx").exists()
    out = dialogs.export_files(window, window.document.unit, str(tmp_path / "x.xlsx"), confirm=lambda text: True)
    book = load_workbook(out)
    assert len(book.sheetnames) >= 12
    texts = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert any("强制导出" in t for t in texts)
    assert any("2,400.00" in t or t == "2400" or t == "2400.0" for t in texts)


def test_delete_clears_a_block_in_one_step_and_yuan_shows_the_same_money(qtbot, window):
    window.show_page("T5")
    view, model = window.editors["T5"].view, window.editors["T5"].model
    top, left = model.position[("T5", "2010301", "basic")]
    view.setCurrentIndex(model.index(top, left))
    view.selectionModel().select(QItemSelection(model.index(top, left), model.index(top + 1, left)),
                                 QItemSelectionModel.ClearAndSelect)
    qtbot.keyClick(view, Qt.Key_Delete)
    assert shown(window, ("T5", "2010301", "basic")) == "0.00"
    assert shown(window, ("T5", "2010350", "basic")) == "0.00"
    window.undo_action.trigger()
    assert shown(window, ("T5", "2010350", "basic")) == "486.37"
    window.actions_by_name["unit"].trigger()
    assert shown(window, ("T5", "2010350", "basic")) == "4,863,700.00"
    assert "元" in window.editors["T5"].unit_line.text()


def test_unit_name_is_edited_through_the_session(qtbot, window):
    page = window.info_page
    page.name.setText("北京市示例区另一街道办事处")
    page.name.editingFinished.emit()
    assert "另一街道办事处" in window.windowTitle()
    window.show_page("T1")
    assert "另一街道办事处" in window.editors["T1"].unit_line.text()           # 编制单位 follows
    window.undo_action.trigger()
    assert "示范街道办事处" in window.windowTitle() and page.name.text().endswith("示范街道办事处")
