"""Follow-ups of the desktop app: what a clerk notices (demo made whole or not at all, save a copy,
internal errors in one line, the start page's table count, sign-off read-only at open, names readable)."""
import pytest
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
