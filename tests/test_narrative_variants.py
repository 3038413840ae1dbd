"""A corpus of sentence variants, table-driven: for each phrase family the Beijing template's wording
and the variants other offices write, each stated correctly (no finding), wrongly (the rule that must
catch it) and rounded the wrong way (a warning, or nothing where the rounding is possible).

A new sentence shape comes with its rows here: `wording` is the text with `{…}` slots, `right` fills
them correctly, `wrong` and `rounded` each change one slot. Figures are made up; the arithmetic is in
the comment of each row.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from narrative_helpers import problems


@dataclass(frozen=True)
class Variant:
    name: str
    heading: str                     # the section the sentence stands in
    wording: str                     # with {slots}
    right: dict
    wrong: dict = field(default_factory=dict)      # slot → value, and the rule that must report it
    wrong_rule: str = ""
    rounded: dict = field(default_factory=dict)    # slot → a value only truncation (or the edge) explains
    rounded_rule: str = ""           # "" when the rounded value is still possible (no finding)
    wrong_severity: str = "error"    # "warning" where the figures are compared with words (names listed)

    def text(self, **change) -> str:
        return self.heading + "\n" + self.wording.format(**{**self.right, **change})


INCOME = "（一）收入决算说明"
EXPENSE = "（二）支出决算说明"
OVERVIEW = "二、收入支出决算总体情况说明"
GPB = "四、一般公共预算财政拨款支出决算情况说明"
THREE = "一、“三公”经费财政拨款决算情况"
OFFICE = "二、机关运行经费支出情况"
PROC = "三、政府采购支出情况"
PERF = "（一）评价得分情况"
BUDGET_RUN = "第四部分 2023年度部门绩效评价情况\n（一）部门预算执行情况"

ZERO_ITEMS = "上级补助收入0万元，占收入合计的0%；经营收入0万元，占收入合计的0%；附属单位上缴收入0万元，占收入合计的0%；其他收入0万元，占收入合计的0%"

VARIANTS = (
    # 本年收入合计 = its items; 3000 = 2000 + 1000, shares 66.6667 % and 33.3333 %
    Variant("收入合计 template", INCOME,
            "2023年度本年收入合计{t}万元，其中：财政拨款收入{a}万元，占收入合计的{pa}%；事业收入{b}万元，占收入合计的{pb}%；"
            + ZERO_ITEMS + "。",
            dict(t="3000.00", a="2000.00", pa="66.67", b="1000.00", pb="33.33"),
            dict(t="3100.00"), "N-SUM", dict(pa="66.66"), "N-SHARE"),
    Variant("收入合计 占比", INCOME,
            "本年收入{t}万元，其中财政拨款收入{a}万元，占比{pa}%，事业收入{b}万元，占比{pb}%。",
            dict(t="3000.00", a="2000.00", pa="66.67", b="1000.00", pb="33.33"),
            dict(pb="34.33"), "N-SHARE", dict(pa="66.66"), "N-SHARE"),
    # a whole written inside the share
    Variant("支出 占<whole>的", EXPENSE,
            "2023年度本年支出合计{t}万元，其中：基本支出{a}万元，占本年支出合计{t}万元的{pa}%；项目支出{b}万元，"
            "占本年支出合计{t}万元的{pb}%。",
            dict(t="3000.00", a="2000.00", pa="66.67", b="1000.00", pb="33.33"),
            dict(pa="67.67"), "N-SHARE", dict(pa="66.66"), "N-SHARE"),
    # 本年支出合计 = 基本 + 项目 (+ the zero items): 4.79 + 246.47 = 251.26
    Variant("支出合计 with bare zeros", EXPENSE,
            "2023年度本年支出合计{t}万元，其中：基本支出{a}万元，项目支出{b}万元，上缴上级支出0万元，经营支出0万元，"
            "对附属单位补助支出0万元。",
            dict(t="251.26", a="4.79", b="246.47"),
            dict(t="252.26"), "N-SUM", dict(t="251.25"), "N-SUM"),
    # changes against last year: 150 now, +50 → 100 last year, +50 %
    Variant("比上年增加…增长", OVERVIEW,
            "2023年度收、支总计{t}万元。与2022年度相比，收、支总计各增加{c}万元，增长{r}%。",
            dict(t="150.00", c="50.00", r="50.00"),
            dict(r="40.00"), "N-RATE"),
    Variant("较上年增加…增长", INCOME,
            "2023年度本年收入合计{t}万元，较上年增加{c}万元，增长{r}%。",
            dict(t="150.00", c="50.00", r="50.00"),
            dict(c="60.00"), "N-RATE"),
    Variant("同比增长…增加 (rate first)", INCOME,
            "2023年度本年收入合计{t}万元，同比增长{r}%，增加{c}万元。",
            dict(t="150.00", c="50.00", r="50.00"),
            dict(r="33.33"), "N-RATE"),
    Variant("比上年减少…下降", EXPENSE,
            "2023年度本年支出合计{t}万元，比上年减少{c}万元，下降{r}%。",
            dict(t="75.00", c="25.00", r="25.00"),        # 25 ÷ 100
            dict(r="33.33"), "N-RATE"),
    # 三公: 决算 vs 年初预算 — 11.93 − 4.55 = 7.38
    Variant("三公 比年初预算减少", THREE,
            "2023年度“三公”经费财政拨款决算数{a}万元，比2023年度“三公”经费财政拨款年初预算{b}万元减少{c}万元。",
            dict(a="4.55", b="11.93", c="7.38"),
            dict(c="7.48"), "N-CHANGE", dict(c="7.37"), "N-CHANGE"),
    Variant("三公 较预算数减少", THREE,
            "2023年“三公”经费支出{a}万元，较年初预算数{b}万元减少{c}万元。",
            dict(a="4.55", b="11.93", c="7.38"),
            dict(c="6.38"), "N-CHANGE"),
    Variant("三公 增加 against the numbers", THREE,
            "2023年度“三公”经费财政拨款决算数{a}万元，比2023年度“三公”经费财政拨款年初预算{b}万元增加{c}万元。",
            dict(a="11.93", b="4.55", c="7.38"),
            dict(a="3.55"), "N-DIRECTION"),
    # 三公 total = its three items
    Variant("三公 total", THREE,
            "2023年度“三公”经费财政拨款决算数{t}万元，其中：因公出国（境）费用{a}万元，公务用车购置及运行维护费{b}万元，"
            "公务接待费{c}万元。",
            dict(t="10.00", a="0", b="7.50", c="2.50"),
            dict(t="11.00"), "N-SUM"),
    # 车均: 3.77 ÷ 5 = 0.754
    Variant("车均运行维护费", THREE,
            "公务用车运行维护费{a}万元，2023年度公务用车保有量{n}辆，车均运行维护费{v}万元。",
            dict(a="3.77", n="5", v="0.75"),
            dict(v="0.85"), "N-AVERAGE"),
    # 政府采购: 500 = 100 + 0 + 400; 300 ÷ 500 = 60 %
    Variant("政府采购 template", PROC,
            "2023年度政府采购支出总额{t}万元，其中：政府采购货物支出{a}万元、政府采购工程支出0万元、政府采购服务支出{b}万元。"
            "授予中小企业合同金额{s}万元，占政府采购支出总额的{p}%，其中：授予小微企业合同金额{m}万元，占政府采购支出总额的{q}%。",
            dict(t="500.00", a="100.00", b="400.00", s="300.00", p="60.00", m="200.00", q="40.00"),
            dict(a="150.00"), "N-SUM"),
    Variant("政府采购 面向中小企业预留", PROC,
            "2023年度政府采购支出总额{t}万元，其中：政府采购货物支出{a}万元、政府采购工程支出0万元、政府采购服务支出{b}万元。"
            "面向中小企业预留采购份额{s}万元，占政府采购支出总额的{p}%。",
            dict(t="500.00", a="100.00", b="400.00", s="300.00", p="60.00"),
            dict(p="50.00"), "N-SHARE"),
    # 类 paragraph: 180 ÷ 200 = 90 %
    Variant("类 完成年初预算的", GPB,
            "1.“一般公共服务支出”（类）2023年度年初预算{b}万元，2023年度决算{a}万元，完成年初预算的{p}%。",
            dict(b="200.00", a="180.00", p="90.00"),
            dict(p="80.00"), "N-RATIO"),
    Variant("类 决算数为年初预算的", GPB,
            "“一般公共服务支出”（类）年初预算为{b}万元，支出决算为{a}万元，决算数为年初预算的{p}%。",
            dict(b="200.00", a="180.00", p="90.00"),
            dict(p="95.00"), "N-RATIO"),
    Variant("类 占年初预算的", GPB,
            "“一般公共服务支出”（类）2023年度决算数{a}万元，占年初预算的{p}%，年初预算{b}万元。",
            dict(b="200.00", a="180.00", p="90.00"),
            dict(p="85.00"), "N-RATIO"),
    Variant("完成全年预算数的", GPB,
            "2023年度一般公共预算财政拨款支出年初预算{b0}万元，全年预算{b}万元，决算数{a}万元，完成全年预算数的{p}%。",
            dict(b0="150.00", b="200.00", a="180.00", p="90.00"),
            dict(p="120.00"), "N-RATIO"),
    # 机关运行经费 ≤ 公用经费: a plausibility warning
    Variant("机关运行经费", OFFICE,
            "2023年度本部门机关运行经费支出{a}万元，比上年增加{c}万元，增长{r}%。",
            dict(a="30.00", c="10.00", r="50.00"),
            dict(r="30.00"), "N-RATE"),
    # 按大类: a complete list of the fund's 类 (the template's 主要用于以下方面)
    Variant("按大类 主要用于以下方面", GPB,
            "2023年度一般公共预算财政拨款支出{t}万元，主要用于以下方面（按大类）：一般公共服务支出{a}万元，占{pa}%；"
            "社会保障和就业支出{b}万元，占{pb}%。",
            dict(t="3000.00", a="2000.00", pa="66.67", b="1000.00", pb="33.33"),
            dict(t="3100.00"), "N-SUM", dict(pa="66.66"), "N-SHARE"),
    # examples (主要包括, 如) are not parts of the list: 100 = 80 + 20
    Variant("人员经费 主要包括 / 如", "七、财政拨款基本支出决算情况说明",
            "2023年度使用一般公共预算财政拨款安排的基本支出{t}万元，其中：人员经费{a}万元，主要包括工资福利支出{x}万元；"
            "公用经费{b}万元，如办公费{y}万元、印刷费{z}万元。",
            dict(t="100.00", a="80.00", x="70.00", b="20.00", y="5.00", z="3.00"),
            dict(x="90.00"), "N-SUM"),
    # counts of different things and units are never one quantity
    Variant("车辆 and 设备（不含车辆）", "四、国有资产占用情况",
            "截至2023年12月31日，本单位共有车辆{n}辆，其中，主要领导干部用车0辆、其他用车{n}辆；"
            "单价100万元以上设备（不含车辆）{m}台。本单位车辆{k}台，均为执法执勤用车。",
            dict(n="5", m="2", k="3")),
    # 机构设置: counts keyed by the noun after them, stated in the 说明 and again in the 绩效 part
    Variant("机构设置 restated in the 绩效 part", "（二）机构设置",
            "本局共设置{a}个内设机构、{c}个参照公务员法管理事业单位和{b}个事业单位。\n"
            "第三部分 2023年度部门绩效评价情况\n1.机构设置及职责工作任务情况\n"
            "本局共设置{a2}个内设机构、{c}个参照公务员法管理事业单位和{b2}个事业单位。\n"
            "（一）产出完成情况\n指导15个街道的{x}个事业单位开展工作。",     # not the unit's own: no heading 机构设置
            dict(a="14", a2="14", b="7", b2="7", c="1", x="40"),
            dict(b2="1"), "N-REPEAT"),
    # 机构 counts and the names listed after them: 3 + 2 = 5 names (a bracket belongs to its name)
    Variant("机构设置 names listed", "（二）机构设置",
            "本局共设置{a}个内设机构和{b}个事业单位，包含：办公室（安全生产办公室、信访办公室）、政策法规科、"
            "计划财务科、救助管理站、老年综合服务中心。",
            dict(a="3", b="2"),
            dict(a="4"), "N-SUM", wrong_severity="warning"),
    Variant("机构设置 即 and a 和 inside a name", "（一）机构设置",
            "街道设置以下{a}个内设机构，即综合办公室、社区建设和民生保障办公室、平安建设办公室；另设{b}个事业单位。",
            dict(a="3", b="2"),
            dict(a="5"), "N-SUM", wrong_severity="warning"),
    # the bodies as numbered items below the count, each with its duties under it
    Variant("机构设置 numbered below", "（一）机构设置、职责",
            "镇政府下设{n}个办公室。\n（1）综合办公室\n负责机关日常运转工作。\n"
            "（2）党群工作办公室（加挂人大工作办公室牌子）\n负责党建工作。\n（3）平安建设办公室\n负责维护稳定。\n"
            "（二）人员构成情况\n行政编制94人。",
            dict(n="3"),
            dict(n="4"), "N-SUM", wrong_severity="warning"),
    # … numbered duties are not bodies: nothing said
    Variant("机构设置 numbered duties", "（一）机构设置、职责",
            "局机关下设{n}个科室。\n（1）负责贯彻落实国家法律法规。\n（2）负责财务管理工作。",
            dict(n="5")),
    # names that may go on (等, “A和B” for two names, a list cut by “，”): nothing said either way
    Variant("机构设置 names not all listed", "（二）机构设置",
            "本局共设置{a}个内设机构，包括：办公室、财务科等。下设{b}个科室：综合科、财务科和人事科。"
            "设有{c}个办公室：综合办公室、党群办公室，平安办公室负责安全工作。",
            dict(a="8", b="3", c="3")),
    # a fund the text says the unit does not have: its amounts elsewhere are 0 (0.00 may be a rounded 0)
    Variant("政府性基金 本单位不涉及", "五、政府性基金预算财政拨款支出决算情况说明",
            "本单位不涉及。\n七、财政拨款基本支出决算情况说明\n"
            "2023年度使用一般公共预算财政拨款安排基本支出{a}万元，使用政府性基金财政拨款安排基本支出{g}万元。",
            dict(a="8.52", g="0"),
            dict(g="1.00"), "N-REPEAT", dict(g="0.00"), ""),
    Variant("国有资本经营 本年度未安排…收支", "六、国有资本经营预算财政拨款收支情况",
            "本年度未安排国有资本经营预算财政拨款收支。\n二、收入支出决算总体情况说明\n（一）收入决算说明\n"
            "2023年度一般公共预算财政拨款收入{a}万元，国有资本经营预算财政拨款收入{s}万元。",
            dict(a="100.00", s="0"),
            dict(s="1.00"), "N-REPEAT"),
    # words with 没有 that do not say the fund is not there
    Variant("政府性基金 没有变化", "五、政府性基金预算财政拨款支出决算情况说明",
            "政府性基金预算财政拨款支出的用途与上年相比没有变化。\n七、财政拨款基本支出决算情况说明\n"
            "2023年度使用政府性基金财政拨款安排基本支出{g}万元。",
            dict(g="5.00")),
    # “无此项支出” under a 类 heading says nothing of the whole fund
    Variant("政府性基金 类 无此项支出", "五、政府性基金预算财政拨款支出决算情况说明",
            "2023年度政府性基金预算财政拨款支出{t}万元。\n（一）“农林水支出”（类）\n本单位无此项支出。\n"
            "（二）“城乡社区支出”（类）\n2023年度决算{t}万元。",
            dict(t="50.00")),
    # 政府购买服务 groups with a count each: 15 + 6 = 21 projects, all listed, so 542.99 + 295.71 = 838.70
    Variant("政府购买服务 groups counted in full", "五、政府购买服务支出说明",
            "2023年政府购买服务决算数{t}万元，涉及项目{n}个，其中：1、公共服务项目{n1}个，决算金额{a}万元；"
            "2、政府履职辅助性服务项目{n2}个，决算金额{b}万元。",
            dict(t="838.70", n="21", n1="15", a="542.99", n2="6", b="295.71"),
            dict(t="900.00"), "N-SUM", dict(t="838.69"), "N-SUM"),
    # … but when the counts fall short of the total, groups are left out: only Σ ≤ total
    Variant("政府购买服务 groups not all listed", "五、政府购买服务支出说明",
            "2023年政府购买服务决算数{t}万元，涉及项目{n}个，其中：公共服务项目{n1}个，决算金额{a}万元；"
            "政府履职辅助性服务项目{n2}个，决算金额{b}万元。",
            dict(t="900.00", n="25", n1="15", a="542.99", n2="6", b="295.71"),
            dict(a="642.99"), "N-SUM"),
    # 绩效: 预算执行率 = 支出 ÷ 全年预算; 58515.00 ÷ 59292.05 = 98.6895 %
    Variant("预算执行率", BUDGET_RUN,
            "2023年全年预算数{b}万元，资金总体支出{a}万元，预算执行率为{p}%。",
            dict(b="59292.05", a="58515.00", p="98.69"),
            dict(p="97.63"), "N-RATIO", dict(p="98.68"), "N-RATIO"),
    # scores: 7.66 + 16.9 + 29.26 + 28.02 = 81.84
    Variant("综合得分 其中", PERF,
            "项目支出绩效评价综合得分{t}分，其中，项目决策得分{a}分，项目过程得分{b}分，项目产出得分{c}分，项目效益得分{d}分。",
            dict(t="81.84", a="7.66", b="16.9", c="29.26", d="28.02"),
            dict(t="82.02"), "N-SUM"),
    Variant("总分 after its parts", PERF,
            "预算执行管理指标{a}分、产出指标{b}分、效益指标{c}分、满意度指标{d}分，汇总之后，整体支出绩效评价的总分为{t}分。",
            dict(t="97", a="9", b="49", c="30", d="9"),
            dict(t="990"), "N-SUM"),
)


@pytest.mark.parametrize("v", VARIANTS, ids=lambda v: v.name)
def test_the_right_wording_gives_no_finding(v):
    assert problems(v.text(), 2023) == []


@pytest.mark.parametrize("v", [v for v in VARIANTS if v.wrong], ids=lambda v: v.name)
def test_a_wrong_figure_is_an_error(v):
    found = problems(v.text(**v.wrong), 2023)
    assert any(rule == v.wrong_rule and severity == v.wrong_severity for rule, severity, _m in found), found


@pytest.mark.parametrize("v", [v for v in VARIANTS if v.rounded], ids=lambda v: v.name)
def test_a_figure_rounded_the_wrong_way(v):
    found = problems(v.text(**v.rounded), 2023)
    if v.rounded_rule:
        assert [(r, s) for r, s, _m in found] == [(v.rounded_rule, "warning")], found
    else:
        assert found == []


def test_a_count_of_bodies_is_quoted_with_the_noun_after_it():
    v = next(v for v in VARIANTS if v.name == "机构设置 restated in the 绩效 part")
    [(_rule, _severity, message)] = problems(v.text(**v.wrong), 2023)
    assert "“参照公务员法管理事业单位和7个事业单位”" in message and "“参照公务员法管理事业单位和1个事业单位”" in message
