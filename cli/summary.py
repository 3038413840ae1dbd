"""`python main.py check DIR --summary [--xlsx OUT.xlsx]` (汇总核对): every unit file in a folder
(a district bureau's street offices) in one table: unit, year, errors/warnings/notes, unexplained
warnings, open flags, signed off or not, whether the change log verifies. A file that cannot be
opened is listed with the reason, never skipped. Exit 0, 1 when any unit has errors or fails to
verify, 2 when the folder holds no unit file."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from domain.checks import ERROR, INFO, WARNING, run_checks
from domain.review import unexplained
from storage.audit import audit
from storage.review_store import review_state
from storage.unit_file import EXTENSION, StorageError, UnitFile

from .errors import EXIT_FINDINGS, EXIT_OK, CliError

HEADER = ("文件", "单位", "年度", "错误", "警告", "提示", "未说明警告", "待处理标记", "签发", "修改记录校验")


@dataclass(frozen=True)
class Row:
    file: str
    unit: str = ""
    year: int | None = None
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    unexplained: int = 0
    open_flags: int = 0
    signed: str = ""
    verified: str = ""
    problem: str = ""        # the file could not be read: why

    @property
    def bad(self) -> bool:
        return bool(self.problem or self.errors or self.verified != "通过")

    def cells(self) -> tuple:
        if self.problem:
            return (self.file, f"无法打开：{self.problem}", "", "", "", "", "", "", "", "")
        return (self.file, self.unit, self.year, self.errors, self.warnings, self.infos, self.unexplained,
                self.open_flags, self.signed or "未签发", self.verified)


def summarise(path: Path) -> Row:
    try:
        with UnitFile.open(path) as f:
            unit = f.load()
            state = review_state(f)
            try:
                broken = audit(f)
                verified = "通过" if broken is None else f"未通过：{broken.message}"
            except StorageError as exc:        # an old file on a read-only share: nothing to verify yet
                verified = f"无法校验：{exc}"
    except StorageError as exc:
        return Row(path.name, problem=str(exc))
    findings = run_checks(unit)
    count = lambda sev: sum(1 for x in findings if x.severity == sev)  # noqa: E731
    signed = state.signed
    return Row(path.name, unit.meta.unit_name, unit.meta.year, count(ERROR), count(WARNING), count(INFO),
               len(unexplained(findings, state)), len(state.open_flags()),
               f"{signed.reviewer} {signed.at.replace('T', ' ')}" if signed else "", verified)


def unit_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise CliError(f"汇总核对需要一个文件夹：{folder}")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == EXTENSION and p.is_file())
    if not files:
        raise CliError(f"文件夹中没有单位文件（*{EXTENSION}）：{folder}")
    return files


def run_summary(args) -> int:
    rows = [summarise(p) for p in unit_files(Path(args.file))]
    print(render_summary(rows))
    if args.xlsx:
        from export import ExportError
        try:
            write_xlsx(rows, Path(args.xlsx))
        except ExportError as exc:
            raise CliError(str(exc)) from None
        print(f"已导出 {args.xlsx}")
    return EXIT_FINDINGS if any(r.bad for r in rows) else EXIT_OK


def render_summary(rows: list[Row]) -> str:
    bad = sum(r.bad for r in rows)
    signed = sum(bool(r.signed) for r in rows)
    head = f"汇总核对 {len(rows)} 个单位文件：{signed} 个已签发，{bad} 个有错误、无法打开或校验未通过"
    return head + "\n\n" + "\n".join("\t".join("" if c is None else str(c) for c in r) for r in
                                     [HEADER, *(row.cells() for row in rows)])


def write_xlsx(rows: list[Row], path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from export.target import write_atomically
    book = Workbook()
    ws = book.active
    ws.title = "汇总"
    ws.append(HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row.cells())
    for letter, width in zip("ABCDEFGHIJ", (24, 28, 8, 6, 6, 6, 10, 10, 24, 40)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    return write_atomically(path, lambda tmp: book.save(tmp))
