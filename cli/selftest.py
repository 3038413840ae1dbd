"""`main.py --self-test [REPORT.txt]`: prove that this installation works, without a network.

Used to verify every build (the frozen app in packaging/build.sh and build.ps1, the installed app in
the Windows workflow) and by a clerk whose copy misbehaves. In a temporary folder it builds the demo
unit, saves and reopens it, checks it (clean, and an injected error is caught), exports the PDF and
the Excel workbook, validates both and imports the workbook again, and constructs the main window
offscreen. The report lists each step with its time; the exit code is 0 only if every step passed
and nothing tried to reach the network (a Python audit hook refuses and records any connection or
name lookup meanwhile).

The frozen Windows app is windowed (no console): pass REPORT.txt to read the report there.
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from domain.os_reason import os_reason

EXIT_PASSED, EXIT_FAILED = 0, 1
DISCLOSURE_TABLES = 12             # 公开01表 … 公开12表, all filled in the demo unit
DEMO_FILE = "示例单位.jsgk"        # a Chinese name on purpose: the file system path must cope with it
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")   # a page object (not /Pages)
NETWORK_MODULE = "PySide6.QtNetwork"      # excluded from the frozen build (pyinstaller.spec)
NETWORK_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
                  "socket.sendto", "socket.sendmsg", "urllib.Request", "http.client.connect",
                  "ftplib.connect", "smtplib.connect"}


class StepFailed(Exception):
    """A step's result is wrong; the message (Chinese) says what a user would notice."""


@dataclass
class Context:
    folder: Path
    unit_path: Path | None = None
    unit: object = None
    xlsx_path: Path | None = None


# ---- the network guard ------------------------------------------------------------------------------

class NetworkGuard:
    """While active, refuse (and record) every attempt to connect or resolve a name from Python.

    Audit hooks cannot be removed, so one hook is installed per process and switched on and off."""
    _installed: "NetworkGuard | None" = None

    def __init__(self):
        self.active = False
        self.attempts: list[str] = []

    @classmethod
    def get(cls) -> "NetworkGuard":
        if cls._installed is None:
            cls._installed = cls()
            sys.addaudithook(cls._installed._hook)
        return cls._installed

    def _hook(self, event: str, args: tuple) -> None:
        if not self.active or event not in NETWORK_EVENTS:
            return
        if event == "socket.connect" and len(args) > 1 and not isinstance(args[1], tuple):
            return                    # a local (AF_UNIX) socket is not the network
        where = args[1] if event in ("socket.connect", "socket.sendto") else args   # args[0]: the socket
        self.attempts.append(f"{event} {where}"[:200])
        raise OSError(f"自检期间禁止联网（{event}）")

    def __enter__(self):
        self.attempts.clear()
        self.active = True
        return self

    def __exit__(self, *exc):
        self.active = False


# ---- the steps ----------------------------------------------------------------------------------------

def step_resources(ctx: Context) -> str:
    from domain.codes import load_codes
    from domain.paths import resource, resources_dir
    from domain.template import available_years, load_template
    years = available_years()
    if not years:
        raise StepFailed(f"找不到报表模板（{resources_dir()}）")
    template = load_template(years[-1])
    functional, economic = load_codes("functional", years[-1]), load_codes("economic")
    if not functional.names or not economic.names:
        raise StepFailed(f"支出分类代码表缺失（{resources_dir() / 'codes'}）")
    font = resource("fonts", "wqy-microhei.ttc")
    if not font.is_file() or font.stat().st_size < 1_000_000 or _head(font, 4) != b"ttcf":
        raise StepFailed(f"随程序安装的中文字体缺失或损坏：{font}")
    return (f"模板 {'、'.join(map(str, years))} 年度（{len(template.tables)} 张表），"
            f"代码 {len(functional.names)}+{len(economic.names)} 个，字体 {font.stat().st_size // 1024} KB")


def _head(path: Path, size: int) -> bytes:
    with open(path, "rb") as f:
        return f.read(size)


