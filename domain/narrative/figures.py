"""Figure reader for 部门决算说明 narrative text.

`find_figures(text)` finds every number written with a unit ("42744.81万元", "26.21%", "5辆",
"1.5个百分点") in one pass of a precompiled regex, and reports typing mistakes (bad thousands
grouping, "%%", missing "%", doubled unit) as `Malformed` entries; two more cheap passes find
template leftovers ("XX万元", "共有车辆台").

A bare number (year "2023年", document number "[2023]1259号", list marker "1.") is never a
figure: a figure needs a unit right after it (spaces allowed). Offsets always refer to the
original text, so full-width digits and punctuation are read without rewriting the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..money import FEN_PER_UNIT

__all__ = [
    "Figure", "Malformed", "FigureScan", "find_figures", "COUNT_UNITS", "AMOUNT_UNITS",
    "BAD_GROUPING", "DOUBLE_PERCENT", "MISSING_PERCENT", "MULTIPLE_POINTS", "PLACEHOLDER",
    "MISSING_NUMBER", "DUPLICATE_UNIT",
]

AMOUNT_UNITS = ("元", "万元", "亿元")
# Counter words read as kind "count". Longer words first so "人次" wins over "人", "个月" over "个".
COUNT_UNITS = ("批次", "人次", "个月", "辆", "个", "台", "人", "项", "家", "次", "套", "户",
               "名", "件", "场", "处", "份", "条", "篇", "所", "批")

# Malformed codes
BAD_GROUPING = "bad_grouping"
DOUBLE_PERCENT = "double_percent"
MISSING_PERCENT = "missing_percent"
MULTIPLE_POINTS = "multiple_decimal_points"
PLACEHOLDER = "placeholder"
MISSING_NUMBER = "missing_number"
DUPLICATE_UNIT = "duplicate_unit"


@dataclass(frozen=True)
class Figure:
    start: int
    end: int  # exclusive; text[start:end] covers number and unit
    text: str
    value: Decimal  # as written, in the written unit
    kind: str  # "amount" | "percent" | "points" | "count" | "score"
    unit: str
    decimals: int

    @property
    def fen(self) -> int | None:
        """Exact value in 分 for amounts; None for other kinds or values finer than 1 分."""
        factor = FEN_PER_UNIT.get(self.unit) if self.kind == "amount" else None
        if factor is None:
            return None
        fen = self.value * factor
        return int(fen) if fen == fen.to_integral_value() else None


@dataclass(frozen=True)
class Malformed:
    start: int
    end: int
    text: str
    reason: str  # Chinese, shown to the clerk
    code: str


@dataclass
class FigureScan:
    figures: list[Figure] = field(default_factory=list)
    malformed: list[Malformed] = field(default_factory=list)


# --- patterns ---------------------------------------------------------------------------------
_D = "[0-9０-９]"
_SP = "[ \t\u3000\u00a0]*"
_UNIT = "亿元|万元|元|[%％]|个百分点|百分点|分(?![钟之])|" + "|".join(COUNT_UNITS)
# Digits after the first one. Full-width "，" is a thousands separator only in valid 3-digit
# groups; otherwise it is the Chinese list comma ("分别为3，5辆"). ASCII "," between digits
# always belongs to the number, so bad grouping there gets reported. Several decimal parts are
# captured so that "1.2.3万元" can be reported.
_TAIL = rf"(?:{_D}{{0,2}}(?:，{_D}{{3}}(?!{_D}))+|{_D}*(?:,{_D}+)*)(?:[.．]{_D}+)*"
# A number (optionally signed) with its unit, or a bare number followed by punctuation (a
# candidate for a missing "%"). The pattern begins with a plain character class so the regex
# engine can jump between candidates; what precedes a match is checked in find_figures.
_NUMBER = re.compile(
    rf"[-－−0-9０-９](?:(?<=[-－−]){_D}|(?<=[0-9０-９])){_TAIL}{_SP}"
    rf"(?:(?P<unit>{_UNIT})(?P<pct2>(?<=[%％])[%％])?|(?=[，。；、,;）)\r\n]|$))"
)
_NOT_BEFORE_NUMBER = frozenset("0123456789０１２３４５６７８９.．第") | frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# A dash after a number or unit is a range ("50%-90%", "3-5辆"), not a minus sign.
_NOT_BEFORE_SIGN = _NOT_BEFORE_NUMBER | frozenset("%％万元亿") | frozenset("".join(COUNT_UNITS))
# Phrases after which a bare number must be a percentage ("增长7.59，", "占收入合计的26。").
_PCT_LEAD_LAST = frozenset("长降低幅升高率重例比的为")
_PCT_LEAD = re.compile(r"(?:增长|下降|增幅|降幅|上升|提高|降低|率|比重|比例|占比|[占完][^，。；：\n]{0,20}的)为?$")
# Template leftovers: "__万元", "XX%", "××个", "X.XX万元".
_PLACEHOLDER = re.compile(rf"[_＿XxＸｘ×*＊][_＿XxＸｘ×*＊.．]*{_SP}(?:{_UNIT})")
# A unit right after a word that demands a number ("决算数万元", "共有车辆台"): the regex finds the
# unit cheaply, _NUMBER_LEAD confirms the word before it.
_MISSING_NUMBER = re.compile(
    "[万亿辆台套](?:(?<=[为计算数加少额][万亿])元|(?<=车辆[辆台]|设备[台套])(?![账阶]))")
_NUMBER_LEAD = re.compile("(?:(?<!单位)为|[共合总]计|[决预]算数?|增加|减少|金额|车辆|设备)$")
_TO_ASCII = str.maketrans("０１２３４５６７８９．－−％", "0123456789.--%", ",，")


# written unit -> (kind, unit as reported)
_UNIT_INFO = {u: ("amount", u) for u in AMOUNT_UNITS}
_UNIT_INFO.update({"%": ("percent", "%"), "％": ("percent", "%"),
                   "个百分点": ("points", "个百分点"), "百分点": ("points", "个百分点")})
_UNIT_INFO.update({u: ("count", u) for u in COUNT_UNITS})
_UNIT_INFO["分"] = ("score", "分")            # 绩效评价 scores (“综合得分82.02分”), rounded like amounts


def find_figures(text: str) -> FigureScan:
    """All figures with units in `text`, plus the malformed ones, each list in text order."""
    figures: list[Figure] = []
    malformed: list[Malformed] = []

    def report(start: int, end: int, reason: str, code: str) -> None:
        snippet = text[start:end]
        malformed.append(Malformed(start, end, snippet, reason.format(snippet), code))

    for m in _NUMBER.finditer(text):
        start, end = m.span()
        negative = text[start] in "-－−"
        if negative and start and text[start - 1] in _NOT_BEFORE_SIGN:
            negative, start = False, start + 1  # a range dash
        if not negative and start and text[start - 1] in _NOT_BEFORE_NUMBER:
            continue  # inside a word, a code or an ordinal ("第3次")
        unit = m.group("unit")
        if unit is None:  # a bare number matters only after "增长", "占…的" and the like
            if start and text[start - 1] in _PCT_LEAD_LAST:
                lead = _PCT_LEAD.search(text, max(0, start - 24), start)
                if lead:
                    end = m.start() + len(m.group().rstrip(" \t\u3000\u00a0"))
                    report(lead.start(), end, "百分数缺少“%”：“{}”", MISSING_PERCENT)
            continue
        written = text[start:m.start("unit")].rstrip(" \t\u3000\u00a0")
        plain = written.translate(_TO_ASCII)
        if plain.count(".") > 1:
            report(start, end, "数字含多个小数点：“{}”", MULTIPLE_POINTS)
            continue
        if "," in written and not _valid_grouping(written):
            report(start, end, "千分位分隔符位置错误：“{}”", BAD_GROUPING)
            continue
        kind, unit = _UNIT_INFO[unit]
        if kind == "percent" and m.group("pct2") is not None:
            report(start, end, "百分号重复：“{}”", DOUBLE_PERCENT)
            end -= 1  # the figure itself is still readable
        elif kind == "amount" and text.startswith(unit, end):
            report(start, end + len(unit), "单位重复：“{}”", DUPLICATE_UNIT)
        decimals = len(plain) - plain.index(".") - 1 if "." in plain else 0
        figures.append(Figure(start, end, text[start:end], Decimal(plain), kind, unit, decimals))

    for m in _PLACEHOLDER.finditer(text):
        start = m.start()
        if not (start and text[start - 1] in _NOT_BEFORE_NUMBER):
            report(start, m.end(), "模板占位符未填写：“{}”", PLACEHOLDER)
    for m in _MISSING_NUMBER.finditer(text):
        lead = _NUMBER_LEAD.search(text, max(0, m.start() - 6), m.start())
        if lead:
            report(lead.start(), m.end(), "缺少数字（模板占位符未填写？）：“{}”", MISSING_NUMBER)
    malformed.sort(key=lambda x: x.start)
    return FigureScan(figures, malformed)


def _valid_grouping(written: str) -> bool:
    """ASCII-comma grouping: first group 1-3 digits, every later group exactly 3."""
    groups = re.split("[.．]", written.lstrip("-－−"), maxsplit=1)[0].split(",")
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
