"""Find the disclosure tables in a workbook by their titles (and form numbers), never by sheet names.

A sheet may hold one table or several (one under the other); a workbook may hold all twelve or
one. A table starts at its title cell (`收入支出决算总表`, also with a year, unit name or ordinal
in front, or its form number `公开01表` after it) and ends where the next title starts. Between
title and header stand the form number and the unit line (`编制单位：… 金额单位：万元`); below
the body, the notes (`注：…`, `本单位本年度没有…`), which become the table's note (all but the
template's own lines), and the signature line. A unit named in the title (`某局2023年收入决算表`)
or in a heading just above it is read too, to catch a workbook copied from another unit.
Every non-empty cell of the table's region is imported or named in an issue.
"""
from __future__ import annotations

from dataclasses import dataclass

from domain.codes import ECONOMIC, load_codes
from domain.template import TableSpec, Template
from domain.unit import UnitData

from .body import NOTE_PREFIXES, BodyReader, Found
from .errors import NOTE, WARNING, Issue
from .headers import MAX_HEADER_GAP, find_header, is_number
from .normalise import (form_number, heading_unit_name, is_signature, label_key, money_unit, norm, text_of,
                        title_key, unit_name)
from .workbook import MAX_COLUMNS, Sheet

DEFAULT_MONEY_UNIT = "万元"
# titles other templates print for the same table (the template's own title always matches)
TITLE_ALIASES = {"T9": ("国有资本经营预算财政拨款收入支出决算表",), "T12": ("政府购买服务支出情况表",)}
MAX_TITLE_LENGTH = 80


@dataclass(frozen=True)
class Anchor:
    spec: TableSpec
    row: int
    col: int
    by_form: bool = False        # found by its form number only (the title was not recognised)


def _titles(template: Template) -> list[tuple[str, TableSpec]]:
    out = []
    for spec in template.disclosure_tables:
        out.append((title_key(spec.title), spec))
        out += [(title_key(alias), spec) for alias in TITLE_ALIASES.get(spec.id, ())]
    return sorted(out, key=lambda t: -len(t[0]))


def _title_at(text: str, titles) -> TableSpec | None:
    key = title_key(text)
    if not key.endswith("表"):
        return None
    for title, spec in titles:
        if key.endswith(title):
            prefix = key[: -len(title)]
            if "。" in prefix or prefix.startswith(("注", "说明")):   # a sentence naming a table, not a title
                return None
            return spec
    return None


def find_anchors(sheet: Sheet, template: Template) -> tuple[list[Anchor], list[Issue]]:
    titles = _titles(template)
    by_form = {spec.form: spec for spec in template.disclosure_tables if spec.form}
    anchors: list[Anchor] = []
    forms: list[tuple[int, int, str]] = []
    for r, line in enumerate(sheet.rows):
        for c, value in enumerate(line):
            if not isinstance(value, str) or "表" not in value or len(value) > MAX_TITLE_LENGTH:
                continue
            spec = _title_at(value, titles)
            if spec is not None:
                anchors.append(Anchor(spec, r, c))
            form = form_number(value)
            if form:
                forms.append((r, c, form))
    issues = []
    for r, c, form in forms:
        near = [a for a in anchors if a.row - 1 <= r <= a.row + 2]
        if not near:
            if form in by_form:
                anchors.append(Anchor(by_form[form], r - 1 if _lone_text(sheet, r - 1) else r, c, True))
                issues.append(Issue(sheet.where(r, c), f"表名未能识别，按表号{form}识别为“{by_form[form].title}”。",
                                    NOTE, by_form[form].id))
            continue
        anchor = min(near, key=lambda a: abs(a.row - r))
        if anchor.spec.form and form != anchor.spec.form:
            issues.append(Issue(sheet.where(r, c), f"标题是“{anchor.spec.title}”（{anchor.spec.form}），表号却写作{form}；"
                                                   "按标题识别。", WARNING, anchor.spec.id))
    anchors.sort(key=lambda a: (a.row, a.col))
    return anchors, issues


def _lone_text(sheet: Sheet, row: int) -> bool:
    """A row holding one text and nothing else: the title line above a form number."""
    values = [v for v in (sheet.rows[row] if 0 <= row < sheet.height else []) if text_of(v).strip()]
    return len(values) == 1 and isinstance(values[0], str)


def regions(anchors: list[Anchor], height: int) -> list[tuple[Anchor, int, int, int]]:
    """Each anchor with its first column, its end row (the next title below) and its end column
    (the next title on its row): (anchor, c0, end, c1)."""
    out = []
    for anchor in anchors:
        below = [a.row for a in anchors if a.row > anchor.row]
        same_row = sorted(a.col for a in anchors if a.row == anchor.row)
        right = [c for c in same_row if c > anchor.col]
        c0 = 0 if anchor.col == same_row[0] else anchor.col
        out.append((anchor, c0, min(below) if below else height, right[0] if right else MAX_COLUMNS))
    return out


def read_table(sheet: Sheet, anchor: Anchor, end: int, c0: int, c1: int, unit: UnitData) -> Found | None:
    """Read one table; None when no header stands under the title (a list of contents, a heading)."""
    spec = anchor.spec
    row_labels = {label_key(r.label) for r in spec.rows}
    header = find_header(sheet, spec, anchor.row + 1, end, c0, c1, row_labels)
    if header is None:
        return None
    found = Found(spec, sheet, anchor.row, anchor.col, DEFAULT_MONEY_UNIT)
    found.columns = {c.spec.key for c in header.columns if c.spec is not None}
    _read_unit_line(found, sheet, max(anchor.row - 2, 0), header.body_start, c0, c1)
    found.heading_name = _heading_name(sheet, anchor, c0, c1)
    reader = BodyReader(found, header, unit.codes, load_codes(ECONOMIC), c0, c1)
    stop = reader.read(end)
    _read_notes(found, stop, end, c0, c1)
    _check_complete(found)
    return found


