"""Compare forms of the texts in a workbook: titles, header cells, row labels, codes, unit lines.

Workbooks from the official software, from colleagues and from other provinces write the same
label in many ways: `一、一般公共预算财政拨款收入`, `一般公共预算财政拨款收入 `, full-width or
half-width brackets, `运行维护费` for `运行费` … A compare form makes them equal: NFKC (full-width
letters, digits and brackets become half-width), no whitespace, no quotation marks, no ordinal
prefix, and a few word-level aliases.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# word-level aliases seen in official forms and narratives (applied to both sides of a comparison)
ALIASES = (
    ("运行维护费", "运行费"),
    ("因公出国(境)费用", "因公出国(境)费"),
    ("结转和结余", "结转结余"),
)
QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")
_SPACE = re.compile(r"\s+")
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十百零〇]+[、.]|\d{1,2}[、.](?!\d)|\([一二三四五六七八九十\d]{1,3}\)[、.]?|[①-⑳])")
_PARENTHESISED = re.compile(r"\([^()]*\)")
_FORM = re.compile(r"公开\s*0*(\d{1,2})\s*表")
_MONEY_UNIT = re.compile(r"(?:金额单位|(?<!编制)单位):?(万元|元)(?![^\W\d_])")
_UNIT_NAME = re.compile(r"(?:编制单位|单位名称|部门名称|部门)\s*[:：]\s*(.+?)(?=\s{2,}|　|金额单位|(?<!编制)单位\s*[:：]|$)")
TOTAL_LABELS = {"合计", "总计"}


def text_of(value) -> str:
    """A cell value as text (integral floats without `.0`; None as "")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def norm(value) -> str:
    """The compare form of a header or label (ordinal prefixes are kept; see `label_key`)."""
    return _norm(text_of(value))


@lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    text = _SPACE.sub("", unicodedata.normalize("NFKC", text).translate(QUOTES))
    for old, new in ALIASES:
        text = text.replace(old, new)
    return text


def label_key(value) -> str:
    """The compare form of a row label: also without `一、` / `(一)` / `1.` and without `其中:`."""
    text = norm(value)
    text = _ORDINAL.sub("", text, count=1)
    if text.startswith("其中:"):
        text = text[3:]
    return text


def loose(key: str) -> str:
    """A looser compare form: parenthesised parts dropped (`使用非财政拨款结余(含专用结余)`)."""
    return _PARENTHESISED.sub("", key)


def is_total(value) -> bool:
    return label_key(value) in TOTAL_LABELS


def title_key(value) -> str:
    """A title cell without its form number, year prefix noise stays (titles are matched by suffix)."""
    text = _FORM.sub("", norm(value))
    return text.replace("()", "").rstrip(":")


def form_number(value) -> str | None:
    """`公开05表` from a cell holding one (also `公开5表`, `（公开05表）`), else None."""
    match = _FORM.search(unicodedata.normalize("NFKC", text_of(value)))
    return f"公开{int(match.group(1)):02d}表" if match else None


def money_unit(value) -> str | None:
    """元 or 万元 from a unit line (`金额单位：万元`, `单位：元`), else None."""
    match = _MONEY_UNIT.search(norm(value))
    return match.group(1) if match else None


def unit_name(value) -> str | None:
    """The unit named on a unit line (`编制单位：XX街道办事处　　金额单位：万元`), else None."""
    text = text_of(value).strip()
    match = _UNIT_NAME.search(text)
    if not match:
        return None
    name = match.group(1).strip(" 　:：")
    return name or None


_SIGNATURE = re.compile(r"(单位负责人|财务负责人|负责人|制表人|填报人|审核人|复核人|经办人|联系电话|填报日期|制表日期)\s*[:：]")


def is_signature(value) -> bool:
    """A signature cell under a table: `单位负责人：张三`, `制表人：`, `联系电话：…`."""
    return isinstance(value, str) and bool(_SIGNATURE.search(value))


_HEADING_NOISE = re.compile(r"(?:\d{4}\s*年度?|部门决算|决算公开|决算报表|决算|公开|报表|附表\s*\d*|附件\s*\d*|[（(]?公开\d+表[)）]?)")
_HEADING_CUT = re.compile(r"^[\s:：、.,，\-—_()（）\[\]【】《》“”\"'\d一二三四五六七八九十]+|[\s:：、.,，\-—_()（）\[\]【】《》“”\"'的]+$")
_GENERIC_NAMES = {"部门", "单位", "本部门", "本单位", "区级部门", "街道乡镇", "区级"}


def heading_unit_name(text: str, title: str = "") -> str | None:
    """The unit a heading names: `北京市某区某局2023年度部门决算`, or the words in front of a table's
    title (`某街道办事处2023年收入支出决算总表`); None when it names none."""
    text = unicodedata.normalize("NFKC", text_of(text)).strip()
    if title:
        text = norm(text)
        at = text.rfind(norm(title))
        if at >= 0:
            text = text[:at]
    text = _HEADING_NOISE.sub(" ", _FORM.sub(" ", text))
    text = _HEADING_CUT.sub("", text.split()[0] if text.split() else "")
    if len(text) < 3 or text in _GENERIC_NAMES or not re.search(r"[\u4e00-\u9fff]", text):
        return None
    return text


_CODE = re.compile(r"^(\d{3}(?:\d{2}){0,2})$")
_CODE_AND_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})(?!\d)\s*(\D.*)$")


def digits(value) -> str:
    """A code cell as a digit string: `2010301`, 2010301.0 → "2010301"; spaces dropped."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text_of(value)))


def split_code_and_name(value) -> tuple[str, str] | None:
    """`2010301 行政运行` in one cell → ("2010301", "行政运行")."""
    match = _CODE_AND_NAME.match(unicodedata.normalize("NFKC", text_of(value)).strip())
    return (match.group(1), match.group(2).strip()) if match else None


def looks_like_code(value) -> bool:
    return bool(_CODE.match(digits(value)))
