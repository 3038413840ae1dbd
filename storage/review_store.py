"""Review in the unit file: flags and their threads (review_flags, review_comments), sign-offs
(signoffs), each action written in one transaction together with a chained change_log entry
(action flag/comment/status/signoff/reopen, the written rows as JSON in new_text, who = the
person's name), so `verify` can check these tables against the log as it checks the data.
The rules (who may do what, when a unit may be signed off) are domain/review.py's.
"""
from __future__ import annotations

import json
from datetime import datetime

from domain.edits import EditError
from domain.review import (EXPLAIN, EXPLAINED, FLAG, OPEN, RESOLVED, Anchor, Comment, Flag, Identity, ReviewError,
                           ReviewState, SignOff, Target, can_explain, require_not_signed, require_reviewer,
                           require_text, signoff_blockers)

from .chain import append
from .errors import StorageError

FLAG_COLUMNS = ("id", "kind", "table_id", "row_key", "col_key", "span_start", "span_end", "quote", "quote_before",
                "quote_after", "finding_id", "rule", "status", "created_by", "role", "created_at")
COMMENT_COLUMNS = ("id", "flag_id", "author", "role", "created_at", "body")
SIGNOFF_COLUMNS = ("id", "kind", "reviewer", "signed_at", "note")


class SignedOff(StorageError, EditError):
    """A write refused because the unit is signed off (exit 2 on the command line, a message in the GUI)."""


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def refuse_if_signed_off(conn) -> None:
    """Called before every step is written (storage/journal.py): a signed-off unit is read-only."""
    last = conn.execute("SELECT kind, reviewer, signed_at FROM signoffs ORDER BY id DESC LIMIT 1").fetchone()
    if last and last[0] == "signoff":
        raise SignedOff(f"此单位已由审核人{last[1]}于{last[2].replace('T', ' ')}签发，数据只读；"
                        "如需修改，请审核人先撤销签发并说明原因")


def where(target: Target) -> str:
    if target.cell:
        return ".".join(target.cell)
    if target.anchor:
        return f"“{target.anchor.quote}”"
    return target.finding_id


