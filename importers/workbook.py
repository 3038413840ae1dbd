"""Read a workbook (.xlsx via openpyxl, legacy .xls via xlrd) into plain sheet grids.

A `Sheet` is the cell values row by row (None for a blank) plus the merged ranges; recognition
works on that and never sees openpyxl or xlrd. .xlsx is read in read-only, data-only mode, so a
formula gives its cached value; a workbook whose formulas have no cached values (written by a
program, never opened in Excel) is refused, because its totals would read as blanks.
"""
from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ImportFailure, Where, column_letter, sheet_ref
from .safety import DOCX, OLE, XLS, XLSX, ZIP, container, describe_other, ole_kind, open_zip, read_checked, zip_kind

MAX_ROWS = 50_000      # per sheet; a disclosure table has a few hundred
MAX_COLUMNS = 256      # columns beyond this are ignored (stray formatting, never table data)
MAX_CELLS = 1_000_000  # per sheet; a disclosure table has a few thousand
MAX_MERGES = 5_000     # merged ranges per sheet; a disclosure table has a few dozen
MAX_MERGED_CELLS = 500_000   # cells covered by the merges the index holds (each at most MERGE_INDEX_AREA)
MERGE_INDEX_AREA = 4096      # a larger merge is formatting, not a header: not indexed
MAX_XLS_BYTES = 20 * 1024 * 1024   # xlrd reads a whole .xls at once (about 1 s per 5 MB); a disclosure .xls is < 2 MB

Merge = tuple[int, int, int, int]   # first row, first column, last row, last column (0-based, inclusive)


@dataclass
class Sheet:
    book: str
    name: str
    rows: list[list] = field(default_factory=list)
    merged: list[Merge] = field(default_factory=list)

    def __post_init__(self):
        self._merge_index: dict[tuple[int, int], Merge] | None = None

    @property
    def height(self) -> int:
        return len(self.rows)

    def value(self, row: int, col: int):
        if 0 <= row < len(self.rows):
            line = self.rows[row]
            if 0 <= col < len(line):
                return line[col]
        return None

    def width(self, row: int) -> int:
        return len(self.rows[row]) if 0 <= row < len(self.rows) else 0

    def merge_at(self, row: int, col: int) -> Merge | None:
        """The merged range covering a cell, if any."""
        if self._merge_index is None:
            index = {}
            for merge, (r1, c1, r2, c2) in _indexed(self.merged, self.height):
                for r in range(r1, r2 + 1):
                    for c in range(c1, c2 + 1):
                        index[(r, c)] = merge
            self._merge_index = index
        return self._merge_index.get((row, col))

    def shown(self, row: int, col: int):
        """The value a cell shows: its own, or the top-left value of the merged range it lies in."""
        merge = self.merge_at(row, col)
        return self.value(merge[0], merge[1]) if merge else self.value(row, col)

    def where(self, row: int | None = None, col: int | None = None) -> Where:
        return Where(self.book, self.name, row, col)


def read_workbook(path: Path) -> list[Sheet]:
    """Every worksheet of a workbook file, whatever its extension says."""
    path = Path(path)
    data = read_checked(path, "工作簿")
    name = path.name
    kind = container(data)
    if kind == ZIP:
        archive = open_zip(data, name, "工作簿")
        inner = zip_kind(archive)
        if inner == XLSX:
            return _read_xlsx(data, archive, name)
        if inner == DOCX:
            raise ImportFailure(f"{name} 是 Word 文档，不是 Excel 工作簿；说明文档请用 --narrative 导入。")
        if inner == "xlsb":
            raise ImportFailure(f"{name} 是 Excel 二进制工作簿（.xlsb），暂不支持；请在 Excel 中另存为 .xlsx 后再导入。")
        if inner == "odf":
            raise ImportFailure(f"{name} 是 OpenDocument 表格（.ods），暂不支持；请另存为 .xlsx 后再导入。")
        raise ImportFailure(f"{name} 不是 Excel 工作簿（是其他格式的压缩包）。")
    if kind == OLE:
        inner = ole_kind(data)
        if inner == "encrypted":
            raise ImportFailure(f"{name} 设有打开密码（已加密），无法读取；请在 Excel/WPS 中取消密码后另存，再导入。")
        if inner == XLS:
            return _read_xls(data, name)
        if inner == "doc":
            raise ImportFailure(f"{name} 是旧版 Word 文档（.doc），不是 Excel 工作簿。")
        raise ImportFailure(f"{name} 已损坏或不是 Excel 工作簿（无法识别的复合文档）。")
    raise ImportFailure(f"{name} 不是 Excel 工作簿（看起来是{describe_other(data)}）；"
                        "请用 Excel 或 WPS 打开后另存为 .xlsx，再导入。")


def _trim(values) -> list:
    line = list(values[:MAX_COLUMNS])
    while line and (line[-1] is None or line[-1] == ""):
        line.pop()
    return line


