"""Follow-ups of the desktop app: what a clerk notices (demo made whole or not at all, save a copy,
internal errors in one line, the start page's table count, sign-off read-only at open, names readable)."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from storage.unit_file import StorageError, UnitFile


def test_an_interrupted_demo_leaves_no_empty_unit_behind(qtbot, tmp_path, monkeypatch):
    from gui import dialogs
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    real_save = UnitFile.save

    def failing_save(self, unit, action="edit"):
        raise StorageError("磁盘已满")
    monkeypatch.setattr(UnitFile, "save", failing_save)
    assert dialogs.demo_file(None, folder=tmp_path) is None
    assert warnings == ["磁盘已满"]
    assert not (tmp_path / dialogs.DEMO_NAME).exists()        # not an empty 示例单位 opened ever after
    monkeypatch.setattr(UnitFile, "save", real_save)
    path = dialogs.demo_file(None, folder=tmp_path)            # the next try makes the whole demo
    with UnitFile.open(path) as f:
        assert f.load().amount("T1", "income_total", "amount") > 0


def _menu_actions(window, title_start):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith(title_start))
    return {a.objectName(): a for a in menu.actions()}


def test_save_a_copy_from_the_file_menu(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    action = _menu_actions(window, "文件")["action-save-copy"]
    assert action.property("accessibleName") == "另存副本" and action.isEnabled()
    window.document.set_value(("T5", "2010301", "basic"), 123_456_00)
    dest = tmp_path / "备份" / "副本.jsgk"
    dest.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(dest.with_suffix("")), ""))
    action.trigger()
    assert dest.exists() and "已另存副本" in window.statusBar().currentMessage()
    with UnitFile.open(dest) as f:
        assert f.load().amount("T5", "2010301", "basic") == 123_456_00
    assert window.document.path.name == "示例单位.jsgk"          # the window keeps the original
    refused = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: refused.append(text))
    action.trigger()                                               # the copy is never overwritten
    assert refused and "不会覆盖" in refused[0]


def test_an_unexpected_error_in_the_app_is_one_line_in_a_dialog_and_the_log(window, tmp_path, monkeypatch):
    from gui import dialogs, errors
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append((title, text)))

    def broken(*args, **kw):
        raise KeyError("坏掉了")
    monkeypatch.setattr(dialogs, "export_files", broken)
    window.actions_by_name["export"].trigger()                 # a menu action's slot raises
    assert len(shown) == 1
    title, line = shown[0]
    assert title == "内部错误" and line.startswith("内部错误：") and "\n" not in line and "KeyError" in line
    logs = list((tmp_path / "state").rglob("*.log"))
    assert len(logs) == 1 and "坏掉了" in logs[0].read_text(encoding="utf-8") and str(logs[0]) in line
    assert window.document is not None                         # the app goes on with the file open
    try:                                                       # any other slot: through sys.excepthook
        raise ValueError("信号里出错")
    except ValueError as exc:
        errors.excepthook(type(exc), exc, exc.__traceback__)
    assert len(shown) == 2 and "ValueError" in shown[1][1] and len(list((tmp_path / "state").rglob("*.log"))) >= 2


def test_an_edited_cell_and_its_totals_redraw_as_the_disclosure_prints_them(window):
    from domain.layout import table_grid
    for table_id, row, col, typed in (("T5", "2010301", "basic", "1,234.5"), ("X2", "abroad_groups", "value", "3")):
        window.show_page(table_id)
        model = window.editors[table_id].model
        before = model.rowCount()
        assert model.setData(model.index(*model.position[(table_id, row, col)]), typed)
        assert model.rowCount() == before                       # (one cell redrawn, not the table rebuilt)
        printed = table_grid(window.document.unit, table_id, window.money_unit)
        shown = [[(c.text, c.value) for c in line] for line in model.grid.body]
        assert shown == [[(c.text, c.value) for c in line] for line in printed.body]
    t5 = window.editors["T5"].model
    assert t5.data(t5.index(*t5.position[("T5", "2010301", "basic")])) == "1,234.50"


def test_the_start_page_counts_each_years_tables_from_its_template(qtbot):
    from PySide6.QtWidgets import QLabel

    from domain.template import available_years, load_template
    from gui.start_page import StartPage, chinese_count
    page = StartPage()
    qtbot.addWidget(page)
    text = page.findChild(QLabel, "start-subtitle").text()
    assert "2023年度十三张" in text and "2024年度十二张" in text      # 表4A makes 2023's thirteenth
    for year in available_years():
        assert f"{chinese_count(len(load_template(year).disclosure_tables))}张" in text
    assert [chinese_count(n) for n in (9, 10, 12, 13, 20, 21)] == ["九", "十", "十二", "十三", "二十", "二十一"]


def test_a_signed_off_unit_opens_read_only_before_any_check_has_run(qtbot, window, tmp_path, monkeypatch):
    from domain.review import REVIEWER, Identity
    from gui.app import create_main_window
    from storage.identity import save_identity
    monkeypatch.setenv("JSGK_CONFIG_DIR", str(tmp_path / "config"))
    save_identity(Identity("李审核", REVIEWER))
    window.review.change_identity(Identity("李审核", REVIEWER))
    window.review.sign_off()
    path = window.document.path
    window.close()
    again = create_main_window(path)            # no event processed: the first check has not come back
    qtbot.addWidget(again)
    assert again.result is None
    assert again.document.read_only and "已签发" in again.windowTitle()
    model = again.editors["T5"].model
    index = model.index(*model.position[("T5", "2010301", "basic")])
    assert not model.flags(index) & Qt.ItemIsEditable and again.narrative.isReadOnly()
    assert not again.info_page.name.isEnabled() and not again.undo_action.isEnabled()
    again.document.set_value(("T5", "2010301", "basic"), 1)            # refused with the reason
    assert again.document.unit.amount("T5", "2010301", "basic") != 1
    again.wait_for_checks()
    assert again.document.read_only                                     # (the check keeps it so)
    again.review.reopen("需要更正")                                       # 撤销签发 unlocks it
    assert not again.document.read_only and model.flags(index) & Qt.ItemIsEditable
    assert "已签发" not in again.windowTitle()
    again.close()


def test_the_navigator_shows_every_tables_name_whole_at_1366x768(window):
    from PySide6.QtWidgets import QStyleOptionViewItem
    from gui.app import WINDOW_SIZE
    assert (window.width(), window.height()) == WINDOW_SIZE
    nav = window.navigator
    option = QStyleOptionViewItem()
    option.initFrom(nav)
    option.decorationSize = nav.iconSize()
    for spec in window.document.unit.template.tables:
        item = window.table_items[spec.id]
        assert spec.title in item.toolTip(0) and (spec.form or "") in item.toolTip(0)   # the full name on hover
        index = nav.indexFromItem(item)
        needed = nav.itemDelegate().sizeHint(option, index).width()
        assert nav.visualItemRect(item).width() >= needed, item.text(0)           # not cut short with …
    assert window.stack.width() >= 900                                          # and the table keeps its room


def test_every_figure_shows_whole_in_wan_yuan_and_in_yuan(window):
    from gui.table_model import NUMERIC
    window.document.set_value(("T5", "2010301", "basic"), 98_765_432_10_00)   # 987,654,321.00 元
    for _ in range(2):
        window.toggle_money_unit()                        # 元, then back to 万元
        for table_id in ("T1", "T5", "T6"):
            editor = window.editors[table_id]
            editor.refresh()
            metrics = editor.view.fontMetrics()
            for r, line in enumerate(editor.model.grid.body):
                for c, cell in enumerate(line):
                    if cell.kind in NUMERIC and cell.text:
                        assert metrics.horizontalAdvance(cell.text) + 8 <= editor.view.columnWidth(c), \
                            (window.money_unit, table_id, cell.text)


def test_qts_own_buttons_speak_chinese_and_the_new_unit_dialog_shows_its_hint(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    from gui.app import application
    from gui.dialogs import NewUnitDialog
    application()
    box = QMessageBox(QMessageBox.Question, "文件正在使用", "要以只读方式打开吗？", QMessageBox.Yes | QMessageBox.No)
    qtbot.addWidget(box)
    assert [b.text().split("(")[0] for b in box.buttons()] == ["是", "否"]      # not Yes / No
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    qtbot.addWidget(buttons)
    assert {b.text() for b in buttons.buttons()} == {"确定", "取消"}
    dialog = NewUnitDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    field = dialog.name
    assert field.width() >= field.fontMetrics().horizontalAdvance(field.placeholderText()) + 8


def test_the_start_page_says_what_to_do_when_nothing_was_opened_yet(qtbot, tmp_path, monkeypatch):
    from gui import dialogs
    from gui.app import create_main_window
    monkeypatch.setattr(dialogs, "documents_dir", lambda: tmp_path)
    win = create_main_window(None)
    qtbot.addWidget(win)
    win.show()
    assert win.start.no_recent.isVisible() and "打开示例单位" in win.start.no_recent.text()
    assert not win.start.recent.isVisible()
    assert not win.actions_by_name["unit"].isEnabled()           # (金额单位 is about an open file)
    win.start.demo_requested.emit()
    win.close_file()
    assert not win.start.no_recent.isVisible() and win.start.recent.isVisible() and win.start.recent.count() == 1


def test_the_sign_off_button_asks_before_the_data_becomes_read_only(window, tmp_path, monkeypatch):
    from domain.review import REVIEWER, Identity
    from gui import dialogs
    monkeypatch.setenv("JSGK_CONFIG_DIR", str(tmp_path / "config"))
    window.review.change_identity(Identity("李审核", REVIEWER))
    asked = []
    monkeypatch.setattr(dialogs, "ask", lambda parent, title, text: asked.append(text) or False)
    window.review.buttons["sign-off"].click()
    assert asked and "只读" in asked[0] and not window.document.read_only          # 取消: nothing signed
    monkeypatch.setattr(dialogs, "ask", lambda parent, title, text: True)
    window.review.buttons["sign-off"].click()
    assert window.document.read_only and "已签发" in window.windowTitle()


def test_review_list_lines_are_whole_on_hover(window, tmp_path, monkeypatch):
    from domain.review import REVIEWER, Identity
    monkeypatch.setenv("JSGK_CONFIG_DIR", str(tmp_path / "config"))
    window.review.change_identity(Identity("李审核", REVIEWER))
    window.show_page("T12")
    window.editors["T12"].select_key(("T12", "p1", "provider"))
    window.review.flag_here("请核对承接主体名称")
    items = [window.review.list.item(i) for i in range(window.review.list.count())]
    assert items and all(item.toolTip() == item.text() for item in items)
    assert window.review.list.horizontalScrollBarPolicy() == Qt.ScrollBarAlwaysOff    # (… instead of a scrollbar)


def test_the_import_question_shows_what_will_change_before_the_table_list(window, tmp_path, monkeypatch):
    import openpyxl

    from export.xlsx import export_xlsx
    from gui import dialogs
    book = tmp_path / "报表.xlsx"
    export_xlsx(window.document.unit.copy(), str(book))
    wb = openpyxl.load_workbook(book)
    changed = 0
    for ws in wb.worksheets:
        for line in ws.iter_rows():
            for cell in line:
                if cell.value == 2315.42:              # 表5 2010301 行政运行·基本支出
                    cell.value, changed = 2300.0, changed + 1
    assert changed
    wb.save(book)
    shown = []

    def answer(box):
        shown.append((box.informativeText(), box.detailedText()))
        return QMessageBox.No
    monkeypatch.setattr(QMessageBox, "exec", answer)
    assert not dialogs.import_files(window, [str(book)])
    summary, details = shown[0]
    assert "将改动" in summary and "找到 12 张表" in summary and "读到" not in summary   # the change, not the list
    assert "公开05表 一般公共预算财政拨款支出决算表" in details and "读到" in details
    assert window.document.unit.amount("T5", "2010301", "basic") == 2_315_420_000          # 取消: nothing imported


def test_the_verification_banner_shows_amounts_as_a_clerk_reads_them(qtbot, demo_path):
    import sqlite3

    from gui.app import create_main_window
    conn = sqlite3.connect(demo_path)
    conn.execute("UPDATE cells SET amount = amount + 1000000 WHERE table_id = 'T5' AND row_key = '2010301' "
                 "AND col_key = 'basic'")
    conn.commit()
    conn.close()
    win = create_main_window(demo_path)
    qtbot.addWidget(win)
    win.wait_for_checks()
    banner = win.review_banner.text()
    assert "文件中为 2,316.42 万元" in banner and "2316420000" not in banner
    assert win.review_banner.toolTip() == banner
    win.close()


def test_a_figure_typed_wider_than_its_column_widens_it(window):
    window.show_page("T5")
    editor = window.editors["T5"]
    model = editor.model
    row, col = model.position[("T5", "2010301", "basic")]
    assert model.setData(model.index(row, col), "123,456,789.12")        # 万元: a 1.2 万亿 typo stays readable
    text = model.data(model.index(row, col))
    assert text == "123,456,789.12"
    assert editor.view.fontMetrics().horizontalAdvance(text) + 8 <= editor.view.columnWidth(col)
