"""Binding figures to what they state: each phrase family of the Beijing template (and its common
variants) gives the figure the quantity key and role the table comparison and the relations use."""
from __future__ import annotations

import pytest

from domain.narrative.sections import EXPLANATION, OTHER, PERFORMANCE, PREFACE, blocks
from domain.narrative.statements import (AMOUNT_R, AVERAGE_R, BASE_R, BUDGET_R, CHANGE_R, COUNT_R, RATE_R, RATIO_R,
                                         SHARE_R, THRESHOLD_R)
from narrative_helpers import statement

INCOME = """二、收入支出决算总体情况说明
2024年度收、支总计120.00万元，比上年增加20.00万元，增长20%。
（一）收入决算说明
2024年度本年收入合计100.00万元，其中：财政拨款收入90.00万元，占收入合计的90%；上级补助收入0万元，占收入合计的0%；事业收入0万元，占收入合计的0%；经营收入0万元，占收入合计的0%；附属单位上缴收入0万元，占收入合计的0%；其他收入10.00万元，占收入合计的10%。
财政拨款收入中：一般公共预算财政拨款收入80.00万元；政府性基金预算财政拨款收入10.00万元；国有资本经营预算财政拨款收入0万元。
（二）支出决算说明
2024年度本年支出合计100.00万元，其中：基本支出30.00万元，占支出合计的30%；项目支出70.00万元，占支出合计的70%；上缴上级支出0万元，占支出合计的0%；经营支出0万元，占支出合计的0%；对附属单位补助支出0万元，占支出合计的0%。
三、财政拨款收入支出决算总体情况说明
2024年度财政拨款收、支总计95.00万元，财政拨款收入比上年增加5.00万元，增长5.56%；财政拨款支出比上年减少1.00万元，下降1.04%。
"""

FUNDS = """四、一般公共预算财政拨款支出决算情况说明
（一）总体情况
2024年度一般公共预算财政拨款支出80.00万元，主要用于以下方面（按大类）：一般公共服务支出50.00万元，占本年财政拨款支出62.50%；住房保障支出30.00万元，占本年财政拨款支出37.50%。
（二）具体情况
1.一般公共服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。2024年度年初预算45.00万元，决算50.00万元，完成年初预算的111.11%。
2.住房保障（类）住房改革支出（款）住房公积金（项）。
2024年度决算30.00万元，占本年财政拨款支出37.50%。
五、政府性基金预算财政拨款支出决算情况说明
2024年度政府性基金预算财政拨款支出10.00万元，主要用于以下方面（按大类）：其他支出10.00万元，占本年财政拨款支出100%。
1.其他（类）彩票公益金安排的支出（款）用于社会福利的彩票公益金支出（项）。2024年度年初预算10.00万元，决算10.00万元，完成年初预算的100%。
六、国有资本经营预算财政拨款支出决算情况说明
2024年度国有资本经营预算财政拨款收入总计0万元，国有资本经营预算财政拨款支出总计0万元。
七、财政拨款基本支出决算情况说明
2024年度使用一般公共预算财政拨款安排基本支出30.00万元，使用政府性基金财政拨款安排基本支出0万元。其中：人员经费25.00万元，主要包括基本工资等；公用经费5.00万元，主要包括办公费等。
"""

OLD_STYLE_CLASSES = """四、一般公共预算财政拨款支出决算情况说明
（二）一般公共预算财政拨款支出决算具体情况
1、“一般公共服务支出”（类）2023年度决算16963.353132万元，比2023年年初预算增加16963.353132万元。其中：
“人大事务”（款，下同）2023年度决算113.378082万元，比2023年年初预算增加13.378082万元，增长13.38%。
"""