def _heading_name(sheet: Sheet, anchor: Anchor, c0: int, c1: int) -> str | None:
    """A unit named in front of the title, or on a lone heading line just above it."""
    titles = (anchor.spec.title,) + TITLE_ALIASES.get(anchor.spec.id, ())
    text = text_of(sheet.value(anchor.row, anchor.col))
    title = next((t for t in titles if norm(t) in norm(text)), "")
    name = heading_unit_name(text, title) if title else None
    for r in (anchor.row - 1, anchor.row - 2):
        if name or r < 0 or not _lone_text(sheet, r):
            continue
        line = next(text_of(v) for v in sheet.rows[r][c0:c1] if text_of(v).strip())
        if _is_heading(line):
            name = heading_unit_name(line)
    return name


def _read_unit_line(found: Found, sheet: Sheet, start: int, stop: int, c0: int, c1: int) -> None:
    unit = None
    for r in range(start, stop):
        for value in (sheet.rows[r][c0:c1] if r < sheet.height else []):
            if isinstance(value, str):
                unit = unit or money_unit(value)
                found.unit_name = found.unit_name or unit_name(value)
    if unit:
        found.money_unit = unit
    else:
        found.issue(None, None, f"没有找到金额单位（应在标题下方写“金额单位：万元”或“金额单位：元”）；"
                                f"接受后按{DEFAULT_MONEY_UNIT}读取。")


def _is_heading(line: str) -> bool:
    """A heading line such as `北京市某区某局2023年度部门决算` (not a note of the table above it)."""
    key = norm(line)
    return "决算" in key and len(key) <= 40 and not key.startswith(NOTE_PREFIXES) and "。" not in key \
        and "本表" not in key and not form_number(line) and not unit_name(line) and not money_unit(line)


def _read_notes(found: Found, start: int, end: int, c0: int, c1: int) -> None:
    """The lines under the body, down to the next table: the unit's note (every line but the
    template's own 注/说明 lines, kept as written; two blank rows end it), the signature line
    (listed, not imported), and anything further down (listed, not imported)."""
    sheet, spec = found.sheet, found.spec
    defaults = {norm(spec.note), norm(spec.empty_note)} - {""}
    lines: list[str] = []
    blank = 0
    for r in range(start, end):
        cells = [(c, v) for c, v in enumerate(sheet.rows[r][c0:c1] if r < sheet.height else [], c0)
                 if text_of(v).strip()]
        if not cells:
            blank += 1
            continue
        apart, blank = blank >= 2 and found.noted, 0
        text = "　".join(text_of(v).strip() for _, v in cells)
        if any(is_signature(v) for _, v in cells):
            found.issue(r, cells[0][0], f"表下的签署行“{text}”不是表格内容，不导入。", NOTE)
        elif is_number(cells[0][1]) or (len(cells) > 1 and any(is_number(v) for _, v in cells)):
            found.issue(r, cells[0][0], f"表格下方的这一行有数值（{text}），不在表格之内；接受后不导入。")
        elif apart:
            found.issue(r, cells[0][0], f"“{text}”与表下说明隔开两行以上，不作为本表的说明导入。", NOTE)
        elif norm(text) in defaults or money_unit(text) or (form_number(text) and len(title_key(text)) <= 2):
            found.noted = True
        else:
            found.noted = True
            lines.append(text)
    found.note = "\n".join(lines)


def _check_complete(found: Found) -> None:
    spec = found.spec
    for col in spec.columns:
        if col.extra or col.key in found.columns:
            continue
        if col.sum:
            found.issue(None, None, f"工作簿中没有“{col.label}”列，将按其各部分计算。", NOTE)
        else:
            found.issue(None, None, f"没有找到“{col.label}”列（表头应为“{'›'.join(col.header)}”）；"
                                    "接受后此列按0处理。")
    if spec.variable_rows:
        return
    if not found.seen:
        if not found.noted:         # a blank table with its 说明 line is a normal, correct table
            found.issue(None, None, "表头下面没有读到任何一行，表下也没有说明（行名称应与模板一致，如"
                                    f"“{spec.rows[0].label}”）；接受后此表各行按0处理。")
        return
    missing = [r.label for r in spec.rows if r.key not in found.seen and not r.sum]
    if missing:
        shown = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
        found.issue(None, None, f"工作簿中缺少{len(missing)}行（{shown}），按0处理。", NOTE)


def read_sheet(sheet: Sheet, unit: UnitData) -> tuple[list[Found], list[Issue]]:
    """Every table on a sheet. A title with no header under it (a list of contents, a project named
    like a table inside another table's body) is dropped and the tables around it read again."""
    anchors, issues = find_anchors(sheet, unit.template)
    while True:
        tables, dropped = [], None
        for anchor, c0, end, c1 in regions(anchors, sheet.height):
            found = read_table(sheet, anchor, end, c0, c1, unit)
            if found is None:
                dropped = anchor
                break
            tables.append(found)
        if dropped is None:
            return tables, issues
        anchors.remove(dropped)
        if not dropped.by_form:
            issues.append(Issue(sheet.where(dropped.row, dropped.col),
                                f"“{dropped.spec.title}”下面{MAX_HEADER_GAP}行内没有表头，不作为表格读取。",
                                NOTE, dropped.spec.id))
