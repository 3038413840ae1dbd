"""The worker's shadow copy: after any edits, brought up to date it checks exactly like a fresh copy."""
from domain.checks import run_checks
from domain.demo import build_demo
from domain.edits import UnitSession
from gui.checker import OK, check_unit, sync


def ids(findings):
    return sorted((f.rule, f.severity, f.message) for f in findings)


def test_a_synced_shadow_gives_the_findings_of_a_fresh_copy():
    unit = build_demo()
    session = UnitSession(unit)
    shadow = unit.copy()
    check_unit(shadow)                                   # warm the shadow's caches
    with session.step("several"):
        session.set_value("T5", "2010301", "basic", 2_400_000_000)
        session.add_row("T5", "2240102")
        session.set_value("T5", "2240102", "project", 1_000_000)
        session.set_narrative(unit.narrative.replace("8124.57", "8000.00"))
        session.set_meta(unit_name="另一个街道办事处")
    session.remove_row("T2", "2010350")
    sync(shadow, unit)
    assert shadow.cells == unit.cells and shadow.extra_rows == unit.extra_rows
    assert ids(check_unit(shadow).findings) == ids(run_checks(unit.copy()))
    session.undo()
    session.undo()
    sync(shadow, unit)
    result = check_unit(shadow)
    assert ids(result.findings) == ids(run_checks(unit.copy()))
    assert any(s.kind == OK for s in result.spans)
