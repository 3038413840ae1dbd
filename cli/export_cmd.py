"""`python main.py export FILE [--pdf OUT.pdf] [--xlsx OUT.xlsx] [--force]` (导出).

Refuses (exit 2, one Chinese line) while the checks find errors, unless --force: a forced export
says so on its cover page (PDF) and first sheet (Excel)."""
from __future__ import annotations

import sys

from domain.checks import ERROR, run_checks
from domain.document import document
from domain.review import signoff_line
from export import ExportError
from storage.review_store import review_state
from storage.unit_file import UnitFile

from .errors import EXIT_OK, CliError
from .parser import output_file


def register(sub) -> None:
    p = sub.add_parser("export", help="导出公开用的 PDF 和 Excel 报表")
    p.add_argument("file", help="单位文件（.jsgk）")
    p.add_argument("--pdf", type=output_file(".pdf"), metavar="OUT.pdf", help="导出 PDF（封面、目录、报表、说明）")
    p.add_argument("--xlsx", type=output_file(".xlsx"), metavar="OUT.xlsx", help="导出 Excel 报表（每表一页，官方格式）")
    p.add_argument("--force", action="store_true", help="有核对错误时仍然导出（封面注明含未解决的错误）")
    p.set_defaults(run=run)


def run(args) -> int:
    if not args.pdf and not args.xlsx:
        raise CliError("请用 --pdf 或 --xlsx 指定导出文件")
    with UnitFile.open(args.file) as f:
        unit = f.load()
        signed = signoff_line(review_state(f))          # a signed-off unit's export states signer and time
    errors = [f for f in run_checks(unit) if f.severity == ERROR]
    if errors and not args.force:
        raise CliError(f"核对发现 {len(errors)} 个错误，未导出：请先修正（check 命令列出全部错误），或加 --force 强制导出")
    forced = bool(errors)
    from export.pdf import export_pdf
    from export.xlsx import export_xlsx
    try:
        if args.pdf:
            for finding in document(unit).findings:
                print(f"提示：{finding.message}", file=sys.stderr)
            export_pdf(unit, args.pdf, forced=forced, signed=signed)
            print(f"已导出 {args.pdf}")
        if args.xlsx:
            export_xlsx(unit, args.xlsx, forced=forced, signed=signed)
            print(f"已导出 {args.xlsx}")
    except ExportError as exc:
        raise CliError(str(exc)) from None
    return EXIT_OK
