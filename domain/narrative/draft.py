"""Draft the 部门决算说明 from the tables, in the wording of the year's Beijing template.

Every figure in the draft is computed from the unit, so a fresh draft always agrees with the
tables; the clerk writes only what the tables cannot say (the unit's functions, the reasons for a
change), replacing the 【请填写…】 placeholders that the checker reports until they are filled in.

    draft_narrative(unit, texts=None) -> str          the whole text (drafting/compose.py)
    update_narrative(unit, old_text) -> (text, changes) figures in the clerk's text brought up to
                                                     date, missing sections added (drafting/merge.py)
    apply_draft(session) -> (text, changes)          either of them written as one undoable step
The wording lives in resources/narrative/YYYY.json.
"""
from __future__ import annotations

from ..edits import UnitSession
from ..unit import UnitData
from .drafting.compose import draft_text
from .drafting.merge import Change, update_text


def draft_narrative(unit: UnitData, texts: dict[str, str] | None = None) -> str:
    """The full narrative from the tables; `texts` fills the clerk's slots (see drafting/compose.py)."""
    return draft_text(unit, texts)


def update_narrative(unit: UnitData, old_text: str) -> tuple[str, list[Change]]:
    """The clerk's text with every drafted figure brought up to date from the tables and the
    missing sections added; the clerk's own words (reasons) stay. Returns (text, changes)."""
    return update_text(unit, old_text)


DRAFT_LABEL, UPDATE_LABEL = "生成说明", "更新说明"


def apply_draft(session: UnitSession, texts: dict[str, str] | None = None) -> tuple[str, list[Change]]:
    """Draft the unit's narrative (or update the one it has) as one undoable step named 生成说明 /
    更新说明; returns the text and the changes (empty when nothing changed)."""
    unit = session.unit
    if unit.narrative.strip():
        text, changes = update_narrative(unit, unit.narrative)
        label = UPDATE_LABEL
    else:
        text = draft_narrative(unit, texts)
        changes = [Change("", "", text, added=True)]
        label = DRAFT_LABEL
    if text != unit.narrative:
        with session.step(label):
            session.set_narrative(text)
    return text, changes
