"""How the whole disclosure prints: cover, 目录, the tables (第一部分, or the part the narrative
names for them), and the narrative's parts.

`document(unit)` is the one description the PDF (and any other whole-document face) draws from:
a list of parts, each a list of items — table grids (from `layout.table_grid`), headings with
their level (一、 1, （一） 2, 1. 3), paragraphs, and the two pie charts the Beijing template asks
for (收入决算 from 表2's 本年收入合计 row, 基本支出和项目支出 from 表3's). A chart goes where
the narrative says 此处插入图表 (the placeholder and its 图N caption line are not printed), else
at the end of the 收入决算 / 支出决算 section. Each placeholder is also a finding (`chart_findings`,
registered as the rules N-CHART-PLACEHOLDER and N-CHART-NODATA, so check and the GUI show them):
info where the chart will be drawn (the words must go if the text is published as it is), an error
where its table has no money to draw (the PDF leaves the chart out).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .checks.finding import ERROR, INFO, Finding, Location
from .layout import Grid, table_grid
from .narrative.sections import EXPENSE, INCOME, TABLES, heading_title, list_marker, part_kind, section_kind
from .template import TOTAL_ROW
from .unit import UnitData

CHART_PLACEHOLDER = re.compile(r"此处(插入|添加|粘贴)[^\n]{0,6}图")
_CAPTION = re.compile(r"^图\s*\d+\s*[：:]")
_CLAUSE = re.compile(r"[，,。；;]")
_BOOKMARK = re.compile(r"^[ \t\u3000\ufeff]*(\[bookmark:[^\]\n]*\][ \t\u3000]*)*")
_DIGITS = re.compile(r"[0-9０-９]")
HEADING_MAX = 40          # a numbered line longer than this (or with a sentence in it) is a paragraph


@dataclass(frozen=True)
class Heading:
    text: str
    level: int                # 1 一、  2 （一）  3 1.
    in_toc: bool = False


@dataclass(frozen=True)
class Paragraph:
    text: str
    start: int = -1           # offset of the line in the narrative (-1: not from the narrative)


@dataclass(frozen=True)
class Chart:
    kind: str                 # INCOME | EXPENSE
    title: str                # 图1：收入决算
    slices: tuple[tuple[str, int], ...]   # (label, 分), only the ones with money

    @property
    def total(self) -> int:
        return sum(v for _, v in self.slices)


@dataclass(frozen=True)
class ChartPlace:
    """A 此处插入图表 line of the narrative: where it is, the section it stands in, its chart."""
    start: int                # the line in the narrative as written
    end: int
    words: str
    kind: str                 # INCOME | EXPENSE | "" (in neither section)
    chart: Chart | None       # the chart drawn there; None: nothing to draw


@dataclass
class Part:
    title: str
    items: list = field(default_factory=list)   # Grid | Heading | Paragraph | Chart
    tables: bool = False                        # the part the disclosure tables are printed in


@dataclass
class Document:
    title: str                # 北京市…街道办事处2024年度部门决算
    unit_name: str
    year_line: str            # 2024年度部门决算
    date_line: str            # 2025年7月
    parts: list[Part]
    findings: list[Finding] = field(default_factory=list)
    money_unit: str = "万元"          # of the tables and the charts' legends

    def toc(self) -> list[tuple[int, str]]:
        """(level, text) of every 目录 entry: parts (0), tables and 一、 headings (1)."""
        out = []
        for part in self.parts:
            out.append((0, part.title))
            for item in part.items:
                if isinstance(item, Grid):
                    out.append((1, item.title))
                elif isinstance(item, Heading) and item.in_toc:
                    out.append((1, item.text))
        return out


def document(unit: UnitData, today: date | None = None, money_unit: str | None = None) -> Document:
    """The tables go where the narrative names a 报表 part (第二部分 部门决算表 …), under its title;
    else they are 第一部分, before the narrative's parts."""
    year = unit.meta.year
    today = today or date.today()
    money_unit = money_unit or unit.meta.display_unit
    grids = [table_grid(unit, t.id, money_unit) for t in unit.template.disclosure_tables]
    parts, places = narrative_parts(unit)
    tables = next((p for p in parts if p.tables), None)
    if tables is None:
        tables = Part(f"第一部分 {year}年度部门决算报表", tables=True)
        parts.insert(0, tables)
    tables.items = grids
    return Document(f"{unit.meta.unit_name}{year}年度部门决算", unit.meta.unit_name, f"{year}年度部门决算",
                    f"{today.year}年{today.month}月", parts, [f for f in chart_findings(unit, places) if f.severity == ERROR],
                    money_unit)


def charts(unit: UnitData) -> dict[str, Chart]:
    """The two pie charts: 表2's income columns and 表3's expense columns of the 本年合计 row."""
    out = {}
    for kind, table_id, title in ((INCOME, "T2", "收入决算"), (EXPENSE, "T3", "基本支出和项目支出情况")):
        if not unit.template.has(table_id):
            continue
        spec = unit.template.table(table_id)
        total = next((c for c in spec.columns if c.sum), None)
        if total is None:
            continue
        slices = tuple((spec.column(k).header[-1], unit.amount(table_id, TOTAL_ROW, k)) for k in total.sum)
        out[kind] = Chart(kind, title, tuple(s for s in slices if s[1] > 0))
    return out


