"""The 说明 menu: 生成说明 updates the narrative as one undoable step; 关联上年数 fills the 上年数."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from domain.demo import build_demo
from domain.money import to_fen
from gui import draft_actions
from storage.unit_file import UnitFile


def menu_action(window, name):
    [action] = [a for a in window.narrative_menu.actions() if a.property("accessibleName") == name]
    return action


def test_draft_action_updates_the_figures_in_one_undoable_step(qtbot, window):
    assert window.narrative_menu.menuAction().isVisible()
    document = window.document
    text = document.unit.narrative
    document.set_value(("T11", "total", "actual_goods"), document.unit.amount("T11", "total", "actual_goods") + to_fen("1", "万元"))
    menu_action(window, "生成说明").trigger()
    assert "政府采购货物支出53.36万元" in document.unit.narrative
    assert document.session.undo_label() == "更新说明"
    window.wait_for_checks()
    assert not [f for f in window.result.findings if f.severity in ("error", "warning")]
    window.undo()
    assert document.unit.narrative == text


def test_link_fills_last_years_figures(qtbot, window, tmp_path):
    last = build_demo(2023)
    path = tmp_path / "2023.jsgk"
    with UnitFile.create(path, last.meta) as f:
        f.save(last)
    changed = draft_actions.link(window, str(path))
    assert changed and window.document.session.undo_label() == "关联上年数"
    assert window.document.unit.amount("X1", "grand_total", "amount") == last.amount("T1", "income_grand_total", "amount")
    window.wait_for_checks()
    assert any(f.rule == "N-PRIOR" for f in window.result.findings)     # the demo's 比上年 sentences are now wrong
    assert draft_actions.draft(window)                                 # … and 生成说明 rewrites them
    window.wait_for_checks()
    assert not [f for f in window.result.findings if f.severity in ("error", "warning")]


def test_link_shows_last_years_class_figures_under_supplementary_data(qtbot, window, tmp_path):
    last = build_demo(2023)
    last.set_amount("T5", "2010301", "basic", last.amount("T5", "2010301", "basic") - to_fen("100", "万元"))
    path = tmp_path / "2023.jsgk"
    with UnitFile.create(path, last.meta) as f:
        f.save(last)
    draft_actions.link(window, str(path))
    window.show_page("X4")
    [item] = [window.table_items["X4"]]
    assert item.parent().text(0) == "补充数据"
    model = window.findChild(QTableView, "table-X4").model()
    shown = {}
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            key = model.index(r, c).data(Qt.UserRole + 1)
            if key is not None:
                shown[key] = model.index(r, c).data()
    assert shown[("X4", "201", "gpb")] == "3,360.19" and shown[("X4", "229", "gov_fund")] == "12.50"
    assert draft_actions.draft(window)
    assert "一般公共服务支出3460.19万元，占本年财政拨款支出42.59%，比上年增加100.00万元，增长2.98%" in window.document.unit.narrative
    window.wait_for_checks()
    assert not [f for f in window.result.findings if f.severity in ("error", "warning")]
