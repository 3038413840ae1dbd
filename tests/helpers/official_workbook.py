"""Write a unit's disclosure tables as the official software prints them, into .xlsx (openpyxl) or
.xls (xlwt): title, form number, unit line, multi-level merged headers, body, notes.

The layout comes from domain.layout.table_grid (the same grid `show` prints), so the workbooks
look like the official forms: 表1/表4 two-sided, 表6/表8 人员经费 beside 公用经费, codes in one
cell (or, with split_codes, in 类/款/项 cells), money as numbers in 万元 or 元.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from domain.layout import CODE, COUNT_CELL, MONEY_CELL, Grid, HeaderCell, table_grid
from domain.money import FEN_PER_UNIT, round_to
from domain.unit import UnitData

ZERO_AS = {"0": 0, "blank": None, "dash": "-", "emdash": "—"}


@dataclass
class Block:
    """One table as a rectangle of cell values with its merged ranges (relative, 0-based, inclusive)."""
    cells: list[list] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)

    def put(self, row: int, col: int, value) -> None:
        while len(self.cells) <= row:
            self.cells.append([])
        line = self.cells[row]
        while len(line) <= col:
            line.append(None)
        line[col] = value


def split_code_columns(grid: Grid, parts: int) -> Grid:
    """The grid with each 科目编码 column split into 类/款(/项) columns, as Shanghai prints it."""
    levels = ["类", "款", "项"][:parts]
    code_cols = sorted(h.col for h in grid.headers if h.text == "科目编码")
    add_row = any(h.text == "科目编码" and h.row + h.rowspan == grid.header_rows and h.rowspan == 1 for h in grid.headers)
    depth = grid.header_rows + (1 if add_row else 0)

    def new_col(c: int) -> int:
        return c + (parts - 1) * sum(1 for k in code_cols if k < c)

    headers = []
    for h in grid.headers:
        rowspan = h.rowspan + (1 if add_row and h.row + h.rowspan == grid.header_rows else 0)
        inside = sum(1 for k in code_cols if h.col <= k < h.col + h.colspan)
        if h.text == "科目编码":
            headers.append(HeaderCell("科目编码", h.row, new_col(h.col), 1, parts))
            headers += [HeaderCell(level, h.row + 1, new_col(h.col) + i, rowspan - 1) for i, level in enumerate(levels)]
        else:
            headers.append(HeaderCell(h.text, h.row, new_col(h.col), rowspan, h.colspan + (parts - 1) * inside))
    body = []
    for line in grid.body:
        out = []
        for c, cell in enumerate(line):
            if c in code_cols:
                code = cell.text if cell.kind == CODE else ""
                pieces = [code[:3], code[3:5], code[5:7]][:parts] if code else [cell.text] + [""] * (parts - 1)
                out += [replace(cell, text=p) for p in pieces]
            else:
                out.append(cell)
        body.append(out)
    widths = []
    for c, w in enumerate(grid.widths):
        widths += [4] * parts if c in code_cols else [w]
    return Grid(grid.table_id, grid.title, grid.form, grid.unit_line, headers, depth, widths, body, grid.note)


def table_block(unit: UnitData, table_id: str, money_unit: str = "元", *, split_codes: bool = False,
                merge: bool = True, include_extra: bool = False, zero: str = "0", codes_as_numbers: bool = False,
                numbers_as_text: bool = False, unit_line: str | None = None, title: str | None = None,
                line_numbers: bool = False) -> Block:
    grid = table_grid(unit, table_id, money_unit, include_extra=include_extra)
    if split_codes:
        spec = unit.template.table(table_id)
        if spec.layout in ("coded", "economic"):
            grid = split_code_columns(grid, 3 if spec.layout == "coded" else 2)
    block = Block()
    width = grid.columns
    block.put(0, 0, title if title is not None else grid.title)
    if merge and width > 1:
        block.merges.append((0, 0, 0, width - 1))
    block.put(1, width - 1, grid.form)
    block.put(2, 0, unit_line if unit_line is not None else grid.unit_line)
    top = 3
    for h in grid.headers:
        block.put(top + h.row, h.col, h.text)
        if merge and (h.rowspan > 1 or h.colspan > 1):
            block.merges.append((top + h.row, h.col, top + h.row + h.rowspan - 1, h.col + h.colspan - 1))
    row = top + grid.header_rows
    if line_numbers:
        block.put(row, 0, "栏次")
        n = 0
        for c, cell in enumerate(grid.body[0] if grid.body else []):
            if cell.kind in (MONEY_CELL, COUNT_CELL):
                n += 1
                block.put(row, c, n)
        row += 1
    for line in grid.body:
        for c, cell in enumerate(line):
            block.put(row, c, _value(unit, cell, money_unit, zero, codes_as_numbers, numbers_as_text))
        row += 1
    for note in grid.note.splitlines():
        block.put(row, 0, note)
        row += 1
    return block


def _value(unit: UnitData, cell, money_unit: str, zero: str, codes_as_numbers: bool, numbers_as_text: bool):
    if cell.kind == MONEY_CELL:
        fen = unit.amount(*cell.key)
        if fen == 0:
            return ZERO_AS[zero]
        exact = Decimal(fen) / FEN_PER_UNIT[money_unit]
        shown = round_to(fen, money_unit, 2) if money_unit == "万元" else exact
        return f"{shown:,.2f}" if numbers_as_text else float(shown)
    if cell.kind == COUNT_CELL:
        return int(cell.text) if cell.text else None
    if cell.kind == CODE and codes_as_numbers and cell.text.isdigit():
        return int(cell.text)
    return cell.text or None          # labels, codes, text cells


def stack(blocks: list[Block], gap: int = 2) -> Block:
    """Several tables on one sheet, one under the other."""
    out = Block()
    row = 0
    for block in blocks:
        for r, line in enumerate(block.cells):
            for c, value in enumerate(line):
                if value is not None:
                    out.put(row + r, c, value)
        out.merges += [(r1 + row, c1, r2 + row, c2) for r1, c1, r2, c2 in block.merges]
        row += len(block.cells) + gap
    return out


def disclosure_ids(unit: UnitData) -> list[str]:
    return [t.id for t in unit.template.disclosure_tables]


def sheets_for(unit: UnitData, layout: str = "sheets", tables: list[str] | None = None, **options) -> dict[str, Block]:
    """{sheet name: block}: `sheets` one table per sheet (表1 … 表12), `one` all on one sheet,
    `pairs` two tables per sheet."""
    ids = tables or disclosure_ids(unit)
    blocks = {t: table_block(unit, t, **options) for t in ids}
    if layout == "one":
        return {"全部报表": stack([blocks[t] for t in ids])}
    if layout == "pairs":
        return {f"第{i // 2 + 1}页": stack([blocks[t] for t in ids[i:i + 2]]) for i in range(0, len(ids), 2)}
    return {f"表{t[1:]}": blocks[t] for t in ids}


def write_xlsx(path: Path, sheets: dict[str, Block]) -> Path:
    from openpyxl import Workbook
    book = Workbook()
    book.remove(book.active)
    for name, block in sheets.items():
        ws = book.create_sheet(name)
        for r, line in enumerate(block.cells, 1):
            for c, value in enumerate(line, 1):
                if value is not None:
                    ws.cell(r, c, value)
        for r1, c1, r2, c2 in block.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
    book.save(path)
    return Path(path)


def write_xls(path: Path, sheets: dict[str, Block]) -> Path:
    import xlwt
    book = xlwt.Workbook(encoding="utf-8")
    for name, block in sheets.items():
        ws = book.add_sheet(name)
        merged_tl = {(r1, c1): (r1, c1, r2, c2) for r1, c1, r2, c2 in block.merges}
        covered = {(r, c) for r1, c1, r2, c2 in block.merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for (r1, c1), (_, _, r2, c2) in merged_tl.items():
            value = block.cells[r1][c1] if c1 < len(block.cells[r1]) else None
            ws.write_merge(r1, r2, c1, c2, "" if value is None else value)
        for r, line in enumerate(block.cells):
            for c, value in enumerate(line):
                if value is not None and (r, c) not in covered:
                    ws.write(r, c, value)
    book.save(str(path))
    return Path(path)


def official_xlsx(unit: UnitData, path: Path, layout: str = "sheets", tables: list[str] | None = None,
                  **options) -> Path:
    return write_xlsx(path, sheets_for(unit, layout, tables, **options))


def official_xls(unit: UnitData, path: Path, layout: str = "sheets", tables: list[str] | None = None,
                 **options) -> Path:
    return write_xls(path, sheets_for(unit, layout, tables, **options))
