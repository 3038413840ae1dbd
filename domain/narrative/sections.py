"""The outline of a 部门决算说明: parts (第X部分), sections (一、 （一） 1. （1） ①) and blocks.

A *line* is one line of the stored text. A *block* is the unit the reader analyses and caches:
one line, or several lines that belong to one sentence because each but the last ends with a list
separator ("；" or "：" — the class list of a 支出决算 section is often one item per line). Empty
lines and section headings (第X部分, 一、, （一）) always start a new block.

`outline(text)` yields, for every block, its offsets and its heading context: the part it is in
(决算说明, 其他重要事项, 绩效评价 …), the kind of section (收入决算, “三公”经费 …) and the list
level of its first line. The reader (`reader.py`) adds the topics found in the headings.
"""
from __future__ import annotations

import re
from typing import NamedTuple

# parts of the disclosure
PREFACE = "preface"            # before any 第X部分 heading (or a text without part headings)
EXPLANATION = "explanation"    # 部门决算说明 / 编制说明
OTHER = "other"                # 其他重要事项的情况说明
PERFORMANCE = "performance"    # 绩效评价
TABLES = "tables"              # 部门决算报表 (only a list of titles in a narrative)
CHECKED_PARTS = frozenset({PREFACE, EXPLANATION, OTHER})   # where the Beijing phrase families apply
PART_NAMES = {PREFACE: "卷首", EXPLANATION: "部门决算说明", OTHER: "其他重要事项", PERFORMANCE: "绩效评价",
              TABLES: "决算报表"}

# section kinds (what a 一、/（一） heading is about)
NONE = ""
OVERVIEW = "overview"          # 收入支出决算总体情况
INCOME = "income"              # （一）收入决算说明
EXPENSE = "expense"            # （二）支出决算说明
FISCAL = "fiscal"              # 财政拨款收入支出决算总体情况
GPB = "gpb"                    # 一般公共预算财政拨款支出决算情况
GOV_FUND = "gov_fund"          # 政府性基金预算财政拨款支出决算情况
SOE = "soe"                    # 国有资本经营预算财政拨款支出决算情况
BASIC = "basic"                # 财政拨款基本支出决算情况
THREE_PUBLIC = "three_public"  # “三公”经费
OFFICE = "office"              # 机关运行经费
PROCUREMENT = "procurement"    # 政府采购
ASSETS = "assets"              # 国有资产占用
SERVICES = "services"          # 政府购买服务
GLOSSARY = "glossary"          # 名词解释
BASIC_INFO = "basic_info"      # 部门基本情况, 职责, 人员构成
ORGANISATION = "organisation"  # 机构设置: the unit's 内设机构 and 事业单位
FUND_SECTIONS = {GPB: "gpb", GOV_FUND: "gov_fund", SOE: "soe"}

# Heading keywords → section kind, first match wins (the specific ones first: “财政拨款收入支出决算
# 总体情况” also contains “收入支出决算总体情况”).
_SECTION_KINDS = tuple((re.compile(p), kind) for p, kind in (
    (r"名词解释", GLOSSARY),
    (r"财政拨款收入支出决算总体|财政拨款收支(决算)?总体", FISCAL),
    (r"一般公共预算财政拨款支出", GPB),
    (r"政府性基金预算财政拨款", GOV_FUND),
    (r"国有资本经营预算(财政)?拨款", SOE),
    (r"基本支出决算", BASIC),
    (r"三公", THREE_PUBLIC),
    (r"机关运行经费", OFFICE),
    (r"政府采购", PROCUREMENT),
    (r"国有资产", ASSETS),
    (r"政府购买服务", SERVICES),
    (r"收入支出决算总体|收入及支出总体|收支决算总体|收支总体情况|预决算收支增减", OVERVIEW),
    (r"收入决算", INCOME),
    (r"支出决算", EXPENSE),
    (r"机构设置|内设机构", ORGANISATION),
    (r"基本情况|部门情况|职责|人员构成|人员情况|决算单位构成", BASIC_INFO),
))
_PART_KINDS = tuple((re.compile(p), kind) for p, kind in (
    (r"绩效", PERFORMANCE),
    (r"其他重要事项", OTHER),
    (r"报表", TABLES),
    (r"说明", EXPLANATION),
))

