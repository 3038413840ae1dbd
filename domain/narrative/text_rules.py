"""Checks inside the narrative itself: they need no table, so they work while the tables are empty.

Each rule yields the failed relations of its kind (relations.py says how each is computed, with
interval-exact rounding): a total and its parts, a percentage and part ÷ total, a change and its two
amounts, a growth rate and change ÷ base, 执行率/完成率, 车均, one quantity stated twice, the words
增加/减少/持平 against the numbers, and a few bounds between quantities.
"""
from __future__ import annotations

from ..checks import ERROR, INFO, WARNING, rule
from ..unit import NARRATIVE
from .report import MALFORMED_RULE, UNFILLED_RULE, findings_of
from .table_rules import PRIOR_RULE, TABLE_RULE

READS = (NARRATIVE,)        # these findings depend on the text alone: re-checks reuse them until it changes
# a rounding warning of these is settled by the tables when its figures agree with them (report.py):
# their findings depend on the tables too
SETTLED_BY_TABLES = frozenset({"N-SUM", "N-SHARE", "N-CHANGE", "N-RATE", "N-RATIO", "N-AVERAGE"})


def _reporting(rule_id: str):
    """The rule function of one kind of internal check: the report's findings of that kind."""
    def check(unit):
        return findings_of(unit, rule_id)
    return check


# (id, title, severity, explanation) of each internal check
INTERNAL_RULES = (
    (MALFORMED_RULE, "数字书写错误", ERROR,
     "千分位分隔符放错（21,88.78万元）、百分号重复（4.63%%）、“增长”后缺少“%”、一个数有多个小数点、单位重复（万元万元）、"
     "占位符或缺少数字（XX万元、共有车辆台）等，公开前必须改正。"),
    ("N-SUM", "合计与所列分项不符", ERROR,
     "“X万元，其中：A万元；B万元…”以及模板中的固定构成（本年收入合计 = 各项收入，本年支出合计 = 基本支出 + 项目支出 + …，"
     "“三公”经费 = 三项之和，政府采购 = 货物 + 工程 + 服务，按大类所列各类支出之和 = 该项财政拨款支出）：模板要求逐项列出的，"
     "分项之和须等于合计；只列部分分项的，分项之和不能超过合计。机构设置中所写的内设机构、事业单位个数与其后逐一列出的名称个数不符的报警告。"),
    ("N-SHARE", "占比与金额不符", ERROR,
     "“A万元，占B的X%”：X 应等于 A ÷ B（B 按文中所写的名称找到，如收入合计、支出合计、本年财政拨款支出、政府采购支出总额）。"
     "只有按截断而非四舍五入才能得到所写数时报警告。"),
    ("N-CHANGE", "增减额与两数之差不符", ERROR,
     "“本年A，比上年（年初预算）B增加/减少C”：C 应等于 A 与 B 之差。所写小数位少于两位、只在少写的精度下相符时（如 6.11 写成 6.1）报警告。"),
    ("N-RATE", "增长率与增减额不符", ERROR,
     "“增加C万元，增长R%”：R 应等于 C ÷ 上年数（上年数 = 本年数 − C，或文中写出的基数）；基数为 0 时增长率无从计算，同样报告。"),
    ("N-RATIO", "完成率、执行率与金额不符", ERROR,
     "“完成年初预算的X%”“预算执行率为X%”以及“A÷B×100%=X%”：X 应等于决算（支出）数 ÷ 预算数。"),
    ("N-AVERAGE", "平均数与总数不符", ERROR,
     "“公务用车保有量N辆，车均运行维护费X万元”等：X 应等于总额 ÷ 数量。"),
    ("N-REPEAT", "同一数字前后不一致", ERROR,
     "同一个数（如某类支出的决算数、本年支出合计、内设机构数）在说明中出现两次而数值不同，必有一处写错；"
     "政府性基金或国有资本经营预算一节写明本单位不涉及（未安排）而别处写有该项金额的，同样前后矛盾。"),
    ("N-DIRECTION", "增减用词与数字方向不符", ERROR,
     "写“增加”而本年数小于比较数、写“减少”而大于比较数、写“持平/一致”而两数不等、增减额与增长率方向相反，"
     "或“增加”后面写负数。"),
    ("N-NAME", "支出功能分类科目名称与报表不一致", WARNING,
     "叙述中写出的类、款、项名称（如“行政运行（2010101）”）与支出功能分类科目（报表所用名称）不一致：按代码或层级认出了科目，"
     "但名称写法不同，请按报表名称书写，两处都列出。"),
    ("N-BOUNDS", "数字之间的大小关系不合常理", WARNING,
     "机关运行经费不超过基本支出（公用经费）、财政拨款安排的基本支出不超过本年基本支出、接待人次不少于批次、"
     "资产数量与金额同为零或同不为零等。"),
)

for _id, _title, _severity, _explanation in INTERNAL_RULES:
    rule(_id, _title, _severity, _explanation, reads=None if _id in SETTLED_BY_TABLES else READS)(_reporting(_id))

# the comparisons of the narrative with the tables (table_rules.py computes them; the report holds them)
TABLE_RULES = (
    (TABLE_RULE, "说明中的数字与报表不符", ERROR,
     "说明里每个能认出含义的数字（本年收入合计、各项支出、占比、“三公”经费、政府采购、年初预算、完成率、车均运行维护费等）"
     "都与它所说的报表单元格或补充数据比较；按所写小数位的舍入区间判断，只有截断才能解释的差别报警告。"),
    (PRIOR_RULE, "“比上年增减”与上年数不符", ERROR,
     "“比上年增加/减少X万元，增长/下降Y%”按本年报表数与补充的上年决算数核对（总数在 X1，各类财政拨款支出在 X4；"
     "“关联上年数”从上年单位文件填入）；未录入上年数的不核对。"),
    (UNFILLED_RULE, "报表未填，说明只做了内部核对", INFO,
     "报表（或补充数据）尚未填写时，不把说明中的数字当作错误；这些数字只与说明自身的其他数字核对，并在此列出未能比较的表。"),
)

for _id, _title, _severity, _explanation in TABLE_RULES:
    rule(_id, _title, _severity, _explanation)(_reporting(_id))
