"""Is the unit file what its change log says it is? (`python main.py verify FILE`, the GUI's banner)

1. The hash chain (storage/chain.py): no entry edited, deleted or inserted behind the program's back.
2. The data against the log: replaying every entry from an empty unit gives exactly the cells
   (all but stored derived values, which are recomputed on load), rows, table notes and narrative
   in the file, and each unit fact changed in the log has its last logged value.
3. The review tables against the log's review entries (flags, their statuses, comments, sign-offs).
The first disagreement is reported, naming the entry (`Break`).
"""
from __future__ import annotations

import json

from domain.edits import META_FIELDS, CellEdit, MetaEdit, NarrativeEdit, NoteEdit, RowEdit
from domain.review import REVIEW_ACTIONS

from .chain import Break, check_chain
from .errors import StorageError
from .journal import edit_of
from .review_store import COMMENT_COLUMNS, FLAG_COLUMNS, SIGNOFF_COLUMNS
from .schema import CHAIN_VERSION

NOT_LOGGED = "（无记录）"
SOURCES = {"entered": "录入", "imported": "导入", "derived": "自动计算"}


def audit(file) -> Break | None:
    """The first break, or None. StorageError for a file of a schema before the chain (opened
    read-only, so not upgraded): there is nothing to verify yet."""
    conn = file.conn
    if conn.execute("PRAGMA user_version").fetchone()[0] < CHAIN_VERSION:
        raise StorageError(f"此文件由旧版本程序保存，修改记录还没有哈希链，无法校验：{file.path}；"
                           "用本程序以可编辑方式打开一次即可补上")
    with file._transaction(read_only=True):
        return check_chain(conn) or _check_data(conn) or _check_review(conn)


def _entries(conn):
    cur = conn.execute("SELECT * FROM change_log ORDER BY id")
    names = [d[0] for d in cur.description]
    for row in cur:
        yield dict(zip(names, row))


def _check_data(conn) -> Break | None:
    cells, rows, notes, narrative, meta = {}, {}, {}, ("", None), {}
    for e in _entries(conn):
        if e["action"] in REVIEW_ACTIONS:
            continue
        if e["step"] is None:            # written before undo steps existed: not enough to replay
            return None
        edit, n = edit_of(e), e["id"]
        if isinstance(edit, CellEdit):
            _put(cells, edit.key, None if edit.new is None else
                 (edit.new.amount, edit.new.text, edit.new.tolerance, edit.new.source), n)
        elif isinstance(edit, RowEdit):
            _put(rows, (edit.table, edit.key), edit.new, n)
        elif isinstance(edit, NoteEdit):
            _put(notes, edit.table, edit.new or None, n)
        elif isinstance(edit, NarrativeEdit):     # a span applies to the text the entries before it made
            if edit.start is not None and narrative[0][edit.start:edit.start + len(edit.old)] != edit.old:
                return Break(n, f"第 {n} 条修改记录改动的说明文字（第 {edit.start + 1} 字起）与之前的记录不符")
            narrative = (edit.spliced(narrative[0]), n)
        elif isinstance(edit, MetaEdit):
            meta[edit.field] = (edit.new, n)
    stored_cells = {(t, r, c): (a, x, tol, s) for t, r, c, a, x, tol, s in conn.execute(
        "SELECT table_id, row_key, col_key, amount, text, tolerance, source FROM cells WHERE source != 'derived'")}
    stored_rows = {(t, r): name for t, r, name in conn.execute("SELECT table_id, row_key, name FROM table_rows")}
    stored_notes = dict(conn.execute("SELECT table_id, note FROM table_notes"))
    for what, logged, stored in (("单元格", cells, stored_cells), ("行", rows, stored_rows),
                                 ("表下说明", notes, stored_notes)):
        for key in sorted(logged.keys() | stored.keys(), key=str):
            new, n = logged.get(key, (None, None))
            if stored.get(key) != new:
                in_file, logged_as = _cell_values(conn, key, stored.get(key), new) if what == "单元格" else \
                    (_show(stored.get(key)), _show(new))
                return Break(n, f"{what} {_name(conn, what, key)} 与修改记录不符："
                                f"文件中为 {in_file}，{_entry(n)}为 {logged_as}")
    text = conn.execute("SELECT text FROM narrative WHERE id = 1").fetchone()
    if (text[0] if text else "") != narrative[0]:
        return Break(narrative[1], f"部门决算说明与修改记录不符（文件中 {len(text[0]) if text else 0} 字，"
                                   f"{_entry(narrative[1])}为 {len(narrative[0])} 字）")
    unit = conn.execute("SELECT unit_name, unit_code, display_unit FROM unit WHERE id = 1").fetchone()
    for i, name in enumerate(("unit_name", "unit_code", "display_unit")):
        if name in meta and unit[i] != meta[name][0]:
            return Break(meta[name][1], f"单位信息 {META_FIELDS[name]} 与修改记录不符：文件中为 {unit[i]}，{_entry(meta[name][1])}为 "
                                        f"{meta[name][0]}")
    return None


