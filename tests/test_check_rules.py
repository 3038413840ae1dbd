"""One test per rule: a unit that breaks that relation, and the finding it gets — rule id, severity,
the exact Chinese message (both sides, their values, the difference) and every location.

Each unit is the demo (which checks clean) with the smallest change that breaks the relation. When
the relation is implied by others, `also` names the rules the same change necessarily breaks too
(e.g. 表2 合计 is compared with 表1 and with its own parts); no other rule may fire.
"""
from __future__ import annotations

import pytest

from check_scenarios import L, Scenario, W, add, claim, engine_findings, with_soe, without_gov_fund
from domain.checks.registry import RULES, all_rules
from domain.demo import build_demo
from domain.template import TOTAL_ROW as T


def a(unit, *key) -> int:
    return unit.amount(*key)


def _t7_roll(u):
    """Two 项 that do not roll forward, in opposite directions: 表7 合计 and 表4 still agree."""
    u.add_row("T7", "2296003")
    u.set_amount("T7", "2296003", "begin_balance", W("1"))
    for col in ("income", "basic", "project", "end_balance"):
        u.set_amount("T7", "2296003", col, 0)
    u.set_amount("T7", "2296002", "end_balance", W("1"))
    u.add_row("T3", "2296003")
    u.add_row("T2", "2296003")
    add(u, "T4", "begin_gov_fund", "amount", W("1"))
    add(u, "T4", "end_balance", "gov_fund", W("1"))
    add(u, "T1", "begin_balance", "amount", W("1"))
    add(u, "T1", "end_balance", "amount_exp", W("1"))


def _demo_2023():
    return build_demo(2023)


def _no_projects(u):
    for key in list(u.extra_rows["T12"]):
        u.remove_row("T12", key)


