"""An import in two steps: `prepare` reads everything and returns a preview of what it would write;
`commit` writes it, all of it in one transaction, or nothing.

    with UnitFile.open(path) as file:
        plan = prepare(file.load(), [Path("决算报表.xlsx")], narrative=None, progress=callback)
        show(plan)                          # tables found, rows, totals, warnings, what it replaces
        commit(plan, file, accept_warnings=True, replace=True)

`prepare` never writes. A file that cannot be read raises ImportFailure. Anything in a workbook
that was not understood is an Issue: a WARNING must be accepted before `commit` writes, a NOTE is
for information. A table found in the workbooks replaces that table of the unit (its rows, its
values, its note); tables not found are left as they are; values of the template's extra columns
(年初预算) that the workbook does not have are kept.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from domain.checks.workbook_source import WORKBOOK_UNIT, names_agree
from domain.money import format_amount
from domain.template import MONEY, TEXT, TOTAL_ROW, TableSpec
from domain.unit import IMPORTED, UnitData

from .body import Found
from .errors import KEPT, NOTE, WARNING, ImportFailure, ImportRefused, Issue, Where
from .narrative_file import read_narrative
from .normalise import norm
from .recognise import read_sheet
from .workbook import read_workbook

Progress = Callable[[float, str], None]


@dataclass
class TablePreview:
    table_id: str
    name: str                   # 公开05表 一般公共预算财政拨款支出决算表
    where: str                  # 决算报表.xlsx 表5!A1
    money_unit: str
    rows: int                   # lines read
    values: int                 # cells read
    totals: list[tuple[str, str]] = field(default_factory=list)   # (what, amount as shown in money_unit)
    replaces: bool = False      # the unit already has other values in this table
    note: str = ""              # the unit's own note under the table (kept as the table's note)


@dataclass
class NarrativePreview:
    source: str
    chars: int
    replaces: bool


@dataclass
class ImportPlan:
    before: UnitData
    after: UnitData
    sources: list[str]
    tables: list[TablePreview]
    missing: list[str]                  # disclosure tables not found: left unchanged
    issues: list[Issue]
    narrative: NarrativePreview | None
    changes: int                        # cells (and the narrative) that will change

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == WARNING]

    @property
    def notes(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == NOTE]

    @property
    def kept(self) -> list[Issue]:
        """Issues that do not block the import and stay as findings after it (another unit's name)."""
        return [i for i in self.issues if i.severity == KEPT]

    @property
    def replaced(self) -> list[str]:
        """What the import overwrites that holds other data now (tables, 说明)."""
        out = [t.name for t in self.tables if t.replaces]
        if self.narrative and self.narrative.replaces:
            out.append("部门决算说明")
        return out


def prepare(unit: UnitData, workbooks: Sequence[Path] = (), narrative: Path | None = None,
            progress: Progress | None = None) -> ImportPlan:
    """Read the workbooks and the narrative file into a copy of `unit`; write nothing."""
    workbooks = [Path(p) for p in workbooks]
    if not workbooks and narrative is None:
        raise ImportFailure("没有指定要导入的工作簿或说明文件。")
    report = progress or (lambda fraction, message: None)
    steps = 2 * len(workbooks) + (1 if narrative else 0) + 1
    done = 0
    found: list[Found] = []
    issues: list[Issue] = []
    for path in workbooks:
        report(done / steps, f"正在读取 {path.name}")
        sheets = read_workbook(path)
        done += 1
        report(done / steps, f"正在识别 {path.name} 中的表格")
        in_book = []
        for sheet in sheets:
            tables, sheet_issues = read_sheet(sheet, unit)
            in_book += tables
            issues += sheet_issues
        if not in_book:
            raise ImportFailure(f"在 {path.name} 中没有找到任何决算公开表（按表名识别，如“收入支出决算总表”“支出决算表”，"
                                "表名须在表头上方）。")
        found += in_book
        done += 1
    _refuse_duplicates(found)
    text = None
    if narrative is not None:
        report(done / steps, f"正在读取说明 {Path(narrative).name}")
        text = read_narrative(Path(narrative))
        done += 1
    report(done / steps, "正在生成导入预览")
    after = unit.copy()
    for table in found:
        _fill(after, table)
        issues += table.issues
    issues += _unit_name_issues(found, after)
    after.refresh_derived()
    narrative_preview = None
    if text is not None:
        after.narrative = text
        narrative_preview = NarrativePreview(Path(narrative).name, len(text),
                                             bool(unit.narrative.strip()) and unit.narrative != text)
        if not text.strip():
            issues.append(Issue(Where(Path(narrative).name), "说明文件是空的；接受后单位文件中的说明将被清空。"))
    ids = {t.spec.id for t in found}
    previews = [_preview(unit, after, t) for t in sorted(found, key=lambda t: _order(unit, t.spec))]
    missing = [s.display_name for s in unit.template.disclosure_tables if s.id not in ids]
    plan = ImportPlan(unit, after, [p.name for p in workbooks] + ([Path(narrative).name] if narrative else []),
                      previews, missing, _sorted(issues), narrative_preview, _changes(unit, after))
    report(1.0, "导入预览已生成")
    return plan


def commit(plan: ImportPlan, file, accept_warnings: bool = False, replace: bool = False) -> int:
    """Write the plan to the unit file in one transaction; return the number of change-log entries.
    Refuses (writing nothing) while warnings are not accepted or existing data would be replaced
    without consent."""
    if plan.warnings and not accept_warnings:
        raise ImportRefused(f"有 {len(plan.warnings)} 条警告尚未确认，未写入任何数据。")
    if plan.replaced and not replace:
        raise ImportRefused(f"单位文件中已有数据（{'、'.join(plan.replaced)}），未经确认不覆盖，未写入任何数据。")
    source = plan.narrative.source if plan.narrative else None
    return file.save(plan.after, action="import", narrative_source=source)


# ---- building the new unit ---------------------------------------------------------------------
def _fill(unit: UnitData, found: Found) -> None:
    """Replace one table of `unit` by what was read (keeping extra-column values the workbook lacks)."""
    spec, table = found.spec, found.spec.id
    present = found.columns

    def stays(key) -> bool:
        col = spec.column(key[2])
        return col.extra and key[2] not in present and not unit.is_derived(*key) and \
            (not spec.variable_rows or key[1] in found.rows)

    for key in [k for k in unit.cells if k[0] == table]:
        if not stays(key):
            unit.delete_cell(key)
    if spec.variable_rows:
        unit.set_rows(table, {})
        for key, name in found.rows.items():
            unit.add_row(table, key, name)              # with any 类/款 parent the workbook lacks
        unit.set_rows(table, {**unit.extra_rows[table], **found.rows})   # the names as read, in add_row's order
    for (row, col), amount in found.amounts.items():
        unit.set_amount(table, row, col, amount.fen, IMPORTED, amount.tolerance)
    for (row, col), text in found.texts.items():
        unit.set_text(table, row, col, text, IMPORTED)
    unit.set_note(table, found.note or None)


def _refuse_duplicates(found: list[Found]) -> None:
    first: dict[str, Found] = {}
    for table in found:
        if table.spec.id in first:
            raise ImportFailure(f"{table.spec.display_name} 出现了两次：{first[table.spec.id].where} 和 {table.where}；"
                                "请只保留一处再导入。")
        first[table.spec.id] = table


def _unit_name_issues(found: list[Found], unit: UnitData) -> list[Issue]:
    """Another unit named on the 编制单位 line or in the heading of a table: one issue per name and
    workbook, and the names recorded in the unit (X3), where a check reports them until they agree."""
    if not found:                       # only a narrative was imported: the record stays as it is
        return []
    ours = unit.meta.unit_name
    out, foreign, seen = [], [], set()
    for table in found:
        for theirs, line in ((table.unit_name, "编制单位"), (table.heading_name, "标题")):
            if not theirs or names_agree(theirs, ours) or (table.sheet.book, norm(theirs)) in seen:
                continue
            seen.add((table.sheet.book, norm(theirs)))
            foreign.append((table.sheet.book, theirs))
            out.append(Issue(table.where, f"工作簿的{line}写的是“{theirs}”，本单位文件是“{ours}”；请确认没有拿错文件。"
                                          "照常导入，导入后在核对结果中一直列出，直到单位名称一致。", KEPT, table.spec.id))
    if unit.template.has(WORKBOOK_UNIT[0]):
        names = "、".join(dict.fromkeys(n for _, n in foreign))
        if names:
            unit.set_text(*WORKBOOK_UNIT, names, IMPORTED)
        else:
            unit.delete_cell(WORKBOOK_UNIT)
    return out


# ---- the preview -------------------------------------------------------------------------------
def _preview(before: UnitData, after: UnitData, found: Found) -> TablePreview:
    spec = found.spec
    totals = [(label, format_amount(after.amount(spec.id, row, col), found.money_unit))
              for label, row, col in headline_cells(after, spec)]
    return TablePreview(spec.id, spec.display_name, str(found.where), found.money_unit, len(found.seen),
                        len(found.amounts) + len(found.texts), totals,
                        not before.is_empty(spec.id) and _table_differs(before, after, spec.id), found.note)


def headline_cells(unit: UnitData, spec: TableSpec) -> list[tuple[str, str, str]]:
    """The figures that sum a table up, as (label, row key, column key): its top total rows × its
    top total columns (表1: 收入总计, 支出总计; 表5: 合计 · 本年支出·合计; 表6: 人员经费合计 …)."""
    rows = unit.rows(spec.id)
    summed_rows = {k for r in rows for k in r.sum}
    top_rows = [r for r in rows if (r.sum or r.key == TOTAL_ROW) and r.key not in summed_rows] or rows[:1]
    out = []
    for row in top_rows:
        cols = [c for c in spec.columns_for(row) if not c.extra and spec.cell_kind(row, c) == MONEY]
        summed_cols = {k for c in cols for k in c.sum}
        top_cols = [c for c in cols if c.sum and c.key not in summed_cols] or cols[:1]
        two_sided = spec.layout == "two_sided" and row.side
        name = (spec.sides.get(row.side, "") if two_sided else "") + row.label
        for col in top_cols:
            col_name = "·".join(col.header[1:] if two_sided else col.header)
            out.append((name if len(cols) == 1 else f"{name} · {col_name}", row.key, col.key))
    return out


def _table_differs(before: UnitData, after: UnitData, table: str) -> bool:
    keys = {k for k in before.cells if k[0] == table} | {k for k in after.cells if k[0] == table}
    return any(_shown(before, k) != _shown(after, k) for k in keys) or \
        before.extra_rows.get(table, {}).keys() != after.extra_rows.get(table, {}).keys()


def _shown(unit: UnitData, key) -> tuple:
    """A cell as the disclosure shows it: its amount (stored or computed) or its text."""
    spec = unit.template.table(key[0])
    if spec.cell_kind(unit.row(key[0], key[1]), spec.column(key[2])) == TEXT:
        return (None, unit.text(*key))
    return (unit.amount(*key), None)


def _changes(before: UnitData, after: UnitData) -> int:
    """How many cells the disclosure shows differently after the import (and the narrative)."""
    keys = {k for k in before.cells.keys() | after.cells.keys() if before.cells.get(k) != after.cells.get(k)}
    tables = {k[0] for k in keys} | {t for t in before.extra_rows.keys() | after.extra_rows.keys()
                                     if before.extra_rows.get(t) != after.extra_rows.get(t)}
    for table in tables:      # the 合计/小计 computed from what changed
        keys.update(before.derived_cells(table), after.derived_cells(table))
    count = sum(_shown(before, key) != _shown(after, key) for key in keys)
    return count + (before.narrative != after.narrative)


def _order(unit: UnitData, spec: TableSpec) -> int:
    return [t.id for t in unit.template.tables].index(spec.id)


def _sorted(issues: list[Issue]) -> list[Issue]:
    """Warnings first, each kind in reading order."""
    return sorted(issues, key=lambda issue: issue.severity != WARNING)