def _put(state: dict, key, value, n: int) -> None:
    if value is None:
        state.pop(key, None)
    else:
        state[key] = (value, n)
    # (the tuple keeps the entry that wrote the value, to name it)


def _check_review(conn) -> Break | None:
    flags, comments, signoffs, last = {}, {}, {}, None
    for e in _entries(conn):
        if e["action"] not in REVIEW_ACTIONS:
            continue
        n, p = e["id"], json.loads(e["new_text"] or "{}")
        last = n
        if p.get("comment"):
            comments[p["comment"]["id"]] = (p["comment"], n)
        if e["action"] == "flag":
            flags[p["row"]["id"]] = (dict(p["row"]), n)
        elif e["action"] == "status" and p["flag"] in flags:
            flags[p["flag"]] = ({**flags[p["flag"]][0], "status": p["status"]}, n)
        elif e["action"] in ("signoff", "reopen"):
            signoffs[p["row"]["id"]] = (p["row"], n)
    for table, columns, logged, what in (("review_flags", FLAG_COLUMNS, flags, "标记"),
                                         ("review_comments", COMMENT_COLUMNS, comments, "回复"),
                                         ("signoffs", SIGNOFF_COLUMNS, signoffs, "签发记录")):
        stored = {r[0]: dict(zip(columns, r)) for r in conn.execute(f"SELECT {', '.join(columns)} FROM {table}")}
        for key in sorted(logged.keys() | stored.keys()):
            row, n = logged.get(key, (None, last))
            if stored.get(key) != row:
                state = "不在修改记录中" if row is None else "已不在文件中" if key not in stored else "与修改记录不符"
                return Break(n, f"第 {key} 号{what}{state}（{_entry(n)}）")
    return None


def _unit(conn):
    """The unit's facts and rows (enough to name a cell and show its value), or None."""
    try:
        from domain.unit import UnitData, UnitMeta
        r = conn.execute("SELECT unit_name, year, unit_code, template_year, display_unit FROM unit WHERE id = 1").fetchone()
        unit = UnitData(UnitMeta(*r))
        rows: dict = {}
        for t, k, name in conn.execute("SELECT table_id, row_key, name FROM table_rows"):
            rows.setdefault(t, {})[k] = name
        for t, names in rows.items():
            unit.set_rows(t, names)
        return unit
    except Exception:          # naming is a courtesy; the key alone still names the cell
        return None


def _name(conn, what: str, key) -> str:
    """A cell as the tables print it (表5 2010301 行政运行·基本支出 (T5/2010301/basic)), else its key."""
    plain = "/".join(key) if isinstance(key, tuple) else key
    unit = _unit(conn) if what == "单元格" else None
    if unit is None:
        return plain
    try:
        from domain.checks.naming import cell_name
        return f"{cell_name(unit, key)}（{plain}）"
    except Exception:
        return plain


def _cell_values(conn, key, in_file, logged) -> tuple[str, str]:
    """A cell's value in the file and in the log as a clerk reads them: amounts in the unit's display
    unit with two decimals (in 元 when that shows both alike: exact to the 分), counts, texts; when
    even those agree, what differs is the source or the rounding tolerance, so that is shown too."""
    from domain.layout import value_text
    unit = _unit(conn)
    if unit is None:
        return _show(in_file), _show(logged)

    def shown(value, money_unit=None, detail=False) -> str:
        if value is None:
            return "（空）"
        text = value_text(unit, key, value[0], value[1], money_unit)
        return f"{text}（{SOURCES.get(value[3], value[3])}，允许误差 {value_text(unit, key, value[2] or 0, None, '元')}）" if detail else text
    for options in ({}, {"money_unit": "元"}, {"money_unit": "元", "detail": True}):
        pair = shown(in_file, **options), shown(logged, **options)
        if pair[0] != pair[1]:
            break
    return pair


def _entry(n) -> str:
    return f"第 {n} 条修改记录" if n else "修改记录"


def _show(value) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, tuple):
        amount, text = value[0], value[1]
        return f"“{text}”" if text is not None else str(amount)
    return f"“{value}”"
