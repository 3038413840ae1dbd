"""`python main.py review FILE [--pdf OUT.pdf]` (审核报告): findings, flags with their threads,
explanations of warnings and the sign-off state (domain/review_report.py), printed or as a PDF.
Exit 0, or 1 when errors or open flags remain (the unit cannot be signed off yet), 2 on bad input."""
from __future__ import annotations

from domain.checks import run_checks
from domain.review import signoff_blockers
from domain.review_report import as_text, review_report
from storage.review_store import review_state
from storage.unit_file import UnitFile

from .errors import EXIT_FINDINGS, EXIT_OK, CliError
from .parser import output_file


def register(sub) -> None:
    p = sub.add_parser("review", help="审核报告：核对发现、标记与讨论、警告的说明、签发状态")
    p.add_argument("file", help="单位文件（.jsgk）")
    p.add_argument("--pdf", type=output_file(".pdf"), metavar="OUT.pdf", help="同时导出为 PDF")
    p.set_defaults(run=run)


def run(args) -> int:
    with UnitFile.open(args.file) as f:
        unit = f.load()
        state = review_state(f)
    findings = run_checks(unit)
    lines = review_report(unit, findings, state)
    print(as_text(lines))
    if args.pdf:
        from export import ExportError
        from export.review_pdf import export_review_pdf
        try:
            export_review_pdf(lines, args.pdf)
        except ExportError as exc:
            raise CliError(str(exc)) from None
        print(f"已导出 {args.pdf}")
    return EXIT_FINDINGS if signoff_blockers(findings, state) and state.signed is None else EXIT_OK
