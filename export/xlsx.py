"""The disclosure tables as a workbook in the official layout: one sheet per table, named by its form
number (公开01表 …), with title, form number, unit line, merged multi-level headers, borders,
numbers (not text) in `#,##0.00`, notes under the table, frozen header rows and print setup (A4,
landscape for wide tables, one page wide, header rows repeated). Money is written in the unit's
display unit at full precision (8,104.57 shows two decimals; the cell holds the exact amount), so
the workbook imports back to the same values."""
from __future__ import annotations

import re
from copy import copy
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from domain.layout import COUNT_CELL, LABEL, MONEY_CELL, Grid, display_width, table_grid
from domain.money import FEN_PER_UNIT
from domain.unit import UnitData

from . import FORCED_NOTICE, Progress
from .target import write_atomically

MONEY_FORMAT = "#,##0.00"
COUNT_FORMAT = "0"
FONT = "宋体"
HEADER_WRAP = 16         # a header wider than this (in columns) wraps instead of widening its column

_thin = Side(style="thin", color="000000")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_TITLE = Font(name="黑体", size=16)
_SMALL = Font(name=FONT, size=10)
_CELL = Font(name=FONT, size=10)
_BOLD = Font(name=FONT, size=10, bold=True)
_HEAD = Font(name=FONT, size=10, bold=True)
_FORCED = Font(name="黑体", size=12, color="C00000")
_HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center")
_RIGHT = Alignment(horizontal="right", vertical="center")
_NOTE = Alignment(horizontal="left", vertical="top", wrap_text=True)


class _Stamps:
    """Cell styles by name, built once per workbook: openpyxl hashes every style object on every
    assignment, so a cell takes a copy of the first styled cell's style array instead (10× faster)."""
    LOOK = {
        "head": dict(border=_BORDER, font=_HEAD, alignment=_CENTER, fill=_HEAD_FILL),
        "money": dict(border=_BORDER, font=_CELL, alignment=_RIGHT, number_format=MONEY_FORMAT),
        "money_bold": dict(border=_BORDER, font=_BOLD, alignment=_RIGHT, number_format=MONEY_FORMAT),
        "count": dict(border=_BORDER, font=_CELL, alignment=_RIGHT, number_format=COUNT_FORMAT),
        "count_bold": dict(border=_BORDER, font=_BOLD, alignment=_RIGHT, number_format=COUNT_FORMAT),
        "text": dict(border=_BORDER, font=_CELL, alignment=_LEFT),
        "text_bold": dict(border=_BORDER, font=_BOLD, alignment=_LEFT),
    }

    def __init__(self):
        self._arrays = {}

    def stamp(self, cell, name: str, indent: int = 0) -> None:
        key = (name, indent)
        array = self._arrays.get(key)
        if array is None:
            for attr, value in self.LOOK[name].items():
                setattr(cell, attr, value)
            if indent:
                cell.alignment = Alignment(horizontal="left", vertical="center", indent=indent)
            self._arrays[key] = copy(cell._style)
        else:
            cell._style = copy(array)


def export_xlsx(unit: UnitData, path, progress: Progress = None, forced: bool = False, signed: str = "") -> Path:
    """Write every disclosure table of `unit` to `path` (replaced only when complete); `signed`, the
    sign-off statement, goes two lines under the first table."""
    tables = unit.template.disclosure_tables
    book = Workbook()
    book.remove(book.active)
    stamps = _Stamps()
    for i, spec in enumerate(tables):
        if progress:
            progress(i, len(tables) + 1)
        grid = table_grid(unit, spec.id)
        _sheet(book, grid, forced and i == 0, stamps)
    if signed and book.worksheets:
        first = book.worksheets[0]
        first.cell(first.max_row + 2, 1, signed).font = _SMALL
    book.properties.title = f"{unit.meta.unit_name}{unit.meta.year}年度部门决算报表"
    book.properties.creator = unit.meta.unit_name
    out = write_atomically(Path(path), lambda tmp: book.save(tmp))
    if progress:
        progress(len(tables) + 1, len(tables) + 1)
    return out


def _sheet(book: Workbook, grid: Grid, forced: bool, stamps: _Stamps) -> None:
    ws = book.create_sheet(re.sub(r"[\[\]:*?/\\]", "_", grid.form or grid.title)[:31])   # Excel's sheet name rules
    n = grid.columns
    last = get_column_letter(n)
    top = 1
    if forced:
        ws.cell(1, 1, FORCED_NOTICE).font = _FORCED
        ws.merge_cells(f"A1:{last}1")
        top = 2
    title = ws.cell(top, 1, grid.title)
    title.font, title.alignment = _TITLE, _CENTER
    ws.merge_cells(f"A{top}:{last}{top}")
    ws.row_dimensions[top].height = 30
    form = ws.cell(top + 1, n, grid.form or None)
    form.font, form.alignment = _SMALL, _RIGHT
    made_by, _, money = grid.unit_line.partition("　　")
    ws.cell(top + 2, 1, made_by).font = _SMALL
    if n > 1:
        cell = ws.cell(top + 2, n, money)
        cell.font, cell.alignment = _SMALL, _RIGHT
    head = top + 3
    body = head + grid.header_rows
    for r in range(head, body):
        for c in range(1, n + 1):
            stamps.stamp(ws.cell(r, c), "head")
    widths = [0] * n
    for h in grid.headers:
        ws.cell(head + h.row, h.col + 1, h.text)
        if h.rowspan > 1 or h.colspan > 1:
            ws.merge_cells(start_row=head + h.row, start_column=h.col + 1,
                           end_row=head + h.row + h.rowspan - 1, end_column=h.col + h.colspan)
        if h.colspan == 1:
            widths[h.col] = max(widths[h.col], min(display_width(h.text), HEADER_WRAP))
    per_unit = FEN_PER_UNIT[grid.money_unit]
    for r, line in enumerate(grid.body, body):
        for c, item in enumerate(line):
            cell = ws.cell(r, c + 1)
            bold = "_bold" if item.bold else ""
            if item.kind == MONEY_CELL:
                cell.value = _money(item.value, per_unit)
                stamps.stamp(cell, "money" + bold)
            elif item.kind == COUNT_CELL:
                cell.value = item.value
                stamps.stamp(cell, "count" + bold)
            else:
                cell.value = item.text or None
                stamps.stamp(cell, "text" + bold, item.indent if item.kind == LABEL else 0)
            widths[c] = max(widths[c], display_width(item.text) + 2 * item.indent)
    end = body + len(grid.body)
    for i, note in enumerate(line for line in grid.note.splitlines() if line.strip()):
        cell = ws.cell(end + i, 1, note)
        cell.font, cell.alignment = _SMALL, _NOTE
        ws.merge_cells(f"A{end + i}:{last}{end + i}")
        ws.row_dimensions[end + i].height = 15 * (1 + display_width(note) // max(sum(widths), 40))
    for c, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = max(width + 2, 8)
    ws.freeze_panes = f"A{body}"
    ws.print_title_rows = f"{head}:{body - 1}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if grid.wide else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True


def _money(fen: int, per_unit: int):
    """The exact amount in the display unit: a float carries it exactly to Excel's 15 digits."""
    value = Decimal(fen) / per_unit
    return int(value) if value == value.to_integral_value() else float(value)
