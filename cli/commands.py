"""Sub-commands. Each returns an exit code: 0 fine, 1 findings of severity error, 2 bad input, 3 internal error."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from domain.demo import build_demo
from domain.layout import table_grid
from domain.os_reason import os_reason
from domain.template import TemplateError, available_years, load_template
from domain.unit import UnitMeta
from storage.unit_file import EXTENSION, StorageError, UnitFile

from . import (check_cmd, copy_cmd, draft_cmd, export_cmd, import_cmd, link_cmd, log_cmd, review_cmd, set_cmd,
               undo_cmd, verify_cmd)
from .errors import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, CliError, internal_error_line
from .parser import Parser
from .text_table import render

SELF_TEST = "--self-test"   # handled by main.py before this parser (cli/selftest.py)


def _require_unit_file_name(path: str) -> None:
    """new and demo write unit files: a name the desktop app and double-click will open."""
    if Path(path).suffix.lower() != EXTENSION:
        raise CliError(f"单位文件名应以 {EXTENSION} 结尾：{path}")


def cmd_new(args) -> int:
    _require_unit_file_name(args.file)
    if not args.unit.strip():
        raise CliError(f"请用 --unit 填写单位名称（不能为空）：{args.file} 未创建")
    if args.year not in available_years():
        raise CliError(f"没有{args.year}年度的报表模板（现有：{'、'.join(map(str, available_years()))}）")
    UnitFile.create(args.file, UnitMeta(args.unit, args.year, args.code or "")).close()
    print(f"已创建 {args.file}：{args.unit} {args.year}年度")
    return EXIT_OK


def cmd_demo(args) -> int:
    _require_unit_file_name(args.file)
    unit = build_demo(args.year)
    UnitFile.create(args.file, unit.meta, unit, action="demo").close()
    print(f"已生成示例单位 {args.file}：{unit.meta.unit_name} {unit.meta.year}年度")
    return EXIT_OK


def cmd_show(args) -> int:
    with UnitFile.open(args.file) as f:
        unit = f.load()
    tables = [t.id for t in unit.template.tables]
    if args.table is not None:
        table_id = _table_id(args.table, unit.template)
        tables = [table_id]
    money = args.unit or unit.meta.display_unit
    if args.json:
        print(json.dumps(_as_json(unit, tables, money), ensure_ascii=False, indent=1))
    else:
        print("\n\n".join(render(table_grid(unit, t, money, include_extra=args.extra)) for t in tables))
    return EXIT_OK


def _table_id(text: str, template) -> str:
    """Accept the printed number (5 is 公开05表, whichever table the year's template puts there), T1,
    公开01表, or the table's title."""
    text = text.strip()
    if text.isdigit():
        text = f"公开{int(text):02d}表"
    for t in template.tables:
        if t.id == text.upper() or text in (t.form, t.title):
            return t.id
    printed = sum(1 for t in template.tables if t.form)
    extra = sorted(t.id for t in template.tables if not t.form)
    raise CliError(f"没有这张表：{text}（可用 1–{printed}、{'、'.join(extra)}，或表名）")


def _as_json(unit, tables, money_unit) -> dict:
    from domain.money import round_to
    out = {"unit": unit.meta.unit_name, "year": unit.meta.year, "money_unit": money_unit, "tables": []}
    for table_id in tables:
        spec = unit.template.table(table_id)
        rows = []
        for row in unit.rows(table_id):
            values = {}
            for col in spec.columns_for(row):
                cell = unit.cell(table_id, row.key, col.key)
                kind = spec.cell_kind(row, col)
                if kind == "text":
                    values[col.key] = unit.text(table_id, row.key, col.key)
                elif kind == "count":
                    values[col.key] = cell.amount if cell else None
                else:
                    fen = unit.amount(table_id, row.key, col.key)
                    values[col.key] = {"fen": fen, "display": str(round_to(fen, money_unit, 2))}
            rows.append({"key": row.key, "label": row.label, "code": row.code, "values": values})
        out["tables"].append({"id": table_id, "form": spec.form, "title": spec.title,
                              "columns": [{"key": c.key, "label": c.label, "extra": c.extra} for c in spec.columns],
                              "rows": rows, "note": unit.table_notes.get(table_id, "")})
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="main.py", description="决算公开工作台：部门决算公开的录入、核对与导出",
                    epilog=f"另有：\n  {SELF_TEST:<9} 自检：示例单位的保存、核对、导出和界面（python main.py --self-test [报告.txt]）\n"
                           "不带命令（或只给一个单位文件）时打开桌面界面。",
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    p = sub.add_parser("new", help="新建单位文件")
    p.add_argument("file", help="新单位文件的文件名（.jsgk，不覆盖已有文件）")
    p.add_argument("--unit", required=True, help="单位名称")
    p.add_argument("--year", required=True, type=int, help="年度")
    p.add_argument("--code", help="单位编码")
    p.set_defaults(run=cmd_new)
    p = sub.add_parser("demo", help="生成完整一致的示例单位")
    p.add_argument("file", help="示例单位文件的文件名（.jsgk，不覆盖已有文件）")
    p.add_argument("--year", type=int, default=2024, help="年度（默认 2024）")
    p.set_defaults(run=cmd_demo)
    p = sub.add_parser("show", help="按公开格式显示报表")
    p.add_argument("file", help="单位文件（.jsgk）")
    p.add_argument("--table", help="表号（1–12、X1–X4）或表名；省略则全部")
    p.add_argument("--json", action="store_true", help="以 JSON 输出全部行与数值")
    p.add_argument("--unit", choices=["元", "万元"], help="金额单位（默认按文件设置）")
    p.add_argument("--extra", action="store_true", help="同时显示补充列（年初预算等）")
    p.set_defaults(run=cmd_show)
    for module in (import_cmd, check_cmd, export_cmd, draft_cmd, link_cmd, set_cmd, undo_cmd, log_cmd, copy_cmd,
                   verify_cmd, review_cmd):
        module.register(sub)
    return parser


def main(argv: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its usage message
        return EXIT_OK if exc.code == 0 else EXIT_BAD_INPUT
    stdout, sys.stdout = sys.stdout, QuietPipe(sys.stdout)
    try:
        return args.run(args)
    except (CliError, StorageError, TemplateError) as exc:
        print(f"错误：{naming_the_file(str(exc), args)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:   # (QuietPipe catches a closed pipe on stdout; this is one elsewhere)
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:    # a file problem no command foresaw: a full disk, a vanished share …
        where = f" {exc.filename}" if exc.filename else ""
        print(f"错误：无法读写文件{where}（{os_reason(exc)}）；已保存的数据不受影响。", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug: one line for the user, the traceback in a log file
        print(internal_error_line(exc, argv), file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        sys.stdout.flush()
        sys.stdout = stdout


PATH_ARGUMENTS = ("file", "dest", "prior", "xlsx", "narrative", "out", "pdf")


def naming_the_file(message: str, args) -> str:
    """A refusal says which file it is about (README, 退出码): a message that names none of the files
    given on the command line gets the unit file in front (“单位.jsgk：没有这张表：T99 …”)."""
    given = []
    for name in PATH_ARGUMENTS:
        value = getattr(args, name, None)
        given += value if isinstance(value, list) else [value] if value else []
    if not getattr(args, "file", None) or any(str(v) in message or Path(v).name in message for v in given):
        return message
    return f"{args.file}：{message}"


class QuietPipe:
    """stdout while a command runs: once the reader has gone (`check … | head -1`), the rest of the
    output is dropped instead of ending the command, so its exit code (1: errors found) still stands."""

    def __init__(self, stream):
        self._stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._drop()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._drop()

    def _drop(self) -> None:
        self.gone = True
        _silence_stdout()

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