def narrative_parts(unit: UnitData) -> tuple[list[Part], list[ChartPlace]]:
    """The narrative as parts of headings and paragraphs, with the charts placed, and the chart
    placeholders; the text of a part about the tables (报表详见附件) is left out: `document` prints
    the tables there."""
    year = unit.meta.year
    available = charts(unit)
    parts: list[Part] = []
    places: list[ChartPlace] = []
    placed: set[str] = set()
    sections: dict[str, tuple[Part, int, int]] = {}    # chart kind → (part, index of its heading, level)
    part: Part | None = None
    skip_part = False
    section = ""
    stack: list[tuple[int, str]] = []                   # (level, section kind) of the open headings
    after_placeholder = False
    offset = 0
    for raw in unit.narrative.split("\n"):
        start, offset = offset, offset + len(raw) + 1
        line = _BOOKMARK.sub("", raw).strip()
        if not line:
            continue
        if after_placeholder and _CAPTION.match(line):
            after_placeholder = False
            continue
        after_placeholder = False
        level, marker_end = list_marker(line)
        if level == 0:
            title = heading_title(line, marker_end).strip()
            skip_part = part_kind(title) == TABLES or title.endswith("表")    # its text only lists the tables
            part = Part(line, tables=skip_part)
            parts.append(part)
            stack, section = [], ""
            continue
        if skip_part:
            continue
        if part is None:
            part = Part(f"第二部分 {year}年度部门决算说明")
            parts.append(part)
        if CHART_PLACEHOLDER.search(line):
            after_placeholder = True
            chart = available.get(section)
            drawn = chart is not None and chart.total > 0
            places.append(ChartPlace(start, start + len(raw), line, section, chart if drawn else None))
            if drawn and section not in placed:
                part.items.append(chart)
                placed.add(section)
            continue
        chart = available.get(section)
        if _CAPTION.match(line) and chart is not None and chart.total:   # a caption left without its placeholder
            if section not in placed:
                part.items.append(chart)
                placed.add(section)
            continue
        if level is not None and level <= 3 and _is_heading(line, level):
            title = heading_title(line, marker_end)
            while stack and stack[-1][0] >= level:
                stack.pop()
            outer = stack[-1][1] if stack else ""
            section = section_kind(title) or outer
            stack.append((level, section))
            part.items.append(Heading(line, min(level, 3), in_toc=level == 1))
            if section in (INCOME, EXPENSE) and section not in sections:
                sections[section] = (part, len(part.items) - 1, level)
            continue
        part.items.append(Paragraph(line, start))
    # the charts without a placeholder, last section first so the earlier indices stay valid
    for kind, chart in sorted(available.items(), key=lambda kv: -sections.get(kv[0], (None, -1, 0))[1]):
        if kind in placed or kind not in sections or chart.total == 0:
            continue
        owner, index, level = sections[kind]
        end = next((i for i in range(index + 1, len(owner.items))
                    if isinstance(owner.items[i], Heading) and owner.items[i].level <= level), len(owner.items))
        owner.items.insert(end, chart)
    _number_charts(parts)
    return parts, places


_CHART_OF = {INCOME: ("收入决算", "T2"), EXPENSE: ("基本支出和项目支出", "T3")}


def chart_findings(unit: UnitData, places: list[ChartPlace] | None = None) -> list[Finding]:
    """One finding per 此处插入图表 placeholder: info where the export draws the chart, an error
    where there is nothing to draw (its table holds no money, or it stands in neither the 收入决算
    nor the 支出决算 section)."""
    if places is None:
        places = narrative_parts(unit)[1]
    out = []
    for place in places:
        words = place.words
        if len(words) > 16:                  # （此处插入图表，用上述收入金额制作饼状图…） → （此处插入图表，…）
            words = _CLAUSE.split(words, 1)[0] + "，…" + ("）" if words[-1] in "）)" else "")
        where = (Location(start=place.start, end=place.end),)
        if place.chart is not None:
            out.append(Finding("N-CHART-PLACEHOLDER", INFO, f"“{words}”：导出PDF时在此处绘制{place.chart.title}图；"
                               "直接复制文字发布时请删除此句。", where))
        elif place.kind in _CHART_OF:
            name, table = _CHART_OF[place.kind]
            form = unit.template.table(table).form if unit.template.has(table) else table
            out.append(Finding("N-CHART-NODATA", ERROR, f"“{words}”：{form}的本年合计没有可制图的金额，导出PDF时此处"
                               f"不能绘制{name}图；请补填报表，或删除这句提示。", where + (Location(table),)))
        else:
            out.append(Finding("N-CHART-NODATA", ERROR, f"“{words}”不在收入决算或支出决算部分，导出PDF时不知道在此绘制哪张图；"
                               "请把它移到相应部分，或删除这句提示。", where))
    return out


def _is_heading(line: str, level: int) -> bool:
    """A numbered line is a heading when it is short and one phrase (no sentence, no ；, no ： with
    words after it: "1.基本支出：指为…" is a definition), and — below （一） — has no figures
    ("1.财政拨款收入118.00万元" is a list item)."""
    body = line.rstrip("。：:")
    return len(line) <= HEADING_MAX and not any(ch in body for ch in "。；;，,：:") and \
        (level <= 2 or not _DIGITS.search(body[2:]))


def _number_charts(parts: list[Part]) -> None:
    n = 0
    for part in parts:
        for i, item in enumerate(part.items):
            if isinstance(item, Chart):
                n += 1
                part.items[i] = Chart(item.kind, f"图{n}：{item.title}", item.slices)