def step_demo(ctx: Context) -> str:
    from domain.demo import build_demo
    from storage.unit_file import UnitFile
    unit = build_demo()
    ctx.unit_path = ctx.folder / DEMO_FILE
    UnitFile.create(ctx.unit_path, unit.meta, unit, action="demo").close()
    with UnitFile.open(ctx.unit_path) as f:
        ctx.unit = f.load()
    saved, loaded = _values(unit), _values(ctx.unit)
    if saved != loaded:
        differ = sorted(k for k in saved.keys() | loaded.keys() if saved.get(k) != loaded.get(k))
        raise StepFailed(f"保存后重新打开，{len(differ)} 个单元格不一致（如 {differ[0]}）")
    return f"{unit.meta.unit_name}，{len(loaded)} 个单元格，保存后重新打开一致"


def _values(unit) -> dict:
    return {k: (c.amount, c.text) for k, c in unit.cells.items()}


def step_check(ctx: Context) -> str:
    from domain.checks import ERROR, run_checks
    from domain.unit import IMPORTED, Cell
    errors = [f for f in run_checks(ctx.unit) if f.severity == ERROR]
    if errors:
        raise StepFailed(f"示例单位不应有错误，却有 {len(errors)} 个：{errors[0].message}")
    broken = ctx.unit.copy()                 # a 合计 that does not add up must be reported
    key = ("T1", "income_total", "amount")
    broken.put_cell(key, Cell(ctx.unit.amount(*key) + 100, None, 0, IMPORTED))
    caught = [f for f in run_checks(broken) if f.severity == ERROR]
    if not caught:
        raise StepFailed("故意改错的合计没有被核对出来（核对规则没有加载？）")
    return f"示例单位无错误；改错一个合计后发现 {len(caught)} 个错误"


def step_pdf(ctx: Context) -> str:
    from export.pdf import export_pdf
    path = ctx.folder / "示例单位.pdf"
    export_pdf(ctx.unit, path)
    return check_pdf(path)


def check_pdf(path: Path) -> str:
    if not path.is_file():
        raise StepFailed(f"没有生成 PDF：{path.name}")
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise StepFailed(f"{path.name} 不是完整的 PDF 文件")
    pages = len(PDF_PAGE.findall(data))
    if pages < 1:
        raise StepFailed(f"{path.name} 没有页面")
    if b"/FontFile2" not in data:
        raise StepFailed(f"{path.name} 没有嵌入中文字体，在别的电脑上会显示成方框")
    return f"{pages} 页，{len(data) // 1024} KB，已嵌入字体"


def step_xlsx(ctx: Context) -> str:
    from export.xlsx import export_xlsx
    ctx.xlsx_path = ctx.folder / "示例单位.xlsx"
    export_xlsx(ctx.unit, ctx.xlsx_path)
    return check_xlsx(ctx.xlsx_path, ctx.unit.meta.unit_name)


def check_xlsx(path: Path, unit_name: str) -> str:
    from openpyxl import load_workbook
    if not path.is_file():
        raise StepFailed(f"没有生成 Excel 工作簿：{path.name}")
    try:
        book = load_workbook(path, read_only=True)
    except Exception as exc:
        raise StepFailed(f"{path.name} 无法打开：{exc}") from exc
    try:
        sheets = book.sheetnames
        found = any(unit_name in str(v) for ws in book.worksheets
                    for row in ws.iter_rows(max_row=12, values_only=True) for v in row if v is not None)
    finally:
        book.close()
    if not found:
        raise StepFailed(f"{path.name} 中找不到单位名称“{unit_name}”")
    return f"{len(sheets)} 张工作表"


def step_reimport(ctx: Context) -> str:
    """The exported workbook read back by the importer (openpyxl reading, table recognition)."""
    from domain.checks import ERROR, run_checks
    from domain.unit import UnitData
    from importers import prepare
    plan = prepare(UnitData(replace(ctx.unit.meta)), [ctx.xlsx_path])
    if len(plan.tables) < DISCLOSURE_TABLES:
        raise StepFailed(f"导出的 Excel 再导入只识别出 {len(plan.tables)} 张表（应有 {DISCLOSURE_TABLES} 张）")
    errors = [f for f in run_checks(plan.after) if f.severity == ERROR]
    if errors:
        raise StepFailed(f"再导入后核对出 {len(errors)} 个错误：{errors[0].message}")
    key = ("T1", "income_total", "amount")
    if plan.after.amount(*key) != ctx.unit.amount(*key):
        raise StepFailed("再导入后的收入总计与原单位不一致")
    return f"识别出 {len(plan.tables)} 张表，核对无错误，收入总计一致"


