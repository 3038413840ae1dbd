"""The phrase families of the Beijing 部门决算说明, as data: the words a figure follows → the quantity
it states, where that quantity lives in the tables, and the identities between quantities.

A *family* is one quantity with all its written variants (“本年收入合计”, “收入合计”, “收入决算”…).
It applies only in the sections (`scope`) where the words mean that quantity: “基本支出” in （二）支出
决算说明 is 表3's 基本支出, in 七、财政拨款基本支出 the words are “使用一般公共预算财政拨款安排基本支出”
(表6). A figure's role (amount, 年初预算, 占…%, 比上年增加…) is read separately (statements.py), so one
family serves “基本支出11205.61万元”, “占支出合计的26.21%” and “比上年增加X万元”.

Quantity keys are short strings: "income_total", "3p.total", "gpb" (一般公共预算财政拨款支出 total),
"gpb:2010301" (a 功能分类 row of that fund), "services.group:公共服务" … `QUANTITIES` says which table
cells each key reads; fund rows and 政府购买服务 groups are resolved in table_rules.py.

The tables follow tables.md §4.3 (narrative ↔ tables). Families of the 绩效评价 part (预算执行情况) have
no table: they take part in internal checks only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .sections import (ASSETS, BASIC, EXPENSE, FISCAL, GOV_FUND, GPB, INCOME, NONE, OFFICE, OVERVIEW,
                       PERFORMANCE, PROCUREMENT, SERVICES, SOE, THREE_PUBLIC, CHECKED_PARTS)

# roles a quantity can be stated in (which column of its table row it reads)
AMOUNT, BUDGET, PRIOR = "amount", "budget", "prior"

Cell = tuple[str, str, str]
Source = tuple[Cell, ...]          # cells summed (one cell: a 1-tuple)


@dataclass(frozen=True)
class Family:
    key: str | None                # quantity key of an amount stated under this topic (None: not keyed)
    name: str                      # the name messages use
    pattern: str                   # the written variants, a regex alternation (no named groups)
    scope: frozenset[str]          # section kinds where the words mean this quantity
    counts: tuple[tuple[frozenset[str], str], ...] = ()   # (counter words, key) of counts under this topic
    exclude: str = ""              # a clause matching this states something else (“新购置车辆”)
    parts: frozenset[str] = CHECKED_PARTS


def F(key, name, pattern, scope, counts=(), exclude="", parts=CHECKED_PARTS) -> Family:
    return Family(key, name, pattern, frozenset(scope),
                  tuple((frozenset(c.split("|")), k) for c, k in counts), exclude, frozenset(parts))


# where the overall figures may be stated (NONE: a text without recognised section headings)
TOTALS = {OVERVIEW, INCOME, EXPENSE, FISCAL, NONE}
INCOME_SIDE = {OVERVIEW, INCOME, FISCAL, NONE}
EXPENSE_SIDE = {OVERVIEW, EXPENSE, NONE}
FUND_TOTALS = {OVERVIEW, EXPENSE, FISCAL, NONE}
_NUM_AHEAD = r"(?=\s*(?:[-－−0-9０-９]|$))"   # the words stand right before the figure (a clause ends there)

# Order matters only between variants that start at the same character: put the longer first.
FAMILIES: tuple[Family, ...] = (
    # 二、收入支出决算总体情况 / 三、财政拨款收入支出决算总体情况
    F("fiscal_grand_total", "财政拨款收、支总计", r"财政拨款收[、，,]?\s*支总计|财政拨款收入支出总计", TOTALS),
    F("grand_total", "收、支总计", r"收[、，,]?\s*支总计|收入支出总计|收入总计|支出总计", TOTALS),
    F("gpb_income", "一般公共预算财政拨款收入", r"一般公共预算财政拨款收入|一般公共预算财政拨款" + _NUM_AHEAD, INCOME_SIDE),
    F("gov_fund_income", "政府性基金预算财政拨款收入", r"政府性基金预算财政拨款收入|政府性基金预算财政拨款" + _NUM_AHEAD,
      INCOME_SIDE),
    F("soe_income", "国有资本经营预算财政拨款收入", r"国有资本经营预算财政拨款收入(?:总计|合计)?", INCOME_SIDE | {SOE}),
    F("fiscal_income", "财政拨款收入", r"财政拨款收入(?:合计)?|财政拨款" + _NUM_AHEAD, INCOME_SIDE),
    F("fiscal_expense", "财政拨款支出", r"财政拨款支出(?:合计)?", {FISCAL}),
    F("income_total", "本年收入合计", r"本年收入合计|收入合计|本年收入|收入决算|收入总额|总收入|收入(?=比|较|同比)", INCOME_SIDE),
    F("superior_grant", "上级补助收入", r"上级补助收入", INCOME_SIDE),
    F("business_income", "事业收入", r"事业收入", INCOME_SIDE),
    F("operating_income", "经营收入", r"经营收入", INCOME_SIDE),
    F("subsidiary_income", "附属单位上缴收入", r"附属单位上缴收入", INCOME_SIDE),
    F("other_income", "其他收入", r"其他收入", INCOME_SIDE),
    F("non_fiscal_balance_used", "使用非财政拨款结余", r"使用非财政拨款结余(?:（含专用结余）)?", INCOME_SIDE),
    F("begin_balance", "年初结转和结余", r"年初结转和结余", INCOME_SIDE),
    F("end_balance", "年末结转和结余", r"年末结转和结余", EXPENSE_SIDE),
    F("gpb", "一般公共预算财政拨款支出", r"一般公共预算财政拨款支出(?:合计|总计)?", FUND_TOTALS | {GPB}),
    F("gov_fund", "政府性基金预算财政拨款支出", r"政府性基金预算财政拨款支出(?:合计|总计)?", FUND_TOTALS | {GOV_FUND}),
    F("soe", "国有资本经营预算财政拨款支出", r"国有资本经营预算财政拨款支出(?:合计|总计)?", FUND_TOTALS | {SOE}),
    F("expense_total", "本年支出合计", r"本年支出合计|支出合计|本年支出|支出决算|支出总额|总支出|支出(?=比|较|同比)", EXPENSE_SIDE),
    F("basic", "基本支出", r"基本支出", EXPENSE_SIDE),
    F("project", "项目支出", r"项目支出", EXPENSE_SIDE),
    F("remit_superior", "上缴上级支出", r"上缴上级支出", EXPENSE_SIDE),
    F("operating_expense", "经营支出", r"经营支出", EXPENSE_SIDE),
    F("subsidiary_grant", "对附属单位补助支出", r"对附属单位补助支出", EXPENSE_SIDE),
    # 七、财政拨款基本支出决算情况
    F("basic.gpb", "使用一般公共预算财政拨款安排的基本支出", r"(?:使用)?一般公共预算财政拨款安排(?:的)?基本支出", {BASIC}),
    F("basic.gov_fund", "使用政府性基金财政拨款安排的基本支出", r"(?:使用)?政府性基金(?:预算)?财政拨款安排(?:的)?基本支出", {BASIC}),
    F("personnel", "人员经费", r"人员经费", {BASIC}),
    F("public", "公用经费", r"(?<!日常)公用经费", {BASIC}),
    # 第三部分 一、“三公”经费
    F("3p.vehicle", "公务用车购置及运行维护费", r"公务用车购置及运行(?:维护)?费(?:用)?", {THREE_PUBLIC}),
    F("3p.vehicle_purchase", "公务用车购置费", r"公务用车购置费", {THREE_PUBLIC}),
    F("3p.vehicle_operation", "公务用车运行维护费", r"公务用车运行(?:维护)?费", {THREE_PUBLIC}),
    F("3p.abroad", "因公出国（境）费用", r"因公出国[（(]境[）)]费(?:用)?|因公出国费(?:用)?", {THREE_PUBLIC}),
    F("3p.reception", "公务接待费", r"(?:国内)?公务接待费(?:用)?", {THREE_PUBLIC}),
    F("3p.total", "“三公”经费", r"[“\"]?三公[”\"]?经费(?:财政拨款)?", {THREE_PUBLIC}),
    F(None, "因公出国（境）团组", r"(?:因公出国[（(]境[）)])?团组",
      {THREE_PUBLIC}, counts=(("个|批|批次", "3p.abroad_groups"), ("人次|人", "3p.abroad_persons"))),
    F(None, "国内公务接待", r"(?:国内)?公务接待",
      {THREE_PUBLIC}, counts=(("批次|批|次", "3p.reception_batches"), ("人次|人", "3p.reception_persons"))),
    F(None, "公务用车保有量", r"(?:公务用车)?保有量", {THREE_PUBLIC}, counts=(("辆|台", "3p.vehicles_held"),)),
    # 二、机关运行经费
    F("office_running", "机关运行经费", r"机关运行经费|日常公用经费", {OFFICE}),
    # 三、政府采购
    F("proc.goods", "政府采购货物支出", r"(?:政府采购)?货物(?:类)?(?:采购)?支出", {PROCUREMENT}),
    F("proc.works", "政府采购工程支出", r"(?:政府采购)?工程(?:类)?(?:采购)?支出", {PROCUREMENT}),
    F("proc.services", "政府采购服务支出", r"(?:政府采购)?服务(?:类)?(?:采购)?支出", {PROCUREMENT}),
    # the share of purchases reserved for small firms (预留份额) is not what they were awarded (合同金额)
    F("proc.small_micro_reserved", "面向小微企业预留的采购份额",
      r"(?:面向|为|给)?小微企业(?:的)?预留(?:的)?(?:采购)?(?:份额)?(?:金额)?|预留(?:给)?小微企业(?:的)?(?:采购)?(?:份额)?(?:金额)?"
      r"|小微企业(?:的)?(?:采购)?份额", {PROCUREMENT}),
    F("proc.sme_reserved", "面向中小企业预留的采购份额",
      r"(?:面向|为|给)?中小企业(?:的)?预留(?:的)?(?:采购)?(?:份额)?(?:金额)?|预留(?:给)?中小企业(?:的)?(?:采购)?(?:份额)?(?:金额)?"
      r"|中小企业(?:的)?(?:采购)?份额", {PROCUREMENT}),
    F("proc.small_micro", "授予小微企业合同金额", r"(?:授予)?小微企业(?:的)?(?:合同)?(?:金额)?", {PROCUREMENT}),
    F("proc.sme", "授予中小企业合同金额", r"(?:授予)?中小企业(?:的)?(?:合同)?(?:金额)?", {PROCUREMENT}),
    F("proc.total", "政府采购支出总额", r"政府采购(?:支出)?(?:决算)?(?:总额|总计|合计|金额)?", {PROCUREMENT}),
    # 四、国有资产占用
    F("assets.fixed", "固定资产总额", r"固定资产(?:总额|总值|原值)?", {ASSETS}, exclude=r"新增|新购|处置|折旧"),
    F("assets.vehicles_amount", "车辆", r"车辆|汽车|机动车", {ASSETS}, counts=(("辆|台", "assets.vehicles"),),
      exclude=r"新购置|新增|购置|处置|报废"),
    F("assets.equipment_amount", "单价100万元以上的设备", r"设备", {ASSETS}, counts=(("台|套|件", "assets.equipment"),),
      exclude=r"新购置|新增|购置|处置|报废"),
    # 五、政府购买服务
    F(None, "政府购买服务项目", r"涉及(?:政府购买服务)?项目|(?:政府购买服务)?项目(?:共|总数)", {SERVICES},
      counts=(("个|项", "services.count"),)),
    F("services.total", "政府购买服务", r"政府购买服务(?:决算|支出)?(?:数|金额|总额)?", {SERVICES}),
    # 绩效评价: 当年预算执行情况 (no table: internal checks only)
    F("perf.budget", "全年预算数", r"全年预算数|部门预算数", {NONE}, parts={PERFORMANCE}),
    F("perf.spent", "资金总体支出", r"资金总体支出", {NONE}, parts={PERFORMANCE}),
)

# 机构设置: a count followed by what it counts (“共设置14个内设机构和7个事业单位”). The noun stands
# after the figure, so these are read from the words right after a count of 个/家, and only in a
# 机构设置 section (elsewhere “15个街道的事业单位” counts other bodies). No table holds them: a count
# stated twice (the 说明 and the 绩效 part both describe the unit) is checked against itself.
ORG_COUNTS = re.compile(r"(?P<civil>参照公务员法管理(?:的)?事业单位|参公(?:管理)?事业单位)"
                        r"|(?P<admin>行政单位)|(?P<institutions>(?:所属|下属|直属)?事业单位)"
                        r"|(?P<internal>(?:内设|职能)?机构)|(?P<sections>(?:内设|职能)?科室)|(?P<offices>办公室)")
ORG_COUNT_UNITS = frozenset({"个", "家"})
ORG_NAMES = {"civil": "参照公务员法管理事业单位数", "admin": "行政单位数", "institutions": "事业单位数",
             "internal": "内设机构数", "sections": "科室数", "offices": "办公室数"}

# A 政府购买服务 group by 指导性目录 一级目录: “公共服务项目2个，决算金额1306.50万元”.
SERVICE_GROUP = re.compile(r"(?P<group>[\u4e00-\u9fff]{2,20}?)项目$")
SERVICE_GROUP_EXCLUDE = re.compile(r"^(?:涉及|共|总|合计)|政府购买服务")

# A rate a family states when its amounts are not in its own sentence: (words, numerator key,
# denominator key, kind). "ratio": numerator ÷ denominator; "difference": (numerator − denominator)
# ÷ denominator (预决算差异率 = (决算数 − 预算数) ÷ 预算数).
RATIO_FAMILIES: tuple[tuple[re.Pattern, str, str, str], ...] = (
    (re.compile(r"差异率"), "perf.spent", "perf.budget", "difference"),
    (re.compile(r"执行率"), "perf.spent", "perf.budget", "ratio"),
)

# The denominator of “占…的X%”: written name → quantity keys, any of which may be meant.
# "@fund" is the total of the fund section the figure stands in (一般公共预算 / 政府性基金 / 国有资本经营).
DENOMINATORS: tuple[tuple[re.Pattern, tuple[str, ...]], ...] = tuple((re.compile(p), keys) for p, keys in (
    (r"^(?:本年度?|全部|全年)?收入(?:合计|总额|总计)?$|^总收入$", ("income_total",)),
    (r"^(?:本年度?|全部|全年)?支出(?:合计|总额|总计)?$|^总支出$", ("expense_total",)),
    (r"^(?:本年度?)?一般公共预算财政拨款支出(?:合计|总额)?$", ("gpb",)),
    (r"^(?:本年度?)?政府性基金预算财政拨款支出(?:合计|总额)?$", ("gov_fund",)),
    (r"^(?:本年度?)?(?:当年)?财政拨款(?:支出)?(?:合计|总额)?$",
     ("@fund", "fiscal_expense", "fiscal_grand_total", "fiscal_income")),
    (r"^政府采购(?:支出)?(?:总额|总计|合计|金额)$", ("proc.total",)),
    (r"^(?:固定资产)(?:总额|总值)?$", ("assets.fixed",)),
))

# Identities between quantities: total = Σ parts. `exhaustive`: the parts are all of it (the
# template lists every item, 0 included); otherwise only Σ parts ≤ total is checked.
@dataclass(frozen=True)
class Identity:
    total: str
    parts: tuple[str, ...]
    exhaustive: bool = True
    roles: tuple[str, ...] = (AMOUNT,)


IDENTITIES: tuple[Identity, ...] = (
    Identity("income_total", ("fiscal_income", "superior_grant", "business_income", "operating_income",
                              "subsidiary_income", "other_income")),
    Identity("income_total", ("gpb_income", "gov_fund_income", "soe_income", "superior_grant", "business_income",
                              "operating_income", "subsidiary_income", "other_income")),
    Identity("fiscal_income", ("gpb_income", "gov_fund_income", "soe_income")),
    Identity("expense_total", ("basic", "project", "remit_superior", "operating_expense", "subsidiary_grant")),
    Identity("basic.gpb", ("personnel", "public")),
    Identity("gpb", ("gpb/basic", "gpb/project")),                 # 表5 / 表7: 合计 = 基本支出 + 项目支出
    Identity("gov_fund", ("gov_fund/basic", "gov_fund/project")),
    Identity("3p.total", ("3p.abroad", "3p.vehicle", "3p.reception"), roles=(AMOUNT, BUDGET)),
    Identity("3p.total", ("3p.abroad", "3p.vehicle_purchase", "3p.vehicle_operation", "3p.reception"),
             roles=(AMOUNT, BUDGET)),
    Identity("3p.vehicle", ("3p.vehicle_purchase", "3p.vehicle_operation"), roles=(AMOUNT, BUDGET)),
    Identity("proc.total", ("proc.goods", "proc.works", "proc.services")),
    Identity("grand_total", ("income_total", "non_fiscal_balance_used", "begin_balance")),
    Identity("proc.total", ("proc.sme",), exhaustive=False),
    Identity("proc.sme", ("proc.small_micro",), exhaustive=False),
    Identity("proc.total", ("proc.sme_reserved",), exhaustive=False),
    Identity("proc.sme_reserved", ("proc.small_micro_reserved",), exhaustive=False),
    Identity("grand_total", ("fiscal_grand_total",), exhaustive=False),
    Identity("grand_total", ("expense_total",), exhaustive=False),
    Identity("fiscal_grand_total", ("gpb", "gov_fund", "soe"), exhaustive=False),
    Identity("expense_total", ("services.total",), exhaustive=False),
    Identity("expense_total", ("proc.total",), exhaustive=False),
    Identity("assets.fixed", ("assets.vehicles_amount", "assets.equipment_amount"), exhaustive=False),
)


@dataclass(frozen=True)
class Bound:
    """Σ small ≤ big where big is the first of `big` the text states (a heuristic: warning)."""
    small: tuple[str, ...]
    big: tuple[str, ...]
    reason: str


BOUNDS: tuple[Bound, ...] = (
    Bound(("basic.gpb", "basic.gov_fund"), ("basic",), "财政拨款安排的基本支出是本年基本支出的一部分"),
    Bound(("office_running",), ("public", "basic.gpb", "gpb/basic", "basic"), "机关运行经费出自基本支出中的公用经费"),
    Bound(("3p.reception_batches",), ("3p.reception_persons",), "每批次公务接待至少一人次"),
    Bound(("3p.abroad_groups",), ("3p.abroad_persons",), "每个出国（境）团组至少一人次"),
)

# Figures that are part of a name, not a stated quantity (“单价100万元以上的设备”, “≥95%”), and
# approximate ones (“约4000万元”, “近5000人次”): recognised by the words around them, neither checked
# nor counted in the coverage.
THRESHOLD_AFTER = re.compile(r"\s*(?:[（(]含[^（）()]{0,8}[）)])?\s*(?:以上|以下|以内|及以上|及以下|左右|至|[-－~～—])")
THRESHOLD_BEFORE = re.compile(r"(?:[≥≤＞＜><]|不超过|不少于|不低于|不高于|大于|小于|高于|低于|超过|逾|约|大约|近|将近|"
                              r"[-－~～—至]|[（(]含)\s*$")


@dataclass(frozen=True)
class Quantity:
    name: str
    amount: tuple[Source, ...] = ()        # alternatives: the first whose table is filled is used
    budget: tuple[Source, ...] = ()
    prior: Source | None = None            # X1 上年数
    count: bool = False


def _c(table, row, col) -> Source:
    return ((table, row, col),)


QUANTITIES: dict[str, Quantity] = {
    "grand_total": Quantity("收、支总计", (_c("T1", "income_grand_total", "amount"),), prior=_c("X1", "grand_total", "amount")),
    "income_total": Quantity("本年收入合计", (_c("T1", "income_total", "amount"), _c("T2", "total", "total")),
                             prior=_c("X1", "income_total", "amount")),
    "fiscal_income": Quantity("财政拨款收入", (
        (("T1", "gpb_income", "amount"), ("T1", "gov_fund_income", "amount"), ("T1", "soe_income", "amount")),
        _c("T4", "income_total", "amount")), prior=_c("X1", "fiscal_income", "amount")),
    "gpb_income": Quantity("一般公共预算财政拨款收入", (_c("T1", "gpb_income", "amount"),)),
    "gov_fund_income": Quantity("政府性基金预算财政拨款收入", (_c("T1", "gov_fund_income", "amount"),)),
    "soe_income": Quantity("国有资本经营预算财政拨款收入", (_c("T1", "soe_income", "amount"),)),
    "superior_grant": Quantity("上级补助收入", (_c("T1", "superior_grant", "amount"),)),
    "business_income": Quantity("事业收入", (_c("T1", "business_income", "amount"),)),
    "operating_income": Quantity("经营收入", (_c("T1", "operating_income", "amount"),)),
    "subsidiary_income": Quantity("附属单位上缴收入", (_c("T1", "subsidiary_income", "amount"),)),
    "other_income": Quantity("其他收入", (_c("T1", "other_income", "amount"),)),
    "non_fiscal_balance_used": Quantity("使用非财政拨款结余", (_c("T1", "non_fiscal_balance_used", "amount"),)),
    "begin_balance": Quantity("年初结转和结余", (_c("T1", "begin_balance", "amount"),)),
    "end_balance": Quantity("年末结转和结余", (_c("T1", "end_balance", "amount_exp"),)),
    "expense_total": Quantity("本年支出合计", (_c("T1", "expense_total", "amount_exp"), _c("T3", "total", "total")),
                              prior=_c("X1", "expense_total", "amount")),
    "basic": Quantity("基本支出", (_c("T3", "total", "basic"),), prior=_c("X1", "basic_expense", "amount")),
    "project": Quantity("项目支出", (_c("T3", "total", "project"),), prior=_c("X1", "project_expense", "amount")),
    "remit_superior": Quantity("上缴上级支出", (_c("T3", "total", "remit_superior"),)),
    "operating_expense": Quantity("经营支出", (_c("T3", "total", "operating"),)),
    "subsidiary_grant": Quantity("对附属单位补助支出", (_c("T3", "total", "subsidiary_grant"),)),
    "fiscal_grand_total": Quantity("财政拨款收、支总计", (_c("T4", "income_grand_total", "amount"),),
                                   prior=_c("X1", "fiscal_grand_total", "amount")),
    "fiscal_expense": Quantity("财政拨款支出", (_c("T4", "expense_total", "total"),), prior=_c("X1", "fiscal_expense", "amount")),
    "gpb": Quantity("一般公共预算财政拨款支出", (_c("T5", "total", "total"), _c("T4", "expense_total", "gpb")),
                    budget=(_c("T5", "total", "initial_budget"),), prior=_c("X1", "gpb_expense", "amount")),
    "gov_fund": Quantity("政府性基金预算财政拨款支出", (_c("T7", "total", "exp_total"), _c("T4", "expense_total", "gov_fund")),
                         budget=(_c("T7", "total", "initial_budget"),)),
    "soe": Quantity("国有资本经营预算财政拨款支出", (_c("T9", "total", "total"), _c("T4", "expense_total", "soe")),
                    budget=(_c("T9", "total", "initial_budget"),)),
    "gpb/basic": Quantity("一般公共预算财政拨款基本支出", (_c("T5", "total", "basic"),)),
    "gpb/project": Quantity("一般公共预算财政拨款项目支出", (_c("T5", "total", "project"),)),
    "gov_fund/basic": Quantity("政府性基金预算财政拨款基本支出", (_c("T7", "total", "basic"),)),
    "gov_fund/project": Quantity("政府性基金预算财政拨款项目支出", (_c("T7", "total", "project"),)),
    "basic.gpb": Quantity("使用一般公共预算财政拨款安排的基本支出", (
        (("T6", "personnel_total", "amount"), ("T6", "public_total", "amount")), _c("T5", "total", "basic"))),
    "basic.gov_fund": Quantity("使用政府性基金财政拨款安排的基本支出", (
        (("T8", "personnel_total", "amount"), ("T8", "public_total", "amount")), _c("T7", "total", "basic"))),
    "personnel": Quantity("人员经费", (_c("T6", "personnel_total", "amount"),)),
    "public": Quantity("公用经费", (_c("T6", "public_total", "amount"),)),
    "3p.total": Quantity("“三公”经费", (_c("T10", "amount", "final_total"),), (_c("T10", "amount", "budget_total"),),
                         prior=_c("X1", "three_public", "amount")),
    "3p.abroad": Quantity("因公出国（境）费用", (_c("T10", "amount", "final_abroad"),), (_c("T10", "amount", "budget_abroad"),)),
    "3p.reception": Quantity("公务接待费", (_c("T10", "amount", "final_reception"),), (_c("T10", "amount", "budget_reception"),)),
    "3p.vehicle": Quantity("公务用车购置及运行维护费", (_c("T10", "amount", "final_vehicle"),),
                           (_c("T10", "amount", "budget_vehicle"),)),
    "3p.vehicle_purchase": Quantity("公务用车购置费", (_c("T10", "amount", "final_vehicle_purchase"),),
                                    (_c("T10", "amount", "budget_vehicle_purchase"),)),
    "3p.vehicle_operation": Quantity("公务用车运行维护费", (_c("T10", "amount", "final_vehicle_operation"),),
                                     (_c("T10", "amount", "budget_vehicle_operation"),)),
    "3p.abroad_groups": Quantity("因公出国（境）团组数", (_c("X2", "abroad_groups", "value"),), count=True),
    "3p.abroad_persons": Quantity("因公出国（境）人次", (_c("X2", "abroad_persons", "value"),), count=True),
    "3p.reception_batches": Quantity("国内公务接待批次", (_c("X2", "reception_batches", "value"),), count=True),
    "3p.reception_persons": Quantity("国内公务接待人次", (_c("X2", "reception_persons", "value"),), count=True),
    "3p.vehicles_held": Quantity("公务用车保有量", (_c("X2", "vehicles_held", "value"),), count=True),
    "office_running": Quantity("机关运行经费", (_c("X2", "office_running", "value"),), prior=_c("X1", "office_running", "amount")),
    "proc.total": Quantity("政府采购支出总额", (_c("T11", "total", "actual_total"),)),
    "proc.goods": Quantity("政府采购货物支出", (_c("T11", "total", "actual_goods"),)),
    "proc.works": Quantity("政府采购工程支出", (_c("T11", "total", "actual_works"),)),
    "proc.services": Quantity("政府采购服务支出", (_c("T11", "total", "actual_services"),)),
    "proc.sme": Quantity("授予中小企业合同金额", (_c("T11", "total", "sme_contract"),)),
    "proc.small_micro": Quantity("授予小微企业合同金额", (_c("T11", "total", "small_micro_contract"),)),
    "assets.fixed": Quantity("固定资产总额", (_c("X2", "fixed_assets_total", "value"),)),
    "assets.vehicles": Quantity("车辆数", (_c("X2", "asset_vehicles", "value"),), count=True),
    "assets.vehicles_amount": Quantity("车辆金额", (_c("X2", "asset_vehicles_amount", "value"),)),
    "assets.equipment": Quantity("单价100万元以上设备数", (_c("X2", "asset_equipment", "value"),), count=True),
    "assets.equipment_amount": Quantity("单价100万元以上设备金额", (_c("X2", "asset_equipment_amount", "value"),)),
    "services.total": Quantity("政府购买服务决算", (_c("T12", "total", "amount"),)),
}

# The average stated as “车均运行维护费X万元”: (words after 均, numerator keys, count key)
AVERAGES: tuple[tuple[re.Pattern, tuple[str, ...], str], ...] = (
    (re.compile(r"运行"), ("3p.vehicle_operation", "3p.vehicle"), "3p.vehicles_held"),
)

# Fund of a fund section and the table/column of its 功能分类 rows
FUND_TABLES = {"gpb": ("T5", "total"), "gov_fund": ("T7", "exp_total"), "soe": ("T9", "total")}
FUND_NAMES = {"gpb": "一般公共预算财政拨款", "gov_fund": "政府性基金预算财政拨款", "soe": "国有资本经营预算财政拨款"}


def identity_parts() -> dict[str, set[str]]:
    """Every key below each total (transitively), for telling a list's parts from unrelated words."""
    below: dict[str, set[str]] = {}
    for ident in IDENTITIES:
        below.setdefault(ident.total, set()).update(ident.parts)
    changed = True
    while changed:
        changed = False
        for total, parts in below.items():
            extra = set().union(*(below.get(p, set()) for p in parts)) - parts
            if extra:
                parts |= extra
                changed = True
    return below


PARTS_BELOW = identity_parts()


def is_part_of(total: str, part: str) -> bool:
    """Whether quantity `part` is (a part of) a part of `total`, fund rows included."""
    if part in PARTS_BELOW.get(total, ()):
        return True
    fund, _, code = total.partition(":")
    pfund, _, pcode = part.partition(":")
    if fund in FUND_TABLES and pfund == fund and pcode and (not code or pcode.startswith(code)) and pcode != code:
        return True
    if total.startswith("services.") and part.startswith("services.group"):
        return True
    return False
