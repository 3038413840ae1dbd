"""Unexpected errors in the desktop app: the CLI's one line (`cli.errors.internal_error_line`, which
writes the traceback to the log file) in a dialog; the app keeps running and nothing saved is lost.

`guarded(slot)` wraps a menu or toolbar action's slot; `install_excepthook()` (gui/app.py `run`)
catches everything else Qt calls into (signals, events), which PySide6 hands to `sys.excepthook`."""
from __future__ import annotations

import functools
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from cli.errors import internal_error_line

TITLE = "内部错误"
_showing = False            # one dialog at a time (an error raised while one shows is only logged)


def report_internal_error(exc: BaseException, parent=None) -> str:
    """Log `exc` and show its one line in a dialog; returns the line."""
    global _showing
    line = internal_error_line(exc)
    if _showing:
        return line
    _showing = True
    try:
        QMessageBox.critical(parent or QApplication.activeWindow(), TITLE, line)
    finally:
        _showing = False
    return line


def guarded(slot, parent=None):
    """`slot` with an unexpected exception reported (dialog + log) instead of escaping into Qt."""
    @functools.wraps(slot)
    def run(*args):
        try:
            return slot(*args)
        except Exception as exc:
            report_internal_error(exc, parent)
            return None
    return run


def excepthook(kind, exc, tb) -> None:
    if not issubclass(kind, Exception):          # KeyboardInterrupt, SystemExit: as Python does
        sys.__excepthook__(kind, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    report_internal_error(exc)


def install_excepthook() -> None:
    sys.excepthook = excepthook
