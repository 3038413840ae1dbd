"""An open session takes in the steps another process or window wrote to its file meanwhile
(`UnitSession.catch_up`), instead of refusing its next step: the unit, the history and the views
(through the Change) follow the file."""
from __future__ import annotations

import pytest

from cli.commands import main
from storage.audit import audit
from storage.unit_file import UnitFile

from review_helpers import make_demo

CELL = ("T5", "2010301", "basic")


@pytest.fixture()
def demo_path(tmp_path):
    return make_demo(tmp_path)


def test_a_session_takes_in_a_set_and_an_undo_made_elsewhere_and_keeps_writing(demo_path, capsys):
    with UnitFile.open(demo_path) as f:
        session = f.session(who="窗口")
        changes = []
        session.subscribe(changes.append)
        old = session.unit.amount(*CELL)
        assert session.catch_up() is None                       # nobody wrote anything
        assert main(["set", str(demo_path), "T5", "2010301", "basic", "1.00", "--unit", "元"]) == 0
        change = session.catch_up()
        assert change is not None and CELL in change.cells and ("T5", "total", "total") in change.cells
        assert changes == [change] and session.unit.amount(*CELL) == 100
        assert session.undo_label().startswith("填写表5")    # the history now includes the command line's step
        assert session.catch_up() is None

        session.set_narrative(session.unit.narrative + "补充。")   # not refused: it builds on that step
        assert main(["undo", str(demo_path)]) == 0               # the command line undoes the window's step
        session.catch_up()
        assert not session.unit.narrative.endswith("补充。") and session.redo_label() == "修改部门决算说明"
        session.undo()                                           # and the window undoes the command line's
        assert session.unit.amount(*CELL) == old
        assert audit(f) is None
    with UnitFile.open(demo_path) as f:
        assert f.load() == session.unit


def test_a_review_action_elsewhere_is_not_a_change_of_the_data(demo_path):
    from domain.review import REVIEWER, Identity, Target
    from storage.review_store import ReviewStore
    with UnitFile.open(demo_path) as f:
        session = f.session()
        with UnitFile.open(demo_path) as other:
            ReviewStore(other).flag(Identity("李审核", REVIEWER), Target(cell=CELL), "请核实")
        assert session.catch_up() is None
        session.set_value(*CELL, 200)                           # and writing goes on
        assert session.unit.amount(*CELL) == 200
