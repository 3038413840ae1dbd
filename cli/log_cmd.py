"""`python main.py log FILE [--json] [--last N]` (修改记录): every change with who, when, old → new.

Entries are grouped by step (one edit, paste, import, undo or redo); the JSON form gives every
stored column; a narrative entry gives the whole old and new text (the file stores only the changed
span, shown as `span`: start, old, new; see storage/journal.py).
"""
from __future__ import annotations

import json

from domain.edits import META_FIELDS
from domain.layout import value_text
from domain.review import REVIEW_ACTIONS, describe_event
from storage.journal import history, with_whole_narrative
from storage.unit_file import UnitFile

from .errors import EXIT_OK
from .parser import positive_int



def register(sub) -> None:
    p = sub.add_parser("log", help="查看修改记录（谁、何时、由何改为何），可撤销的步骤带编号")
    p.add_argument("file", help="单位文件（.jsgk）")
    p.add_argument("--json", action="store_true", help="以 JSON 数组输出全部记录（含说明全文）")
    p.add_argument("--last", type=positive_int, metavar="N", help="只显示最近 N 步")
    p.set_defaults(run=run)


def run(args) -> int:
    with UnitFile.open(args.file) as f:
        entries = history(f)
        unit = f.load()
    if args.json:
        entries = with_whole_narrative(entries)
    groups: list[list[dict]] = []
    for e in entries:
        if groups and e["step"] is not None and groups[-1][0]["step"] == e["step"]:
            groups[-1].append(e)
        else:
            groups.append([e])
    if args.last:
        groups = groups[-args.last:]
    if args.json:
        print(json.dumps([e for g in groups for e in g], ensure_ascii=False, indent=1))
        return EXIT_OK
    if not groups:
        print("没有修改记录。")
        return EXIT_OK
    lines = []
    for group in groups:
        head = group[0]
        title = f"第{head['step']}步 {head['step_label']}" if head["step"] is not None else \
            "审核" if head["action"] in REVIEW_ACTIONS else head["action"]
        lines.append(f"{head['at'].replace('T', ' ')}  {head['who']}  {title}（{len(group)} 项）")
        for e in group[:20]:
            lines.append("    " + describe(unit, e))
        if len(group) > 20:
            lines.append(f"    …… 另有 {len(group) - 20} 项")
    print("\n".join(lines))
    return EXIT_OK


def describe(unit, e: dict) -> str:
    """One entry in words: 表5 2010301 行政运行·基本支出：2,415.42 → 2,515.42 万元."""
    table, row, col = e["table_id"], e["row_key"], e["col_key"]
    if e["action"] in REVIEW_ACTIONS:         # flags, comments, sign-off (storage/review_store.py)
        return describe_event(e["action"], json.loads(e["new_text"] or "{}"))
    if table and row and col and unit.template.has(table):
        from domain.checks.naming import cell_name
        name = cell_name(unit, (table, row, col))
        old, new = _cell_text(unit, (table, row, col), e, "old"), _cell_text(unit, (table, row, col), e, "new")
        return f"{name}：{old} → {new}"
    if table and row:
        if e["old_text"] is None:
            return f"{_table(unit, table)}添加行 {row} {e['new_text'] or ''}".rstrip()
        if e["new_text"] is None:
            return f"{_table(unit, table)}删除行 {row} {e['old_text'] or ''}".rstrip()
        return f"{_table(unit, table)}行 {row} 改名：{e['old_text']} → {e['new_text']}"
    if table:
        return f"{_table(unit, table)}表下说明：{_quote(e['old_text'])} → {_quote(e['new_text'])}"
    if col:
        return f"{META_FIELDS.get(col, col)}：{e['old_text']} → {e['new_text']}"
    if e["old_amount"] is not None:           # logged as its changed span
        return f"部门决算说明第 {e['old_amount'] + 1} 字起：{_fragment(e['old_text'])} → {_fragment(e['new_text'])}"
    return f"部门决算说明：{len(e['old_text'] or '')} 字 → {len(e['new_text'] or '')} 字（全文见 --json）"


def _fragment(text: str | None, limit: int = 40) -> str:
    text = text or ""
    if not text:
        return "（无）"
    return f"“{text}”" if len(text) <= limit else f"“{text[:limit]}…”（{len(text)} 字）"


def _cell_text(unit, key, e: dict, side: str) -> str:
    return value_text(unit, key, e[f"{side}_amount"], e[f"{side}_text"])


def _table(unit, table: str) -> str:
    from domain.checks.naming import table_ref
    return table_ref(unit.template.table(table)) if unit.template.has(table) else table


def _quote(text) -> str:
    return "（无）" if text is None else f"“{text}”"