def _check_size(rows: list, name: str, sheet: str) -> None:
    if len(rows) > MAX_ROWS:
        raise ImportFailure(f"{name} 的工作表“{sheet}”超过 {MAX_ROWS} 行，不像决算公开报表，已拒绝读取。")


def _indexed(merged: list[Merge], height: int):
    """The merges `Sheet.merge_at` indexes, each with its part inside the sheet's rows and
    MAX_COLUMNS: (merge, clipped range). Giant merges (formatting, not headers) are left out."""
    for merge in merged:
        r1, c1, r2, c2 = merge
        if (r2 - r1 + 1) * (c2 - c1 + 1) <= MERGE_INDEX_AREA:
            clipped = (r1, c1, min(r2, height - 1), min(c2, MAX_COLUMNS - 1))
            if clipped[2] >= r1 and clipped[3] >= c1:
                yield merge, clipped


def _check_merges(merged: list[Merge], height: int, name: str, sheet: str) -> None:
    """Refuse a sheet whose merged ranges would cost more to index than any real table needs."""
    area = sum((r2 - r1 + 1) * (c2 - c1 + 1) for _, (r1, c1, r2, c2) in _indexed(merged, height))
    if len(merged) > MAX_MERGES or area > MAX_MERGED_CELLS:
        raise ImportFailure(f"{name} 的工作表“{sheet}”有 {len(merged)} 个合并单元格区域，远超任何决算公开报表，"
                            "疑似异常文件，已拒绝读取；请只保留报表所在的工作表后另存，再导入。")


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
_MERGE_TAG = re.compile(rb"<(?:\w+:)?mergeCell[\s>/]")


def _precheck_sheets(archive, name: str) -> None:
    """Count rows, cells and merged ranges in each worksheet's raw XML before openpyxl parses it
    (openpyxl scans a whole sheet that lacks a <dimension> tag just to open it): an absurd sheet is
    refused in well under a second instead of after minutes."""
    names = _sheet_names(archive)
    for part in archive.namelist():
        if not (part.startswith("xl/worksheets/") and part.endswith(".xml")):
            continue
        try:
            raw = archive.read(part)
        except Exception as exc:   # a damaged member: zlib.error, BadZipFile, CRC …
            raise _unreadable(name, exc) from None
        sheet = names.get(part, part)
        rows = sum(1 for _ in _ROW_TAG.finditer(raw))
        if rows > MAX_ROWS:
            raise ImportFailure(f"{name} 的工作表“{sheet}”超过 {MAX_ROWS} 行，不像决算公开报表，已拒绝读取。")
        if sum(1 for _ in _CELL_TAG.finditer(raw)) > MAX_CELLS:
            raise ImportFailure(f"{name} 的工作表“{sheet}”超过 {MAX_CELLS} 个单元格，不像决算公开报表，已拒绝读取。")
        if sum(1 for _ in _MERGE_TAG.finditer(raw)) > MAX_MERGES:
            raise ImportFailure(f"{name} 的工作表“{sheet}”合并单元格区域超过 {MAX_MERGES} 个，远超任何决算公开报表，"
                                "疑似异常文件，已拒绝读取。")


def _sheet_names(archive) -> dict[str, str]:
    """Worksheet part → sheet name, from workbook.xml and its relationships (empty if unreadable)."""
    from defusedxml.ElementTree import fromstring
    try:
        targets = {rel.get("Id"): rel.get("Target", "") for rel in fromstring(archive.read("xl/_rels/workbook.xml.rels"))}
        names = {}
        for element in fromstring(archive.read("xl/workbook.xml")).iter():
            if element.tag.rsplit("}", 1)[-1] == "sheet":
                rid = next((v for k, v in element.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
                target = targets.get(rid, "")
                part = target.lstrip("/") if target.startswith("/") else "xl/" + target
                names[part] = element.get("name", "")
        return names
    except Exception:   # a damaged workbook: openpyxl reports it next
        return {}


# ---- .xlsx --------------------------------------------------------------------------------------
def _read_xlsx(data: bytes, archive, name: str) -> list[Sheet]:
    import openpyxl
    if not openpyxl.DEFUSEDXML:
        raise ImportFailure("缺少 defusedxml 组件，出于安全考虑不读取 .xlsx 文件；请重新安装本程序。")
    _precheck_sheets(archive, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except ImportFailure:
        raise
    except Exception as exc:
        raise _unreadable(name, exc) from None
    sheets = []
    try:
        for ws in book.worksheets:
            if not hasattr(ws, "iter_rows"):
                continue
            try:
                ws.reset_dimensions()   # trust the cells, not a declared A1:XFD1048576
                rows = []
                for values in ws.iter_rows(values_only=True):
                    rows.append(_trim(values))
                    if len(rows) > MAX_ROWS:
                        break
                _check_size(rows, name, ws.title)
                merged, uncached = _scan_sheet_xml(archive, getattr(ws, "_worksheet_path", ""))
                _check_merges(merged, len(rows), name, ws.title)
            except ImportFailure:
                raise
            except Exception as exc:
                raise _unreadable(name, exc) from None
            if uncached:
                where = f"{sheet_ref(ws.title)}!{uncached}"
                raise ImportFailure(f"{name} 中的公式没有保存计算结果（如 {where}），读不出数值；"
                                    "请先用 Excel 或 WPS 打开该文件并保存，再导入。")
            while rows and not rows[-1]:
                rows.pop()
            sheets.append(Sheet(name, ws.title, rows, merged))
    finally:
        book.close()
    return sheets


def _unreadable(name: str, exc: Exception) -> ImportFailure:
    from defusedxml.common import DefusedXmlException
    cause: BaseException | None = exc
    while cause is not None:       # openpyxl wraps the parser's error in its own
        if isinstance(cause, DefusedXmlException):
            return ImportFailure(f"{name} 含有不安全的 XML 内容（实体或外部引用定义），已拒绝读取。")
        cause = cause.__cause__ or cause.__context__
    return ImportFailure(f"{name} 已损坏或不完整，无法读取（{type(exc).__name__}）；"
                         "请用 Excel 或 WPS 打开检查后另存，再导入。")


_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _cell_index(ref: str) -> tuple[int, int] | None:
    match = _REF.match(ref or "")
    if not match:
        return None
    col = 0
    for ch in match.group(1):
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)) - 1, col - 1


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+)(?::([A-Z]+[0-9]+))?"')


