"""Pauses in typing the 说明 that follow each other closely, by the same person, are one undo step
(as in an editor), though each is still written to the file at once as its own step: the hash chain
and verify are untouched, and every process (the window, `undo` on the command line) sees the one
undo step."""
from __future__ import annotations

import pytest

import domain.edits as edits
from cli.commands import main
from domain.demo import build_demo
from domain.edits import UnitSession
from storage.audit import audit
from storage.unit_file import UnitFile

from review_helpers import make_demo


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture()
def clock(monkeypatch):
    c = Clock()
    monkeypatch.setattr(edits, "clock", c)
    return c


@pytest.fixture()
def demo_path(tmp_path):
    return make_demo(tmp_path)


def type_(session, clock, words, seconds=1.0):
    for word in words:
        clock.now += seconds
        session.set_narrative(session.unit.narrative + word)


def test_quick_pauses_are_one_undo_step_in_every_process(demo_path, clock, capsys):
    with UnitFile.open(demo_path) as f:
        session = f.session(who="王填报")
        original = session.unit.narrative
        type_(session, clock, ["本年", "收入", "增加。"])
        assert [r.label for r in session.history()[0]][-2:] == ["生成示例数据", "修改部门决算说明"]
        assert f.conn.execute("SELECT count(*) FROM steps WHERE label = '修改部门决算说明'").fetchone()[0] == 3
        assert audit(f) is None
        session.undo()                                      # one Ctrl+Z: all three pauses
        assert session.unit.narrative == original and session.redo_label() == "修改部门决算说明"
        session.redo()
        assert session.unit.narrative == original + "本年收入增加。" and audit(f) is None
    assert main(["undo", str(demo_path)]) == 0                  # another process sees the same one step
    with UnitFile.open(demo_path) as f:
        assert f.load().narrative == original and audit(f) is None
    capsys.readouterr()
    assert main(["log", str(demo_path)]) == 0                  # the log still lists every pause
    assert capsys.readouterr().out.count("修改部门决算说明（1 项）") == 3


@pytest.mark.parametrize("between", ["long pause", "long typing", "cell edit", "other person", "draft"])
def test_typing_is_a_new_undo_step_after(between, clock):
    session = UnitSession(build_demo())
    original = session.unit.narrative
    type_(session, clock, ["甲", "乙"])
    if between == "long pause":
        clock.now += edits.MERGE_PAUSE_S + 1
    elif between == "long typing":
        type_(session, clock, ["丙"] * int(edits.MERGE_SPAN_S // 4), seconds=4)
    elif between == "cell edit":
        session.set_value("T5", "2010301", "basic", 1)
    elif between == "other person":
        session.who = "李审核"
    else:
        session.set_narrative(session.unit.narrative + "草稿", "更新说明中的数字")
    type_(session, clock, ["丁"])
    assert session.unit.narrative.endswith("丁")
    session.undo()
    assert not session.unit.narrative.endswith("丁")
    assert session.unit.narrative != original
    if between != "long typing":
        while session.can_undo() and session.unit.narrative != original:
            session.undo()
        assert session.unit.narrative == original