SCENARIOS = [
    # ---- in-table sums (imported totals compared with their parts) -------------------------------
    Scenario("T1-SUM", lambda u: (claim(u, "T1", "income_grand_total", "amount", a(u, "T1", "income_grand_total", "amount") + W("10")),
                                  claim(u, "T1", "expense_grand_total", "amount_exp", a(u, "T1", "expense_grand_total", "amount_exp") + W("10"))),
             "T1-SUM", "error",
             "表1 收入总计 8,155.27 万元 ≠ 本年收入合计 + 使用非财政拨款结余（含专用结余） + 年初结转和结余 8,145.27 万元，"
             "相差 10.00 万元；超出四舍五入可解释的 ±0.005 万元",
             (L("T1", "income_grand_total", "amount"), L("T1", "income_total", "amount"),
              L("T1", "non_fiscal_balance_used", "amount"), L("T1", "begin_balance", "amount"))),
    Scenario("T2-SUM", lambda u: claim(u, "T2", "2010301", "total", a(u, "T2", "2010301", "total") + W("0.5")),
             "T2-SUM", "error",
             "表2 2010301 行政运行·本年收入合计 2,295.92 万元 ≠ 财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入 + "
             "附属单位上缴收入 + 其他收入 2,295.42 万元，相差 0.50 万元；超出四舍五入可解释的 ±0.005 万元",
             (L("T2", "2010301", "total"),) + tuple(L("T2", "2010301", c) for c in
                                                      ("fiscal", "superior", "business", "operating", "subsidiary", "other"))),
    Scenario("T3-SUM exact", lambda u: claim(u, "T3", "2080505", "total", a(u, "T3", "2080505", "total") - W("0.01"), 0),
             "T3-SUM", "error",
             "表3 2080505 机关事业单位基本养老保险缴费支出·本年支出合计 398.20 万元 ≠ 基本支出 + 项目支出 + 上缴上级支出 + "
             "经营支出 + 对附属单位补助支出 398.21 万元，相差 0.01 万元",
             (L("T3", "2080505", "total"),) + tuple(L("T3", "2080505", c) for c in
                                                      ("basic", "project", "remit_superior", "operating", "subsidiary_grant"))),
    Scenario("T4-SUM", lambda u: claim(u, "T4", "201", "total", a(u, "T4", "201", "total") - W("1")),
             "T4-SUM", "error",
             "表4 一、一般公共服务支出·合计 3,459.19 万元 ≠ 一般公共预算财政拨款 + 政府性基金预算财政拨款 + "
             "国有资本经营预算财政拨款 3,460.19 万元，相差 1.00 万元；超出四舍五入可解释的 ±0.005 万元",
             (L("T4", "201", "total"), L("T4", "201", "gpb"), L("T4", "201", "gov_fund"), L("T4", "201", "soe"))),
    Scenario("T5-SUM 款 and 类", lambda u: (v := a(u, "T5", "201", "project"),
                                          claim(u, "T5", "20103", "project", a(u, "T5", "20103", "project") + W("1")),
                                          claim(u, "T5", "201", "project", v)),
             "T5-SUM", "error",
             "表5 20103 政府办公厅（室）及相关机构事务·项目支出 613.80 万元 ≠ 其下各项（2010301、2010350、2010399）之和 "
             "612.80 万元，相差 1.00 万元；超出四舍五入可解释的 ±0.005 万元",
             (L("T5", "20103", "project"), L("T5", "2010301", "project"), L("T5", "2010350", "project"),
              L("T5", "2010399", "project"))),
    Scenario("T5-SUM the 类 too", lambda u: (v := a(u, "T5", "201", "project"),
                                            claim(u, "T5", "20103", "project", a(u, "T5", "20103", "project") + W("1")),
                                            claim(u, "T5", "201", "project", v)),
             "T5-SUM", "error",
             "表5 201 一般公共服务支出·项目支出 658.40 万元 ≠ 其下各款（20103、20132）之和 659.40 万元，相差 1.00 万元；"
             "超出四舍五入可解释的 ±0.01 万元",
             (L("T5", "201", "project"), L("T5", "20103", "project"), L("T5", "20132", "project"))),
    Scenario("T6-SUM", lambda u: (claim(u, "T6", "301", "amount", a(u, "T6", "301", "amount") - W("1")),
                                  claim(u, "T6", "302", "amount", a(u, "T6", "302", "amount") + W("1"))),
             "T6-SUM", "error",
             "表6 301 工资福利支出 3,076.82 万元 ≠ 其下各款（30101、30102、30103、30106、30107、30108、30109、30110 等13个）之和 "
             "3,077.82 万元，相差 1.00 万元；超出四舍五入可解释的 ±0.005 万元"),
    Scenario("T7-SUM", lambda u: claim(u, "T7", "22960", "exp_total", a(u, "T7", "22960", "exp_total") + W("1")),
             "T7-SUM", "error",
             "表7 22960 彩票公益金安排的支出·本年支出小计 13.50 万元 ≠ 其下各项（2296002）之和 12.50 万元，相差 1.00 万元；"
             "超出四舍五入可解释的 ±0.005 万元",
             (L("T7", "22960", "exp_total"), L("T7", "2296002", "exp_total"))),
    Scenario("T8-SUM", lambda u: (u.set_note("T8", None), u.set_amount("T8", "30101", "amount", W("1")),
                                  claim(u, "T8", "301", "amount", 0)),
             "T8-SUM", "error",
             "表8 301 工资福利支出 0.00 万元 ≠ 其下各款（30101、30102、30103、30106、30107、30108、30109、30110 等13个）之和 "
             "1.00 万元，相差 1.00 万元；超出四舍五入可解释的 ±0.005 万元"),
    Scenario("T9-SUM", lambda u: claim(with_soe(u), "T9", "2230101", "total", W("5.5")),
             "T9-SUM", "error",
             "表9 2230101 厂办大集体改革支出·本年支出合计 5.50 万元 ≠ 基本支出 + 项目支出 5.00 万元，相差 0.50 万元；"
             "超出四舍五入可解释的 ±0.005 万元",
             (L("T9", "2230101", "total"), L("T9", "2230101", "basic"), L("T9", "2230101", "project"))),
    Scenario("T10-SUM", lambda u: (claim(u, "T10", "amount", "final_vehicle", a(u, "T10", "amount", "final_vehicle") + W("0.5")),
                                   claim(u, "T10", "amount", "final_total", a(u, "T10", "amount", "final_total"))),
             "T10-SUM", "error",
             "表10 决算数·公务用车购置及运行费小计 7.34 万元 ≠ 决算数·公务用车购置费 + 决算数·公务用车运行费 6.84 万元，"
             "相差 0.50 万元；超出四舍五入可解释的 ±0.005 万元",
             (L("T10", "amount", "final_vehicle"), L("T10", "amount", "final_vehicle_purchase"),
              L("T10", "amount", "final_vehicle_operation"))),
    Scenario("T11-SUM", lambda u: claim(u, "T11", "total", "actual_total", a(u, "T11", "total", "actual_total") + W("1")),
             "T11-SUM", "error",
             "表11 实际采购金额合计 1,737.48 万元 ≠ 实际采购金额·货物 + 实际采购金额·工程 + 实际采购金额·服务 1,736.48 万元，"
             "相差 1.00 万元；超出四舍五入可解释的 ±0.005 万元",
             (L("T11", "total", "actual_total"), L("T11", "total", "actual_goods"), L("T11", "total", "actual_works"),
              L("T11", "total", "actual_services"))),
    Scenario("T12-SUM", lambda u: claim(u, "T12", T, "amount", a(u, "T12", T, "amount") + W("1")),
             "T12-SUM", "error",
             "表12 合计·决算金额 1,331.80 万元 ≠ 各项目之和 1,330.80 万元，相差 1.00 万元；超出四舍五入可解释的 ±0.005 万元",
             (L("T12", T, "amount"), L("T12", "p1", "amount"), L("T12", "p2", "amount"), L("T12", "p3", "amount"))),
    # ---- other in-table identities ----------------------------------------------------------------
    Scenario("T1-BALANCE", lambda u: u.set_amount("T1", "end_balance", "amount_exp", W("3")),
             "T1-BALANCE", "error", "表1 收入总计 8,145.27 万元 ≠ 支出总计 8,148.27 万元，相差 3.00 万元",
             (L("T1", "income_grand_total", "amount"), L("T1", "expense_grand_total", "amount_exp"))),
    Scenario("T4-BALANCE", lambda u: add(u, "T4", "end_balance", "gpb", W("3")),
             "T4-BALANCE", "error", "表4 收入总计 8,137.07 万元 ≠ 支出总计·合计 8,140.07 万元，相差 3.00 万元",
             (L("T4", "income_grand_total", "amount"), L("T4", "expense_grand_total", "total")),
             also=frozenset({"T4-FUND-BALANCE", "X-T1-T4-BALANCE"})),
    Scenario("T4-FUND-BALANCE", lambda u: (add(u, "T4", "begin_gpb", "amount", -W("1")), add(u, "T4", "begin_soe", "amount", W("1"))),
             "T4-FUND-BALANCE", "warning",
             "表4 国有资本经营预算财政拨款：本年收入 + 年初结转和结余 1.00 万元 ≠ 本年支出 + 年末结转和结余 0.00 万元，相差 1.00 万元；"
             "同一种资金的本年收入加年初结转和结余应等于本年支出加年末结转和结余，如有上缴或调剂请在说明中解释",
             (L("T4", "soe_income", "amount"), L("T4", "begin_soe", "amount"), L("T4", "expense_total", "soe"),
              L("T4", "end_balance", "soe"))),
    Scenario("T7-ROLL", _t7_roll, "T7-ROLL", "warning",
             "表7 2296003 用于体育事业的彩票公益金支出：年初结转和结余 + 本年收入 1.00 万元 ≠ 本年支出小计 + 年末结转和结余 0.00 万元，"
             "相差 1.00 万元；年末结转和结余应等于年初结转和结余加本年收入减本年支出，如有调入调出请在说明中解释",
             (L("T7", "2296003", "begin_balance"), L("T7", "2296003", "income"), L("T7", "2296003", "exp_total"),
              L("T7", "2296003", "end_balance"))),
    Scenario("T11-SME 小微 > 中小", lambda u: u.set_amount("T11", "total", "small_micro_contract", W("1520.19")),
             "T11-SME", "error",
             "表11 授予小微企业合同金额 1,520.19 万元 大于 授予中小企业合同金额 1,520.18 万元，多 0.01 万元；"
             "小微企业合同金额是中小企业合同金额的一部分",
             (L("T11", "total", "small_micro_contract"), L("T11", "total", "sme_contract"))),
    Scenario("T11-SME 中小 > 总额", lambda u: u.set_amount("T11", "total", "sme_contract", W("1800")),
             "T11-SME", "error",
             "表11 授予中小企业合同金额 1,800.00 万元 大于 实际采购金额合计 1,736.48 万元，多 63.52 万元；"
             "中小企业合同金额是政府采购支出总额的一部分",
             (L("T11", "total", "sme_contract"), L("T11", "total", "actual_total"))),
    # ---- across tables ---------------------------------------------------------------------------
    Scenario("X-T1-T2-INCOME", lambda u: claim(u, "T2", T, "total", a(u, "T2", T, "total") + W("1")),
             "X-T1-T2-INCOME", "error",
             "表1 本年收入合计 8,125.27 万元 ≠ 表2 合计·本年收入合计 8,126.27 万元，相差 1.00 万元；超出四舍五入可解释的 ±0.005 万元",
             (L("T1", "income_total", "amount"), L("T2", T, "total")), also=frozenset({"T2-SUM"})),
    Scenario("X-T1-T2-FISCAL", lambda u: add(u, "T2", "2010301", "fiscal", W("1")),
             "X-T1-T2-FISCAL", "error",
             "表1 一、一般公共预算财政拨款收入 + 二、政府性基金预算财政拨款收入 + 三、国有资本经营预算财政拨款收入 8,117.07 万元 ≠ "
             "表2 合计·财政拨款收入 8,118.07 万元，相差 1.00 万元",
             (L("T1", "gpb_income", "amount"), L("T1", "gov_fund_income", "amount"), L("T1", "soe_income", "amount"),
              L("T2", T, "fiscal")), also=frozenset({"X-T1-T2-INCOME", "X-T2-T4-FISCAL"})),
    Scenario("X-T2-T4-FISCAL", lambda u: add(u, "T2", "2010301", "fiscal", W("1")),
             "X-T2-T4-FISCAL", "error", "表2 合计·财政拨款收入 8,118.07 万元 ≠ 表4 本年收入合计 8,117.07 万元，相差 1.00 万元",
             (L("T2", T, "fiscal"), L("T4", "income_total", "amount")),
             also=frozenset({"X-T1-T2-INCOME", "X-T1-T2-FISCAL"})),
    Scenario("X-T1-T2-ITEMS", lambda u: (add(u, "T1", "business_income", "amount", W("1")), add(u, "T1", "other_income", "amount", -W("1"))),
             "X-T1-T2-ITEMS", "error", "表1 八、其他收入 7.20 万元 ≠ 表2 合计·其他收入 8.20 万元，相差 1.00 万元",
             (L("T1", "other_income", "amount"), L("T2", T, "other"))),
    Scenario("X-T1-T4-INCOME", lambda u: (add(u, "T1", "gpb_income", "amount", -W("1")), add(u, "T1", "gov_fund_income", "amount", W("1"))),
             "X-T1-T4-INCOME", "error",
             "表1 二、政府性基金预算财政拨款收入 13.50 万元 ≠ 表4 本年收入·二、政府性基金预算财政拨款 12.50 万元，相差 1.00 万元",
             (L("T1", "gov_fund_income", "amount"), L("T4", "gov_fund_income", "amount"))),
    Scenario("X-T1-T3-EXPENSE", lambda u: claim(u, "T3", T, "total", a(u, "T3", T, "total") + W("1")),
             "X-T1-T3-EXPENSE", "error",
             "表1 本年支出合计 8,145.27 万元 ≠ 表3 合计·本年支出合计 8,146.27 万元，相差 1.00 万元；超出四舍五入可解释的 ±0.005 万元",
             (L("T1", "expense_total", "amount_exp"), L("T3", T, "total")), also=frozenset({"T3-SUM"})),
    Scenario("X-T1-T3-CLASS", lambda u: (add(u, "T1", "201", "amount_exp", W("1")), add(u, "T1", "212", "amount_exp", -W("1"))),
             "X-T1-T3-CLASS", "error",
             "表1 一、一般公共服务支出 3,461.19 万元 ≠ 表3 201 一般公共服务支出·本年支出合计 3,460.19 万元，相差 1.00 万元",
             (L("T1", "201", "amount_exp"), L("T3", "201", "total"))),
    Scenario("X-T1-T3-CLASS, a 类 表1 has no row for", lambda u: (u.set_rows("T3", {**u.extra_rows["T3"], "227": ""}),
                                                                  u.set_amount("T3", "227", "basic", W("1"))),
             "X-T1-T3-CLASS", "error",
             "表1 227 预备费（表中无此行） 0.00 万元 ≠ 表3 227 预备费·本年支出合计 1.00 万元，相差 1.00 万元",
             (L("T3", "227", "total"),), also=frozenset({"X-T1-T3-EXPENSE", "CODE-DEPTH"})),
    Scenario("X-T4-T5-GPB", lambda u: claim(u, "T5", T, "total", a(u, "T5", T, "total") + W("1")),
             "X-T4-T5-GPB", "error",
             "表4 本年支出合计·一般公共预算财政拨款 8,124.57 万元 ≠ 表5 合计·本年支出合计 8,125.57 万元，相差 1.00 万元；"
             "超出四舍五入可解释的 ±0.005 万元",
             (L("T4", "expense_total", "gpb"), L("T5", T, "total")), also=frozenset({"T5-SUM"})),
    Scenario("X-T4-T5-CLASS", lambda u: (add(u, "T4", "212", "gpb", W("1")), add(u, "T4", "208", "gpb", -W("1"))),
             "X-T4-T5-CLASS", "error",
             "表4 十一、城乡社区支出·一般公共预算财政拨款 2,378.52 万元 ≠ 表5 212 城乡社区支出·本年支出合计 2,377.52 万元，"
             "相差 1.00 万元",
             (L("T4", "212", "gpb"), L("T5", "212", "total"))),
    Scenario("X-T4-T7-GOV-FUND", lambda u: claim(u, "T7", T, "end_balance", W("1")),
             "X-T4-T7-GOV-FUND", "error",
             "表4 年末财政拨款结转和结余·政府性基金预算财政拨款 0.00 万元 ≠ 表7 合计·年末结转和结余 1.00 万元，相差 1.00 万元；"
             "超出四舍五入可解释的 ±0.005 万元",
             (L("T4", "end_balance", "gov_fund"), L("T7", T, "end_balance")), also=frozenset({"T7-SUM"})),
    Scenario("X-T4-T7-CLASS, a 类 表7 lacks", lambda u: (add(u, "T4", "229", "gov_fund", -W("1")), add(u, "T4", "212", "gov_fund", W("1"))),
             "X-T4-T7-CLASS", "error",
             "表4 十一、城乡社区支出·政府性基金预算财政拨款 1.00 万元 ≠ 表7 212 城乡社区支出·本年支出小计（表中无此行） 0.00 万元，"
             "相差 1.00 万元",
             (L("T4", "212", "gov_fund"),)),
    Scenario("X-T4-T7-CLASS", lambda u: (add(u, "T4", "229", "gov_fund", -W("1")), add(u, "T4", "212", "gov_fund", W("1"))),
             "X-T4-T7-CLASS", "error",
             "表4 二十三、其他支出·政府性基金预算财政拨款 11.50 万元 ≠ 表7 229 其他支出·本年支出小计 12.50 万元，相差 1.00 万元",
             (L("T4", "229", "gov_fund"), L("T7", "229", "exp_total"))),
    Scenario("X-T4-T9-SOE", lambda u: claim(with_soe(u), "T9", T, "total", W("6")),
             "X-T4-T9-SOE", "error",
             "表4 本年支出合计·国有资本经营预算财政拨款 5.00 万元 ≠ 表9 合计·本年支出合计 6.00 万元，相差 1.00 万元；"
             "超出四舍五入可解释的 ±0.005 万元",
             (L("T4", "expense_total", "soe"), L("T9", T, "total")), also=frozenset({"T9-SUM"})),
    Scenario("X-T4-T9-CLASS", lambda u: (with_soe(u), add(u, "T4", "223", "soe", -W("1")), add(u, "T4", "212", "soe", W("1"))),
             "X-T4-T9-CLASS", "error",
             "表4 二十一、国有资本经营预算支出·国有资本经营预算财政拨款 4.00 万元 ≠ 表9 223 国有资本经营预算支出·本年支出合计 "
             "5.00 万元，相差 1.00 万元",
             (L("T4", "223", "soe"), L("T9", "223", "total"))),
    Scenario("X-T5-T6-BASIC", lambda u: add(u, "T6", "30101", "amount", -W("0.02")),
             "X-T5-T6-BASIC", "error",
             "表5 合计·基本支出 3,820.20 万元 ≠ 表6 人员经费合计 + 公用经费合计 3,820.18 万元，相差 0.02 万元",
             (L("T5", T, "basic"), L("T6", "personnel_total", "amount"), L("T6", "public_total", "amount"))),
    Scenario("X-T5-T6-BASIC, one 分 (entered data is exact)", lambda u: add(u, "T6", "30101", "amount", -1),
             "X-T5-T6-BASIC", "error",
             "表5 合计·基本支出 38,202,000.00 元 ≠ 表6 人员经费合计 + 公用经费合计 38,201,999.99 元，相差 0.01 元",
             (L("T5", T, "basic"), L("T6", "personnel_total", "amount"), L("T6", "public_total", "amount"))),
    Scenario("X-T7-T8-BASIC", lambda u: (u.set_note("T8", None), u.set_amount("T8", "30101", "amount", W("1"))),
             "X-T7-T8-BASIC", "error",
             "表7 合计·基本支出 0.00 万元 ≠ 表8 人员经费合计 + 公用经费合计 1.00 万元，相差 1.00 万元",
             (L("T7", T, "basic"), L("T8", "personnel_total", "amount"), L("T8", "public_total", "amount"))),
    Scenario("X-T3-FUNDS", lambda u: (add(u, "T3", "2010301", "basic", -W("1")), add(u, "T3", "2010301", "project", W("1"))),
             "X-T3-FUNDS", "warning",
             "表3 2010301 行政运行·基本支出 2,314.42 万元 小于 表5 2010301 行政运行·基本支出 2,315.42 万元，少 1.00 万元；"
             "表3 含全部资金来源，同一科目的支出不应少于各财政拨款支出之和",
             (L("T3", "2010301", "basic"), L("T5", "2010301", "basic"))),
    Scenario("X-T1-T4-CLASS", lambda u: (add(u, "T1", "201", "amount_exp", -W("1")), add(u, "T1", "212", "amount_exp", W("1"))),
             "X-T1-T4-CLASS", "warning",
             "表1 一、一般公共服务支出 3,459.19 万元 小于 表4 一、一般公共服务支出·合计 3,460.19 万元，少 1.00 万元；"
             "表1 含全部资金来源，不应少于表4 的财政拨款部分",
             (L("T1", "201", "amount_exp"), L("T4", "201", "total")), also=frozenset({"X-T1-T3-CLASS"})),
    Scenario("X-T1-T4-BALANCE", lambda u: (add(u, "T4", "begin_gpb", "amount", W("1")), add(u, "T4", "end_balance", "gpb", W("1"))),
             "X-T1-T4-BALANCE", "warning",
             "表1 年初结转和结余 20.00 万元 小于 表4 年初财政拨款结转和结余 21.00 万元，少 1.00 万元；"
             "表1 含全部资金来源，不应少于表4 的财政拨款部分",
             (L("T1", "begin_balance", "amount"), L("T4", "begin_balance", "amount"))),
    Scenario("X-T10-T6", lambda u: u.set_amount("T10", "amount", "final_reception", W("0.5")),
             "X-T10-T6", "warning",
             "表10 决算数·公务接待费 0.50 万元 小于 表6 30217 公务接待费 0.85 万元，少 0.35 万元；"
             "“三公”经费含基本支出和项目支出，不应少于基本支出中的对应科目",
             (L("T10", "amount", "final_reception"), L("T6", "30217", "amount"), L("T8", "30217", "amount"))),
    Scenario("X-X2-T6-OFFICE", lambda u: add(u, "X2", "office_running", "value", W("1")),
             "X-X2-T6-OFFICE", "warning",
             "其他重要事项（补充） 机关运行经费 688.54 万元 大于 表6 公用经费合计 687.54 万元，多 1.00 万元；"
             "机关运行经费是一般公共预算财政拨款基本支出中的公用经费，不应超过表6 公用经费合计",
             (L("X2", "office_running", "value"), L("T6", "public_total", "amount"))),
    Scenario("X-CODES-IN-T3", lambda u: u.add_row("T5", "2010302"),
             "X-CODES-IN-T3", "warning", "表5 中的科目 2010302 一般行政管理事务 在表3 支出决算表中没有对应的行",
             (L("T5", "2010302"),)),
    Scenario("X-CODES-IN-T3, a whole 类", lambda u: u.add_row("T5", "2130101"),
             "X-CODES-IN-T3", "warning", "表5 中的科目 213 农林水支出（及其下 2 个科目） 在表3 支出决算表中没有对应的行",
             (L("T5", "213"), L("T5", "21301"), L("T5", "2130101"))),
    Scenario("X-T2-FISCAL", lambda u: (add(u, "T2", "2101101", "fiscal", -W("176.52")), add(u, "T2", "2210201", "fiscal", W("176.52"))),
             "X-T2-FISCAL", "info",
             "表5 2101101 行政单位医疗·本年支出合计 176.52 万元，但表2 收入决算表该科目的财政拨款收入为 0；"
             "如这笔支出全部来自年初结转，可不处理",
             (L("T5", "2101101", "total"), L("T2", "2101101", "fiscal"))),
    # ---- empty tables and notes ------------------------------------------------------------------
    Scenario("X-T4-T7-EMPTY", lambda u: u.set_amount("T8", "30101", "amount", W("1")),
             "X-T4-T7-EMPTY", "error",
             "表4 的政府性基金预算财政拨款各栏均为 0（本单位没有这项资金），但表8 政府性基金预算财政拨款基本支出决算表有数据"
             "（30101 基本工资 1.00 万元）；没有这项资金时表8 应为空表并注明“不涉及/无数据”",
             (L("T8", "30101", "amount"), L("T4", "expense_total", "gov_fund")),
             also=frozenset({"X-T7-T8-BASIC", "EMPTY-NOTE-WITH-DATA"}), base=lambda: without_gov_fund(build_demo())),
    Scenario("X-T4-T9-EMPTY", lambda u: (u.add_row("T9", "2230101"), u.set_amount("T9", "2230101", "project", W("5"))),
             "X-T4-T9-EMPTY", "error",
             "表4 的国有资本经营预算财政拨款各栏均为 0（本单位没有这项资金），但表9 国有资本经营预算财政拨款支出决算表有数据"
             "（2230101 厂办大集体改革支出·项目支出 5.00 万元）；"
             "没有这项资金时表9 应为空表并注明“不涉及/无数据”",
             also=frozenset({"X-T4-T9-SOE", "X-T4-T9-CLASS", "X-CODES-IN-T3", "EMPTY-NOTE-WITH-DATA", "X-T2-FISCAL"})),
    Scenario("EMPTY-NOTE", _no_projects, "EMPTY-NOTE", "error",
             "表12 政府购买服务决算公开情况表没有任何数据；请填写数据，或注明“本单位不涉及，故本表无数据”", (L("T12"),)),
    Scenario("EMPTY-NOTE, a note that does not say why", lambda u: (_no_projects(u), u.set_note("T12", "见附件")),
             "EMPTY-NOTE", "error",
             "表12 政府购买服务决算公开情况表没有任何数据，表下说明“见附件”没有写明不涉及或无数据；"
             "请填写数据，或注明“本单位不涉及，故本表无数据”", (L("T12"),)),
    Scenario("EMPTY-NOTE-WITH-DATA", lambda u: u.set_note("T10", "本单位不涉及“三公”经费，故本表无数据。"),
             "EMPTY-NOTE-WITH-DATA", "warning",
             "表10 财政拨款“三公”经费支出决算表的表下说明是“本单位不涉及“三公”经费，故本表无数据。”，但表中有数据"
             "（预算数·公务用车运行费 8.00 万元，预算数·公务接待费 1.50 万元，决算数·公务用车运行费 6.84 万元 等 4 格）"),
    # ---- codes -----------------------------------------------------------------------------------
    Scenario("CODE-LEVEL, a 项 without its 款", lambda u: u.set_rows("T2", {**u.extra_rows["T2"], "2050101": ""}),
             "CODE-LEVEL", "error",
             "表2 2050101 行政运行 是“项”级科目，但表中没有它所属的“款” 20501 教育管理事务，这一行的金额没有计入合计",
             (L("T2", "2050101"),)),
    Scenario("CODE-LEVEL, a malformed code", lambda u: u.set_rows("T2", {**u.extra_rows["T2"], "20501X": ""}),
             "CODE-LEVEL", "error", "表2 的科目编码“20501X”不是有效的功能分类编码（应为 3、5 或 7 位数字）",
             (L("T2", "20501X"),)),
    Scenario("CODE-DEPTH", lambda u: (u.set_rows("T2", {**u.extra_rows["T2"], "213": ""}), u.set_amount("T2", "213", "other", W("1")),
                                      add(u, "T2", "2120501", "other", -W("1"))),
             "CODE-DEPTH", "warning", "表2 213 农林水支出 是“类”级科目，下面没有“项”级科目；金额应填在所属的“项”上",
             (L("T2", "213"),)),
    Scenario("CODE-UNKNOWN", lambda u: u.add_row("T2", "2010398"),
             "CODE-UNKNOWN", "warning", "表2 的科目 2010398 不在2024年支出功能分类科目中（已保留该行，请核对编码）",
             (L("T2", "2010398"),)),
    Scenario("CODE-FUND", lambda u: (u.add_row("T5", "2120801"), u.add_row("T3", "2120801")),
             "CODE-FUND", "warning",
             "表5 2120801 征地和拆迁补偿支出 是政府性基金预算支出科目，不应列在一般公共预算财政拨款支出决算表中",
             (L("T5", "2120801"),)),
    # ---- amounts -----------------------------------------------------------------------------------
    Scenario("NEGATIVE", lambda u: (u.set_amount("T2", "2010301", "other", -W("1")), add(u, "T2", "2120501", "other", W("1"))),
             "NEGATIVE", "error", "表2 2010301 行政运行·其他收入 为负数 -1.00 万元，此处不应为负", (L("T2", "2010301", "other"),)),
    Scenario("NEGATIVE, a count", lambda u: u.set_amount("X2", "vehicles_held", "value", -2),
             "NEGATIVE", "error", "其他重要事项（补充） 公务用车保有量 为负数 -2辆，此处不应为负", (L("X2", "vehicles_held", "value"),)),
    # ---- a workbook of another unit (recorded by the import) ------------------------------------------
    Scenario("IMPORT-UNIT-NAME", lambda u: u.set_text("X3", "workbook_unit", "value", "北京市另一区某某局"),
             "IMPORT-UNIT-NAME", "warning",
             "导入的工作簿写的单位是“北京市另一区某某局”，本单位文件是“北京市示例区示范街道办事处”；"
             "请确认没有拿错文件（导入本单位的工作簿或改正单位名称后，此项消失）",
             (L("X3", "workbook_unit", "value"),)),
    # ---- 2023: the thirteenth table (一般公共预算财政拨款收入支出决算表, T4A, printed as 表5) ----------------
    Scenario("T4A-SUM", lambda u: claim(u, "T4A", "2010301", "exp_total", a(u, "T4A", "2010301", "exp_total") + W("0.5")),
             "T4A-SUM", "error",
             "表5 2010301 行政运行·本年支出小计 2,315.92 万元 ≠ 基本支出 + 项目支出 2,315.42 万元，相差 0.50 万元；"
             "超出四舍五入可解释的 ±0.005 万元",
             (L("T4A", "2010301", "exp_total"), L("T4A", "2010301", "basic"), L("T4A", "2010301", "project")),
             also=frozenset({"T4A-ROLL"}), base=_demo_2023),
    Scenario("X-T4-T4A-GPB", lambda u: (add(u, "T4A", "2010350", "begin_balance", W("1")),
                                        add(u, "T4A", "2010350", "end_balance", W("1"))),
             "X-T4-T4A-GPB", "error",
             "表4 年初财政拨款结转和结余·一、一般公共预算财政拨款 20.00 万元 ≠ 表5 合计·年初结转和结余 21.00 万元，相差 1.00 万元",
             (L("T4", "begin_gpb", "amount"), L("T4A", T, "begin_balance")), base=_demo_2023),
    Scenario("X-T4-T4A-CLASS", lambda u: (add(u, "T4A", "2010301", "project", W("1")), add(u, "T4A", "2010301", "income", W("1")),
                                          add(u, "T4A", "2080208", "project", -W("1")), add(u, "T4A", "2080208", "income", -W("1"))),
             "X-T4-T4A-CLASS", "error",
             "表4 一、一般公共服务支出·一般公共预算财政拨款 3,460.19 万元 ≠ 表5 201 一般公共服务支出·本年支出小计 3,461.19 万元，"
             "相差 1.00 万元",
             (L("T4", "201", "gpb"), L("T4A", "201", "exp_total")), also=frozenset({"X-T4A-T5-CODE"}), base=_demo_2023),
    Scenario("X-T4A-T5-CODE", lambda u: (add(u, "T4A", "2010301", "basic", W("1")), add(u, "T4A", "2010301", "income", W("1")),
                                         add(u, "T4A", "2010350", "basic", -W("1")), add(u, "T4A", "2010350", "income", -W("1"))),
             "X-T4A-T5-CODE", "error",
             "表5 2010350 事业运行·基本支出 485.37 万元 ≠ 表6 2010350 事业运行·基本支出 486.37 万元，相差 1.00 万元",
             (L("T4A", "2010350", "basic"), L("T5", "2010350", "basic")), base=_demo_2023),
    Scenario("X-T4A-T5-TOTAL", lambda u: claim(u, "T4A", T, "project", a(u, "T4A", T, "project") + W("1")),
             "X-T4A-T5-TOTAL", "error",
             "表5 合计·项目支出 4,305.37 万元 ≠ 表6 合计·项目支出 4,304.37 万元，相差 1.00 万元；超出四舍五入可解释的 ±0.005 万元",
             (L("T4A", T, "project"), L("T5", T, "project")), also=frozenset({"T4A-SUM", "X-T4-T4A-GPB"}), base=_demo_2023),
    Scenario("T4A-ROLL", lambda u: (add(u, "T4A", "2010301", "begin_balance", -W("1")),
                                    add(u, "T4A", "2010350", "begin_balance", W("1"))),
             "T4A-ROLL", "warning",
             "表5 2010350 事业运行：年初结转和结余 + 本年收入 487.37 万元 ≠ 本年支出小计 + 年末结转和结余 486.37 万元，相差 1.00 万元；"
             "年末结转和结余应等于年初结转和结余加本年收入减本年支出，如有调入调出请在说明中解释",
             (L("T4A", "2010350", "begin_balance"), L("T4A", "2010350", "income"), L("T4A", "2010350", "exp_total"),
              L("T4A", "2010350", "end_balance")), base=_demo_2023),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_each_rule_reports_the_relation_it_checks(scenario: Scenario):
    unit = scenario.unit()
    found = engine_findings(unit)
    assert {f.rule for f in found} == {scenario.rule} | scenario.also, [f"{f.rule}: {f.message}" for f in found]
    messages = [f.message for f in found if f.rule == scenario.rule]
    assert scenario.message in messages
    finding = next(f for f in found if f.rule == scenario.rule and f.message == scenario.message)
    assert finding.severity == scenario.severity
    if scenario.locations is not None:
        assert finding.locations == scenario.locations
    else:
        assert finding.locations and all(loc.table for loc in finding.cells)


def test_every_engine_rule_has_a_scenario():
    engine_rules = {r.id for r in all_rules() if r.module.startswith("domain.checks.")}
    assert engine_rules == {s.rule for s in SCENARIOS}


def test_the_bases_check_clean():
    for unit in (build_demo(), with_soe(build_demo()), without_gov_fund(build_demo())):
        assert engine_findings(unit) == []


def test_a_note_saying_why_makes_an_empty_table_fine():
    unit = build_demo()
    _no_projects(unit)
    unit.set_note("T12", "本单位本年度未开展政府购买服务，故本表无数据。")
    unit.refresh_derived()
    assert engine_findings(unit) == []


def test_a_table_with_only_extra_inputs_is_empty_in_the_disclosure():
    """年初预算 is not printed: a 表9 row with only 年初预算 leaves 表9 empty (only its code is reported)."""
    unit = build_demo()
    unit.add_row("T9", "2230101")
    unit.set_amount("T9", "2230101", "initial_budget", W("5"))
    assert {f.rule for f in engine_findings(unit)} == {"X-CODES-IN-T3"}


def test_severity_of_a_rule_is_its_default_beyond_rounding():
    for s in SCENARIOS:
        assert s.severity == RULES[s.rule].severity, s.name
