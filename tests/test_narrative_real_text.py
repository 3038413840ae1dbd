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


# ---- paraphrases that are checked now ------------------------------------------------------------

EXPENSE = "（二）支出决算说明\n"
GPB = "（一）一般公共预算财政拨款支出决算总体情况\n"


def test_a_share_with_its_whole_written_in_it():
    text = EXPENSE + ("2023年度本年支出合计200.00万元，其中：基本支出140.00万元，占本年支出合计200.00万元的70.00%；"
                      "项目支出60.00万元，占本年支出合计200.00万元的30.00%。")
    assert not problems(text)                            # and the whole is not a third part of the list
    (found,) = problems(text.replace("70.00%", "71.00%"))
    assert found[0] == "N-SHARE" and "140 ÷ 200 = 70.0000%" in found[2]


def test_the_final_figure_as_a_share_of_the_budget():
    text = GPB + "2023年度一般公共预算财政拨款支出决算数90.00万元，占年初预算的90.00%，年初预算100.00万元。"
    assert not problems(text)
    (found,) = problems(text.replace("90.00%", "80.00%"))
    assert found[0] == "N-RATIO" and "90 ÷ 100" in found[2]


def test_completion_of_the_adjusted_budget_is_of_the_adjusted_budget():
    text = GPB + ("2023年度一般公共预算财政拨款支出年初预算100.00万元，全年预算120.00万元，决算数108.00万元，"
                  "完成全年预算数的90.00%。")
    assert not problems(text)                            # 108 ÷ 120, not ÷ 100; and no repeat of two budgets
    (found,) = problems(text.replace("全年预算数的", "年初预算的"))
    assert found[0] == "N-RATIO" and "108 ÷ 100" in found[2]


def test_a_rate_written_before_its_change():
    text = "（一）收入决算说明\n2023年度本年收入合计150.00万元，比上年增长50.00%，增加50.00万元。"
    assert not problems(text)
    (found,) = problems(text.replace("增加50.00", "增加40.00"))
    assert found[0] == "N-RATE" and "40 ÷（150 − 40）" in found[2]


# ---- errors found now ----------------------------------------------------------------------------

def test_a_bare_zero_is_exact_so_a_sum_off_by_all_the_rounding_is_warned():
    text = EXPENSE + "2023年度本年支出合计251.25万元，其中：基本支出4.79万元，项目支出246.47万元，上缴上级支出0万元，经营支出0万元，对附属单位补助支出0万元。"
    (found,) = problems(text)
    assert found[:2] == ("N-SUM", "warning") and "251.26" in found[2] and "同向舍入" in found[2]
    assert not problems(text.replace("上缴上级支出0万元", "上缴上级支出0.00万元"))   # three roundings: possible
    assert not problems(text.replace("251.25", "251.26"))


def test_a_completion_rate_of_a_zero_budget_names_the_budget_that_gives_it():
    text = GPB + ("2023年度一般公共预算财政拨款支出全年预算200.00万元。\n“一般公共服务支出”（类）2023年度年初预算0万元，"
                  "决算150.00万元，完成年初预算的75.00%。")
    (found,) = problems(text)
    assert found[:2] == ("N-RATIO", "warning") and "为0" in found[2]
    assert "200.00万元" in found[2] and "75.00%" in found[2]


def test_a_growth_over_nothing_is_a_warning_not_an_error():
    text = "（一）收入决算说明\n2023年度本年收入合计100.00万元，比上年增加100.00万元，增长100.00%。本单位为新成立单位。"
    (found,) = problems(text)
    assert found[:2] == ("N-RATE", "warning") and "基数为0" in found[2]


def test_a_rate_without_its_percent_sign_before_or_after_a_space():
    for rate in ("增长 13.95。", "增长13.95 。"):
        text = "（一）收入决算说明\n2023年度本年收入合计113.95万元，比上年增加13.95万元，" + rate
        assert any(r == "N-MALFORMED" and "缺少“%”" in m for r, _s, m in problems(text)), rate


# ---- coverage in two tiers -----------------------------------------------------------------------

def test_coverage_tells_exact_checks_from_plausibility_only():
    from domain.narrative.coverage import narrative_coverage
    from narrative_helpers import n_findings, unit_with
    text = ("（二）支出决算说明\n2023年度本年支出合计300.00万元，其中：基本支出100.00万元。"
            "项目支出200.00万元，占本年支出合计的66.67%。\n")
    unit = unit_with(text, 2023)
    coverage = narrative_coverage(unit)
    # 300 is in a share (exact); 100 only ≤ 300 (plausible); 200 and 66.67% in the share (exact)
    assert (coverage.total, coverage.bound, coverage.exact, coverage.plausible) == (4, 4, 3, 1)
    (info,) = n_findings(unit, "N-COVERAGE")
    assert "已核对4个" in info.message and "精确核对3个" in info.message and "仅合理性核对1个" in info.message