def step_window(ctx: Context) -> str:
    if "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"       # headless: nothing appears on the screen
    from gui.app import create_main_window
    from PySide6.QtWidgets import QApplication
    started = time.perf_counter()
    window = create_main_window(str(ctx.unit_path))     # creates the QApplication when there is none
    app = QApplication.instance()
    app.processEvents()
    elapsed = time.perf_counter() - started
    try:
        title = window.windowTitle()
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
    return f"主窗口（{title or '无标题'}）创建用时 {elapsed:.2f} 秒"


STEPS: list[tuple[str, Callable[[Context], str]]] = [
    ("资源文件（模板、代码表、字体）", step_resources),
    ("生成示例单位并保存、重新打开", step_demo),
    ("核对", step_check),
    ("导出 PDF", step_pdf),
    ("导出 Excel", step_xlsx),
    ("再导入导出的 Excel", step_reimport),
    ("桌面界面", step_window),
]


# ---- running ------------------------------------------------------------------------------------------

def run_self_test(report_path: str | os.PathLike | None = None, steps=None) -> int:
    """Run the steps, print the report (and write it to `report_path`), return the exit code."""
    lines = [f"决算公开工作台 自检（{'安装版' if getattr(sys, 'frozen', False) else '源代码'}，{sys.platform}"
             f"{'，UTF-8 模式' if sys.flags.utf8_mode else ''}）"]
    failed = 0
    started = time.perf_counter()
    guard = NetworkGuard.get()
    # ignore_cleanup_errors: on Windows a file another process (an antivirus scan) holds cannot be deleted
    with tempfile.TemporaryDirectory(prefix="jsgk-selftest-", ignore_cleanup_errors=True) as tmp, guard:
        ctx = Context(Path(tmp))
        for title, step in steps or STEPS:
            t0 = time.perf_counter()
            try:
                detail = step(ctx)
            except StepFailed as exc:
                detail, ok = str(exc), False
            except ImportError as exc:
                detail, ok = f"程序缺少组件：{exc}", False
            except Exception as exc:  # any other failure is a finding of the self-test, not a crash
                detail, ok = f"{type(exc).__name__}: {exc}", False
            else:
                ok = True
            lines.append(f"{'通过' if ok else '失败'}  {title}（{time.perf_counter() - t0:.2f} 秒）：{detail}")
            if not ok:
                failed += 1
                break                          # later steps need the earlier ones' results
    if guard.attempts:
        failed += 1
        lines.append(f"失败  离线：程序尝试联网 {len(guard.attempts)} 次，如 {guard.attempts[0]}")
    elif NETWORK_MODULE in sys.modules:
        failed += 1
        lines.append(f"失败  离线：加载了 {NETWORK_MODULE}（本程序不应有任何联网的部分）")
    else:
        lines.append("通过  离线：没有任何联网尝试")
    total = time.perf_counter() - started
    lines.append(f"自检{'未通过' if failed else '通过'}（共 {total:.2f} 秒）")
    text = "\n".join(lines)
    print(text, flush=True)
    if report_path:
        try:
            Path(report_path).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            print(f"错误：无法写入报告文件 {report_path}：{os_reason(exc)}（自检结果见上文）", file=sys.stderr)
            return 2
    return EXIT_FAILED if failed else EXIT_PASSED


def main(argv: list[str]) -> int:
    """`argv` is what follows --self-test: nothing, or the report file."""
    if len(argv) > 1:
        print("错误：自检只接受一个报告文件名（用法：main.py --self-test [报告文件.txt]）", file=sys.stderr)
        return 2
    report = Path(argv[0]) if argv else None
    problem = report_problem(report) if report is not None else None
    if problem:                       # said before the self-test runs, not after it
        print(f"错误：{problem}", file=sys.stderr)
        return 2
    return run_self_test(report)


def report_problem(report: Path) -> str | None:
    """Why the report cannot be written to `report` (a Chinese sentence), or None."""
    if report.is_dir():
        return f"报告文件 {report} 是一个文件夹：请给出一个文件名，如 {report / '自检报告.txt'}"
    if not report.parent.is_dir():
        return f"报告文件 {report} 所在的文件夹不存在：请先建立该文件夹，或换一个位置"
    return None