def _scan_sheet_xml(archive, part: str) -> tuple[list[Merge], str | None]:
    """The merged ranges of a sheet (openpyxl's read-only mode does not give them) and the first
    formula cell without a cached value. openpyxl has parsed this XML safely already; merges are
    picked out with a pattern, formulas (rare in exported tables) with defusedxml's parser."""
    part = part.lstrip("/")
    if not part or part not in archive.NameToInfo:
        return [], None
    raw = archive.read(part)
    merged: list[Merge] = []
    for match in _MERGE.finditer(raw):
        first = _cell_index(match.group(1).decode())
        last = _cell_index((match.group(2) or match.group(1)).decode())
        if first and last:
            merged.append((first[0], first[1], last[0], last[1]))
    if b"<f" not in raw and b":f>" not in raw and b":f " not in raw:
        return merged, None
    from defusedxml.ElementTree import iterparse
    for _, element in iterparse(io.BytesIO(raw), events=("end",)):
        if element.tag.rsplit("}", 1)[-1] == "c":
            uncached = _uncached_formula(element)
            if uncached:
                return merged, uncached
            element.clear()
    return merged, None


def _uncached_formula(element) -> str | None:
    formula = value = None
    for child in element:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "f":
            formula = child
        elif tag == "v":
            value = child
    if formula is None:
        return None
    empty = value is None or (value.text is None and element.get("t") != "str")
    if not empty:
        return None
    index = _cell_index(element.get("r") or "")
    return f"{column_letter(index[1])}{index[0] + 1}" if index else "?"


# ---- .xls ---------------------------------------------------------------------------------------
def _read_xls(data: bytes, name: str) -> list[Sheet]:
    import xlrd
    if len(data) > MAX_XLS_BYTES:
        raise ImportFailure(f"{name} 有 {len(data) // (1024 * 1024)} MB，远超任何决算公开报表的 .xls 工作簿，已拒绝读取；"
                            "请只保留报表所在的工作表，另存为 .xlsx 后再导入。")
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=io.StringIO())
    except Exception as exc:  # xlrd.XLRDError, CompDocError, struct errors on a damaged file
        if "encrypt" in str(exc).lower():
            raise ImportFailure(f"{name} 设有打开密码（已加密），无法读取；请在 Excel/WPS 中取消密码后另存，再导入。") from None
        raise ImportFailure(f"{name} 已损坏或不是有效的 .xls 工作簿，无法读取（{type(exc).__name__}）。") from None
    sheets = []
    for sh in book.sheets():
        _check_size(range(sh.nrows), name, sh.name)
        rows = [_trim([_xls_value(sh, r, c, book) for c in range(min(sh.row_len(r), MAX_COLUMNS))])
                for r in range(sh.nrows)]
        while rows and not rows[-1]:
            rows.pop()
        merged = [(r1, c1, r2 - 1, c2 - 1) for r1, r2, c1, c2 in sh.merged_cells]
        _check_merges(merged, len(rows), name, sh.name)
        sheets.append(Sheet(name, sh.name, rows, merged))
    book.release_resources()
    return sheets


def _xls_value(sh, row: int, col: int, book):
    import xlrd
    kind = sh.cell_type(row, col)
    value = sh.cell_value(row, col)
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#错误")
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(value, book.datemode)
        except Exception:
            return value
    return value

