"""Review mode in the window: a 审核人 flags a cell, the 填报人 changes the value and answers, the
审核人 resolves and signs off; editing is then refused; reopening with a reason allows it again, and
the log shows everything in order. Flagged narrative text keeps its mark while the text around it
changes; a file changed behind the program's back shows the verification banner."""
import sqlite3

import pytest
from PySide6.QtCore import Qt

from domain.review import CLERK, REVIEWER, Identity
from storage.identity import save_identity
from storage.journal import history
from storage.unit_file import UnitFile

CELL = ("T12", "p1", "provider")          # 政府购买服务 承接主体: a text cell no rule depends on
REVIEWER_ID, CLERK_ID = Identity("李审核", REVIEWER), Identity("王填报", CLERK)


@pytest.fixture(autouse=True)
def _identity(tmp_path, monkeypatch):
    monkeypatch.setenv("JSGK_CONFIG_DIR", str(tmp_path / "config"))
    save_identity(REVIEWER_ID)


def _select(window, key):
    window.show_page(key[0])
    editor = window.editors[key[0]]
    editor.select_key(key)
    return editor, editor.model.index(*editor.model.position[key])


def test_flag_answer_resolve_sign_off_refuse_reopen_and_the_log_in_order(window, tmp_path):
    panel = window.review
    editor, index = _select(window, CELL)
    flag = panel.flag_here("请核对承接主体名称")
    assert flag == 1
    assert editor.model.data(index, Qt.DecorationRole) is not None                    # the cell is marked
    assert "请核对承接主体名称" in editor.model.data(index, Qt.ToolTipRole)
    assert panel.list.item(0).data(Qt.UserRole) == ("flag", 1) and "待处理" in panel.list.item(0).text()

    panel.change_identity(CLERK_ID)                                                     # the clerk's turn
    assert editor.model.setData(index, "北京市示例物业管理有限公司")
    panel.list.setCurrentRow(0)
    panel.comment("已按合同更正承接主体名称")
    assert panel.resolve() is None and "只有审核人" in panel.last_message
    assert "（已回复）" in panel.list.item(0).text()

    panel.change_identity(REVIEWER_ID)
    window.show_page("narrative")
    panel.list.setCurrentRow(-1)
    panel.step(1)                                                                       # next flag: its cell
    assert window.current_editor().table_id == "T12" and panel.list.currentRow() == 0
    panel.person_filter.setCurrentText("王填报")                                         # he answered it
    assert panel.list.count() == 1
    panel.person_filter.setCurrentText("全部")
    panel.list.setCurrentRow(0)
    panel.resolve()
    panel.status_filter.setCurrentText("待处理")
    assert panel.list.count() == 0 or all(panel.list.item(i).data(Qt.UserRole)[0] == "finding"
                                          for i in range(panel.list.count()))
    panel.status_filter.setCurrentText("全部")
    panel.sign_off()
    assert "签发" in panel.status.text() and window.document.read_only
    assert "［只读］" in window.windowTitle()

    before = window.document.unit.text(*CELL)
    assert not editor.model.setData(index, "另一家公司")                               # editing refused
    assert window.document.unit.text(*CELL) == before
    assert window.narrative.isReadOnly() and not window.actions_by_name["import"].isEnabled()

    assert panel.reopen("承接主体需按财政批复再次调整") is not None
    assert not window.document.read_only and not window.narrative.isReadOnly()
    assert editor.model.setData(index, "另一家公司")
    assert window.document.unit.text(*CELL) == "另一家公司"

    report = panel.export_report(str(tmp_path / "审核报告.pdf"))
    assert report is not None and report.read_bytes().startswith(b"%PDF")
    with UnitFile.open(window.document.path, read_only=True) as f:
        log = [(e["action"], e["who"]) for e in history(f)][-7:]
    assert log == [("flag", "李审核"), ("edit", "王填报"), ("comment", "王填报"), ("status", "李审核"),
                   ("signoff", "李审核"), ("reopen", "李审核"), ("edit", "李审核")]


def test_a_flagged_span_follows_the_text_and_says_when_it_is_gone(window):
    panel = window.review
    window.show_page("narrative")
    text = window.narrative.toPlainText()
    start = next(i for i in range(len(text) // 3, len(text)) if text.count(text[i:i + 10]) == 1
                 and "\n" not in text[i:i + 10])
    quote = text[start:start + 10]
    cursor = window.narrative.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(quote), cursor.MoveMode.KeepAnchor)
    window.narrative.setTextCursor(cursor)
    assert panel.flag_here("请补充原因") == 1
    marked = window.narrative.review_selections[0].cursor
    assert marked.selectedText() == quote
    window.document.set_narrative("（补充一句。）" + window.document.unit.narrative)
    window.wait_for_checks()
    assert window.narrative.review_selections[0].cursor.selectedText() == quote
    window.document.set_narrative(window.document.unit.narrative.replace(quote, "（改写）"))
    window.wait_for_checks()
    assert "找不到这段文字" in panel.list.item(0).text()
    assert window.narrative.review_selections == []


def test_a_file_changed_behind_the_programs_back_shows_the_banner(qtbot, demo_path):
    conn = sqlite3.connect(demo_path)
    conn.execute("UPDATE cells SET amount = amount + 1 WHERE rowid = (SELECT min(rowid) FROM cells WHERE source = 'entered')")
    conn.commit()
    conn.close()
    from gui.app import create_main_window
    win = create_main_window(demo_path)
    qtbot.addWidget(win)
    win.show()
    win.wait_for_checks()
    assert win.review_banner_bar.isVisible() and "校验未通过" in win.review_banner.text()
    win.close()


def test_the_clerk_explains_a_warning_which_shows_as_explained(window):
    panel = window.review
    window.document.session.set_note("T7", "本单位无政府性基金预算财政拨款收入支出，故本表无数据。")
    window.wait_for_checks()
    rows = [i for i in range(panel.list.count()) if panel.list.item(i).data(Qt.UserRole)[0] == "finding"]
    assert len(rows) == 1 and "未说明的警告" in panel.list.item(rows[0]).text()
    panel.change_identity(CLERK_ID)
    panel.list.setCurrentRow(rows[0])
    panel.explain("表7 数据为上年结转，说明文字待下年更新")
    assert all(panel.list.item(i).data(Qt.UserRole)[0] != "finding" for i in range(panel.list.count()))
    model = window.findings.model
    row = next(i for i, f in enumerate(model.findings) if f.rule == "EMPTY-NOTE-WITH-DATA")
    assert model.data(model.index(row, 0)) == "警告（已说明）"                  # shown as explained, not hidden
    assert "上年结转" in model.data(model.index(row, 0), Qt.ToolTipRole)