OTHER_MATTERS = """第三部分 2024年度其他重要事项的情况说明
一、“三公”经费财政拨款决算情况
2024年度“三公”经费财政拨款决算数7.69万元，比2024年度“三公”经费财政拨款年初预算9.50万元减少1.81万元。其中：
1.因公出国（境）费用。2024年度决算数0万元，与2024年度年初预算数0万元持平。全年因公出国（境）团组0个，0人次。
2.公务接待费。2024年度决算数0.85万元，比2024年度年初预算数1.50万元减少0.65万元。全年国内公务接待3批次，26人次。
3.公务用车购置及运行维护费。2024年度决算数6.84万元，比2024年度年初预算数8.00万元减少1.16万元。其中，公务用车购置费2024年度决算数0万元，与2024年度年初预算数0万元持平；公务用车运行维护费2024年度决算数6.84万元，比2024年度年初预算数8.00万元减少1.16万元。2024年度公务用车保有量2辆，车均运行维护费3.42万元。
二、机关运行经费支出情况
2024年度机关运行经费支出合计687.54万元，比上年增加156.04万元，增长29.36%。
三、政府采购支出情况
2024年度政府采购支出总额1736.48万元，其中：政府采购货物支出52.36万元，政府采购工程支出298.40万元，政府采购服务支出1385.72万元。授予中小企业合同金额1520.18万元，占政府采购支出总额的87.54%，其中：授予小微企业合同金额980.06万元，占政府采购支出总额的56.44%。
四、国有资产占用情况
截至2024年12月31日，本单位固定资产总额3256.78万元，其中：车辆2辆，42.60万元；单价100万元以上设备1台（套），金额120.00万元。
五、政府购买服务支出说明
2024年度政府购买服务决算1330.80万元，涉及项目3个，其中：1、公共服务项目2个，决算金额1306.50万元；2、政府履职辅助性服务项目1个，决算金额24.30万元。
"""

PERFORMANCE_TEXT = """第四部分 2024年度部门绩效评价情况
二、当年预算执行情况
2024年全年预算数358.64万元，其中，基本支出预算数8.52万元，项目支出预算数350.12万元，其他支出预算数0万元。资金总体支出358.64万元，其中，基本支出8.52万元，项目支出350.12万元，其他支出0万元。预算执行率为100%。
"""


