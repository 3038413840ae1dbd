"""A workbook imported with another unit's name on it (a department's workbook copied from another
office, still carrying the other's heading or 编制单位 line): the import records that name in
`X3.workbook_unit`, and this rule reports it until the names agree (the unit file renamed, the
record cleared, or a correct workbook imported again).
"""
from __future__ import annotations

import re
import unicodedata

from .finding import WARNING, Finding, Location
from .registry import rule

WORKBOOK_UNIT = ("X3", "workbook_unit", "value")
_NOISE = re.compile(r"[\s\"'“”‘’()（）]")


def _key(name: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", name or ""))


def names_agree(theirs: str, ours: str) -> bool:
    """Two names of one unit: equal but for spaces and brackets, or one contains the other
    (某街道 / 北京市某区某街道办事处)."""
    a, b = _key(theirs), _key(ours)
    return bool(a and b) and (a in b or b in a)


@rule("IMPORT-UNIT-NAME", "导入的工作簿写的是另一个单位", WARNING,
      "导入的工作簿的标题或编制单位行写的单位名称与本单位文件不同：可能拿错了文件，或是从别的单位的工作簿复制来的。"
      "单位名称一致（改正单位名称，或导入本单位的工作簿）之前，一直列出。",
      reads=(WORKBOOK_UNIT[0],))
def workbook_of_another_unit(unit):
    if not unit.template.has(WORKBOOK_UNIT[0]):
        return
    theirs = unit.text(*WORKBOOK_UNIT)
    if not theirs.strip():
        return
    names = [n for n in theirs.split("、") if n.strip()]
    if all(names_agree(n, unit.meta.unit_name) for n in names):
        return
    yield Finding("IMPORT-UNIT-NAME", WARNING,
                  f"导入的工作簿写的单位是“{theirs}”，本单位文件是“{unit.meta.unit_name}”；"
                  "请确认没有拿错文件（导入本单位的工作簿或改正单位名称后，此项消失）",
                  (Location(*WORKBOOK_UNIT),))
