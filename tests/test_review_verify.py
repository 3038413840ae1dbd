"""The tamper-evident change log: values altered and log entries deleted or edited behind the
program's back with plain sqlite3 (dropping the append-only triggers, as an outside tool would)
are reported by `verify`, naming the entry; the district summary lists a broken copy as such."""
import shutil
import sqlite3

import pytest

from cli.commands import main
from cli.summary import summarise, unit_files
from storage.unit_file import UnitFile

from review_helpers import copy_to, identity_folder, make_demo  # noqa: F401  (identity_folder: autouse)

CELL = ("T5", "2010301", "basic")


@pytest.fixture(scope="module")
def edited_template(tmp_path_factory):
    """The demo unit with one edit made through the program after it was created, then undone."""
    path = make_demo(tmp_path_factory.mktemp("verify"))
    assert main(["set", str(path), "5", "2010301", "basic", "2515.42"]) == 0
    assert main(["undo", str(path)]) == 0
    return path


@pytest.fixture
def demo(edited_template, tmp_path):
    return copy_to(edited_template, tmp_path)


def tamper(path, *statements):
    conn = sqlite3.connect(path)
    for s in statements:
        conn.execute(s)
    conn.commit()
    conn.close()


def last_entry_of_cell(path) -> int:
    conn = sqlite3.connect(path)
    n = conn.execute("SELECT max(id) FROM change_log WHERE table_id = ? AND row_key = ? AND col_key = ?", CELL).fetchone()[0]
    conn.close()
    return n


def verify(path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["verify", str(path)])
    return code, capsys.readouterr().out


def test_an_untouched_file_verifies(demo, capsys):
    code, out = verify(demo, capsys)
    assert code == 0 and "校验通过" in out


def test_a_value_altered_with_sqlite3_is_reported_naming_the_entry(demo, capsys):
    entry = last_entry_of_cell(demo)
    tamper(demo, "UPDATE cells SET amount = amount + 100 WHERE table_id = 'T5' AND row_key = '2010301' AND col_key = 'basic'")
    code, out = verify(demo, capsys)
    assert code == 1
    assert "单元格 表5 2010301 行政运行·基本支出（T5/2010301/basic） 与修改记录不符" in out and f"第 {entry} 条修改记录" in out


def test_verify_shows_the_altered_amounts_as_the_tables_do_and_in_yuan_when_only_fen_differ(demo, capsys):
    shown = {}
    for label, statement in (("万元", "amount = amount + 1000000"), ("分", "amount = amount + 1"),
                             ("来源", "source = 'imported', tolerance = 5000")):
        (demo.parent / label).mkdir()
        path = copy_to(demo, demo.parent / label)
        tamper(path, f"UPDATE cells SET {statement} WHERE table_id = 'T5' AND row_key = '2010301' AND col_key = 'basic'")
        code, shown[label] = verify(path, capsys)
        assert code == 1
    assert "文件中为 2,316.42 万元，" in shown["万元"] and "修改记录为 2,315.42 万元" in shown["万元"]
    assert "文件中为 23,154,200.01 元，" in shown["分"] and "修改记录为 23,154,200.00 元" in shown["分"]
    assert "（导入，允许误差 50.00 元）" in shown["来源"] and "（录入，允许误差 0.00 元）" in shown["来源"]
    assert "231542" not in "".join(shown.values())                         # never raw 分


def test_log_shows_a_count_as_a_count_and_an_amount_in_wan_yuan(demo, capsys):
    assert main(["set", str(demo), "X2", "abroad_groups", "value", "3"]) == 0
    assert main(["set", str(demo), "5", "2010301", "basic", "2515.42"]) == 0
    capsys.readouterr()
    assert main(["log", str(demo), "--last", "2"]) == 0
    out = capsys.readouterr().out
    assert "因公出国（境）团组数" in out and "团组数：0 → 3\n" in out
    assert "2,315.42 万元 → 2,515.42 万元" in out


def test_verify_names_an_altered_unit_fact_in_chinese(demo, capsys):
    with UnitFile.open(demo) as f:
        f.session("王填报").set_meta(display_unit="元")
    tamper(demo, "UPDATE unit SET display_unit = '万元' WHERE id = 1")
    code, out = verify(demo, capsys)
    assert code == 1 and "单位信息 金额单位 与修改记录不符：文件中为 万元" in out and "display_unit" not in out


