"""`python main.py draft FILE [--out TEXT.docx|.txt] [--update]` (生成说明).

Without a narrative in the unit: writes the draft from the tables into the unit (or to --out).
With one: refuses unless --update, which brings the figures of the clerk's text up to date,
adds the missing sections and keeps every word the clerk wrote (each change is listed); or --out,
which writes a separate draft and leaves the unit alone. Exit 0, or 2 on bad input.
"""
from __future__ import annotations

from pathlib import Path

from domain.checks import run_checks
from domain.narrative.draft import apply_draft, draft_narrative, update_narrative
from domain.narrative.drafting.wording import WordingError, load_wording
from domain.os_reason import os_reason
from storage.unit_file import UnitFile

from .errors import EXIT_OK, CliError

OUT_KINDS = (".txt", ".docx")
FILL_IN_RULE = "N-LEFTOVER-FILL-IN"


def register(sub) -> None:
    p = sub.add_parser("draft", help="按报表生成（或更新）部门决算说明")
    p.add_argument("file", help="单位文件（.jsgk）")
    p.add_argument("--out", metavar="TEXT.docx|.txt", help="把说明写到文件（不改动单位文件）")
    p.add_argument("--update", action="store_true", help="更新已有说明中的数字并补上缺少的部分，保留已写的原因")
    p.set_defaults(run=run)


def run(args) -> int:
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in OUT_KINDS:
        raise CliError(f"--out 只能是 .txt 或 .docx 文件：{out.name}")
    with UnitFile.open(args.file) as f:
        session = f.session()
        unit = session.unit
        try:
            load_wording(unit.meta.year)
        except WordingError as exc:
            raise CliError(str(exc)) from None
        had_text = bool(unit.narrative.strip())
        if had_text and not args.update and out is None:
            raise CliError("本单位已有部门决算说明：用 --update 更新其中的数字（保留已写的原因），或用 --out 另存一份新稿")
        if out is not None:
            text, changes = update_narrative(unit, unit.narrative) if had_text and args.update else (draft_narrative(unit), None)
            _write(out, text)
        else:
            before = unit.narrative
            text, changes = apply_draft(session)
            if not had_text:
                changes = None
        if changes is not None:
            _report(changes)
        else:
            print(f"已按报表生成 {unit.meta.unit_name} {unit.meta.year}年度部门决算说明（{len(text)} 字）。")
        if out is not None:
            print(f"已写入 {out}")
        elif text != before:
            print(f"已保存到 {args.file}（可在界面中撤销这一步）")
    marked = unit.copy()
    marked.narrative = text
    left = len(run_checks(marked, [FILL_IN_RULE]))
    if left:
        print(f"还有 {left} 处【请填写…】待填写（check 命令逐一列出）。")
    return EXIT_OK


def _report(changes) -> None:
    if not changes:
        print("说明中的数字与报表一致，没有需要更新的内容。")
        return
    for c in changes:
        if c.added:
            print(f"新增部分：{c.section}")
        else:
            print(f"[{c.section}]\n  原：{c.old}\n  新：{c.new}")
            if c.review:
                print("  注意：增减方向已变，请复核这句中已写的原因。")
    updated = sum(1 for c in changes if not c.added)
    print(f"共更新 {updated} 句，新增 {len(changes) - updated} 个部分。")


def _write(path: Path, text: str) -> None:
    try:
        if path.suffix.lower() == ".txt":
            path.write_text(text, encoding="utf-8")
            return
        from docx import Document
        doc = Document()
        for line in text.rstrip("\n").split("\n"):
            doc.add_paragraph(line)
        doc.save(str(path))
    except OSError as exc:
        raise CliError(f"无法写入 {path}：{os_reason(exc)}") from None