# List markers at the start of a line, by level: 0 第X部分, 1 一、, 2 （一）, 3 1. / 1、, 4 （1）, 5 ①
_CN = "一二三四五六七八九十"
_MARKER = re.compile(
    rf"[ \t\u3000\ufeff]*(?:\[bookmark:[^\]\n]*\][ \t\u3000]*)*"
    rf"(?:(?P<l0>第[{_CN}]+部分[：:]?)|(?P<l1>[{_CN}]+[、.．])|(?P<l2>[（(][{_CN}]+[）)])"
    rf"|(?P<l3>\d{{1,2}}[ \t]*[、.．](?![0-9０-９]))|(?P<l4>[（(]\d{{1,2}}[）)])|(?P<l5>[①-⑳]))")
_LEVELS = {"l0": 0, "l1": 1, "l2": 2, "l3": 3, "l4": 4, "l5": 5}
_CONTINUES = frozenset("；;：:")        # a line ending so continues its sentence on the next line
_TITLE_END = re.compile(r"[。！？]")
_DIGIT = re.compile(r"[0-9０-９]")


class Block(NamedTuple):
    start: int                 # offsets into the text; text[start:end] is the block (no final newline)
    end: int
    level: int | None          # list level of the block's first line (None: not a numbered line)
    marker_end: int            # offset (in the block) just after the list marker, 0 when none
    part: str                  # PREFACE / EXPLANATION / OTHER / PERFORMANCE / TABLES
    section: str               # section kind of the innermost classified heading (NONE if none)
    headings: tuple[int, ...]  # indices of the enclosing heading blocks, outermost first


_MARKER_FIRST = frozenset("第（(0123456789①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳[ \t\u3000\ufeff" + _CN)


def list_marker(line: str) -> tuple[int | None, int]:
    """(level, end of marker) of a numbered line, or (None, 0)."""
    if not line or line[0] not in _MARKER_FIRST:
        return None, 0
    m = _MARKER.match(line)
    if not m or m.lastgroup is None:
        return None, 0
    return _LEVELS[m.lastgroup], m.end()


def part_kind(title: str) -> str:
    for pattern, kind in _PART_KINDS:
        if pattern.search(title):
            return kind
    return PREFACE


def section_kind(title: str) -> str:
    for pattern, kind in _SECTION_KINDS:
        if pattern.search(title):
            return kind
    return NONE


def heading_title(block_text: str, marker_end: int) -> str:
    """The heading words of a numbered block: after the marker, up to the first 。 (max 60 chars)."""
    rest = block_text[marker_end:marker_end + 60]
    m = _TITLE_END.search(rest)
    return rest[:m.start()] if m else rest


def blocks(text: str) -> list[Block]:
    """Split the text into blocks with their part, section kind and enclosing headings."""
    out: list[Block] = []
    # heading stack: (level, block index, section of the stack down to here)
    stack: list[tuple[int, int, str]] = []
    headings: tuple[int, ...] = ()
    section = NONE
    part = PREFACE
    p_start = -1                               # the block being built: start, end, level, marker end
    p_end = p_level = p_marker = 0
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if not line or line.isspace():
            if p_start >= 0:
                out.append(Block(p_start, p_end, p_level, p_marker, part, section, headings))
                p_start = -1
            start = end + 1
            continue
        level, marker_end = list_marker(line)
        if p_start >= 0 and level is not None and level <= 2:
            out.append(Block(p_start, p_end, p_level, p_marker, part, section, headings))
            p_start = -1
        if p_start >= 0:
            p_end = end
        else:
            if level is not None:
                title = heading_title(line, marker_end)
                while stack and stack[-1][0] >= level:
                    stack.pop()
                if level == 0:
                    part = part_kind(title)
                    stack.clear()
                outer = stack[-1][2] if stack else NONE
                # a numbered item with figures in its title ("1、2023年收入决算…") is content, not a heading
                own = section_kind(title) if level <= 2 or (
                    level <= 4 and outer != GLOSSARY and not _DIGIT.search(title)) else NONE
                stack.append((level, len(out), own or outer))
                headings = tuple(i for (_l, i, _s) in stack)
                section = stack[-1][2]
            p_start, p_end, p_level, p_marker = start, end, level, marker_end
        if line.rstrip()[-1] not in _CONTINUES:
            out.append(Block(p_start, p_end, p_level, p_marker, part, section, headings))
            p_start = -1
        start = end + 1
    if p_start >= 0:
        out.append(Block(p_start, p_end, p_level, p_marker, part, section, headings))
    return out
