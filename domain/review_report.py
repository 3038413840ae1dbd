"""The review report (`python main.py review FILE [--pdf]`, the GUI's 导出审核报告): sign-off state,
findings with their explanations, flags with their threads — as lines any printer can render
(cli/review_cmd.py as text, export/review_pdf.py as a PDF)."""
from __future__ import annotations

from dataclasses import dataclass

from .checks.finding import SEVERITY_NAMES, SEVERITY_ORDER
from .checks.naming import cell_name
from .review import EXPLAIN, FLAG, STATUS_NAMES, ReviewState, Target, locate, unexplained

TITLE, HEADING, ITEM, DETAIL = 0, 1, 2, 3


@dataclass(frozen=True)
class Line:
    level: int           # TITLE, HEADING, ITEM, DETAIL
    text: str


def target_name(unit, target: Target, findings=()) -> str:
    """Where a flag is, in words; says so when a quoted span's text is gone or a finding no longer occurs."""
    if target.cell:
        table = target.cell[0]
        return cell_name(unit, target.cell) if unit.template.has(table) else "/".join(target.cell)
    if target.anchor:
        quote = target.anchor.quote if len(target.anchor.quote) <= 30 else target.anchor.quote[:30] + "…"
        gone = "" if locate(target.anchor, unit.narrative) else "（原文已被删改，找不到这段文字）"
        return f"说明中“{quote}”{gone}"
    finding = next((f for f in findings if f.id == target.finding_id), None)
    return f"核对发现：{finding.message}" if finding else f"核对发现 {target.finding_id}（现已不再出现）"


def _time(at: str) -> str:
    return at.replace("T", " ")


def review_report(unit, findings, state: ReviewState) -> list[Line]:
    lines = [Line(TITLE, f"{unit.meta.unit_name} {unit.meta.year}年度 部门决算公开 审核报告")]
    signed = state.signed
    lines.append(Line(HEADING, "签发状态"))
    lines.append(Line(ITEM, f"已由审核人{signed.reviewer}于{_time(signed.at)}签发" + (f"：{signed.note}" if signed.note else "")
                      if signed else "未签发"))
    for s in state.signoffs:
        verb = "签发" if s.kind == "signoff" else "撤销签发"
        lines.append(Line(DETAIL, f"{_time(s.at)} {s.reviewer} {verb}" + (f"：{s.note}" if s.note else "")))
    counts = {sev: sum(1 for f in findings if f.severity == sev) for sev in SEVERITY_ORDER}
    open_flags = state.open_flags()
    lines.append(Line(HEADING, "核对发现"))
    lines.append(Line(ITEM, "，".join(f"{SEVERITY_NAMES[s]} {n} 个" for s, n in counts.items())
                      + f"；未说明的警告 {len(unexplained(findings, state))} 个；待处理标记 {len(open_flags)} 个"))
    for f in sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity]):
        explained = state.explanation(f.id)
        mark = "（已说明）" if explained else ""
        lines.append(Line(ITEM, f"[{SEVERITY_NAMES[f.severity]}]{mark} {f.message}（{f.rule}）"))
        if explained:
            for c in explained.comments:
                lines.append(Line(DETAIL, f"说明 {c.author}（{c.role}）{_time(c.at)}：{c.body}"))
    flags = [fl for fl in state.flags if fl.kind == FLAG]
    lines.append(Line(HEADING, f"标记与讨论（{len(flags)} 个，待处理 {len(open_flags)} 个）"))
    if not flags:
        lines.append(Line(ITEM, "无"))
    for fl in flags:
        lines.append(Line(ITEM, f"第 {fl.id} 号［{STATUS_NAMES[fl.status]}］{target_name(unit, fl.target, findings)}"))
        for c in fl.comments:
            lines.append(Line(DETAIL, f"{_time(c.at)} {c.author}（{c.role}）：{c.body}"))
    stale = [fl for fl in state.flags if fl.kind == EXPLAIN and not any(f.id == fl.target.finding_id for f in findings)]
    if stale:
        lines.append(Line(HEADING, "已不再出现的警告的说明"))
        for fl in stale:
            lines.append(Line(ITEM, f"{fl.target.finding_id}：{fl.comments[0].body if fl.comments else ''}"))
    return lines


def as_text(lines: list[Line]) -> str:
    out = []
    for line in lines:
        if line.level == HEADING:
            out.append("")
        out.append("  " * max(0, line.level - 1) + line.text)
    return "\n".join(out)
