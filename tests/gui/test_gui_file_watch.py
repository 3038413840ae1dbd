"""The window takes in what the command line (or another window) wrote to its open file: on a
periodic check and when it is activated, the unit is reloaded, the views redraw, the checks run again,
and the status bar says so; the window's next edit is written, not refused."""
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from cli.commands import main
from gui.file_watch import RELOADED
from storage.unit_file import UnitFile

from test_gui_window import shown, type_into

CELL = ("T5", "2010301", "basic")


def test_a_set_and_an_undo_on_the_command_line_show_in_the_open_window(qtbot, window, demo_path, capsys):
    window.show_page("T5")
    assert shown(window, CELL) == "2,315.42" and window.file_watch.check() is False
    assert main(["set", str(demo_path), "T5", "2010301", "basic", "2400"]) == 0     # 万元, another handle

    assert window.file_watch.check() is True                # (the periodic check)
    assert shown(window, CELL) == "2,400.00" and shown(window, ("T5", "total", "basic")) == "3,904.78"
    assert window.statusBar().currentMessage() == RELOADED
    window.wait_for_checks()
    assert window.editors["T4"].model.marks.get(("T4", "expense_total", "gpb"), ("",))[0] == "error"
    assert window.undo_action.isEnabled()

    type_into(qtbot, window, ("T5", "2010350", "basic"), "1")    # written on top of the command line's step
    with UnitFile.open(demo_path) as f:
        assert f.load().amount("T5", "2010350", "basic") == 1_000_000

    assert main(["undo", str(demo_path)]) == 0 and main(["undo", str(demo_path)]) == 0
    with UnitFile.open(demo_path) as other:                  # and a 说明 edited in another window
        session = other.session(who="另一窗口")
        session.set_narrative(session.unit.narrative + "\n另一窗口补充的一句。")
    QApplication.sendEvent(window, QEvent(QEvent.WindowActivate))          # (the clerk comes back to the window)
    assert shown(window, CELL) == "2,315.42"
    assert window.narrative.toPlainText().endswith("另一窗口补充的一句。")
    window.wait_for_checks()
    assert not [f for f in window.result.findings if f.severity == "error"]
    window.undo()                                            # the shared history: the other window's step first
    assert not window.narrative.toPlainText().endswith("另一窗口补充的一句。")