@pytest.mark.parametrize("text, figure, nth, key, role", [
    # 收、支总计 and its change against 上年数
    (INCOME, "120.00万元", 0, "grand_total", AMOUNT_R),
    (INCOME, "20.00万元", 0, "grand_total", CHANGE_R),
    (INCOME, "20%", 0, "grand_total", RATE_R),
    # 本年收入合计 and each income item with 占收入合计的X%
    (INCOME, "100.00万元", 0, "income_total", AMOUNT_R),
    (INCOME, "90.00万元", 0, "fiscal_income", AMOUNT_R),
    (INCOME, "90%", 0, "fiscal_income", SHARE_R),
    (INCOME, "0万元", 0, "superior_grant", AMOUNT_R),
    (INCOME, "0万元", 1, "business_income", AMOUNT_R),
    (INCOME, "0万元", 2, "operating_income", AMOUNT_R),
    (INCOME, "0万元", 3, "subsidiary_income", AMOUNT_R),
    (INCOME, "10.00万元", 0, "other_income", AMOUNT_R),
    (INCOME, "80.00万元", 0, "gpb_income", AMOUNT_R),
    (INCOME, "10.00万元", 1, "gov_fund_income", AMOUNT_R),
    (INCOME, "0万元", 4, "soe_income", AMOUNT_R),
    # 本年支出合计, 基本支出, 项目支出 … with 占支出合计的X%
    (INCOME, "100.00万元", 1, "expense_total", AMOUNT_R),
    (INCOME, "30.00万元", 0, "basic", AMOUNT_R),
    (INCOME, "30%", 0, "basic", SHARE_R),
    (INCOME, "70.00万元", 0, "project", AMOUNT_R),
    (INCOME, "0万元", 5, "remit_superior", AMOUNT_R),
    (INCOME, "0万元", 6, "operating_expense", AMOUNT_R),
    (INCOME, "0万元", 7, "subsidiary_grant", AMOUNT_R),
    # 财政拨款收、支总计; 财政拨款收入/支出 比上年
    (INCOME, "95.00万元", 0, "fiscal_grand_total", AMOUNT_R),
    (INCOME, "5.00万元", 0, "fiscal_income", CHANGE_R),
    (INCOME, "1.00万元", 0, "fiscal_expense", CHANGE_R),
    (INCOME, "1.04%", 0, "fiscal_expense", RATE_R),
    # 一般公共预算财政拨款支出 and its 类 with 占本年财政拨款支出X%
    (FUNDS, "80.00万元", 0, "gpb", AMOUNT_R),
    (FUNDS, "50.00万元", 0, "gpb:201", AMOUNT_R),
    (FUNDS, "62.50%", 0, "gpb:201", SHARE_R),
    (FUNDS, "30.00万元", 0, "gpb:221", AMOUNT_R),
    # 类/款/项 paragraphs: 年初预算, 决算, 完成年初预算的X% or 占…%
    (FUNDS, "45.00万元", 0, "gpb:2010301", BUDGET_R),
    (FUNDS, "50.00万元", 1, "gpb:2010301", AMOUNT_R),
    (FUNDS, "111.11%", 0, "gpb:2010301", RATIO_R),
    (FUNDS, "30.00万元", 1, "gpb:2210201", AMOUNT_R),
    (FUNDS, "37.50%", 1, "gpb:2210201", SHARE_R),
    # 政府性基金 and 国有资本经营 sections
    (FUNDS, "10.00万元", 0, "gov_fund", AMOUNT_R),
    (FUNDS, "10.00万元", 1, "gov_fund:229", AMOUNT_R),
    (FUNDS, "10.00万元", 2, "gov_fund:2296002", BUDGET_R),
    (FUNDS, "10.00万元", 3, "gov_fund:2296002", AMOUNT_R),
    (FUNDS, "0万元", 0, "soe_income", AMOUNT_R),
    (FUNDS, "0万元", 1, "soe", AMOUNT_R),
    # 基本支出 by fund and its 人员经费/公用经费
    (FUNDS, "30.00万元", 2, "basic.gpb", AMOUNT_R),
    (FUNDS, "0万元", 2, "basic.gov_fund", AMOUNT_R),
    (FUNDS, "25.00万元", 0, "personnel", AMOUNT_R),
    (FUNDS, "5.00万元", 0, "public", AMOUNT_R),
    # older wording: “X”（类）…决算, “Y”（款，下同）under it, 比年初预算增加
    (OLD_STYLE_CLASSES, "16963.353132万元", 0, "gpb:201", AMOUNT_R),
    (OLD_STYLE_CLASSES, "16963.353132万元", 1, "gpb:201", CHANGE_R),
    (OLD_STYLE_CLASSES, "113.378082万元", 0, "gpb:20101", AMOUNT_R),
    (OLD_STYLE_CLASSES, "13.378082万元", 0, "gpb:20101", CHANGE_R),
    # 三公: 决算数 vs 年初预算, its items, counts, 保有量, 车均
    (OTHER_MATTERS, "7.69万元", 0, "3p.total", AMOUNT_R),
    (OTHER_MATTERS, "9.50万元", 0, "3p.total", BASE_R),
    (OTHER_MATTERS, "1.81万元", 0, "3p.total", CHANGE_R),
    (OTHER_MATTERS, "0万元", 0, "3p.abroad", AMOUNT_R),
    (OTHER_MATTERS, "0个", 0, "3p.abroad_groups", COUNT_R),
    (OTHER_MATTERS, "0人次", 0, "3p.abroad_persons", COUNT_R),
    (OTHER_MATTERS, "0.85万元", 0, "3p.reception", AMOUNT_R),
    (OTHER_MATTERS, "1.50万元", 0, "3p.reception", BASE_R),
    (OTHER_MATTERS, "3批次", 0, "3p.reception_batches", COUNT_R),
    (OTHER_MATTERS, "26人次", 0, "3p.reception_persons", COUNT_R),
    (OTHER_MATTERS, "6.84万元", 0, "3p.vehicle", AMOUNT_R),
    (OTHER_MATTERS, "0万元", 2, "3p.vehicle_purchase", AMOUNT_R),
    (OTHER_MATTERS, "6.84万元", 1, "3p.vehicle_operation", AMOUNT_R),
    (OTHER_MATTERS, "2辆", 0, "3p.vehicles_held", COUNT_R),
    (OTHER_MATTERS, "3.42万元", 0, None, AVERAGE_R),
    # 机关运行经费 with 比上年
    (OTHER_MATTERS, "687.54万元", 0, "office_running", AMOUNT_R),
    (OTHER_MATTERS, "156.04万元", 0, "office_running", CHANGE_R),
    # 政府采购 总额/货物/工程/服务/中小企业/小微企业
    (OTHER_MATTERS, "1736.48万元", 0, "proc.total", AMOUNT_R),
    (OTHER_MATTERS, "52.36万元", 0, "proc.goods", AMOUNT_R),
    (OTHER_MATTERS, "298.40万元", 0, "proc.works", AMOUNT_R),
    (OTHER_MATTERS, "1385.72万元", 0, "proc.services", AMOUNT_R),
    (OTHER_MATTERS, "1520.18万元", 0, "proc.sme", AMOUNT_R),
    (OTHER_MATTERS, "87.54%", 0, "proc.sme", SHARE_R),
    (OTHER_MATTERS, "980.06万元", 0, "proc.small_micro", AMOUNT_R),
    # 国有资产: 固定资产, 车辆, 设备 (单价100万元以上 is a name, not a quantity)
    (OTHER_MATTERS, "3256.78万元", 0, "assets.fixed", AMOUNT_R),
    (OTHER_MATTERS, "2辆", 1, "assets.vehicles", COUNT_R),
    (OTHER_MATTERS, "42.60万元", 0, "assets.vehicles_amount", AMOUNT_R),
    (OTHER_MATTERS, "100万元", 0, None, THRESHOLD_R),
    (OTHER_MATTERS, "1台", 0, "assets.equipment", COUNT_R),
    (OTHER_MATTERS, "120.00万元", 0, "assets.equipment_amount", AMOUNT_R),
    # 政府购买服务 total, project counts, groups by 一级目录
    (OTHER_MATTERS, "1330.80万元", 0, "services.total", AMOUNT_R),
    (OTHER_MATTERS, "3个", 0, "services.count", COUNT_R),
    (OTHER_MATTERS, "2个", 0, "services.group_count:公共服务", COUNT_R),
    (OTHER_MATTERS, "1306.50万元", 0, "services.group:公共服务", AMOUNT_R),
    (OTHER_MATTERS, "24.30万元", 0, "services.group:政府履职辅助性服务", AMOUNT_R),
    # 绩效: 当年预算执行情况 (internal keys, no table)
    (PERFORMANCE_TEXT, "358.64万元", 0, "perf.budget", BUDGET_R),
    (PERFORMANCE_TEXT, "358.64万元", 1, "perf.spent", AMOUNT_R),
])
def test_phrase_families(text, figure, nth, key, role):
    st = statement(text, figure, nth=nth)
    assert (st.key, st.role) == (key, role)


