"""Starting the app: no display, no file (the start page), the demo unit from the start page."""
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

ROOT = Path(__file__).resolve().parents[2]


def test_no_display_says_so_in_one_line_and_exits_2(demo_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    for args in ([], [str(demo_path)]):
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                              encoding="utf-8", env=env, timeout=60)
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and "图形显示" in done.stderr
        assert "Traceback" not in done.stderr


def test_start_page_opens_the_demo_unit(qtbot, tmp_path, monkeypatch):
    from gui import dialogs
    from gui.app import create_main_window
    monkeypatch.setattr(dialogs, "documents_dir", lambda: tmp_path)
    win = create_main_window(None)
    qtbot.addWidget(win)
    assert win.stack.currentWidget() is win.start
    assert win.windowTitle() == "决算公开工作台"
    assert not win.undo_action.isEnabled()
    win.start.demo_requested.emit()
    assert (tmp_path / dialogs.DEMO_NAME).exists()
    assert "示范街道办事处" in win.windowTitle()
    assert win.findChild(QTableView, "table-T1").model().rowCount() > 10
    win.close()
    again = create_main_window(None)            # now listed under 最近打开
    qtbot.addWidget(again)
    assert again.start.recent.count() == 1
    again.close()


def test_a_file_open_in_another_window_is_offered_read_only(qtbot, demo_path, monkeypatch):
    from gui.app import create_main_window
    from gui.main_window import MainWindow
    first = create_main_window(demo_path)
    qtbot.addWidget(first)
    asked = []
    monkeypatch.setattr(MainWindow, "ask_read_only", lambda self, reason: asked.append(reason) or True)
    second = create_main_window(demo_path)
    qtbot.addWidget(second)
    assert asked and "另一个窗口" in asked[0]
    assert second.document.read_only and "只读" in second.windowTitle()
    assert not second.undo_action.isEnabled()
    model = second.editors["T5"].model
    assert not model.flags(model.index(*model.position[("T5", "2010301", "basic")])) & Qt.ItemIsEditable
    second.close()
    first.close()
    third = create_main_window(demo_path)          # the lock went with the first window
    qtbot.addWidget(third)
    assert not third.document.read_only
    third.close()


def test_a_2023_unit_shows_its_thirteen_tables_numbered_as_printed(qtbot, tmp_path):
    from domain.demo import build_demo
    from gui.app import create_main_window
    from storage.unit_file import UnitFile
    unit = build_demo(2023)
    path = tmp_path / "2023.jsgk"
    with UnitFile.create(path, unit.meta) as f:
        f.save(unit, action="demo")
    win = create_main_window(path)
    qtbot.addWidget(win)
    disclosure = [t.id for t in unit.template.disclosure_tables]
    assert len(disclosure) == 13
    for table_id in disclosure:
        assert win.findChild(QTableView, f"table-{table_id}") is not None
    assert win.table_items["T4A"].text(0).startswith("表5")          # printed as 公开05表 in 2023
    assert win.table_items["T5"].text(0).startswith("表6")
    win.close()


def test_chinese_renders_with_the_registered_font(qtbot):
    from PySide6.QtGui import QFontMetrics

    from gui.app import application
    from gui.fonts import ui_font
    app = application()
    metrics = QFontMetrics(app.font())
    assert app.font().family() == ui_font().family()
    for ch in "决算公开工作台合计（万元）":
        assert metrics.inFontUcs4(ord(ch)), ch
