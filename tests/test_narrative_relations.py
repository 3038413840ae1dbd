"""Checks inside the text: every internal relation, with short hand-written texts and with the
rounding intervals (a figure with d decimals stands for ±½·10^-d; error only when the intervals
cannot meet, warning when only truncation or a dropped decimal explains the figure)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from domain.narrative.relations import MISMATCH, OK, PRECISION, TRUNCATED, judge
from domain.rounding import Interval
from narrative_helpers import n_findings, problems, spans, unit_with

OVERVIEW = "二、收入支出决算总体情况说明\n"
EXPENSE = "（二）支出决算说明\n"
THREE = "一、“三公”经费财政拨款决算情况\n"


def rules(text: str) -> list[tuple[str, str]]:
    return [(r, s) for r, s, _ in problems(text)]


def only(text: str, rule: str) -> tuple[str, str, str]:
    found = [p for p in problems(text) if p[0] == rule]
    assert len(found) == 1, problems(text)
    return found[0]


# ---- rounding intervals -------------------------------------------------------------------------

def test_judge_intervals_meet():
    # 26.22 written for 26.2151…: fine; 26.21: only truncation explains it; 26.20: wrong
    exact = Interval(D("26.2151"), D("26.2151"))
    assert judge(D("26.22"), 2, False, exact, D("26.2151")).status == OK
    assert judge(D("26.21"), 2, False, exact, D("26.2151")).status == TRUNCATED
    assert judge(D("26.20"), 2, False, exact, D("26.2151")).status == MISMATCH
    # a figure written with fewer decimals than its inputs: accepted at its precision, but warned
    six = Interval(D("6.10"), D("6.12"))
    v = judge(D("6.1"), 1, False, six, D("6.11"), inputs_decimals=2)
    assert (v.status, v.rounded) == (PRECISION, D("6.11"))
    assert judge(D("3.1"), 1, False, Interval(D("3.09"), D("3.11")), D("3.10"), inputs_decimals=2).status == OK
    # negative values and truncation toward zero
    assert judge(D("-1.21"), 2, False, Interval(D("-1.219"), D("-1.219")), D("-1.219")).status == TRUNCATED
    # an exact zero
    assert judge(D("0"), 0, True, Interval(D("0.001"), D("0.002")), D("0.0015")).status == MISMATCH


def test_small_base_growth_interval():
    """0.12 → 0.47 万元: any stated growth from about 272 % to 313 % is consistent with the rounded inputs."""
    def text(rate: str) -> str:
        return f"二、机关运行经费支出情况\n2024年度机关运行经费支出合计0.47万元，比上年0.12万元增加0.35万元，增长{rate}。"
    for rate in ("272%", "291.67%", "300%", "313%"):
        assert not [p for p in problems(text(rate)) if p[0] == "N-RATE"], rate
    for rate in ("271%", "314%", "250.00%"):
        assert only(text(rate), "N-RATE")[1] == "error", rate


def test_growth_from_current_and_change_uses_corners():
    # base = 0.47 − 0.35 = 0.12 (rounded inputs: 0.11 … 0.13): 265 % … 323 % all fit
    ok = "2024年度收、支总计0.47万元，比上年增加0.35万元，增长300%。"
    assert not rules(OVERVIEW + ok)
    assert rules(OVERVIEW + ok.replace("300%", "330%")) == [("N-RATE", "error")]


# ---- totals and parts --------------------------------------------------------------------------

def test_exhaustive_items_must_add_up():
    text = ("（一）收入决算说明\n2024年度本年收入合计100.00万元，其中：财政拨款收入90.00万元，占收入合计的90%；上级补助收入0万元，"
            "占收入合计的0%；事业收入0万元，占收入合计的0%；经营收入0万元，占收入合计的0%；附属单位上缴收入0万元，占收入合计的0%；"
            "其他收入8.00万元，占收入合计的8%。")
    rule, severity, message = only(text, "N-SUM")
    assert severity == "error" and "98" in message and "100.00" in message


def test_a_listed_part_may_not_exceed_its_total():
    text = "2023年全年预算数4197.68万元，其中，基本支出预算数9840.48万元，项目支出预算数32097.2万元，其他支出预算数0万元。"
    rule, severity, message = only(text, "N-SUM")
    assert severity == "error" and "41937.68" in message and "大于" in message
    # listing only some parts (and less than the total) is fine
    assert not rules("本单位共有固定资产11798.43万元，其中房屋和构筑物5297.63万元，设备5359.24万元。")


def test_parts_in_brackets_and_nested_lists():
    ok = ("其中，2023年财政拨款因公出国（境）费支出0万元；财政拨款公务接待费支出0万元；"
          "公务用车购置及运行维护费支出0.43万元，其中公务用车购置费0万元，公务用车运行维护费0.43万元。")
    assert not rules("2023年部门决算“三公”经费财政拨款支出0.43万元。" + ok)
    bad = "年初预算批复数为40650万元，其中基本支出预算为9449万元（其中人员支出8575万元、公用支出974万元），项目支出预算为31201万元。"
    rule, severity, message = only(bad, "N-SUM")
    assert "9549" in message and "9449" in message


def test_a_list_in_commas_ends_at_the_semicolon():
    text = ("本单位共有固定资产11798.43万元，其中房屋和构筑物5297.63万元，设备5359.24万元，文物和陈列品56.79万元，"
            "图书和档案39.91万元，家具和用具1044.86万元；固定资产累计折旧5687.16万元。")
    assert not rules(text)


def test_the_class_list_adds_up_to_the_fund_total():
    text = ("四、一般公共预算财政拨款支出决算情况说明\n2024年度一般公共预算财政拨款支出100.00万元，主要用于以下方面（按大类）："
            "一般公共服务支出60.00万元，占本年财政拨款支出60%；住房保障支出30.00万元，占本年财政拨款支出30%。")
    assert only(text, "N-SUM")[1] == "error"


def test_three_public_items_add_up_across_paragraphs():
    text = THREE + ("2024年度“三公”经费财政拨款决算数7.69万元，比2024年度“三公”经费财政拨款年初预算9.50万元减少1.81万元。其中：\n"
                    "1.因公出国（境）费用。2024年度决算数0万元，与2024年度年初预算数0万元持平。\n"
                    "2.公务接待费。2024年度决算数0.85万元，比2024年度年初预算数1.50万元减少0.65万元。\n"
                    "3.公务用车购置及运行维护费。2024年度决算数6.74万元，比2024年度年初预算数8.00万元减少1.26万元。")
    found = [p for p in problems(text) if p[0] == "N-SUM"]
    assert found and all("7.59" in m for _, _, m in found)


def test_recovered_malformed_figure_takes_part():
    text = ("一、政府采购决算说明\n2023年政府采购支出决算21,88.78万元，其中：货物类采购支出399.24万元，服务类采购支出15,03.50万元。"
            "工程类采购支出286.04万元。")
    found = problems(text)
    assert [r for r, _, _ in found].count("N-MALFORMED") == 2
    assert "N-SUM" not in [r for r, _, _ in found]       # 399.24 + 1503.50 + 286.04 = 2188.78


# ---- shares --------------------------------------------------------------------------------------

def test_share_truncated_is_a_warning_with_both_roundings():
    text = EXPENSE + ("2023年度本年支出合计42744.81万元，其中：基本支出11205.61万元，占支出合计的26.21%；项目支出31539.2万元，"
                      "占支出合计的73.78%；上缴上级支出0万元，占支出合计的0%；经营支出0万元，占支出合计的0%；对附属单位补助支出0万元，"
                      "占支出合计的0%。")
    rule, severity, message = only(text, "N-SHARE")
    assert severity == "warning"
    assert message == ("叙述“基本支出11205.61万元，占支出合计的26.21%”：11205.61 ÷ 42744.81 = 26.2151%，"
                       "四舍五入应为26.22%（按截断得26.21%）。")


def test_share_wrong_is_an_error():
    text = EXPENSE + "2023年度本年支出合计200.00万元，其中：基本支出50.00万元，占支出合计的30%；项目支出150.00万元，占支出合计的75%。"
    assert only(text, "N-SHARE")[1] == "error"


def test_share_denominator_found_by_name_in_another_paragraph():
    text = ("四、一般公共预算财政拨款支出决算情况说明\n2023年度一般公共预算财政拨款支出42742.46万元。\n"
            "1、一般公共服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。\n2023年度决算521.05万元，占本年财政拨款支出1.21%。")
    rule, severity, message = only(text, "N-SHARE")
    assert severity == "warning" and "42742.46" in message and "1.22%" in message


def test_share_of_all_fiscal_spending_is_accepted_too():
    # 占本年财政拨款支出 may mean the fund's total or all 财政拨款 (tables.md §4.3 38): accept either
    text = ("三、财政拨款收入支出决算总体情况说明\n2023年度财政拨款收、支总计118472.31万元。\n"
            "四、一般公共预算财政拨款支出决算情况说明\n2023年度一般公共预算财政拨款支出110814.62万元，主要用于以下方面（按大类）："
            "一般公共服务支出16963.35万元，占本年财政拨款支出14.32%；农林水支出93851.27万元，占本年财政拨款支出79.22%。")
    assert "N-SHARE" not in [r for r, _ in rules(text)]


# ---- changes, directions, rates ------------------------------------------------------------------

def test_change_vs_the_two_amounts():
    text = THREE + "2023年度“三公”经费财政拨款决算数4.55万元，比2023年度“三公”经费财政拨款年初预算11.93万元减少7.47万元。"
    assert only(text, "N-CHANGE")[1] == "error"
    assert not rules(text.replace("7.47", "7.38"))
    # 11.93 − 4.55 can be 7.37 only when both were rounded by a full half unit the same way: a warning
    (edge,) = problems(text.replace("7.47", "7.37"))
    assert edge[:2] == ("N-CHANGE", "warning") and "同向舍入" in edge[2] and "7.38" in edge[2]


def test_change_written_with_one_decimal():
    text = THREE + "2023年度“三公”经费财政拨款决算数1.41万元，比2023年度“三公”经费财政拨款年初预算7.52万元减少6.1万元。"
    rule, severity, message = only(text, "N-CHANGE")
    assert severity == "warning" and "6.11" in message and "1位小数" in message
    # 3.88 − 0.78 = 3.10: “3.1” drops only a zero
    ok = "2.公务接待费。2023年度决算数0.78万元，比2023年度年初预算数3.88万元减少3.1万元。"
    assert not rules(THREE + ok)


def test_increase_said_of_a_decrease():
    text = THREE + "2024年度“三公”经费财政拨款决算数7.69万元，比2024年度“三公”经费财政拨款年初预算9.50万元增加1.81万元。"
    rule, severity, message = only(text, "N-DIRECTION")
    assert severity == "error" and "实际是减少1.81" in message
    text = THREE + "2024年度“三公”经费财政拨款决算数9.50万元，比2024年度“三公”经费财政拨款年初预算7.69万元减少1.81万元。"
    assert "实际是增加1.81" in only(text, "N-DIRECTION")[2]


def test_level_with_a_difference():
    text = "1.因公出国（境）费用。2024年度决算数1.20万元，与2024年度年初预算数1.50万元持平。"
    rule, severity, message = only(THREE + text, "N-DIRECTION")
    assert severity == "error" and "0.30" in message
    assert not rules(THREE + text.replace("1.20", "1.50"))


def test_negative_number_after_increase():
    text = THREE + "2023年度“三公”经费财政拨款决算数1.46万元，比2023年度“三公”经费财政拨款年初预算5.55万元增加-4.09万元。"
    rule, severity, message = only(text, "N-DIRECTION")
    assert severity == "warning" and "减少4.09" in message


def test_rate_vs_change_and_base():
    text = OVERVIEW + "2023年度收、支总计42744.81万元，收入比上年增加3013.68万元，增长7.59%；支出比上年增加1891.94万元，增长4.63%。"
    assert not rules(text)
    assert only(text.replace("7.59%", "7.95%"), "N-RATE")[1] == "error"
    assert only(text.replace("增长4.63%", "下降4.63%"), "N-DIRECTION")[1] == "error"


def test_rate_from_a_zero_base():
    text = ("四、一般公共预算财政拨款支出决算情况说明\n1、“一般公共服务支出”（类）2023年度决算16963.353132万元，"
            "比2023年年初预算增加16963.353132万元，增长14.32%。")
    rule, severity, message = only(text, "N-RATE")
    assert severity == "warning" and "基数为0" in message


# ---- ratios, averages, repeats, bounds -----------------------------------------------------------

def test_completion_rate():
    text = ("四、一般公共预算财政拨款支出决算情况说明\n1.一般公共服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。"
            "2024年度年初预算2290.00万元，决算2315.42万元，完成年初预算的101.11%。")
    assert not rules(text)
    assert only(text.replace("101.11%", "110.11%"), "N-RATIO")[1] == "error"


def test_execution_rate_picks_the_spent_amount():
    text = ("其中人员类调整后预算为9191万元，支出为9158万元，财政收回33万元，执行率为99.65%；"
            "公用类调整后预算为790万元，支出为682万元，财政收回108万元，执行率为86.37%。")
    assert not rules(text)
    assert only(text.replace("86.37%", "13.67%"), "N-RATIO")[1] == "error"


def test_execution_rate_of_the_budget_execution_paragraph():
    text = ("第四部分 2023年度部门绩效评价情况\n（二）当年预算执行情况\n2023年全年预算数59292.05万元，其中，基本支出预算数7536.60万元，"
            "项目支出预算数51755.45万元，其他支出预算数0.00万元。资金总体支出58511.86万元，其中，基本支出7703.12万元，"
            "项目支出50808.74万元，其他支出0.00万元。预算执行率为97.63%。")
    rule, severity, message = only(text, "N-RATIO")
    assert "98.68%" in message


def test_formula_written_out():
    text = "2023年三公经费控制率=（2023年三公经费实际支出数0.43万元÷三公经费年初预算数6.96万元）*100%=6.18%。"
    assert not rules(text)
    assert only(text.replace("6.18%", "61.8%"), "N-RATIO")[1] == "error"


def test_average_per_vehicle():
    text = THREE + "3.公务用车购置及运行维护费。2024年度决算数6.84万元。2024年度公务用车保有量2辆，车均运行维护费3.42万元。"
    assert not rules(text)
    assert only(text.replace("3.42万元", "3.24万元"), "N-AVERAGE")[1] == "error"
    zero = "2023年度购置（更新）0辆，车均购置费0.00万元。"
    assert not rules(THREE + "其中，公务用车购置费2023年度决算数0万元。" + zero)


def test_same_quantity_stated_twice():
    text = ("四、一般公共预算财政拨款支出决算情况说明\n2023年度一般公共预算财政拨款支出1115.00万元，主要用于以下方面（按大类）："
            "教育支出839.28万元，占本年财政拨款支出75.27%；住房保障支出275.72万元，占本年财政拨款支出24.73%。\n"
            "3.“教育支出”（类）2023年度决算1276.51万元。")
    rule, severity, message = only(text, "N-REPEAT")
    assert severity == "error" and "839.28" in message and "1276.51" in message
    unit = unit_with(text)
    finding = next(f for f in n_findings(unit, "N-REPEAT"))
    assert spans(finding, text) == ["1276.51万元", "839.28万元"]
    assert not rules(text.replace("1276.51", "839.28"))


def test_bounds_between_quantities():
    text = ("（二）支出决算说明\n2023年度本年支出合计100.00万元，其中：基本支出30.00万元，占支出合计的30%；项目支出70.00万元，"
            "占支出合计的70%。\n二、机关运行经费支出情况\n2023年度机关运行经费支出合计45.00万元。")
    rule, severity, message = only(text, "N-BOUNDS")
    assert severity == "warning" and "机关运行经费" in message
    assert not rules(text.replace("45.00万元", "25.00万元"))
    people = THREE + "2.公务接待费。2024年度决算数0.85万元。全年国内公务接待5批次，3人次。"
    assert only(people, "N-BOUNDS")[1] == "warning"


def test_count_and_amount_of_the_same_items():
    text = "四、国有资产占用情况\n截至2024年12月31日，本单位固定资产总额300.00万元，其中：车辆0辆，42.60万元。"
    assert only(text, "N-BOUNDS")[1] == "warning"


# ---- malformed figures ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, words", [
    ("2023年政府采购支出决算21,88.78万元。", "千分位"),
    ("2023年度本年支出合计42744.81万元，比上年增加1891.94万元，增长4.63%%。", "百分号重复"),
    ("比上年增加1891.94万元，增长4.63，主要原因是…", "缺少“%”"),
    ("比年初预算支出数59,292.05万元万元减少了780.19万元。", "单位重复"),
    ("截至12月31日，部门共有车辆台，共计0.00万元。", "缺少数字"),
])
def test_malformed_figures_are_findings(text, words):
    found = n_findings(unit_with(text), "N-MALFORMED")
    assert len(found) == 1 and words in found[0].message and found[0].severity == "error"
    assert found[0].locations[0].is_span


def test_approximate_and_threshold_figures_are_not_checked():
    from domain.narrative.coverage import narrative_coverage
    text = "累计为残疾人提供服务约4000万元，受益近5000人次；单价100万元以上的设备3台；满意度≥95%。"
    unit = unit_with(text)
    assert narrative_coverage(unit).total == 1              # only “3台” states a quantity
    assert not rules(text)


def test_points_are_not_growth_rates():
    text = OVERVIEW + "2024年度收、支总计100.00万元，比上年增加10.00万元，增长11.11%，占比提高1.5个百分点。"
    assert not rules(text)
