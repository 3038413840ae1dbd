"""Read the body of one recognised table: each line's row key, and the values under its columns.

Row keys by layout:
* two_sided, fixed: the label matched to the template's rows (in order, so the second
  `一、一般公共预算财政拨款` of 表4 is the 年初结转 one), on the side its column group belongs to;
  a table with `unit_rows` (表11) takes every other named line as a unit row (u1, u2 …: 本级 and
  each 所属单位 under 合计);
* coded: the 功能分类 code, in one cell or split into 类/款/项 cells, or found by its name under
  the 类/款 read last (CodeList.code_for_name); `合计` is the total row;
* economic: the 经济分类 code (or the label) of the template's fixed rows, in every column group;
* projects: one row per line (p1, p2 …); `合计` (in the 序号 or the name column, at the top or the
  bottom) is the total row, never a project.

The body ends at the first note line (注：…, 说明：…, 本单位无…) or signature line (单位负责人：…).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from domain.codes import CodeList
from domain.template import COUNT, TEXT, TOTAL_ROW, RowSpec, TableSpec

from .cells import Amount, ValueProblem, parse_count, parse_money, parse_text
from .errors import NOTE, WARNING, Issue
from .headers import CODE, CODE_PART, EMPTY, LABEL, SERIAL, UNKNOWN, Group, Header, is_number
from .normalise import digits, is_signature, is_total, label_key, loose, norm, split_code_and_name, text_of
from .workbook import Sheet

NOTE_PREFIXES = ("注:", "注1", "注①", "说明:", "备注", "填表说明", "填报说明")
NOTE_WORDS = ("本表", "无数据", "不涉及", "本单位", "本部门", "没有", "未发生", "未安排")


@dataclass
class Found:
    """What was read from one table; `plan` turns it into cells."""
    spec: TableSpec
    sheet: Sheet
    title_row: int
    title_col: int
    money_unit: str
    unit_name: str | None = None
    amounts: dict[tuple[str, str], Amount] = field(default_factory=dict)
    texts: dict[tuple[str, str], str] = field(default_factory=dict)
    rows: dict[str, str] = field(default_factory=dict)      # variable rows: key -> name, in sheet order
    seen: dict[str, int] = field(default_factory=dict)      # every row key read -> its sheet row
    columns: set[str] = field(default_factory=set)          # template columns found in the header
    note: str = ""                                          # the unit's own note under the table
    noted: bool = False                                     # any note under the table (also the template's)
    heading_name: str | None = None                         # a unit named in the title or the heading above it
    issues: list[Issue] = field(default_factory=list)

    @property
    def where(self):
        return self.sheet.where(self.title_row, self.title_col)

    def issue(self, row: int | None, col: int | None, message: str, severity: str = WARNING) -> None:
        where = self.sheet.where(row, col) if row is not None else self.where
        self.issues.append(Issue(where, message, severity, self.spec.id))


def is_note_line(cells: list[tuple[int, object]]) -> bool:
    """注：…, 说明：…, a lone sentence such as 本单位无“三公”经费支出, or a signature line."""
    text = norm(cells[0][1])
    if text.startswith(NOTE_PREFIXES) or text in ("注", "说明"):
        return True
    if not any(is_number(v) for _, v in cells) and any(is_signature(v) for _, v in cells):
        return True
    return len(cells) == 1 and len(text) >= 6 and any(w in text for w in NOTE_WORDS)


class BodyReader:
    def __init__(self, found: Found, header: Header, codes: CodeList, economic: CodeList, c0: int, c1: int):
        self.found, self.header, self.codes, self.economic = found, header, codes, economic
        self.spec, self.sheet = found.spec, found.sheet
        self.c0, self.c1 = c0, c1
        self.context: dict[int, dict] = {}      # per column group: the 类/款 read last, the last fixed row
        self.projects = 0
        self.stray: dict[int, int] = {}         # column index -> first row with a value under no known header

    def read(self, end: int) -> int:
        """Read lines from the header down to `end` or to the first note line; return where it stopped."""
        r = self.header.body_start
        while r < end:
            cells = [(c, v) for c, v in enumerate(self.sheet.rows[r][self.c0:self.c1], self.c0)
                     if v is not None and text_of(v).strip() != ""] if r < self.sheet.height else []
            if cells:
                if is_note_line(cells):
                    break
                for i, group in enumerate(self.header.groups):
                    self._line(r, i, group)
                self._stray_values(r, cells)
            r += 1
        self._report_stray()
        return r

    # ---- one line of one column group --------------------------------------------------------
    def _line(self, r: int, index: int, group: Group) -> None:
        keys = group.of(CODE, CODE_PART, LABEL, SERIAL)
        raw = [self.sheet.value(r, c.index) for c in keys]
        values = [self.sheet.value(r, c.index) for c in group.values]
        if all(text_of(v).strip() == "" for v in raw + values):
            return
        ctx = self.context.setdefault(index, {"lei": None, "kuan": None, "last": -1, "parts": {}})
        layout = self.spec.layout
        if layout == "coded":
            key = self._coded_key(r, group, ctx)
        elif layout == "economic":
            key = self._economic_key(r, group, ctx)
        elif layout == "projects":
            key = self._project_key(r, group, values)
        else:
            key = self._fixed_key(r, group, ctx, values)
        if key is None:
            return
        if key in self.found.seen:
            first = self.found.seen[key] + 1
            self.found.issue(r, keys[0].index if keys else None,
                             f"“{self._row_name(key)}”这一行重复出现（第{first}行已读到）；接受后忽略此行。")
            return
        self.found.seen[key] = r
        self._values(r, key, group)

    def _text(self, r: int, group: Group, *roles: str) -> tuple[str, int | None]:
        for col in group.of(*roles):
            text = text_of(self.sheet.value(r, col.index)).strip()
            if text:
                return text, col.index
        return "", None

    def _row_name(self, key: str) -> str:
        if key == TOTAL_ROW:
            return "合计"
        row = self.spec.row(key)
        if row is not None:
            return row.label
        return self.found.rows.get(key) or key

    # ---- coded tables: 功能分类 codes ---------------------------------------------------------
    def _coded_key(self, r: int, group: Group, ctx: dict) -> str | None:
        code_text, code_col = self._code(r, group, ctx)
        name, name_col = self._text(r, group, LABEL)
        if is_total(code_text) or is_total(name):
            return TOTAL_ROW
        if not code_text and name and (split := split_code_and_name(name)):
            code_text, name = split
        elif code_text and not code_text.isdigit() and (split := split_code_and_name(code_text)):
            code_text, name = split[0], name or split[1]
        col = code_col if code_col is not None else name_col
        year = self.codes.year
        if code_text:
            if self.codes.is_well_formed(code_text):
                if code_text not in self.codes:
                    self.found.issue(r, col, f"科目编码 {code_text}（{name or '无名称'}）不在{year}年支出功能分类科目中；"
                                             "接受后按原样保留此行。")
                elif name and not _same_name(name, self.codes.name(code_text)):
                    self.found.issue(r, name_col, f"科目 {code_text} 的名称写作“{name}”，{year}年科目表为"
                                                  f"“{self.codes.name(code_text)}”；按编码导入。", NOTE)
                return self._coded_row(code_text, name, ctx)
            by_name = self._code_for_name(name, ctx) if name else None
            if by_name:
                self.found.issue(r, code_col, f"科目编码“{code_text}”不是3、5或7位数字；按科目名称“{name}”识别为 "
                                              f"{by_name}；接受后按此导入。")
                return self._coded_row(by_name, name, ctx)
            self.found.issue(r, code_col, f"科目编码“{code_text}”不是3、5或7位数字，名称“{name}”也不在{year}年"
                                          "支出功能分类科目中；接受后跳过此行。")
            return None
        if name:
            by_name = self._code_for_name(name, ctx)
            if by_name:
                self.found.issue(r, name_col, f"“{name}”没有科目编码，按名称识别为 {by_name}。", NOTE)
                return self._coded_row(by_name, name, ctx)
            self.found.issue(r, name_col, f"“{name}”既没有科目编码，也不是{year}年支出功能分类科目的名称"
                                          "（应为科目编码或科目名称）；接受后跳过此行。")
            return None
        self.found.issue(r, None, "这一行有数值，却没有科目编码和科目名称；接受后跳过此行。")
        return None

    def _code(self, r: int, group: Group, ctx: dict) -> tuple[str, int | None]:
        """The code of a line: one CODE cell, or 类/款/项 cells (an empty upper part repeats the one above)."""
        for col in group.of(CODE):
            text = text_of(self.sheet.value(r, col.index)).strip()
            if text:
                return (digits(text) if digits(text).isdigit() else text), col.index
        parts = group.of(CODE_PART)
        if not parts:
            return "", None
        pieces, first_col, seen_any = [], None, False
        for level, col in enumerate(parts):
            text = digits(self.sheet.value(r, col.index))
            if text and text.isdigit() and level > 0 and len(text) < col.digits:
                text = text.zfill(col.digits)
            if text:
                seen_any = True
                first_col = col.index if first_col is None else first_col
            pieces.append(text)
        if not seen_any:
            return "", None
        if len(pieces[0]) > 3 and pieces[0].isdigit() and not any(pieces[1:]):   # a whole code in the 类 cell
            return pieces[0], first_col
        last = max(i for i, p in enumerate(pieces) if p)
        for i in range(last):   # 款/项 written without repeating the 类/款 above them
            if not pieces[i]:
                pieces[i] = ctx["parts"].get(i, "")
        ctx["parts"] = {i: p for i, p in enumerate(pieces[: last + 1])}
        return "".join(pieces[: last + 1]), first_col

    def _code_for_name(self, name: str, ctx: dict) -> str | None:
        for parent in (ctx["kuan"], ctx["lei"]):
            if parent:
                code = self.codes.code_for_name(name, parent)
                if code:
                    return code
        code = self.codes.code_for_name(name)
        return code if code and len(code) == 3 else None

    def _coded_row(self, code: str, name: str, ctx: dict) -> str:
        if len(code) == 3:
            ctx["lei"], ctx["kuan"] = code, None
        elif len(code) == 5:
            ctx["lei"], ctx["kuan"] = code[:3], code
        self.found.rows.setdefault(code, name or self.codes.name(code) or "")
        return code

    # ---- economic tables (表6, 表8): fixed 经济分类 rows, side by side ---------------------------
    def _economic_key(self, r: int, group: Group, ctx: dict) -> str | None:
        code_text, code_col = self._code(r, group, ctx)
        name, name_col = self._text(r, group, LABEL)
        if code_text and not code_text.isdigit() and (split := split_code_and_name(code_text)):
            code_text, name = split[0], name or split[1]
        if code_text:
            row = self.spec.row(code_text)
            if row is not None:
                if name and not _same_name(name, row.label):
                    self.found.issue(r, name_col, f"经济分类科目 {code_text} 的名称写作“{name}”，应为“{row.label}”；"
                                                  "按编码导入。", NOTE)
                ctx["lei"] = code_text[:3]
                return row.key
            known = "（经济分类科目表中有此科目，但本表没有这一行）" if code_text in self.economic else ""
            self.found.issue(r, code_col, f"经济分类科目编码“{code_text}”不是本表的行{known}；接受后跳过此行。")
            return None
        if not name:
            self.found.issue(r, None, "这一行有数值，却没有科目编码和科目名称；接受后跳过此行。")
            return None
        key = label_key(name)
        rows = [row for row in self.spec.rows if label_key(row.label) == key] or \
               [row for row in self.spec.rows if loose(label_key(row.label)) == loose(key)]
        if len(rows) > 1:
            rows = [row for row in rows if row.code and ctx["lei"] and row.code.startswith(ctx["lei"])] or rows[:0]
        if len(rows) == 1:
            if rows[0].code and len(rows[0].code) == 3:
                ctx["lei"] = rows[0].code
            return rows[0].key
        self.found.issue(r, name_col, f"“{name}”不是本表的行（应为经济分类科目编码或本表的行名称，"
                                      "如“人员经费合计”）；接受后跳过此行。")
        return None

    # ---- fixed rows (表1, 表4 two-sided; 表10, 表11) --------------------------------------------
    def _fixed_key(self, r: int, group: Group, ctx: dict, values: list) -> str | None:
        label, col = self._text(r, group, LABEL, CODE, SERIAL)
        rows = [row for row in self.spec.rows if group.side is None or row.side == group.side]
        if label and norm(label) in ("栏次", "行次"):
            return None
        if not label:
            if not any(text_of(v).strip() for v in values):
                return None
            return self._only_row(r, rows, "", col)
        key = label_key(label)
        candidates = [i for i, row in enumerate(rows) if label_key(row.label) == key]
        if not candidates:
            split = split_code_and_name(label)
            candidates = [i for i, row in enumerate(rows) if split and row.code == split[0]] or \
                         [i for i, row in enumerate(rows) if _same_name(label, row.label)]
        unused = [i for i in candidates if rows[i].key not in self.found.seen]
        after = [i for i in unused if i > ctx["last"]]
        pick = (after or unused or [None])[0]
        if pick is None:
            if candidates:
                return rows[candidates[0]].key          # a repeated line: reported as such by the caller
            if self.spec.unit_rows:
                return self._unit_row(r, self._text(r, group, LABEL)[0] or label, col, values)
            return self._only_row(r, rows, label, col)
        ctx["last"] = pick
        return rows[pick].key

    def _unit_row(self, r: int, label: str, col: int | None, values: list) -> str | None:
        """A line under 合计 naming 本级 or a 所属单位 (表11 of a department with subordinate units)."""
        if not any(text_of(v).strip() for v in values):
            self.found.issue(r, col, f"“{label}”这一行没有任何数值，不作为单位行导入。", NOTE)
            return None
        key = f"u{sum(1 for k in self.found.rows if k.startswith('u')) + 1}"
        self.found.rows[key] = label
        return key

    def _only_row(self, r: int, rows: list[RowSpec], label: str, col: int | None) -> str | None:
        """A table with one data row (表10) takes its one line whatever its label says."""
        if len(self.spec.rows) == 1 and rows and rows[0].key not in self.found.seen:
            if label:
                self.found.issue(r, col, f"行名称“{label}”与本表的“{rows[0].label}”不同；本表只有一行数据，按此行导入。", NOTE)
            return rows[0].key
        side = {"income": "收入", "expense": "支出"}.get(rows[0].side, "") if rows and rows[0].side else ""
        if not label:
            self.found.issue(r, None, f"{side}这一行有数值，却没有行名称；接受后跳过此行。")
            return None
        names = "、".join(f"“{row.label}”" for row in rows[:3])
        self.found.issue(r, col, f"{side}行名称“{label}”不是本表的行（应为本表的行名称，如{names}等）；接受后跳过此行。")
        return None

    # ---- projects (表12) ---------------------------------------------------------------------
    def _project_key(self, r: int, group: Group, values: list) -> str | None:
        serial, _ = self._text(r, group, SERIAL, LABEL, CODE)
        name_cols = [c for c in group.values if c.spec.key == "name"]
        name = text_of(self.sheet.value(r, name_cols[0].index)).strip() if name_cols else ""
        if is_total(serial) or is_total(name):     # 合计 at the top or the bottom, with or without 序号
            return TOTAL_ROW
        if not any(text_of(v).strip() for v in values):
            if serial:
                self.found.issue(r, None, f"这一行只有“{serial}”，没有项目名称和金额，不作为项目导入。", NOTE)
            return None
        self.projects += 1
        key = f"p{self.projects}"
        self.found.rows[key] = name
        return key

    # ---- values ------------------------------------------------------------------------------
    def _values(self, r: int, key: str, group: Group) -> None:
        row = self.spec.row(key) if not self.spec.variable_rows else None
        unit = self.found.money_unit
        for col in group.values:
            spec_col = col.spec
            if row is not None and spec_col.side and row.side and spec_col.side != row.side:
                continue
            value = self.sheet.value(r, col.index)
            kind = self.spec.cell_kind(row, spec_col)
            if key == TOTAL_ROW and kind == TEXT:
                continue
            try:
                if kind == TEXT:
                    text = parse_text(value)
                    if text:
                        self.found.texts[(key, spec_col.key)] = text
                elif kind == COUNT:
                    self.found.amounts[(key, spec_col.key)] = Amount(parse_count(value))
                else:
                    amount = parse_money(value, unit)
                    if amount.rounded:
                        self.found.issue(r, col.index, f"“{text_of(value)}”{unit}比1分还精确；"
                                                       f"接受后四舍五入为 {amount.fen / 100:.2f} 元导入。")
                    self.found.amounts[(key, spec_col.key)] = amount
            except ValueProblem as exc:
                expected = "整数" if kind == COUNT else f"金额（{unit}）、空白或“-”"
                self.found.issue(r, col.index, f"{exc}（{self._row_name(key)} · {spec_col.label}应为{expected}）；"
                                               "接受后此格留空。")

    # ---- values under no known column --------------------------------------------------------
    def _stray_values(self, r: int, cells) -> None:
        """Note every non-empty cell under a column the template does not have (a named column of
        a wider layout, a duplicate, or numbers under no header): listed in the preview, not imported."""
        roles = {c.index: c.role for c in self.header.columns}
        duplicate = {c.index for c in self.header.duplicates}
        for c, v in cells:
            role = roles.get(c, EMPTY)
            if c in duplicate or role == UNKNOWN or (role == EMPTY and is_number(v)):
                first, _last, count = self.stray.get(c, (r, r, 0))
                self.stray[c] = (first, r, count + 1)

    def _report_stray(self) -> None:
        columns = {c.index: c for c in self.header.columns}
        duplicate = {c.index for c in self.header.duplicates}
        expected = "、".join(c.label for c in self.spec.columns if not c.extra)
        for c, (first, last, count) in sorted(self.stray.items()):
            col = columns.get(c)
            cells = f"{self.sheet.where(first, c).cell}" + (f" 至第{last + 1}行" if last > first else "")
            if c in duplicate:
                self.found.issue(first, c, f"列“{col.title}”与前面的列重复；接受后这一列的{count}个数值不导入。")
            elif col is None or col.role == EMPTY:
                self.found.issue(first, c, f"这一列有{count}个数值却没有表头；接受后这一列的数值不导入。")
            else:   # a column of a wider layout (年初结转和结余 in a 国有资本经营 table): listed, not a problem
                self.found.issue(first, c, f"列“{col.title}”不是本表模板中的列（本表的列为：{expected}），"
                                           f"其中{count}个单元格（{cells}）未导入。", NOTE)


def _same_name(a: str, b: str | None) -> bool:
    """Names equal but for ordinals, brackets' contents and a trailing 支出 (一般公共服务 = 一般公共服务支出)."""
    def key(text):
        k = loose(label_key(text))
        return k[:-2] if k.endswith("支出") and len(k) > 3 else k
    return b is not None and key(a) == key(b)

