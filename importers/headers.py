"""A table's header: which rows it spans, and what each column below it holds.

The header starts at the first row under the title that holds header words (项目, 科目编码, the
table's own column headers …) and goes down while rows are covered by a merged header cell or
hold only header words; a 栏次 row (1, 2, 3 …) is skipped. Each column's header *path* is the
texts above it from top to bottom, merged cells filled in (`本年支出 › 基本支出`). A path names:

* a key of the row: the code (one cell, or split into 类/款/项 cells), the label (项目, 科目名称),
  the serial number (序号);
* a value: matched to the template's `ColumnSpec.header` by text, never by position;
* or nothing known (a warning when numbers stand under it).

Columns are then cut into *groups*, each with its own key columns: 表1/表4 print 收入 beside 支出,
表6/表8 print 科目编码|科目名称|决算数 two or three times on one line.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from domain.template import TableSpec

from .cells import ValueProblem, number_of
from .normalise import label_key, looks_like_code, loose, norm, text_of
from .workbook import Sheet

CODE, CODE_PART, LABEL, SERIAL, LINE_NO, VALUE, UNKNOWN, EMPTY = (
    "code", "code_part", "label", "serial", "line_no", "value", "unknown", "empty")
KEY_ROLES = (CODE, CODE_PART, LABEL, SERIAL)
LABEL_WORDS = {"项目", "科目名称", "名称", "科目", "项目名称", "单位名称"}
STRUCTURE_WORDS = LABEL_WORDS | {"序号", "行次", "栏次", "类", "款", "项", "金额", "决算数", "人员经费", "公用经费",
                                 "收入", "支出"}
PART_DIGITS = {"类": 3, "款": 2, "项": 2}
AMOUNT_WORDS = {"决算数", "金额", "决算金额"}
MAX_HEADER_GAP = 12     # the header starts within this many rows of the title


@dataclass
class Column:
    index: int
    path: tuple[str, ...]
    role: str
    spec: object = None          # the ColumnSpec of a VALUE column
    digits: int = 0              # CODE_PART: 3 for 类, 2 for 款 and 项

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(norm(p) for p in self.path)

    @property
    def title(self) -> str:
        return "›".join(self.path)


@dataclass
class Group:
    columns: list[Column] = field(default_factory=list)
    side: str | None = None

    def of(self, *roles: str) -> list[Column]:
        return [c for c in self.columns if c.role in roles]

    @property
    def values(self) -> list[Column]:
        return self.of(VALUE)


@dataclass
class Header:
    rows: list[int]
    body_start: int
    columns: list[Column]
    groups: list[Group]
    duplicates: list[Column] = field(default_factory=list)   # a second column for one template column


def vocabulary(spec: TableSpec) -> set[str]:
    words = set(STRUCTURE_WORDS) | {norm(s) for s in spec.sides.values()}
    for col in spec.columns:
        words |= {norm(h) for h in col.header} | {loose(norm(h)) for h in col.header}
    return words


def is_header_word(value, words: set[str]) -> bool:
    key = norm(value)
    return bool(key) and (key in words or loose(key) in words or "编码" in key or key.endswith("科目名称"))


def is_number(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    if isinstance(value, str) and value.strip():
        try:
            return number_of(value) is not None
        except ValueProblem:
            return False
    return False


def find_header(sheet: Sheet, spec: TableSpec, start: int, end: int, c0: int, c1: int,
                row_labels: set[str]) -> Header | None:
    """The header of the table whose title is above `start`; None if no header row is found."""
    words = vocabulary(spec)
    first = _first_header_row(sheet, start, min(end, start + MAX_HEADER_GAP), c0, c1, words)
    if first is None:
        return None
    rows = [first]
    label_cols = _label_columns(sheet, rows, c0, c1)
    body_start, r = end, first + 1
    while r < end:
        cells = _cells(sheet, r, c0, c1)
        if not cells:
            r += 1
            continue
        if _covered_from_above(sheet, r, rows, c0, c1) or _is_header_row(cells, label_cols, words, row_labels):
            rows.append(r)
            label_cols = _label_columns(sheet, rows, c0, c1)
            r += 1
            continue
        body_start = r + 1 if _is_line_number_row(cells) else r
        break
    sample = range(body_start, min(end, body_start + 200))
    width = max([sheet.width(h) for h in rows] + [sheet.width(b) for b in sample])
    columns = [_column(sheet, rows, c) for c in range(c0, min(c1, width))]
    duplicates = _match_values(columns, spec)
    return Header(rows, body_start, columns, _groups(columns, spec), duplicates)


def _cells(sheet: Sheet, row: int, c0: int, c1: int) -> list[tuple[int, object]]:
    line = sheet.rows[row] if 0 <= row < sheet.height else []
    return [(c, v) for c, v in enumerate(line[c0:c1], c0) if v is not None and text_of(v).strip() != ""]


def _first_header_row(sheet, start, end, c0, c1, words) -> int | None:
    for r in range(start, end):
        cells = _cells(sheet, r, c0, c1)
        hits = [(c, v) for c, v in cells if is_header_word(v, words)]
        if not hits:
            continue
        wide = any((m := sheet.merge_at(r, c)) and m[3] > m[1] for c, _ in hits)
        if len(cells) >= 2 or wide:
            return r
    return None


def _label_columns(sheet, rows, c0, c1) -> set[int]:
    """The columns whose header names the row: 项目, 科目编码, 科目名称, 序号 …"""
    out = set()
    for c in range(c0, min(c1, max(sheet.width(r) for r in rows))):
        for r in rows:
            key = norm(sheet.shown(r, c))
            if key in LABEL_WORDS or key == "序号" or "编码" in key or key.endswith(("科目名称", "项目")):
                out.add(c)
    return out


def _covered_from_above(sheet, row, header_rows, c0, c1) -> bool:
    line_width = max(sheet.width(h) for h in header_rows)
    for c in range(c0, min(c1, line_width)):
        merge = sheet.merge_at(row, c)
        if merge and merge[0] < row and merge[0] in header_rows:
            return True
    return False


def _is_header_row(cells, label_cols, words, row_labels) -> bool:
    if any(is_number(v) for _, v in cells):
        return False
    for c, v in cells:
        key = label_key(v)
        if c in label_cols and (key in ("合计", "总计") or key in row_labels or looks_like_code(v)):
            return False
        if key in row_labels and not is_header_word(v, words):
            return False
    return any(is_header_word(v, words) for _, v in cells)


def _is_line_number_row(cells) -> bool:
    """栏次 | 1 | 2 | 3 …: the column numbers printed under the header of the central forms."""
    texts = [norm(v) for _, v in cells]
    if texts and texts[0] in ("栏次", "行次"):
        return True
    numbers = [v for _, v in cells]
    if len(numbers) < 2 or not all(isinstance(v, (int, float, str)) and norm(v).isdigit() for v in numbers):
        return False
    return [int(norm(v)) for v in numbers] == list(range(1, len(numbers) + 1))


def _column(sheet: Sheet, rows: list[int], col: int) -> Column:
    """A column's header path and, where the path says so, its role as a key (VALUE and LABEL come later)."""
    path: list[str] = []
    for r in rows:
        text = text_of(sheet.shown(r, col)).strip()
        if text and (not path or norm(path[-1]) != norm(text)):
            path.append(text)
    keys = [norm(p) for p in path]
    if not keys:
        return Column(col, (), EMPTY)
    leaf = keys[-1]
    if leaf in ("行次", "栏次"):
        return Column(col, tuple(path), LINE_NO)
    if leaf == "序号":
        return Column(col, tuple(path), SERIAL)
    if leaf in PART_DIGITS:   # 类 | 款 | 项 under 科目编码 (or alone where the merge was not kept)
        return Column(col, tuple(path), CODE_PART, digits=PART_DIGITS[leaf])
    if any("编码" in k or "代码" in k for k in keys):
        return Column(col, tuple(path), CODE)
    return Column(col, tuple(path), UNKNOWN)   # VALUE or LABEL is decided by _match_values


