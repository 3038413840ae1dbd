"""`python main.py import FILE --xlsx BOOK.xlsx|BOOK.xls [--xlsx MORE …] [--narrative TEXT]` (导入).

Prints the import preview (tables found, rows, totals, warnings), then writes everything in one
transaction, or nothing: warnings must be accepted (--accept-warnings), data already in the unit
file is only overwritten with --replace. `--dry-run` prints the preview and writes nothing.
"""
from __future__ import annotations

from pathlib import Path

from importers import ImportFailure, commit, prepare
from importers.preview import preview_text
from storage.unit_file import UnitFile

from .errors import EXIT_OK, CliError


def register(sub) -> None:
    p = sub.add_parser("import", help="从 Excel 报表（.xlsx/.xls）和说明文件（.txt/.docx）导入")
    p.add_argument("file", help="单位文件（.jsgk）")
    p.add_argument("--xlsx", action="append", default=[], metavar="BOOK",
                   help="工作簿（.xlsx 或 .xls）；可多次指定，一次导入多个文件")
    p.add_argument("--narrative", metavar="TEXT", help="部门决算说明（.txt 或 .docx）")
    p.add_argument("--dry-run", action="store_true", help="只显示导入预览，不写入")
    p.add_argument("--accept-warnings", action="store_true", help="确认预览中的警告，照常导入")
    p.add_argument("--replace", action="store_true", help="覆盖单位文件中已有的数据（原数值保留在修改记录中）")
    p.set_defaults(run=run)


def run(args) -> int:
    if not args.xlsx and not args.narrative:
        raise CliError("请用 --xlsx 指定要导入的工作簿，或用 --narrative 指定说明文件")
    with UnitFile.open(args.file) as file:
        unit = file.load()
        try:
            plan = prepare(unit, [Path(p) for p in args.xlsx], Path(args.narrative) if args.narrative else None)
        except ImportFailure as exc:
            raise CliError(f"{exc}（未写入任何数据）") from None
        print(preview_text(plan, Path(args.file).name))
        if args.dry_run:
            needed = (["--accept-warnings"] if plan.warnings else []) + (["--replace"] if plan.replaced else [])
            print("\n这是预览，未写入任何数据。" + (f"正式导入时需加 {' '.join(needed)}。" if needed else ""))
            return EXIT_OK
        if plan.warnings and not args.accept_warnings:
            raise CliError(f"有 {len(plan.warnings)} 条警告，未写入任何数据；核对无误后加 --accept-warnings 重新导入")
        if plan.replaced and not args.replace:
            raise CliError(f"单位文件中已有数据（{'、'.join(plan.replaced)}），未写入任何数据；"
                           "如要用导入的数据覆盖，请加 --replace（原数值保留在修改记录中）")
        entries = commit(plan, file, accept_warnings=args.accept_warnings, replace=args.replace)
    print(f"\n已导入 {args.file}：{len(plan.tables)} 张表" + ("及部门决算说明" if plan.narrative else "") +
          f"，修改记录 {entries} 条。")
    return EXIT_OK
