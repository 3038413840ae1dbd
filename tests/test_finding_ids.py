"""Stable finding identity: rule + cells + the normalised text marked, never offsets."""
from __future__ import annotations

import re

from domain.checks import run_checks
from domain.demo import build_demo


def ids(unit) -> dict[str, str]:
    return {f.id: f.message for f in run_checks(unit)}


def broken_demo():
    unit = build_demo()
    total = re.search(r"收、支总计(\d+\.\d\d)万元", unit.narrative)
    unit.narrative = unit.narrative[:total.start(1)] + "9999.99" + unit.narrative[total.end(1):]
    unit.set_amount("T12", "p1", "amount", unit.amount("T12", "p1", "amount") + 1_000_000)
    return unit


def test_every_finding_has_an_id_and_ids_are_unique():
    found = run_checks(broken_demo())
    assert found and all(f.id.startswith(f.rule + ":") for f in found)
    assert len({f.id for f in found}) == len(found)
    assert all(f.as_dict()["id"] == f.id for f in found)


def test_the_same_problem_keeps_its_id_after_unrelated_edits():
    unit = broken_demo()
    before = ids(unit)
    narrative_ids = {i for i in before if i.startswith("N-")}
    assert narrative_ids and any(i.startswith("T12-") or i.startswith("X-") or i.startswith("N-") for i in before)
    first_heading = unit.narrative.index("\n") + 1
    unit.narrative = unit.narrative[:first_heading] + "（本说明经单位负责人审定。）\n" + unit.narrative[first_heading:]
    unit.set_amount("X2", "reception_persons", "value", unit.amount("X2", "reception_persons", "value"))   # no-op edit
    after = ids(unit)
    assert set(before) <= set(after)            # the spans moved by 15 characters: same ids


def test_fixing_the_problem_retires_its_id():
    unit = broken_demo()
    before = {i for i, message in ids(unit).items() if "9999.99" in message}
    assert before
    fixed = build_demo()
    fixed.set_amount("T12", "p1", "amount", fixed.amount("T12", "p1", "amount") + 1_000_000)
    assert not before & set(ids(fixed))
