"""Template leftovers that must never be published, and sections the template requires.

The Beijing template offers alternatives (增加（减少）), instructions (各单位需根据自身业务职能，补充…)
and blanks (XX); real disclosures publish them by mistake. A section that says 本单位不涉及 while its
table has money is as wrong as a missing section. The chart placeholder (（此处插入图表…）) is where the
PDF export draws a pie chart: not an instruction left over but a place (domain.document says which
chart and whether it has money: N-CHART-PLACEHOLDER, N-CHART-NODATA).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..checks import ERROR, INFO, WARNING, Finding, Location, rule
from ..document import CHART_PLACEHOLDER, chart_findings
from ..money import format_amount
from ..unit import NARRATIVE, NOTES
from .flow import flowed

_ALTERNATIVES = re.compile(r"(增加|减少|增长|下降|上升|增|减)[（(](减少|增加|下降|增长|减|增)[）)]?")
# each pattern starts with a look-ahead at the characters its matches can start with: the same matches,
# found without trying every alternative at every position of a long text
_INSTRUCTIONS = re.compile(
    r"(?=[（(此，,示无各请需仍])(?:"
    r"[（(]?此处(插入|添加|粘贴)[^）)\n]{0,60}[）)]?"
    r"|[，,]?示例如下[，,。]?"
    r"|无金额类型不必制图"
    r"|各单位(需|应|要|可)(根据|结合|按照)[^。\n]{0,40}(补充|填写|填报|列示|删除)[^。\n]{0,60}[。]?"
    r"|[（(](所有|各)部门(均|都)?需填报[）)]"
    r"|[（(]?(请|需)(根据|按照)(实际|本单位)[^）)。\n]{0,40}(填写|填报|补充|修改)[）)。]?"
    r"|(无[^，,。\n]{0,30}的[，,])?仍(需|应|须)?保留(该|本)表(格式)?([，,]?并?在本表下方作(下述|如下|以下)?说明[：:]?)?)")
_PLACEHOLDER = re.compile(r"(?=[Xx×＊*_＿□○])(?<![A-Za-z])(([Xx×＊*_＿□○])\2+)(?![A-Za-z])")   # a run of one placeholder mark
_FILL_IN = re.compile(r"【[^【】\n]{0,40}?(?:请|待)[^【】\n]{0,10}?(?:填写|补充|说明)[^【】\n]{0,40}】")   # 【请填写主要原因】
_UNIT_AFTER = re.compile(r"\s*(万元|元|%|％|个|辆|台|人次|批次)")
_SLASH_CHOICE = re.compile(r"(?=[本部单])(?:(本)?部门/单位|单位/部门)")


@dataclass(frozen=True)
class Section:
    key: str
    name: str
    heading: re.Pattern
    data: tuple[tuple[str, str, str], ...]   # cells that hold money when the section applies


SECTIONS = (
    Section("totals", "收入支出决算总体情况", re.compile(r"收入支出决算总体情况|收入及支出总体情况"), (("T1", "income_grand_total", "amount"),)),
    Section("fiscal", "财政拨款收入支出决算总体情况", re.compile(r"财政拨款收入支出决算总体情况"), (("T4", "income_grand_total", "amount"),)),
    Section("gpb", "一般公共预算财政拨款支出决算情况", re.compile(r"一般公共预算财政拨款支出决算"), (("T5", "total", "total"),)),
    Section("gov_fund", "政府性基金预算财政拨款支出决算情况", re.compile(r"政府性基金预算财政拨款(收入)?支出决算|政府性基金预算财政拨款收支"),
            (("T7", "total", "exp_total"), ("T7", "total", "income"))),
    Section("soe", "国有资本经营预算财政拨款收支情况", re.compile(r"国有资本经营预算(财政)?拨款(收支|支出|收入)"),
            (("T9", "total", "total"),)),
    Section("basic", "财政拨款基本支出决算情况", re.compile(r"基本支出决算情况"), (("T6", "personnel_total", "amount"), ("T6", "public_total", "amount"))),
    Section("three_public", "“三公”经费财政拨款决算情况", re.compile(r"[“\"]?三公[”\"]?经费(财政拨款)?(决算|支出)"),
            (("T10", "amount", "final_total"), ("T10", "amount", "budget_total"))),
    Section("office_running", "机关运行经费支出情况", re.compile(r"机关运行经费"), (("X2", "office_running", "value"),)),
    Section("procurement", "政府采购支出情况", re.compile(r"政府采购(支出|决算|情况)"), (("T11", "total", "actual_total"),)),
    Section("assets", "国有资产占用情况", re.compile(r"国有资产占[用有]"), (("X2", "fixed_assets_total", "value"),)),
    Section("purchase_services", "政府购买服务支出说明", re.compile(r"政府购买服务(支出|决算)"), (("T12", "total", "amount"),)),
)
_SECTION_READS = (NARRATIVE,) + tuple(sorted({c[0] for s in SECTIONS for c in s.data}))
_HEADING = re.compile(r"^(\[[^\]\n]*\])?[ \t　]*(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）])"
                      r"[^\n]{0,60}$", re.M)  # a leading [bookmark: …] is what .docx conversion leaves
_NOT_APPLICABLE = re.compile(r"不涉及|未安排|无此项|没有[^。\n]{0,20}(收入|支出|收支|经费)|未发生[^。\n]{0,10}(收支|支出)")


def _span_finding(rule_id: str, severity: str, message: str, start: int, end: int, *cells, flow=None) -> Finding:
    """A finding at [start, end) of the re-flowed text (`flow`), marked in the text as written."""
    if flow is not None:
        start, end = flow.span(start, end)
    return Finding(rule_id, severity, message, (Location(start=start, end=end),) + tuple(Location(*c) for c in cells))


def _in_text(unit, pattern: re.Pattern):
    """Each match of `pattern` in the re-flowed narrative (a PDF's line breaks joined), with a
    function that makes a finding marked at the match in the text as written."""
    flow = flowed(unit.narrative)
    for m in pattern.finditer(flow.text):
        yield m, lambda rule_id, severity, message, m=m: _span_finding(rule_id, severity, message, m.start(), m.end(),
                                                                       flow=flow)


@rule("N-LEFTOVER-ALTERNATIVE", "模板中的备选措辞未删除", ERROR,
      "“增加（减少）”“增长（下降）”等是模板给出的两种写法，公开前应按实际只保留一种。", reads=(NARRATIVE,))
def alternatives(unit):
    for m, finding in _in_text(unit, _ALTERNATIVES):
        if m.group(1)[0] != m.group(2)[0]:
            yield finding("N-LEFTOVER-ALTERNATIVE", ERROR,
                          f"模板备选措辞“{m.group(0)}”未删除：请按实际写“{m.group(1)}”或“{m.group(2)}”其中之一。")


@rule("N-LEFTOVER-INSTRUCTION", "模板中的填写说明未删除", ERROR,
      "“示例如下”“各单位需根据…补充”“无…的，仍保留该表格式，并在本表下方作下述说明”等是给填报人的提示，"
      "不应出现在公开文本中，说明正文和表下说明都不应有（说明中的“此处插入图表”见 N-CHART-PLACEHOLDER）。",
      reads=(NARRATIVE, NOTES))
def instructions(unit):
    for m, finding in _in_text(unit, _INSTRUCTIONS):
        if CHART_PLACEHOLDER.search(m.group(0)):
            continue                     # where the export draws a chart: chart_places below
        yield finding("N-LEFTOVER-INSTRUCTION", ERROR, f"模板填写说明未删除：“{m.group(0).strip('，,。')}”。")
    for table_id, note in sorted(unit.table_notes.items()):
        for m in _INSTRUCTIONS.finditer(note):
            text = m.group(0).strip("，,。")
            yield Finding("N-LEFTOVER-INSTRUCTION", ERROR, f"{_table_name(unit, table_id)}表下说明中的模板填写说明未删除：“{text}”。",
                          (Location(table_id),))


def _table_name(unit, table_id: str) -> str:
    try:
        spec = unit.template.table(table_id)
    except (KeyError, LookupError):
        return table_id
    return f"{spec.form or ''}《{spec.title}》" if getattr(spec, "form", None) else f"《{spec.title}》"


_CHART_READS = (NARRATIVE, "T2", "T3")      # the charts are drawn from 表2's and 表3's 本年合计


@rule("N-CHART-PLACEHOLDER", "说明中的插图位置", INFO,
      "“（此处插入图表…）”是导出PDF时绘制收入、支出饼状图的位置：导出的PDF在此处画图，不印这句提示；"
      "直接复制说明文字发布时须删除它。", reads=_CHART_READS)
def chart_places(unit):
    return [f for f in _chart_findings(unit) if f.severity == INFO]


@rule("N-CHART-NODATA", "插图位置没有可制图的金额", ERROR,
      "“此处插入图表”所在部分的报表（收入决算：表2，支出决算：表3）本年合计没有金额，或它不在收入决算、支出决算部分："
      "导出的PDF无图可画。请补填报表，或删除这句提示。", reads=_CHART_READS)
def chart_without_data(unit):
    return [f for f in _chart_findings(unit) if f.severity == ERROR]


def _chart_findings(unit) -> list[Finding]:
    """domain.document's chart findings, once per state of the text and the two tables."""
    key = (unit.narrative, unit.meta.template_year, unit.revision("T2"), unit.revision("T3"))
    held = unit.cache.get(_CHARTS)
    if held is None or held[0] != key:
        found = chart_findings(unit) if CHART_PLACEHOLDER.search(unit.narrative or "") else []
        held = unit.cache[_CHARTS] = _Charts((key, tuple(found)))
    return list(held[1])


_CHARTS = "chart-findings"


class _Charts(tuple):
    """(state key, findings) in `unit.cache`; immutable, so a snapshot gets a copy of the same."""
    def carried(self, snapshot) -> "_Charts":
        return _Charts(self)


@rule("N-LEFTOVER-PLACEHOLDER", "模板占位符未填写", ERROR,
      "XX、××、__ 等占位符表示此处应填写内容；带单位的占位符（如“XX万元”）由数字检查报告。", reads=(NARRATIVE,))
def placeholders(unit):
    for m, finding in _in_text(unit, _PLACEHOLDER):
        if _UNIT_AFTER.match(m.string, m.end()):
            continue  # "XX万元" is reported by the figure reader as a malformed figure
        yield finding("N-LEFTOVER-PLACEHOLDER", ERROR, f"模板占位符“{m.group(0)}”未填写。")


@rule("N-LEFTOVER-FILL-IN", "待填写的内容未填写", ERROR,
      "起草说明时留下的【请填写…】（如主要原因、单位职责）要由填报人写上实际内容后才能公开。", reads=(NARRATIVE,))
def fill_ins(unit):
    for m, finding in _in_text(unit, _FILL_IN):
        yield finding("N-LEFTOVER-FILL-IN", ERROR, f"“{m.group(0)}”尚未填写。")


@rule("N-LEFTOVER-CHOICE", "“部门/单位”等二选一措辞未确定", WARNING,
      "模板中“部门/单位”表示二选一，公开文本应按本单位实际只写一种。", reads=(NARRATIVE,))
def slash_choices(unit):
    for m, finding in _in_text(unit, _SLASH_CHOICE):
        yield finding("N-LEFTOVER-CHOICE", WARNING, f"“{m.group(0)}”是模板的二选一写法，请按实际保留“部门”或“单位”。")


def sections_found(text: str) -> dict[str, tuple[int, int, int]]:
    """Each required section's heading line: key -> (heading start, heading end, body end)."""
    headings = list(_HEADING.finditer(text))
    found: dict[str, tuple[int, int, int]] = {}
    for i, h in enumerate(headings):
        body_end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
        for section in SECTIONS:
            if section.key not in found and section.heading.search(h.group(0)):
                found[section.key] = (h.start(), h.end(), body_end)
                break
    return found


def _is_full_narrative(found: dict) -> bool:
    return len(found) >= 4


@rule("N-SECTION-MISSING", "说明缺少模板要求的部分", WARNING,
      "部门决算说明应包含模板列出的各部分（如“三公”经费、机关运行经费、政府采购、国有资产占用、政府购买服务）；"
      "不涉及的部分也应保留标题并写明“本单位不涉及”。", reads=(NARRATIVE,))
def missing_sections(unit):
    found = sections_found(flowed(unit.narrative).text)
    if not _is_full_narrative(found):
        return
    for section in SECTIONS:
        if section.key not in found:
            yield Finding("N-SECTION-MISSING", WARNING, f"说明中没有找到“{section.name}”部分；如不涉及，也应写明“本单位不涉及”。",
                          tuple(Location(*c) for c in section.data))


@rule("N-SECTION-NOT-APPLICABLE", "说明称“不涉及”但报表有数", ERROR,
      "某部分写着“本单位不涉及”“未安排”，而对应报表却有金额，二者必有一错。", reads=_SECTION_READS)
def not_applicable_with_data(unit):
    flow = flowed(unit.narrative)
    text = flow.text
    for key, (start, heading_end, body_end) in sections_found(text).items():
        section = next(s for s in SECTIONS if s.key == key)
        body = text[heading_end:body_end]
        m = _NOT_APPLICABLE.search(body)
        if not m or len(body.strip()) > 200:   # a long section that mentions 未安排 in passing is not a 不涉及 section
            continue
        cells = [c for c in section.data if unit.amount(*c)]
        if cells:
            table, row, col = cells[0]
            spec = unit.template.table(table)
            value = format_amount(unit.amount(*cells[0]), unit.meta.display_unit)
            yield _span_finding("N-SECTION-NOT-APPLICABLE", ERROR,
                                f"“{section.name}”部分写“{m.group(0)}”，但{spec.title}中有金额 {value} {unit.meta.display_unit}。",
                                heading_end + m.start(), heading_end + m.end(), *cells, flow=flow)