# ---- matching value columns to the template ------------------------------------------------------
def _score(sheet_keys: tuple[str, ...], spec_keys: tuple[str, ...]) -> float:
    """How well a column's header path names a template column: 4 equal … 0 not at all."""
    for penalty, a, b in ((0, sheet_keys, spec_keys),
                          (0.5, tuple(loose(k) for k in sheet_keys), tuple(loose(k) for k in spec_keys))):
        if a == b:
            return 4 - penalty
        sa, sb = set(a), set(b)
        if sa == sb:
            return 3 - penalty
        if a[-1] == b[-1] and sb <= sa:
            return 2 - penalty
        if a[-1] == b[-1] and sa <= sb:
            return 1.5 - penalty
    if {sheet_keys[-1], spec_keys[-1]} == {"合计", "小计"} and set(sheet_keys[:-1]) <= set(spec_keys[:-1]):
        return 0.5
    return 0


def _match_values(columns: list[Column], spec: TableSpec) -> list[Column]:
    """Give each UNKNOWN column its template column (VALUE) or make it a LABEL; return the columns
    that name a template column another column already took."""
    specs = list(spec.columns)
    candidates = {}
    for col in columns:
        if col.role != UNKNOWN:
            continue
        scores = [(_score(col.keys, tuple(norm(h) for h in s.header)), -i, s) for i, s in enumerate(specs)]
        scores = sorted((x for x in scores if x[0] > 0), key=lambda x: (-x[0], -x[1]))
        if spec.layout == "economic" and not scores and col.keys[-1] in AMOUNT_WORDS:
            scores = [(1, 0, specs[0])]
        if scores:
            candidates[col.index] = scores
        elif _is_label(col.keys[-1], spec):
            col.role = LABEL
    duplicates = []
    taken: set[str] = set()
    order = sorted(candidates, key=lambda i: (-candidates[i][0][0], i))
    by_index = {c.index: c for c in columns}
    for index in order:
        col = by_index[index]
        if spec.layout == "economic":   # one 决算数 column per 科目编码|科目名称|决算数 group
            col.role, col.spec = VALUE, candidates[index][0][2]
            continue
        free = [s for score, _, s in candidates[index] if s.key not in taken]
        best = candidates[index][0][0]
        if free and _score(col.keys, tuple(norm(h) for h in free[0].header)) >= min(best, 1.5):
            col.role, col.spec = VALUE, free[0]
            taken.add(free[0].key)
        else:
            duplicates.append(col)
    return duplicates


