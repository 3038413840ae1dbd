"""The year templates and code lists load, and describe the twelve tables consistently."""
import pytest

from domain.codes import ECONOMIC, FUNCTIONAL, load_codes, parent_code
from domain.template import available_years, load_template

TWELVE = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
          "一般公共预算财政拨款基本支出决算表", "政府性基金预算财政拨款收入支出决算表", "政府性基金预算财政拨款基本支出决算表",
          "国有资本经营预算财政拨款支出决算表", "财政拨款“三公”经费支出决算表", "政府采购情况表", "政府购买服务决算公开情况表"]


# 2023 inserts 一般公共预算财政拨款收入支出决算表 after 表4 (published 2023 district and municipal lists)
THIRTEEN = TWELVE[:4] + ["一般公共预算财政拨款收入支出决算表"] + TWELVE[4:]


@pytest.mark.parametrize("year,titles", [(2023, THIRTEEN), (2024, TWELVE)])
def test_template_has_its_tables_in_order_with_form_numbers_following_the_order(year, titles):
    template = load_template(year)
    tables = template.disclosure_tables
    assert [t.title for t in tables] == titles
    assert [t.form for t in tables] == [f"公开{i:02d}表" for i in range(1, len(titles) + 1)]


def test_the_2023_table_has_a_new_id_and_the_others_keep_theirs():
    ids = {year: [t.id for t in load_template(year).disclosure_tables] for year in (2023, 2024)}
    assert ids[2023] == ids[2024][:4] + ["T4A"] + ids[2024][4:]
    t4a = load_template(2023).table("T4A")
    assert [c.header for c in t4a.columns] == [("年初结转和结余",), ("本年收入",), ("本年支出", "小计"),
                                              ("本年支出", "基本支出"), ("本年支出", "项目支出"), ("年末结转和结余",)]
    assert load_template(2023).table("T5").form == "公开06表" and load_template(2024).table("T5").form == "公开05表"


@pytest.mark.parametrize("year", [2023, 2024])
def test_every_sum_names_existing_rows_and_columns(year):
    for spec in load_template(year).tables:
        column_keys = {c.key for c in spec.columns}
        row_keys = {r.key for r in spec.rows}
        for col in spec.columns:
            assert set(col.sum) <= column_keys, (spec.id, col.key)
        for row in spec.rows:
            assert set(row.sum) <= row_keys, (spec.id, row.key)
            if row.pair:
                assert row.pair in row_keys


def test_years_differ_where_the_forms_differ():
    rows_2023 = {r.key for r in load_template(2023).table("T1").rows}
    rows_2024 = {r.key for r in load_template(2024).table("T1").rows}
    assert rows_2024 - rows_2023 == {"231", "232"}   # 债务还本/付息支出 rows appear in 2024
    assert 2023 in available_years() and 2024 in available_years()


def test_table1_rows_match_the_official_form():
    t1 = load_template(2024).table("T1")
    income = [r.label for r in t1.rows if r.side == "income"]
    assert income[:8] == ["一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入", "三、国有资本经营预算财政拨款收入",
                          "四、上级补助收入", "五、事业收入", "六、经营收入", "七、附属单位上缴收入", "八、其他收入"]
    assert income[8:] == ["本年收入合计", "使用非财政拨款结余（含专用结余）", "年初结转和结余", "总计"]
    expense = [r.label for r in t1.rows if r.side == "expense"]
    assert expense[0] == "一、一般公共服务支出" and expense[-4:] == ["本年支出合计", "结余分配", "年末结转和结余", "总计"]


@pytest.mark.parametrize("system,year", [(FUNCTIONAL, 2023), (FUNCTIONAL, 2024), (ECONOMIC, None)])
def test_code_lists_are_well_formed_and_every_child_has_its_parent(system, year):
    codes = load_codes(system, year)
    assert len(codes.names) > 100
    for code in codes.names:
        assert codes.is_well_formed(code), code
        parent = parent_code(code)
        assert parent is None or parent in codes, code


def test_codes_the_seeds_mention_are_listed():
    codes = load_codes(FUNCTIONAL, 2024)
    for code, name in [("2010301", "行政运行"), ("2080505", "机关事业单位基本养老保险缴费支出"), ("2101101", "行政单位医疗"),
                       ("2120104", "城管执法"), ("2210201", "住房公积金"), ("2296002", "用于社会福利的彩票公益金支出")]:
        assert codes.name(code) == name
    assert codes.code_for_name("一般公共服务") == "201"          # narratives drop the trailing 支出
    assert codes.code_for_name("住房公积金", parent="22102") == "2210201"


def test_economic_table_lists_every_kuan_under_personnel_or_public():
    t6 = load_template(2024).table("T6")
    economic = load_codes(ECONOMIC)
    personnel = {r.code for r in t6.rows if r.group == "personnel" and r.code}
    assert {"301", "303", "30101", "30399"} <= personnel
    assert all(r.label == economic.name(r.code) for r in t6.rows if r.code)
