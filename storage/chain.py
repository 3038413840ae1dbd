"""The hash chain over `change_log`: every entry carries the hash of the entry before it
(`prev_hash`) and its own `hash` = SHA-256 of prev_hash and its content (every column, and for an
entry of a step, that step's row: when, who, label, kind, target).

An entry edited, deleted or inserted with an outside SQLite tool breaks the chain at that entry
(`check_chain` names it). There is no secret key: this is tamper-evidence against changes made
behind the program's back, not protection against someone who recomputes the whole chain with
this algorithm (see README, 审核与签发).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

# the change_log columns an entry's content is made of, in this order (prev_hash and hash excluded)
COLUMNS = ("id", "at", "who", "action", "table_id", "row_key", "col_key", "old_amount", "new_amount", "old_text",
           "new_text", "old_tolerance", "new_tolerance", "old_source", "new_source", "step")
STEP_COLUMNS = ("id", "at", "who", "label", "kind", "target")


def _content(entry: dict, step: tuple | None) -> bytes:
    return json.dumps([[entry.get(c) for c in COLUMNS], list(step) if step else None], ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def entry_hash(prev_hash: str, entry: dict, step: tuple | None) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\x1e" + _content(entry, step)).hexdigest()


class _Steps:
    """Each step's row, read once per call."""
    def __init__(self, conn):
        self.conn, self.rows = conn, {}

    def __call__(self, step_id):
        if step_id is None:
            return None
        if step_id not in self.rows:
            self.rows[step_id] = self.conn.execute(f"SELECT {', '.join(STEP_COLUMNS)} FROM steps WHERE id = ?",
                                                   (step_id,)).fetchone()
        return self.rows[step_id]


def append(conn, entries: list[dict]) -> list[int]:
    """Append entries (dicts of COLUMNS but id) to change_log, chained; inside the caller's
    write transaction. Returns their ids."""
    last = conn.execute("SELECT id, hash FROM change_log ORDER BY id DESC LIMIT 1").fetchone()
    next_id, prev = (last[0] + 1, last[1] or "") if last else (1, "")
    steps = _Steps(conn)
    rows, ids = [], []
    for entry in entries:
        entry = {**entry, "id": next_id}
        digest = entry_hash(prev, entry, steps(entry.get("step")))
        rows.append((*(entry.get(c) for c in COLUMNS), prev, digest))
        ids.append(next_id)
        prev, next_id = digest, next_id + 1
    conn.executemany(f"INSERT INTO change_log ({', '.join(COLUMNS)}, prev_hash, hash)"
                     f" VALUES ({', '.join('?' * (len(COLUMNS) + 2))})", rows)
    return ids


def seal(conn) -> None:
    """Chain the entries written before the chain existed (migration 3 runs this once). The
    append-only trigger is lifted for the length of this one statement sequence and put back."""
    rows = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM change_log ORDER BY id").fetchall()
    if not rows:
        return
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'change_log_append_only_update'").fetchone()
    conn.execute("DROP TRIGGER IF EXISTS change_log_append_only_update")
    steps, prev = _Steps(conn), ""
    for row in rows:
        entry = dict(zip(COLUMNS, row))
        digest = entry_hash(prev, entry, steps(entry["step"]))
        conn.execute("UPDATE change_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, entry["id"]))
        prev = digest
    if trigger:
        conn.execute(trigger[0])


@dataclass(frozen=True)
class Break:
    """Where the log or the data stops agreeing: the first entry concerned and what is wrong."""
    entry: int | None      # change_log id (None: no single entry, e.g. a step with no entries)
    message: str           # one Chinese sentence naming the entry


def check_chain(conn) -> Break | None:
    """The first break of the chain, or None when every entry is whole and in its place."""
    cur = conn.execute(f"SELECT {', '.join(COLUMNS)}, prev_hash, hash FROM change_log ORDER BY id")
    steps, prev_id, prev_hash = _Steps(conn), 0, ""
    for row in cur:
        entry = dict(zip((*COLUMNS, "prev_hash", "hash"), row))
        n = entry["id"]
        if entry["hash"] is None or entry["prev_hash"] is None:
            return Break(n, f"第 {n} 条修改记录没有哈希值：它是在本程序之外写入或改动的")
        if n != prev_id + 1:
            missing = f"第 {prev_id + 1} 条" if n == prev_id + 2 else f"第 {prev_id + 1}–{n - 1} 条"
            return Break(prev_id + 1, f"{missing}修改记录被删除了（第 {n} 条之前缺少记录）")
        if entry["prev_hash"] != prev_hash:
            where = f"第 {prev_id} 条" if prev_id else "第一条之前的"
            return Break(n, f"第 {n} 条修改记录与{where}记录接不上：{where}记录被改动、删除或替换过")
        if entry_hash(prev_hash, entry, steps(entry["step"])) != entry["hash"]:
            return Break(n, f"第 {n} 条修改记录的内容（或它所属步骤的记录）被改动过")
        prev_id, prev_hash = n, entry["hash"]
    orphan = conn.execute("SELECT id FROM steps WHERE id NOT IN (SELECT step FROM change_log WHERE step IS NOT NULL)"
                          " ORDER BY id LIMIT 1").fetchone()
    if orphan:
        return Break(None, f"第 {orphan[0]} 步操作没有任何修改记录：它的记录被删除了")
    return None
