"""`python main.py check FILE [--json]` (核对) and `python main.py rules [--markdown]` (规则一览).

check exits 0 when no finding is an error, 1 when any is, 2 on bad input (a missing or damaged file:
storage raises StorageError, main() turns it into one Chinese line and exit 2).
"""
from __future__ import annotations

import json

from domain.checks import ERROR, INFO, WARNING, Finding, run_checks
from domain.checks.catalogue import catalogue_markdown, catalogue_text
from domain.checks.finding import SEVERITY_NAMES
from domain.checks.registry import all_rules
from storage.review_store import review_state
from storage.unit_file import UnitFile

from .errors import EXIT_FINDINGS, EXIT_OK, CliError
from .parser import output_file

NARRATIVE_GROUP = "部门决算说明"
OTHER_GROUP = "其他"


def register(sub) -> None:
    p = sub.add_parser("check", help="核对报表和说明（表内、表间关系等），列出问题")
    p.add_argument("file", help="单位文件（.jsgk），或与 --summary 同用的文件夹")
    p.add_argument("--json", action="store_true", help="以 JSON 数组输出全部发现（格式见 docs/findings.schema.json）")
    p.add_argument("--rule", action="append", metavar="编号", help="只运行指定的规则（可重复；编号见 rules 命令）")
    p.add_argument("--summary", action="store_true", help="FILE 是文件夹：核对其中每个单位文件，输出一张汇总表")
    p.add_argument("--xlsx", type=output_file(".xlsx"), metavar="OUT.xlsx", help="与 --summary 同用：汇总表另存为 Excel")
    p.set_defaults(run=run_check)
    p = sub.add_parser("rules", help="列出全部核对规则（编号、严重程度、名称、说明）")
    p.add_argument("--markdown", action="store_true", help="以 Markdown 输出（即 docs/rules.md 的内容）")
    p.set_defaults(run=run_rules)


def run_check(args) -> int:
    if args.summary:                      # a folder of unit files: cli/summary.py
        from .summary import run_summary
        return run_summary(args)
    if args.xlsx:
        raise CliError("--xlsx 只用于 --summary（汇总核对）")
    known = {r.id for r in all_rules()}
    unknown = [r for r in args.rule or () if r not in known]
    if unknown:
        raise CliError(f"没有这条规则：{'、'.join(unknown)}（用 rules 命令查看全部规则）")
    with UnitFile.open(args.file) as f:
        unit = f.load()
        state = review_state(f)
    findings = run_checks(unit, args.rule or None)
    if args.json:
        print(json.dumps([finding_json(f, state) for f in findings], ensure_ascii=False, indent=1))
    else:
        print(render_findings(unit, findings, {f.id for f in findings if state.explanation(f.id)}))
    return EXIT_FINDINGS if any(f.severity == ERROR for f in findings) else EXIT_OK


def finding_json(finding: Finding, state) -> dict:
    """A finding as `check --json` prints it (docs/findings.schema.json): with `explained` (who,
    when, text) when the warning has been explained in review."""
    out = finding.as_dict()
    explanation = state.explanation(finding.id)
    if explanation is not None:
        text = explanation.comments[0].body if explanation.comments else ""
        out["explained"] = {"who": explanation.created_by, "when": explanation.created_at, "text": text}
    return out


def run_rules(args) -> int:
    print(catalogue_markdown() if args.markdown else catalogue_text(), end="\n" if not args.markdown else "")
    return EXIT_OK


def render_findings(unit, findings: list[Finding], explained: set[str] = frozenset()) -> str:
    """The findings for a person: a summary line, then the findings grouped by table; a warning
    the clerk has explained (审核 说明) is marked so, not hidden."""
    counts = {s: sum(1 for f in findings if f.severity == s) for s in (ERROR, WARNING, INFO)}
    head = f"核对 {unit.meta.unit_name} {unit.meta.year}年度："
    if not findings:
        return head + "没有发现问题。"
    summary = "，".join(f"{SEVERITY_NAMES[s]} {n} 个" for s, n in counts.items() if n)
    lines = [head + summary]
    for title, group in _grouped(unit, findings):
        lines += ["", title]
        for f in group:
            mark = "·已说明" if f.id in explained else ""
            lines.append(f"  [{SEVERITY_NAMES[f.severity]}{mark}] {f.message}（{f.rule}）")
    return "\n".join(lines)


def _grouped(unit, findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    order = {t.id: i for i, t in enumerate(unit.template.tables)}
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        first = f.locations[0] if f.locations else None      # where the finding is, first
        if first is not None and first.is_span:
            key = NARRATIVE_GROUP
        elif first is not None and first.table and unit.template.has(first.table):
            key = first.table
        else:
            key = OTHER_GROUP
        groups.setdefault(key, []).append(f)

    def rank(key: str):
        return (order.get(key, len(order) + (0 if key == NARRATIVE_GROUP else 1)), key)

    out = []
    for key in sorted(groups, key=rank):
        title = unit.template.table(key).display_name if key in order else key
        out.append((title, groups[key]))
    return out
