"""Supervisor review, the pure part: who may do what, flags and their threads, explanations (说明)
of warnings, the sign-off rule, and narrative spans anchored by their quoted text.

A flag is on a table cell, a span of the narrative or a finding (by its stable id). A 审核人 opens
it with a comment; anyone answers in its thread; a 审核人 resolves or reopens it. A warning finding
is 说明-ed by an explanation (a flag of kind `explain`, status `explained`): it still shows, as
explained. A unit may be signed off by a 审核人 when no error finding and no open flag remain;
after that its data is read-only until a 审核人 reopens it with a reason.
Storage (storage/review_store.py) keeps all of it in the unit file, each action a chained log entry.
"""
from __future__ import annotations

from dataclasses import dataclass

CLERK, REVIEWER = "填报人", "审核人"
ROLES = (CLERK, REVIEWER)
OPEN, RESOLVED, EXPLAINED = "open", "resolved", "explained"
STATUS_NAMES = {OPEN: "待处理", RESOLVED: "已解决", EXPLAINED: "已说明"}
FLAG, EXPLAIN = "flag", "explain"
CONTEXT_CHARS = 12          # characters kept either side of a quoted span
LONG_QUOTE, MIN_CONTEXT = 8, 4   # a quote shorter than 8 characters needs 4 characters of its context


class ReviewError(ValueError):
    """A review action refused: one Chinese sentence; nothing was written."""


@dataclass(frozen=True)
class Identity:
    """Who is working: accountability (every change, flag and comment names them), not security."""
    name: str
    role: str

    def __post_init__(self):
        if not self.name.strip():
            raise ReviewError("请填写姓名")
        if self.role not in ROLES:
            raise ReviewError(f"角色只能是{'或'.join(ROLES)}")

    @property
    def is_reviewer(self) -> bool:
        return self.role == REVIEWER

    def __str__(self) -> str:
        return f"{self.name}（{self.role}）"


# ---- what a flag is on ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Anchor:
    """A narrative span remembered by its text: the quote, a little context either side, and
    where it was when last seen (a hint when the quote occurs more than once)."""
    quote: str
    before: str = ""
    after: str = ""
    start: int = 0


def anchor_span(text: str, start: int, end: int) -> Anchor:
    if not 0 <= start < end <= len(text):
        raise ReviewError("请先在说明中选中要标记的文字")
    return Anchor(text[start:end], text[max(0, start - CONTEXT_CHARS):start], text[end:end + CONTEXT_CHARS], start)


def locate(anchor: Anchor, text: str) -> tuple[int, int] | None:
    """Where the quote is in `text` now (the occurrence whose context agrees best, then the nearest
    to where it was); None when the quoted text is gone. A short quote (a figure such as 100万元)
    must also keep some of its context, so it does not jump to the same figure elsewhere."""
    best, best_score = None, None
    n = len(anchor.quote)
    needed = 0 if n >= LONG_QUOTE else min(MIN_CONTEXT, len(anchor.before) + len(anchor.after))
    i = text.find(anchor.quote)
    while i >= 0:
        before, after = text[max(0, i - len(anchor.before)):i], text[i + n:i + n + len(anchor.after)]
        score = (_common_suffix(before, anchor.before) + _common_prefix(after, anchor.after), -abs(i - anchor.start))
        if score[0] >= needed and (best_score is None or score > best_score):
            best, best_score = i, score
        i = text.find(anchor.quote, i + 1)
    return None if best is None else (best, best + n)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


@dataclass(frozen=True)
class Target:
    """A cell (table, row, col), a narrative span (anchor) or a finding (finding_id)."""
    cell: tuple[str, str, str] | None = None
    anchor: Anchor | None = None
    finding_id: str | None = None

    def __post_init__(self):
        if sum(x is not None for x in (self.cell, self.anchor, self.finding_id)) != 1:
            raise ReviewError("标记必须指向一个单元格、一段说明文字或一条核对发现")


# ---- flags and threads ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Comment:
    id: int
    author: str
    role: str
    at: str
    body: str