FUND = "四、一般公共预算财政拨款支出决算情况说明\n"


def test_the_budgets_of_the_listed_items_exceeding_the_stated_total_budget():
    text = FUND + ("2023年度一般公共预算财政拨款支出年初预算200.00万元，决算180.00万元。\n"
                   "“行政运行（2010101）”2023年度年初预算150.00万元，决算90.00万元。\n"
                   "“一般行政管理事务（2010102）”2023年度年初预算60.00万元，决算90.00万元。")
    (found,) = problems(text)
    assert found[:2] == ("N-SUM", "error") and "150.00 + 60.00 = 210.00" in found[2] and "200.00" in found[2]
    assert not problems(text.replace("60.00万元，决算90.00", "50.00万元，决算90.00"))


def test_an_item_named_otherwise_than_the_tables_name_it():
    text = FUND + "“事业运行（2010101）”2023年度年初预算150.00万元，决算90.00万元，完成年初预算的60.00%。"
    (found,) = problems(text)
    assert found[:2] == ("N-NAME", "warning") and "“事业运行”" in found[2] and "“行政运行”" in found[2]
    assert not problems(text.replace("事业运行", "行政运行"))


def test_template_instructions_left_in_a_tables_note():
    from narrative_helpers import n_findings, unit_with
    unit = unit_with("一、部门基本情况\n本单位是区政府的工作部门。", 2023)
    unit.set_note("T7", "无政府性基金预算财政拨款收支的，仍保留该表格式，并在本表下方作下述说明：本单位没有政府性基金预算"
                        "财政拨款收入，也没有使用政府性基金预算财政拨款安排的支出，故本表无数据。")
    (found,) = n_findings(unit, "N-LEFTOVER-INSTRUCTION")
    assert found.severity == "error" and "仍保留该表格式" in found.message and found.cells[0].table == "T7"
    unit.set_note("T7", "本单位没有政府性基金预算财政拨款收入，也没有使用政府性基金预算财政拨款安排的支出，故本表无数据。")
    assert not n_findings(unit, "N-LEFTOVER-INSTRUCTION")


# ---- 绩效评价 scores ------------------------------------------------------------------------------

SCORES = "（一）评价得分情况\n"


def test_a_total_score_and_its_first_level_scores():
    text = SCORES + ("项目支出绩效评价综合得分82.02分，其中，项目决策得分7.66分，项目过程得分16.9分，项目产出得分29.26分，"
                     "项目效益得分28.02分。")
    (found,) = problems(text)
    assert found[:2] == ("N-SUM", "error") and "81.84" in found[2]
    assert not problems(text.replace("82.02", "81.84"))


def test_a_total_after_its_parts_printed_ten_times_too_big():
    text = SCORES + "预算执行管理指标9分、产出指标49分、效益指标30分、满意度指标9分，汇总之后，整体支出绩效评价的总分为990分。"
    (found,) = problems(text)
    assert found[:2] == ("N-SUM", "error") and "= 97分" in found[2]
    assert not problems(text.replace("990", "97"))


def test_a_score_above_its_maximum():
    text = SCORES + "产出指标的总分为50分，实际得分为59分。"
    (found,) = problems(text)
    assert found[:2] == ("N-SUM", "error") and "超过了分值50分" in found[2]
    assert not problems(text.replace("59分", "49分"))


def test_grade_thresholds_are_no_scores():
    text = SCORES + ("本次指标体系总分设置为100分，其中综合得分在90分(含90分)以上，绩效级别评定为优；综合得分在80分—90分(含80分)，"
                     "绩效级别评定为良；综合得分在60分以下，绩效级别评定为差。")
    assert not problems(text)


def test_shares_reserved_for_small_firms_are_not_the_contracts_awarded_them():
    text = ("三、政府采购支出情况\n2023年度政府采购支出总额120.00万元，授予中小企业合同金额100.00万元，"
            "占政府采购支出总额的83.33%。\n政府采购预留中小企业份额90.00万元。")
    assert "N-REPEAT" not in rules(text)


def test_small_firms_within_the_small_and_medium_ones_are_not_added_twice():
    text = ("三、政府采购支出情况\n2023年度政府采购支出总额120.00万元，其中，面向中小企业预留100.00万元，"
            "面向小微企业预留80.00万元，占政府采购支出总额的66.67%。")
    assert not problems(text)
    (found,) = problems(text.replace("预留100.00", "预留130.00"))
    assert found[:2] == ("N-SUM", "error") and "130.00" in found[2]
