"""How the disclosure prints a table: a grid of header cells (with spans) and body cells.

One layout serves every face: `show` prints it as text, export draws it into PDF and Excel, and
the GUI shows the same rows and columns. A value cell carries its number (`value`: 分 for money,
the count for a count) and the text it prints as (`text`: 万元 or 元, thousands separators, two
decimals), so the PDF prints `text` and the workbook writes `value` without formatting again.
Two-sided tables (表1, 表4) put the 收入 rows beside the 支出 rows; 表6/表8 put 人员经费 beside
公用经费, as the official forms do. The whole document (cover, 目录, parts) is `domain.document`.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace

from .money import format_amount
from .template import COUNT, TEXT, TOTAL_ROW, ColumnSpec, RowSpec, TableSpec
from .unit import CellKey, UnitData

LABEL, CODE, MONEY_CELL, COUNT_CELL, TEXT_CELL = "label", "code", "money", "count", "text"


@dataclass(frozen=True)
class HeaderCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class GridCell:
    text: str = ""
    kind: str = LABEL
    key: CellKey | None = None      # the value cell this shows (None for labels)
    indent: int = 0
    bold: bool = False              # a total: its label, code and values print bold
    value: int | None = None        # money: 分; count: the count; None for labels and text

    @property
    def numeric(self) -> bool:
        return self.kind in (MONEY_CELL, COUNT_CELL)


@dataclass
class Grid:
    table_id: str
    title: str
    form: str
    unit_line: str
    headers: list[HeaderCell]
    header_rows: int
    widths: list[int]               # relative column widths (characters)
    body: list[list[GridCell]] = field(default_factory=list)
    note: str = ""
    money_unit: str = "万元"

    @property
    def wide(self) -> bool:
        """Wider than an A4 portrait page holds (printed landscape)."""
        return sum(self.widths) > 110

    @property
    def columns(self) -> int:
        return len(self.widths)


def display_width(text: str) -> int:
    """Width of a text in columns of a fixed-width face: CJK characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table_grid(unit: UnitData, table_id: str, money_unit: str | None = None, include_extra: bool = False) -> Grid:
    spec = unit.template.table(table_id)
    money_unit = money_unit or unit.meta.display_unit
    cols = [c for c in spec.columns if include_extra or not c.extra]
    builder = {"two_sided": _two_sided, "economic": _economic, "coded": _coded,
               "projects": _projects}.get(spec.layout, _fixed)
    grid = builder(unit, spec, cols, money_unit)
    grid.title, grid.form, grid.money_unit = spec.title, spec.form or "", money_unit
    grid.unit_line = f"编制单位：{unit.meta.unit_name}　　金额单位：{money_unit}"
    grid.note = spec.printed_note(unit.table_notes.get(table_id, ""), unit.is_empty(table_id))
    return grid


def grid_cell(unit: UnitData, spec: TableSpec, row: RowSpec, col: ColumnSpec, money_unit: str) -> GridCell:
    """The value cell (row, col) of `spec` as the disclosure prints it: its number and its text
    (every face formats a cell here: the whole grid, and the GUI's redraw of one edited cell)."""
    key = (spec.id, row.key, col.key)
    kind = spec.cell_kind(row, col)
    if kind == TEXT:
        return GridCell(unit.text(*key), TEXT_CELL, key)
    if kind == COUNT:
        cell = unit.cell(*key)
        count = None if cell is None else cell.amount
        return GridCell("" if count is None else str(count), COUNT_CELL, key, value=count)
    fen = unit.amount(*key)
    return GridCell(format_amount(fen, money_unit), MONEY_CELL, key, value=fen)


def value_text(unit: UnitData, key: CellKey, amount: int | None, text: str | None, money_unit: str | None = None) -> str:
    """A value of cell `key` in a message (log, verify): “text”, a count, or an amount in the unit's
    display unit (or `money_unit`) with two decimals and the unit: 1,234.56 万元."""
    if amount is None and text is None:
        return "（空）"
    if text is not None:
        return f"“{text}”"
    try:
        spec = unit.template.table(key[0])
        kind = spec.cell_kind(unit.row(key[0], key[1]), spec.column(key[2]))
    except (KeyError, ValueError):          # a table or column this template lacks: an amount
        kind = None
    if kind == COUNT:
        return str(amount)
    money_unit = money_unit or unit.meta.display_unit
    return f"{format_amount(amount, money_unit)} {money_unit}"


def _headers(cols: list[ColumnSpec], offset: int, top: int, depth: int) -> list[HeaderCell]:
    """Header cells for `cols` placed from grid column `offset`, header row `top`, `depth` rows deep:
    equal header prefixes of adjacent columns merge; the last level spans down to the bottom."""
    out: list[HeaderCell] = []
    for level in range(depth):
        i = 0
        while i < len(cols):
            path = cols[i].header
            if level >= len(path):
                i += 1
                continue
            j = i + 1
            while j < len(cols) and len(cols[j].header) > level and cols[j].header[: level + 1] == path[: level + 1] \
                    and level < len(path) - 1 and level < len(cols[j].header) - 1:
                j += 1
            rowspan = depth - level if level == len(path) - 1 else 1
            out.append(HeaderCell(path[level], top + level, offset + i, rowspan, j - i))
            i = j
    return out


def _depth(cols: list[ColumnSpec]) -> int:
    return max((len(c.header) for c in cols), default=1)


def _bold(cells: list[GridCell], bold: bool = True) -> list[GridCell]:
    return [replace(c, bold=True) for c in cells] if bold else cells


