"""The reader on other offices' wording: no false alarms where the text is right, and the errors
real disclosures carry are found (issue 10's examples, each as a user would notice it)."""
from __future__ import annotations

from narrative_helpers import problems, statement

ASSETS = "四、国有资产占用情况\n"
BASIC = "七、财政拨款基本支出决算情况说明\n"


def rules(text: str, year: int = 2023) -> list[str]:
    return [r for r, _s, _m in problems(text, year)]


# ---- N-REPEAT: only the same quantity, role and unit ------------------------------------------

def test_a_count_of_equipment_excluding_vehicles_is_not_the_vehicles():
    text = ASSETS + ("截至2023年12月31日，本单位共有车辆5辆，其中，主要领导干部用车0辆、机要通信用车2辆、"
                     "其他用车3辆；单价100万元以上设备（不含车辆）2台。")
    assert "N-REPEAT" not in rules(text)
    assert statement(text, "2台", 2023).key != "assets.vehicles"


def test_vehicles_in_two_counting_units_are_never_compared():
    text = ASSETS + "截至2023年12月31日，本单位共有车辆0辆，单价100万元以上设备2台。本单位车辆2台，均为执法执勤用车。"
    assert "N-REPEAT" not in rules(text)


def test_the_same_total_stated_twice_with_two_values_is_still_found():
    text = ("二、收入支出决算总体情况说明\n2023年度本年支出合计300.00万元，比上年增加10.00万元。\n"
            "（二）支出决算说明\n2023年度本年支出合计310.00万元，其中：基本支出100.00万元，项目支出210.00万元。")
    assert rules(text).count("N-REPEAT") == 1


# ---- N-SUM: 主要包括 / 主要用于 / 如 give examples, not a complete list -----------------------------

def test_examples_after_a_part_are_not_parts_of_the_list():
    text = BASIC + ("2023年度使用一般公共预算财政拨款安排的基本支出100.00万元，其中：人员经费80.00万元，"
                    "主要包括工资福利支出70.00万元；公用经费20.00万元，如办公费5.00万元、印刷费3.00万元。")
    assert not problems(text)


def test_examples_larger_than_their_figure_are_an_error():
    text = BASIC + ("2023年度使用一般公共预算财政拨款安排的基本支出100.00万元，其中：人员经费80.00万元，"
                    "主要包括工资福利支出90.00万元；公用经费20.00万元。")
    (found,) = problems(text)
    assert found[0] == "N-SUM" and "80.00万元" in found[2] and "90.00" in found[2]


def test_main_uses_without_the_template_words_is_not_a_complete_list():
    text = ("（二）支出决算说明\n2023年度本年支出合计300.00万元，其中：基本支出100.00万元；项目支出200.00万元，"
            "主要用于社区建设120.00万元、环境整治50.00万元。")
    assert not problems(text)