class ReviewStore:
    def __init__(self, file):
        self.file = file
        self.conn = file.conn

    # ---- reading ----
    def state(self) -> ReviewState:
        comments: dict[int, list[Comment]] = {}
        for r in self._rows("review_comments", COMMENT_COLUMNS):
            comments.setdefault(r["flag_id"], []).append(Comment(r["id"], r["author"], r["role"], r["created_at"],
                                                                 r["body"]))
        flags = tuple(_flag(r, tuple(comments.get(r["id"], ()))) for r in self._rows("review_flags", FLAG_COLUMNS))
        signoffs = tuple(SignOff(r["id"], r["kind"], r["reviewer"], r["signed_at"], r["note"])
                         for r in self._rows("signoffs", SIGNOFF_COLUMNS))
        return ReviewState(flags, signoffs)

    def _rows(self, table: str, columns) -> list[dict]:
        cur = self.conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id")
        return [dict(zip(columns, r)) for r in cur.fetchall()]

    # ---- actions: each one transaction, one chained log entry ----
    def flag(self, identity: Identity, target: Target, body: str) -> int:
        """A 审核人 flags a cell, a narrative span or a finding, with a comment."""
        require_reviewer(identity, "添加标记")
        return self._new_flag(identity, FLAG, target, OPEN, require_text(body, "标记的意见"), rule="")

    def explain(self, identity: Identity, finding, body: str) -> int:
        """The clerk's 说明 of a warning: why it is acceptable. The finding then shows as explained."""
        can_explain(finding)
        state = self.state()
        if state.explanation(finding.id) is not None:
            raise ReviewError("这条警告已有说明；可在其下回复")
        return self._new_flag(identity, EXPLAIN, Target(finding_id=finding.id), EXPLAINED,
                              require_text(body, "说明"), rule=finding.rule)

    def _new_flag(self, identity, kind, target: Target, status: str, body: str, rule: str) -> int:
        with self.file._transaction():
            require_not_signed(self.state(), "添加标记或说明")
            at = _now()
            a = target.anchor
            row = {"kind": kind, "table_id": None, "row_key": None, "col_key": None,
                   "span_start": a.start if a else None, "span_end": a.start + len(a.quote) if a else None,
                   "quote": a.quote if a else None, "quote_before": a.before if a else None,
                   "quote_after": a.after if a else None, "finding_id": target.finding_id, "rule": rule,
                   "status": status, "created_by": identity.name, "role": identity.role, "created_at": at}
            if target.cell:
                row["table_id"], row["row_key"], row["col_key"] = target.cell
            row["id"] = self._insert("review_flags", row)
            comment = self._comment_row(identity, row["id"], body, at)
            self._log(identity, "flag", {"flag": row["id"], "kind": kind, "where": where(target), "body": body,
                                         "role": identity.role, "row": row, "comment": comment}, at)
        return row["id"]

    def comment(self, identity: Identity, flag_id: int, body: str) -> int:
        """An answer in a flag's thread (anyone)."""
        body = require_text(body, "回复内容")
        with self.file._transaction():
            state = self.state()
            state.flag(flag_id)
            require_not_signed(state, "回复")
            at = _now()
            comment = self._comment_row(identity, flag_id, body, at)
            self._log(identity, "comment", {"flag": flag_id, "body": body, "role": identity.role, "comment": comment}, at)
        return comment["id"]

    def resolve(self, identity: Identity, flag_id: int, body: str = "") -> None:
        require_reviewer(identity, "解决标记")
        self._status(identity, flag_id, RESOLVED, (body or "").strip(), lambda f: f.is_open, "这个标记不是待处理状态")

    def reopen_flag(self, identity: Identity, flag_id: int, reason: str) -> None:
        require_reviewer(identity, "重新打开标记")
        self._status(identity, flag_id, OPEN, require_text(reason, "重新打开的原因"), lambda f: not f.is_open,
                     "这个标记已是待处理状态")

    def _status(self, identity, flag_id: int, status: str, body: str, allowed, refusal: str) -> None:
        with self.file._transaction():
            state = self.state()
            flag = state.flag(flag_id)
            require_not_signed(state, "更改标记")
            if not allowed(flag):
                raise ReviewError(refusal)
            at = _now()
            self.conn.execute("UPDATE review_flags SET status = ? WHERE id = ?", (status, flag_id))
            comment = self._comment_row(identity, flag_id, body, at) if body else None
            self._log(identity, "status", {"flag": flag_id, "status": status, "body": body, "role": identity.role,
                                           "comment": comment}, at)

    def sign_off(self, identity: Identity, findings, note: str = "") -> int:
        """A 审核人 signs the unit off when no error finding and no open flag remain."""
        require_reviewer(identity, "签发")
        with self.file._transaction():
            state = self.state()
            require_not_signed(state, "再次签发")
            blockers = signoff_blockers(findings, state)
            if blockers:
                raise ReviewError(f"不能签发：{'，'.join(blockers)}")
            return self._signoff_row(identity, "signoff", (note or "").strip())

    def reopen(self, identity: Identity, reason: str) -> int:
        """A 审核人 lifts the sign-off, with a reason; the data can be changed again (and is logged)."""
        require_reviewer(identity, "撤销签发")
        reason = require_text(reason, "撤销签发的原因")
        with self.file._transaction():
            if self.state().signed is None:
                raise ReviewError("此单位尚未签发")
            return self._signoff_row(identity, "reopen", reason)

    # ---- rows ----
    def _insert(self, table: str, row: dict) -> int:
        cols = [c for c in row if c != "id"]
        return self.conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                                 [row[c] for c in cols]).lastrowid

    def _comment_row(self, identity, flag_id: int, body: str, at: str) -> dict:
        row = {"flag_id": flag_id, "author": identity.name, "role": identity.role, "created_at": at, "body": body}
        row["id"] = self._insert("review_comments", row)
        return row

    def _signoff_row(self, identity, kind: str, note: str) -> int:
        at = _now()
        row = {"kind": kind, "reviewer": identity.name, "signed_at": at, "note": note}
        row["id"] = self._insert("signoffs", row)
        self._log(identity, kind, {"body": note, "role": identity.role, "row": row}, at)
        return row["id"]

    def _log(self, identity, action: str, payload: dict, at: str) -> None:
        append(self.conn, [{"at": at, "who": identity.name, "action": action,
                            "new_text": json.dumps(payload, ensure_ascii=False, sort_keys=True)}])


def _flag(r: dict, comments: tuple) -> Flag:
    if r["finding_id"] is not None:
        target = Target(finding_id=r["finding_id"])
    elif r["quote"] is not None:
        target = Target(anchor=Anchor(r["quote"], r["quote_before"] or "", r["quote_after"] or "", r["span_start"] or 0))
    else:
        target = Target(cell=(r["table_id"], r["row_key"], r["col_key"]))
    return Flag(r["id"], r["kind"], target, r["status"], r["created_by"], r["role"], r["created_at"], comments)


def review_state(file) -> ReviewState:
    return ReviewStore(file).state()
