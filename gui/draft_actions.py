"""The 说明 menu's drafting actions (added with `window.add_narrative_action`):

* 生成说明 — draft the 部门决算说明 from the tables, or, when the unit has one, update its figures
  and add the missing sections while keeping every word the clerk wrote; one undoable step.
* 关联上年数… — take last year's unit file: this year's 上年数 (X1, and X4 by 类) from its tables, one undoable step;
  last year's 项 rows this year lacks are listed for the clerk.
"""
from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from domain.edits import EditError
from domain.narrative.draft import apply_draft
from domain.prior import PriorError, link_prior, other_unit_note, proposed_rows
from storage.unit_file import StorageError, UnitFile

FILE_FILTER = "单位文件 (*.jsgk)"


def install(window) -> None:
    for name, text, tip, slot in (
            ("draft", "生成说明", "按报表生成部门决算说明；已有说明时只更新数字、补上缺少的部分，保留已写的原因（可撤销）",
             lambda: draft(window)),
            ("link-prior", "关联上年数…", "选择上年的单位文件，填入说明“比上年增加…”所需的上年数（可撤销）",
             lambda: link(window))):
        action = QAction(text, window)
        action.setObjectName(f"action-{name}")
        action.setProperty("accessibleName", text.rstrip("…"))
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        window.add_narrative_action(action)


def _editable(window):
    document = window.document
    if document is None:
        return None
    if document.read_only:
        window.show_message(document.read_only_reason)
        return None
    window.narrative.flush()             # the clerk's typing first: it is what the update keeps
    return document


def draft(window) -> list:
    """Draft or update the narrative as one step; returns the changes (for scripts and tests)."""
    document = _editable(window)
    if document is None:
        return []
    had_text = bool(document.unit.narrative.strip())
    try:
        _text, changes = apply_draft(document.session)
    except EditError as exc:
        window.show_message(str(exc))
        return []
    if not had_text:
        window.show_message("已按报表生成部门决算说明；【请填写…】处请写上实际内容（撤销可恢复）")
    elif not changes:
        window.show_message("说明中的数字与报表一致，没有需要更新的内容")
    else:
        updated = sum(1 for c in changes if not c.added)
        review = sum(1 for c in changes if c.review)
        window.show_message(f"已更新说明：{updated} 句数字，新增 {len(changes) - updated} 个部分（撤销可恢复）"
                            + (f"；其中 {review} 句的增减方向已变，请复核其中已写的原因" if review else ""))
    window.show_page("narrative")
    return changes


def link(window, path: str | None = None) -> list:
    """Fill the 上年数 from last year's file (asked for when `path` is None); returns the X1/X4 changes."""
    document = _editable(window)
    if document is None:
        return []
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, "选择上年的单位文件", "", FILE_FILTER)
        if not path:
            return []
    try:
        with UnitFile.open(path, read_only=True) as f:
            last = f.load()
        rows = proposed_rows(last, document.unit)[0]
        changed = link_prior(document.session, last)
    except (StorageError, PriorError, EditError) as exc:
        QMessageBox.warning(window, "无法关联上年数", str(exc))
        return []
    text = f"已填入 {len(changed)} 个上年数（撤销可恢复）" if changed else "上年数已是上年文件中的数，没有改动"
    note = other_unit_note(last, document.unit)
    if note:
        text = f"{note}。{text}"
    if rows:
        text += f"；上年有、本年缺的科目 {len(rows)} 个：" + "、".join(f"{r.code} {r.name}" for r in rows[:5])
    window.show_message(text)
    return changed
