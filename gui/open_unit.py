"""The unit file the window has open, and its edit session: the only way the window changes a unit.

Every edit goes through the core's `UnitSession` (domain/edits.py, opened by
`storage.UnitFile.session(who)`): one step per entry, paste, row insert/delete or pause in typing;
each step is written to the file at once (no "save") and its undo history is kept in the file, so
the window and `python main.py undo` share it. `changed` is emitted with the session's Change;
an edit the session refuses (EditError) is reported through `refused` and changes nothing.
A signed-off unit opens read-only (`read_only_reason` SIGNED_OFF) until 撤销签发 (gui/review_panel.py)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal

from storage.review_store import review_state
from storage.unit_file import StorageError, UnitFile, current_user

from domain.edits import EditError


OPENED_READ_ONLY = "文件以只读方式打开，不能修改"
SIGNED_OFF = "此单位已签发，数据只读；如需修改，请审核人先撤销签发并说明原因"


class FileInUse(StorageError):
    """Another running window has the file open for editing."""


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class OpenUnit(QObject):
    changed = Signal(object)            # the session's Change (cells, rows, notes, narrative, meta)
    refused = Signal(str)               # why an edit was not made

    def __init__(self, path, read_only: bool = False, parent=None):
        super().__init__(parent)
        self.path = Path(path)
        self.read_only = read_only
        self.read_only_reason = OPENED_READ_ONLY
        self.lock = None
        if not read_only:                 # one editing window per file (a stale lock of a dead process is taken over)
            self.lock = QLockFile(str(lock_path(self.path)))
            self.lock.setStaleLockTime(0)
            if self.path.exists() and not self.lock.tryLock(0):
                raise FileInUse(f"文件正在另一个窗口中编辑：{self.path.name}")
        try:
            self.file = UnitFile.open(self.path, read_only=read_only)   # StorageError: the caller says why
        except Exception:
            self._unlock()
            raise
        try:
            self.session = self.file.session(current_user())
        except Exception:
            self.file.close()
            self._unlock()
            raise
        self.session.subscribe(self.changed.emit)
        if not read_only and review_state(self.file).signed is not None:   # locked from the first paint
            self.read_only, self.read_only_reason = True, SIGNED_OFF          # (review_panel unlocks on 撤销签发)

    @property
    def signed_off(self) -> bool:
        return self.read_only_reason == SIGNED_OFF

    @property
    def unit(self):
        return self.session.unit

    def _edit(self, operation, *args, **kw):
        if self.read_only:
            self.refused.emit(self.read_only_reason)
            return None
        try:
            return operation(*args, **kw)
        except EditError as exc:
            self.refused.emit(str(exc))
            return None

    # ---- edits: each one step of the session -------------------------------------------------------
    def set_value(self, key, value) -> None:
        self._edit(self.session.set_value, *key, value)

    def set_values(self, items, label: str = "粘贴") -> None:
        self._edit(self.session.set_values, [(*key, value) for key, value in items], label)

    def add_row(self, table_id: str, key: str, name: str = "") -> None:
        self._edit(self.session.add_row, table_id, key, name)

    def remove_rows(self, table_id: str, keys) -> None:
        def remove():
            with self.session.step("删除行"):
                for key in keys:
                    self.session.remove_row(table_id, key)
        self._edit(remove)

    def set_narrative(self, text: str) -> None:
        if text != self.unit.narrative:
            self._edit(self.session.set_narrative, text)

    def apply_import(self, plan, label: str) -> None:
        self._edit(self.session.apply_import, plan, label)

    def set_meta(self, **fields) -> None:
        self._edit(self.session.set_meta, **fields)

    def undo(self):
        return self._edit(self.session.undo) if self.can_undo() else None

    def redo(self):
        return self._edit(self.session.redo) if self.can_redo() else None

    def can_undo(self) -> bool:
        return not self.read_only and self.session.can_undo()

    def can_redo(self) -> bool:
        return not self.read_only and self.session.can_redo()

    def undo_label(self) -> str:
        return self.session.undo_label() or ""

    def redo_label(self) -> str:
        return self.session.redo_label() or ""

    def close(self) -> None:
        self.file.close()
        self._unlock()

    def _unlock(self) -> None:
        if self.lock is not None and self.lock.isLocked():
            self.lock.unlock()