def test_a_deleted_log_entry_is_reported_naming_it(demo, capsys):
    tamper(demo, "DROP TRIGGER change_log_append_only_delete", "DELETE FROM change_log WHERE id = 40")
    code, out = verify(demo, capsys)
    assert code == 1 and "第 40 条修改记录被删除" in out


def test_an_edited_log_entry_breaks_the_chain_at_that_entry(demo, capsys):
    entry = last_entry_of_cell(demo)
    tamper(demo, "DROP TRIGGER change_log_append_only_update",
           f"UPDATE change_log SET new_amount = 1 WHERE id = {entry}",
           "UPDATE cells SET amount = 1 WHERE table_id = 'T5' AND row_key = '2010301' AND col_key = 'basic'")
    code, out = verify(demo, capsys)
    assert code == 1 and f"第 {entry} 条修改记录的内容" in out


def test_the_last_entry_deleted_with_its_value_restored_is_still_found(demo, capsys):
    entry = last_entry_of_cell(demo)
    tamper(demo, "DROP TRIGGER change_log_append_only_delete", f"DELETE FROM change_log WHERE id = {entry}")
    code, out = verify(demo, capsys)
    assert code == 1 and "步操作没有任何修改记录" in out


def test_the_batch_summary_lists_the_demo_unit_and_a_broken_copy(demo, tmp_path, capsys):
    folder = tmp_path / "街道"
    folder.mkdir()
    shutil.copy(demo, folder / "示范街道.jsgk")
    shutil.copy(demo, folder / "被改动的副本.jsgk")
    tamper(folder / "被改动的副本.jsgk", "UPDATE cells SET amount = 0 WHERE table_id = 'T5' AND row_key = '2010301' "
                                       "AND col_key = 'basic'")
    (folder / "损坏.jsgk").write_bytes(b"not a unit file")
    rows = {r.file: r for r in map(summarise, unit_files(folder))}
    good, broken, bad = rows["示范街道.jsgk"], rows["被改动的副本.jsgk"], rows["损坏.jsgk"]
    assert good.unit == "北京市示例区示范街道办事处" and good.year == 2024 and good.verified == "通过"
    assert good.errors == 0 and not good.bad and good.signed == ""
    assert broken.verified.startswith("未通过") and broken.bad and broken.errors > 0
    assert bad.problem and bad.bad
    out_xlsx = tmp_path / "汇总.xlsx"
    assert main(["check", str(folder), "--summary", "--xlsx", str(out_xlsx)]) == 1
    from openpyxl import load_workbook
    sheet = load_workbook(out_xlsx).active
    by_file = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert by_file["示范街道.jsgk"][9] == "通过" and by_file["被改动的副本.jsgk"][9].startswith("未通过")
    assert main(["check", str(tmp_path / "没有"), "--summary"]) == 2


def test_entries_written_before_the_chain_are_sealed_when_the_file_is_upgraded(tmp_path, capsys):
    """A file of schema 2 (change log without hashes) is chained by migration 3; a later edit of an
    old entry is then caught."""
    from storage.schema import APPLICATION_ID, MIGRATIONS, _statements
    path = tmp_path / "旧文件.jsgk"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        for statement in _statements(script):
            conn.execute(statement)
    conn.execute("INSERT INTO unit (id, unit_name, year, template_year, created_at) VALUES (1, '旧单位', 2024, 2024, 'x')")
    conn.execute("INSERT INTO steps (id, at, who, label) VALUES (1, '2025-01-01T09:00:00', '张三', '填写')")
    conn.execute("INSERT INTO cells VALUES ('T5', '2010301', 'basic', 100, NULL, 0, 'entered')")
    conn.execute("INSERT INTO change_log (at, who, action, table_id, row_key, col_key, new_amount, new_tolerance, "
                 "new_source, step) VALUES ('2025-01-01T09:00:00', '张三', 'edit', 'T5', '2010301', 'basic', 100, 0, "
                 "'entered', 1)")
    conn.execute("PRAGMA user_version = 2")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.commit()
    conn.close()
    code, out = verify(path, capsys)                     # opening migrates and seals
    assert code == 0, out
    with UnitFile.open(path) as f:                       # the append-only trigger is back
        with pytest.raises(sqlite3.DatabaseError):
            f.conn.execute("UPDATE change_log SET who = '李四' WHERE id = 1")
    tamper(path, "DROP TRIGGER change_log_append_only_update", "UPDATE change_log SET who = '李四' WHERE id = 1")
    code, out = verify(path, capsys)
    assert code == 1 and "第 1 条修改记录的内容" in out