@dataclass(frozen=True)
class Flag:
    id: int
    kind: str                  # flag | explain
    target: Target
    status: str                # open | resolved | explained
    created_by: str
    role: str
    created_at: str
    comments: tuple[Comment, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    @property
    def answered(self) -> bool:
        """The last word in the thread is not the flag's author's (the clerk has answered)."""
        return bool(self.comments) and self.comments[-1].author != self.created_by

    @property
    def people(self) -> set[str]:
        return {self.created_by} | {c.author for c in self.comments}


@dataclass(frozen=True)
class SignOff:
    id: int
    kind: str                  # signoff | reopen
    reviewer: str
    at: str
    note: str


@dataclass(frozen=True)
class ReviewState:
    flags: tuple[Flag, ...] = ()
    signoffs: tuple[SignOff, ...] = ()

    @property
    def signed(self) -> SignOff | None:
        """The sign-off in force, if the last sign-off action was one (not a reopen)."""
        last = self.signoffs[-1] if self.signoffs else None
        return last if last is not None and last.kind == "signoff" else None

    def open_flags(self) -> list[Flag]:
        return [f for f in self.flags if f.kind == FLAG and f.is_open]

    def explanation(self, finding_id: str) -> Flag | None:
        return next((f for f in self.flags if f.kind == EXPLAIN and f.target.finding_id == finding_id
                     and f.status == EXPLAINED), None)

    def flag(self, flag_id: int) -> Flag:
        for f in self.flags:
            if f.id == flag_id:
                return f
        raise ReviewError(f"没有第 {flag_id} 号标记")


# ---- rules -----------------------------------------------------------------------------------------------
def require_reviewer(identity: Identity, what: str) -> None:
    if not identity.is_reviewer:
        raise ReviewError(f"只有审核人可以{what}（当前用户：{identity}）")


def require_not_signed(state: ReviewState, what: str) -> None:
    if state.signed is not None:
        s = state.signed
        raise ReviewError(f"此单位已由{s.reviewer}于{_time(s.at)}签发，不能{what}；如需修改，请审核人先撤销签发并说明原因")


def require_text(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ReviewError(f"请填写{what}")
    return text


def can_explain(finding) -> None:
    """Only warnings are explained; an error must be corrected."""
    if finding.severity != "warning":
        raise ReviewError("只有“警告”可以填写说明；“错误”必须修正")


def unexplained(findings, state: ReviewState) -> list:
    """Warnings without an explanation."""
    return [f for f in findings if f.severity == "warning" and state.explanation(f.id) is None]


def signoff_blockers(findings, state: ReviewState) -> list[str]:
    """Why the unit cannot be signed off yet (empty: it can)."""
    out = []
    errors = sum(1 for f in findings if f.severity == "error")
    if errors:
        out.append(f"还有 {errors} 个错误")
    flags = len(state.open_flags())
    if flags:
        out.append(f"还有 {flags} 个待处理的标记")
    return out


def signoff_line(state: ReviewState) -> str:
    """The statement export prints for a signed-off unit ('' when not signed off)."""
    s = state.signed
    return f"本单位数据已由审核人{s.reviewer}于{_time(s.at)}审核签发" if s else ""


def _time(at: str) -> str:
    return at.replace("T", " ")


# ---- the log's words for review actions --------------------------------------------------------------
REVIEW_ACTIONS = ("flag", "comment", "status", "signoff", "reopen")


def describe_event(action: str, payload: dict) -> str:
    """One review entry of the change log in words (log, review report)."""
    role = f"（{payload['role']}）" if payload.get("role") else ""
    body = payload.get("body") or ""
    if action == "flag":
        what = "填写说明" if payload.get("kind") == EXPLAIN else "标记"
        return f"{what}{role} 第 {payload['flag']} 号 {payload.get('where', '')}：{body}".replace("  ", " ")
    if action == "comment":
        return f"回复{role} 第 {payload['flag']} 号标记：{body}"
    if action == "status":
        verb = {RESOLVED: "解决", OPEN: "重新打开", EXPLAINED: "说明"}.get(payload["status"], payload["status"])
        return f"{verb}{role} 第 {payload['flag']} 号标记" + (f"：{body}" if body else "")
    if action == "signoff":
        return f"签发{role}" + (f"：{body}" if body else "")
    return f"撤销签发{role}，原因：{body}"
