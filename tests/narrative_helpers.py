"""Helpers for the narrative tests: a unit holding a short hand-written text, its findings and statements."""
from __future__ import annotations

from domain.checks import run_checks
from domain.checks.finding import INFO
from domain.narrative.reader import read_narrative
from domain.unit import UnitData, UnitMeta


def unit_with(text: str, year: int = 2024) -> UnitData:
    unit = UnitData(UnitMeta("测试街道办事处", year))
    unit.narrative = text
    return unit


def n_findings(unit: UnitData, rule: str | None = None):
    """Findings of the narrative rules (all, or one rule)."""
    return [f for f in run_checks(unit) if f.rule.startswith("N-") and (rule is None or f.rule == rule)]


def problems(text_or_unit, year: int = 2024):
    """Narrative errors and warnings (no info) as (rule, severity, message)."""
    unit = unit_with(text_or_unit, year) if isinstance(text_or_unit, str) else text_or_unit
    return [(f.rule, f.severity, f.message) for f in n_findings(unit) if f.severity != INFO]


def statement(text: str, figure: str, year: int = 2024, nth: int = 0):
    """The statement of the nth figure written exactly as `figure`."""
    reading = read_narrative(text, year)
    found = [st for st in reading.statements if st.fig.text.strip() == figure]
    assert len(found) > nth, (figure, [st.fig.text for st in reading.statements])
    return found[nth]


def spans(finding, text: str) -> list[str]:
    return [text[loc.start:loc.end] for loc in finding.locations if loc.is_span]


def pdf_wrap(text: str, width: int = 76) -> str:
    """The text as copied out of a PDF: every line broken at `width` display columns (a CJK
    character takes two, as on a page 38 characters wide); table cells (tab-led lines) stay, and a
    Word bookmark (“[bookmark: _Hlk…]”, no text of the page) is never broken."""
    out = []
    for line in text.split("\n"):
        if line.startswith("\t"):
            out.append(line)
            continue
        row, used = [], 0
        mark = line.find("]") + 1 if line.lstrip().startswith("[bookmark:") else 0
        for k, ch in enumerate(line):
            w = 0 if k < mark else 2 if ord(ch) >= 0x800 else 1
            if used + w > width:
                out.append("".join(row))
                row, used = [], 0
            row.append(ch)
            used += w
        out.append("".join(row))
    return "\n".join(out)