def _is_label(leaf: str, spec: TableSpec) -> bool:
    """项目, 科目名称, 收入项目 …, or a bare 收入/支出 over the labels of a two-sided table."""
    return leaf in LABEL_WORDS or leaf.endswith(("科目名称", "项目")) or leaf in {norm(s) for s in spec.sides.values()}


def _groups(columns: list[Column], spec: TableSpec) -> list[Group]:
    groups: list[Group] = []
    current: Group | None = None
    for col in columns:
        if col.role in KEY_ROLES:
            parts = {c.digits for c in current.of(CODE_PART)} if current else set()
            new = current is None or current.values or \
                (col.role == CODE and current.of(CODE, CODE_PART)) or \
                (col.role == CODE_PART and col.digits == 3 and 3 in parts) or \
                (col.role == SERIAL and current.of(SERIAL))
            if new:
                current = Group()
                groups.append(current)
        elif col.role == VALUE and current is None:
            current = Group()
            groups.append(current)
        if current is not None and col.role not in (EMPTY,):
            current.columns.append(col)
    if spec.layout == "two_sided":
        sides = list(spec.sides) or ["income", "expense"]
        for i, group in enumerate(groups):
            found = [c.spec.side for c in group.values if c.spec.side]
            group.side = max(set(found), key=found.count) if found else (sides[i] if i < len(sides) else None)
    return groups
