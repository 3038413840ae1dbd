"""The small pieces of recognition: one cell's value and precision, compare forms of labels, unit lines."""
import pytest

from importers.cells import Amount, ValueProblem, parse_count, parse_money
from importers.errors import Where
from importers.normalise import form_number, label_key, money_unit, split_code_and_name, title_key, unit_name


@pytest.mark.parametrize("value,unit,expected", [
    (2315.42, "万元", Amount(2_315_420_000, 5000)),
    (8145.270000000001, "万元", Amount(8_145_270_000, 5000)),     # a float's noise: read at 15 digits
    ("8,145.27", "万元", Amount(8_145_270_000, 5000)),
    ("１２．５", "万元", Amount(12_500_000, 5000)),                  # full-width digits
    (12.3456, "万元", Amount(123_456_00, 50)),                     # four decimals: ±0.00005 万元
    (12.345678, "万元", Amount(12_345_678, 0)),                    # six decimals of 万元 are whole 分
    (81452700, "元", Amount(8_145_270_000, 0)),
    (1234.5, "元", Amount(123_450, 0)),
    (None, "元", Amount(0, 0)), ("", "万元", Amount(0, 5000)), ("-", "万元", Amount(0, 5000)),
    ("—", "元", Amount(0, 0)), ("－", "元", Amount(0, 0)), ("——", "元", Amount(0, 0)),
    ("-3.5", "元", Amount(-350, 0)), ("¥1,000.00", "元", Amount(100_000, 0)),
    (0.005, "元", Amount(1, 0, rounded=True)),                     # finer than 1 分: rounded half-up, flagged
])
def test_money_values_and_their_precision(value, unit, expected):
    assert parse_money(value, unit) == expected


@pytest.mark.parametrize("value", ["约五万", "12.3万元", "#DIV/0!", True, "N/A"])
def test_not_numbers(value):
    with pytest.raises(ValueProblem, match="不是数字"):
        parse_money(value, "万元")


def test_counts():
    assert parse_count(3.0) == 3 and parse_count(None) == 0
    with pytest.raises(ValueProblem, match="不是整数"):
        parse_count(2.5)


@pytest.mark.parametrize("a,b", [
    ("一、一般公共预算财政拨款收入", "一般公共预算财政拨款收入"),
    ("（一）一般公共服务支出", "一般公共服务支出"),
    ("1. 本年收入合计", "本年收入合计"),
    ("使用非财政拨款结余（含专用结余）", "使用非财政拨款结余(含专用结余)"),
    ("公务用车运行维护费", "公务用车运行费"),
    ("因公出国（境）费用", "因公出国(境)费"),
    ("财政拨款“三公”经费", "财政拨款\"三公\"经费"),
    ("其中：授予小微企业合同金额", "授予小微企业合同金额"),
    ("十一、 城乡社区支出 ", "城乡社区支出"),
])
def test_label_compare_forms(a, b):
    assert label_key(a) == label_key(b)


def test_ordinals_are_not_taken_from_words_or_codes():
    assert label_key("一般公共服务支出") == "一般公共服务支出"
    assert label_key("301 工资福利支出") == "301工资福利支出"


def test_titles_forms_and_unit_lines():
    assert title_key("收入支出决算总表（公开01表）") == title_key("收入支出决算总表")
    assert form_number("（公开5表）") == "公开05表" and form_number("收入决算表") is None
    assert money_unit("编制单位：北京市示例区示范街道办事处　　金额单位：万元") == "万元"
    assert money_unit("单位：元") == "元" and money_unit("（单位:万元）") == "万元"
    assert money_unit("编制单位：元宝山街道") is None
    assert unit_name("编制单位：北京市示例区示范街道办事处　　金额单位：万元") == "北京市示例区示范街道办事处"
    assert unit_name("部门：北京市西城区某某街道办事处") == "北京市西城区某某街道办事处"
    assert split_code_and_name("2010301 行政运行") == ("2010301", "行政运行")
    assert split_code_and_name("行政运行") is None


def test_cell_addresses():
    assert Where("报表.xlsx", "Sheet1", 16, 3).cell == "Sheet1!D17"
    assert str(Where("报表.xlsx", "表 5", 0, 27)) == "报表.xlsx '表 5'!AB1"