def test_change_basis_prior_or_budget():
    assert statement(INCOME, "20.00万元").basis == "prior"
    assert statement(OTHER_MATTERS, "1.81万元").basis == "budget"
    assert statement(OTHER_MATTERS, "9.50万元").basis == "budget"


def test_change_direction_words():
    assert statement(INCOME, "20.00万元").sign == 1
    assert statement(OTHER_MATTERS, "1.81万元").sign == -1
    assert statement("2024年度收、支总计10.00万元，比上年增加（减少）1.00万元。", "1.00万元").sign is None


def test_variants_of_the_words():
    # 000-style: 收入决算 / 支出决算, 比2022年…（其中财政拨款…）增加了
    text = ("（一）收入决算说明\n2023年收入决算58,511.86万元（其中财政拨款58,511.86万元）比2022年收入决算57,519.95万元"
            "（其中财政拨款57,446.43万元）增加了991.91万元。")
    assert (statement(text, "58,511.86万元", 2023).key, statement(text, "58,511.86万元", 2023).role) == ("income_total", AMOUNT_R)
    base = statement(text, "57,519.95万元", 2023)
    assert (base.key, base.role, base.basis) == ("income_total", BASE_R, "prior")
    inner = statement(text, "57,446.43万元", 2023)
    assert (inner.key, inner.role, inner.basis) == ("fiscal_income", BASE_R, "prior")
    # 日常公用经费 = 机关运行经费; 货物类采购支出
    office = "二、机关运行经费支出情况\n2023年度使用财政拨款安排的基本支出中的日常公用经费支出，合计699.18万元。"
    assert statement(office, "699.18万元").key == "office_running"
    proc = "一、政府采购决算说明\n2023年政府采购支出决算2188.78万元，其中：货物类采购支出399.24万元，工程类采购支出286.04万元。"
    assert statement(proc, "2188.78万元").key == "proc.total"
    assert statement(proc, "399.24万元").key == "proc.goods"
    assert statement(proc, "286.04万元").key == "proc.works"


def test_a_list_part_under_another_total_is_qualified():
    # 基本支出 under 一般公共预算财政拨款支出 is that fund's 基本支出, not the unit's (表3)
    text = ("（二）支出决算说明\n2023年支出决算按用途划分：1、一般公共预算财政拨款支出45,021.50万元，其中（1）基本支出决算7,703.12万元；"
            "（2）项目支出决算37,318.38万元。")
    assert statement(text, "7,703.12万元", 2023).key == "gpb/basic"
    assert statement(text, "37,318.38万元", 2023).key == "gpb/project"


