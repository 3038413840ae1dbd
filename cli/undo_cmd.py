"""`python main.py undo FILE` and `python main.py redo FILE` (撤销 / 重做).

The unit file keeps every step (an edit, a paste, an import …) with its old and new values, so the
last step can be undone, and an undone step redone, by any later process — the desktop app's undo
stack is a view of the same history (domain/edits.py, storage/journal.py).
"""
from __future__ import annotations

from storage.unit_file import UnitFile

from .errors import EXIT_OK, CliError


def register(sub) -> None:
    p = sub.add_parser("undo", help="撤销最近一步修改（关闭文件后也可撤销）")
    p.add_argument("file", help="单位文件（.jsgk）")
    p.set_defaults(run=run_undo)
    p = sub.add_parser("redo", help="重做最近撤销的一步")
    p.add_argument("file", help="单位文件（.jsgk）")
    p.set_defaults(run=run_redo)


def run_undo(args) -> int:
    return _step(args.file, redo=False)


def run_redo(args) -> int:
    return _step(args.file, redo=True)


def _step(path, redo: bool) -> int:
    with UnitFile.open(path) as f:
        session = f.session()
        label = session.redo_label() if redo else session.undo_label()
        if label is None:
            raise CliError("没有可以重做的操作" if redo else "没有可以撤销的操作（文件中没有记录可撤销的修改）")
        change = session.redo() if redo else session.undo()
        what = []
        if change.cells:
            what.append(f"{len(change.cells)} 个单元格")
        if change.rows:
            what.append(f"{len(change.rows)} 张表的行")
        if change.notes:
            what.append(f"{len(change.notes)} 条表下说明")
        if change.narrative:
            what.append("部门决算说明")
        if change.meta:
            what.append("单位信息")
        print(f"已{'重做' if redo else '撤销'}：{label}（{'、'.join(what) or '无变化'}）")
    return EXIT_OK