def _coded(unit, spec, cols, money_unit) -> Grid:
    depth = _depth(cols)
    headers = [HeaderCell("科目编码", 0, 0, depth), HeaderCell("科目名称", 0, 1, depth)] + _headers(cols, 2, 0, depth)
    grid = Grid(spec.id, "", "", "", headers, depth, [10, 28] + [12] * len(cols))
    for row in unit.rows(spec.id):
        total = row.key == TOTAL_ROW
        first = [GridCell("合计", LABEL), GridCell("")] if total else \
                [GridCell(row.code or "", CODE), GridCell(row.label, LABEL, indent=row.indent)]
        grid.body.append(_bold(first + [grid_cell(unit, spec, row, c, money_unit) for c in cols], total))
    return grid


def _two_sided(unit, spec, cols, money_unit) -> Grid:
    sides = list(spec.sides) or ["income", "expense"]
    side_cols = {s: [c for c in cols if c.side == s] for s in sides}
    depth = max(_depth([ColumnSpec(c.key, c.header[1:] or c.header) for c in side_cols[s]]) for s in sides) + 1
    headers, offset, widths = [], 0, []
    columns = {}
    for s in sides:
        sc = side_cols[s]
        headers.append(HeaderCell(spec.sides.get(s, s), 0, offset, 1, len(sc) + 1))
        headers.append(HeaderCell("项目", 1, offset, depth - 1))
        headers += _headers([ColumnSpec(c.key, c.header[1:] or c.header) for c in sc], offset + 1, 1, depth - 1)
        columns[s] = offset
        widths += [30] + [12] * len(sc)
        offset += len(sc) + 1
    grid = Grid(spec.id, "", "", "", headers, depth, widths)
    rows = {s: [r for r in spec.rows if r.side == s] for s in sides}
    left, right = rows[sides[0]], rows[sides[1]]
    lines = _align(left, right)
    for l_row, r_row in lines:
        line = []
        for s, row in ((sides[0], l_row), (sides[1], r_row)):
            if row is None:
                line += [GridCell("")] * (len(side_cols[s]) + 1)
                continue
            cells = [GridCell(row.label, LABEL, indent=row.indent)] + [grid_cell(unit, spec, row, c, money_unit) for c in side_cols[s]]
            line += _bold(cells, bool(row.sum) or row.label == "总计")
        grid.body.append(line)
    return grid


def _align(left: list[RowSpec], right: list[RowSpec]) -> list[tuple[RowSpec | None, RowSpec | None]]:
    """Line up two sides: rows that name a `pair` share a line (本年收入合计 | 本年支出合计 …);
    the rows between such anchors are zipped together, the shorter side padded."""
    lines: list[tuple[RowSpec | None, RowSpec | None]] = []
    right_pos = {r.key: i for i, r in enumerate(right)}
    li = ri = 0
    for anchor_l, l_row in [(i, r) for i, r in enumerate(left) if r.pair in right_pos] + [(len(left), None)]:
        anchor_r = right_pos[l_row.pair] if l_row else len(right)
        seg_l, seg_r = left[li:anchor_l], right[ri:anchor_r]
        for k in range(max(len(seg_l), len(seg_r))):
            lines.append((seg_l[k] if k < len(seg_l) else None, seg_r[k] if k < len(seg_r) else None))
        if l_row:
            lines.append((l_row, right[anchor_r]))
        li, ri = anchor_l + 1, anchor_r + 1
    return lines


def _economic(unit, spec, cols, money_unit) -> Grid:
    groups = {"personnel": [r for r in spec.rows if r.group == "personnel"], "public": [r for r in spec.rows if r.group == "public"]}
    headers, widths = [], []
    for i, (name, label) in enumerate((("personnel", "人员经费"), ("public", "公用经费"))):
        off = i * 3
        headers += [HeaderCell(label, 0, off, 1, 3), HeaderCell("科目编码", 1, off), HeaderCell("科目名称", 1, off + 1),
                    HeaderCell(cols[0].header[-1], 1, off + 2)]
        widths += [8, 24, 12]
    grid = Grid(spec.id, "", "", "", headers, 2, widths)
    left, right = groups["personnel"], groups["public"]
    for i in range(max(len(left), len(right))):
        line = []
        for rows in (left, right):
            if i >= len(rows):
                line += [GridCell("")] * 3
                continue
            row = rows[i]
            total = row.code is None
            line += _bold([GridCell("" if total else row.code, CODE), GridCell(row.label, LABEL, indent=row.indent),
                           grid_cell(unit, spec, row, cols[0], money_unit)], total or row.indent == 0)
        grid.body.append(line)
    return grid


def _fixed(unit, spec, cols, money_unit) -> Grid:
    depth = _depth(cols)
    headers = [HeaderCell("项目", 0, 0, depth)] + _headers(cols, 1, 0, depth)
    grid = Grid(spec.id, "", "", "", headers, depth, [26] + [12] * len(cols))
    for row in unit.rows(spec.id):
        grid.body.append([GridCell(row.label, LABEL, indent=row.indent)] + [grid_cell(unit, spec, row, c, money_unit) for c in spec.columns_for(row) if c in cols])
    return grid


def _projects(unit, spec, cols, money_unit) -> Grid:
    depth = _depth(cols)
    headers = [HeaderCell("序号", 0, 0, depth)] + _headers(cols, 1, 0, depth)
    widths = [6] + [24 if c.key == "name" else 12 for c in cols]
    grid = Grid(spec.id, "", "", "", headers, depth, widths)
    for i, row in enumerate(unit.rows(spec.id), 1):
        if row.key == TOTAL_ROW:
            line = _bold([GridCell("合计", LABEL)] + [GridCell() if c.kind == TEXT else grid_cell(unit, spec, row, c, money_unit) for c in cols])
        else:
            line = [GridCell(str(i), LABEL)] + [grid_cell(unit, spec, row, c, money_unit) for c in cols]
        grid.body.append(line)
    return grid
