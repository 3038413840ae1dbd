"""Noticing steps another process or window wrote to the open file (`python main.py set`/`undo`,
another window on a read-only copy of the lock): when the window is activated and every
`INTERVAL_MS`, the session is asked to catch up (`UnitSession.catch_up`: one `PRAGMA data_version`
when nothing happened). If steps were written elsewhere, the unit is reloaded from the file in
place, the views redraw and the checks run again through the session's Change, as after an undo,
and the status bar says so. Skipped while typing in the 说明 has not been handed to the session
yet (it is, after the pause, and the next check catches up)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer

from storage.errors import StorageError

INTERVAL_MS = 2000
RELOADED = "单位文件已在别处（命令行或其他窗口）修改，已重新载入并重新核对"


class FileWatch(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window and event.type() == QEvent.WindowActivate:
            self.check()
        return False

    def check(self) -> bool:
        """Reload what another process or window wrote; True when something was."""
        window = self.window
        document = window.document
        if document is None or window.narrative.timer.isActive():
            return False
        try:
            change = document.session.catch_up()
        except StorageError as exc:                 # (the file went away, a lock held too long …)
            window.show_message(str(exc))
            return False
        if change is None:
            return False
        window.show_message(RELOADED)
        return True


def install(window) -> FileWatch:
    watch = window.file_watch = FileWatch(window)
    return watch
