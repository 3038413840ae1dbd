"""A narrative edit is logged as its changed span (offset, old fragment, new fragment), not as two
whole texts: typing in a long 说明 grows the file by a few hundred bytes per pause, and the span
still undoes, redoes and verifies exactly — as do entries written in the whole-text form before."""
from __future__ import annotations

import json
import os

import pytest

from cli.commands import main
from domain.demo import build_demo
from storage.audit import audit
from storage.chain import append
from storage.journal import now
from storage.unit_file import UnitFile

@pytest.fixture(autouse=True)
def separate_steps(monkeypatch):
    """Each pause its own undo step here (quick pauses would join one: tests/test_typing_steps.py)."""
    monkeypatch.setattr("domain.edits.MERGE_PAUSE_S", -1.0)


LONG = "".join(f"（{i}）本单位2024年度支出决算{i * 37 % 1000}.{i % 100:02d}万元，主要用于基本支出。\n" for i in range(3000))


def long_file(tmp_path):
    unit = build_demo()
    unit.narrative = LONG
    path = tmp_path / "long.jsgk"
    UnitFile.create(path, unit.meta, unit, action="demo").close()
    return path


def type_pauses(session, pauses: int) -> list[str]:
    """Type a few characters in the middle, pause (one step), again; the texts after each pause."""
    texts = []
    for i in range(pauses):
        text = session.unit.narrative
        at = len(LONG) // 2 + 3 * i
        session.set_narrative(text[:at] + f"补{i}，" + text[at:])
        texts.append(session.unit.narrative)
    return texts


def test_typing_in_a_long_narrative_logs_spans_and_the_file_hardly_grows(tmp_path):
    path = long_file(tmp_path)
    with UnitFile.open(path) as f:
        session = f.session(who="张会计")
        type_pauses(session, 1)                     # the first save may add pages for the new rows
        before = os.path.getsize(path)
        type_pauses(session, 10)
        entries = [e for e in f.change_log() if e["action"] == "narrative"][-10:]
    growth = os.path.getsize(path) - before
    assert growth < 40_000, f"10 pauses grew the file by {growth} bytes (whole texts would be ~4 MB)"
    assert all(len(e["old_text"]) + len(e["new_text"]) < 10 and e["old_amount"] > 0 for e in entries)
    assert len(entries[-1]["new_text"]) == 3 and "9" in entries[-1]["new_text"] and entries[-1]["old_text"] == ""


def test_span_steps_undo_redo_and_verify_exactly_from_another_handle(tmp_path, capsys):
    path = long_file(tmp_path)
    with UnitFile.open(path) as f:
        session = f.session()
        texts = type_pauses(session, 3)
        session.set_narrative(texts[-1].replace("主要用于基本支出", "主要用于项目支出", 1))   # a replacement
        session.set_narrative(texts[-1][:100])                                             # most of it deleted
        assert audit(f) is None
    with UnitFile.open(path) as f:                 # another process: undo everything typed
        session = f.session()
        for _ in range(5):
            session.undo()
        assert session.unit.narrative == LONG
        session.redo(), session.redo(), session.redo()
        assert session.unit.narrative == texts[-1]
        assert audit(f) is None
    with UnitFile.open(path) as f:
        assert f.load().narrative == texts[-1]
    assert main(["verify", str(path)]) == 0
    capsys.readouterr()
    assert main(["log", str(path), "--last", "1"]) == 0
    assert f"第 {len(LONG) // 2 + 7} 字起：（无） → “补2，”" in capsys.readouterr().out   # the redone step
    assert main(["log", str(path), "--json"]) == 0
    logged = [e for e in json.loads(capsys.readouterr().out) if e["action"] == "narrative"]
    assert logged[-1]["new_text"] == texts[-1] and logged[-1]["span"]["new"] == "补2，"   # whole texts, as before


def test_an_entry_in_the_whole_text_form_still_undoes_and_verifies(tmp_path):
    path = long_file(tmp_path)
    old_form = LONG.replace("（5）", "（五）")
    with UnitFile.open(path) as f:                 # written as the program did before spans
        with f._transaction():
            at = now()
            step = f.conn.execute("INSERT INTO steps (at, who, label, kind, target) VALUES (?, '旧版本', "
                                  "'修改部门决算说明', 'do', NULL)", (at,)).lastrowid
            append(f.conn, [{"at": at, "who": "旧版本", "action": "narrative", "old_text": LONG,
                             "new_text": old_form, "step": step}])
            f.conn.execute("UPDATE narrative SET text = ? WHERE id = 1", (old_form,))
    with UnitFile.open(path) as f:
        assert audit(f) is None
        session = f.session()
        typed = type_pauses(session, 1)[-1]
        assert audit(f) is None
        session.undo(), session.undo()
        assert session.unit.narrative == LONG and audit(f) is None
        session.redo(), session.redo()
        assert session.unit.narrative == typed and audit(f) is None


def test_a_narrative_changed_behind_the_log_does_not_verify(tmp_path):
    path = long_file(tmp_path)
    with UnitFile.open(path) as f:
        type_pauses(f.session(), 2)
        f.conn.execute("UPDATE narrative SET text = replace(text, '（7）', '（七）') WHERE id = 1")
        found = audit(f)
    assert found is not None and "部门决算说明与修改记录不符" in found.message