def test_new_purchases_are_not_holdings():
    text = "四、国有资产占用情况\n2023年度新购置车辆0台，共计0.00万元。截至12月31日，部门共有车辆3台，共计45.00万元。"
    assert statement(text, "0台", 2023).key is None
    assert statement(text, "3台", 2023).key == "assets.vehicles"
    assert statement(text, "45.00万元", 2023).key == "assets.vehicles_amount"


def test_figures_without_a_topic_are_not_keyed():
    st = statement("区民政局共设置14个内设机构和7个事业单位。", "14个")
    assert st.key is None and st.role == COUNT_R


def test_parts_of_a_disclosure():
    text = ("目录\n第二部分 2024年度部门决算说明\n第三部分 2024年度其他重要事项的情况说明\n"
            "第二部分 2024年度部门决算说明\n一、收入支出决算总体情况说明\n总计1万元。\n"
            "第三部分 2024年度其他重要事项的情况说明\n一、“三公”经费财政拨款决算情况\n三公2万元。\n"
            "第四部分 2024年度部门绩效评价情况\n一、部门概况\n3万元\n")
    outline = blocks(text)
    parts = {text[b.start:b.end]: b.part for b in outline}
    assert parts["目录"] == PREFACE
    assert parts["总计1万元。"] == EXPLANATION
    assert parts["三公2万元。"] == OTHER
    assert parts["3万元"] == PERFORMANCE
    sections = {text[b.start:b.end]: b.section for b in outline}
    assert sections["总计1万元。"] == "overview" and sections["三公2万元。"] == "three_public"


def test_a_list_over_several_lines_is_one_block():
    text = "主要用于以下方面（按大类）：\n一般公共服务支出1万元；\n住房保障支出2万元；\n（二）具体情况\n"
    outline = blocks(text)
    assert [text[b.start:b.end] for b in outline] == [
        "主要用于以下方面（按大类）：\n一般公共服务支出1万元；\n住房保障支出2万元；", "（二）具体情况"]


VARIANTS = [
    # another office's wording: 收入总计/支出总计, 与上年相比…各增加, the amount in the sentence before
    "二、收入支出决算总体情况说明\n2024年度本单位收入总计5,000.00万元，支出总计5,000.00万元。与2023年度相比，收、支总计各增加300.00万元，增长6.38%。",
    # 较上年, 增幅, 占比 (of the total the item is listed under)
    "（一）收入决算说明\n2024年度本年收入合计4,800.00万元，较上年增加200.00万元，增幅4.35%。其中：财政拨款收入4,700.00万元，占比97.92%；其他收入100.00万元，占比2.08%。",
    # 主要用于：…（类）支出…，占X%
    "四、一般公共预算财政拨款支出决算情况说明\n2024年度一般公共预算财政拨款支出4,700.00万元，主要用于：一般公共服务（类）支出3,000.00万元，占63.83%；住房保障（类）支出1,700.00万元，占36.17%。",
    # a code instead of （类）（款）（项）; 决算数为年初预算的X%; 增长率为
    "四、一般公共预算财政拨款支出决算情况说明\n1.行政运行（2010301）。年初预算为2,000.00万元，支出决算为2,100.00万元，决算数为年初预算的105%。决算数比年初预算数增加100.00万元，增长率为5%。",
    # 三公经费 without quotes, 公务用车运行费, 保有量为, 车均…为
    "一、“三公”经费财政拨款决算情况\n2024年度三公经费支出决算数为5.00万元，其中公务用车运行费5.00万元。公务用车保有量为2辆，车均运行维护费为2.50万元。",
]


@pytest.mark.parametrize("text", VARIANTS)
def test_other_wordings_are_read_too(text):
    from domain.narrative.reader import read_narrative
    reading = read_narrative(text, 2024)
    bound = set()
    for check in reading.checks:
        bound.update(check.members)
        assert check.ok, check.message
    assert bound == set(range(len(reading.statements)))


def test_other_wordings_still_catch_errors():
    from narrative_helpers import problems
    assert [r for r, _, _ in problems(VARIANTS[0].replace("6.38%", "6.83%"))] == ["N-RATE"]
    assert [r for r, _, _ in problems(VARIANTS[1].replace("97.92%", "97.29%"))] == ["N-SHARE"]
    assert [r for r, _, _ in problems(VARIANTS[3].replace("105%", "150%"))] == ["N-RATIO"]
    assert statement(VARIANTS[3], "2,100.00万元").key == "gpb:2010301"
