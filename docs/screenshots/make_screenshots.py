"""Regenerate the README's screenshots (offscreen, 1366×768, the bundled font):

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_screenshots.py

The demo unit with one figure of 表5 changed, so a table shows a finding selected and the narrative
shows its red, amber, green and grey marks."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from domain.demo import build_demo  # noqa: E402
from storage.unit_file import UnitFile  # noqa: E402


def save(win, name: str) -> None:
    """A 256-colour PNG: a third of the size, no visible loss on a user interface."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage
    image = win.grab().toImage().convertToFormat(QImage.Format_Indexed8, Qt.ThresholdDither)
    image.save(str(HERE / name), "PNG", 0)


def main() -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from gui.app import create_main_window
    from gui.findings_panel import FINDING_ROLE
    path = Path(tempfile.mkdtemp()) / "示例单位.jsgk"
    unit = build_demo()
    UnitFile.create(path, unit.meta, unit, action="demo").close()
    win = create_main_window(path)
    win.show()
    win.wait_for_checks()
    win.document.set_value(("T5", "2010301", "basic"), 24_000_000_00)      # 2,400.00 万元 instead of 2,315.42
    win.wait_for_checks()
    win.bring_to_front(win.dock)            # the 核对结果 tab in front
    view = win.findings.view
    row = next(r for r in range(view.model().rowCount())
               if view.model().index(r, 1).data() == "X-T4-T5" or
               (view.model().index(r, 0).data(FINDING_ROLE).cells and not view.model().index(r, 0).data(FINDING_ROLE).spans))
    view.selectRow(row)
    win.go_to_finding(view.model().index(row, 0).data(FINDING_ROLE))
    QApplication.processEvents()
    save(win, "table-with-finding.png")

    win.show_page("narrative")
    text = win.narrative.toPlainText()
    at = text.index("（一）一般公共预算财政拨款支出决算总体情况")
    cursor = win.narrative.textCursor()
    cursor.setPosition(at)
    win.narrative.setTextCursor(cursor)
    win.narrative.centerCursor()
    narrative_row = next(r for r in range(view.model().rowCount()) if view.model().index(r, 1).data() == "N-TABLE")
    view.selectRow(narrative_row)
    view.scrollTo(view.model().index(narrative_row, 0))
    QApplication.processEvents()
    save(win, "narrative-marks.png")
    win.close()


if __name__ == "__main__":
    main()
