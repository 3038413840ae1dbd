"""In-table identities that are not a template sum: the two sides of 表1/表4 balance, each fund of
表4 carries over, 表7 rolls forward, 表11's 中小企业/小微企业 amounts are parts of the whole.

Declarative: each entry is an id, a title, a severity, an explanation and comparisons written as
`table.row.column` terms (see relations.py).
"""
from __future__ import annotations

from .finding import ERROR, WARNING
from .relations import register, relation

_FUND_HINT = "同一种资金的本年收入加年初结转和结余应等于本年支出加年末结转和结余，如有上缴或调剂请在说明中解释"

IDENTITIES = (
    relation("T1-BALANCE", "表1 收入总计 = 支出总计", ERROR,
             "收入支出决算总表两方的总计必须相等：本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 = "
             "本年支出合计 + 结余分配 + 年末结转和结余。",
             "T1.income_grand_total.amount = T1.expense_grand_total.amount_exp"),
    relation("T4-BALANCE", "表4 收入总计 = 支出总计", ERROR,
             "财政拨款收入支出决算总表两方的总计必须相等：本年收入合计 + 年初财政拨款结转和结余 = "
             "本年支出合计 + 年末财政拨款结转和结余。",
             "T4.income_grand_total.amount = T4.expense_grand_total.total"),
    relation("T4-FUND-BALANCE", "表4 每种财政拨款收支平衡", WARNING,
             "一般公共预算、政府性基金预算、国有资本经营预算财政拨款分别应满足：本年收入 + 年初结转和结余 = "
             "本年支出 + 年末结转和结余。资金上缴或调剂会使其不等，故为警告。",
             *[(f"T4.{fund}_income.amount + T4.begin_{fund}.amount = T4.expense_total.{fund} + T4.end_balance.{fund}",
                _FUND_HINT, (f"表4 {name}：本年收入 + 年初结转和结余", "本年支出 + 年末结转和结余"))
               for fund, name in (("gpb", "一般公共预算财政拨款"), ("gov_fund", "政府性基金预算财政拨款"),
                                  ("soe", "国有资本经营预算财政拨款"))]),
    relation("T7-ROLL", "表7 年末结转和结余 = 年初 + 本年收入 − 本年支出", WARNING,
             "政府性基金预算财政拨款收入支出决算表每个末级科目：年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余"
             "（上级科目和合计由末级相加，随之相符）。"
             "资金调入调出会使其不等，故为警告。",
             "T7.{code}.begin_balance + T7.{code}.income = T7.{code}.exp_total + T7.{code}.end_balance",
             over="leaves", domain=("T7",),
             hint="年末结转和结余应等于年初结转和结余加本年收入减本年支出，如有调入调出请在说明中解释"),
    relation("T11-SME", "表11 小微企业 ≤ 中小企业 ≤ 政府采购总额", ERROR,
             "授予小微企业的合同金额是授予中小企业合同金额的一部分，授予中小企业的合同金额是实际政府采购金额的一部分。",
             ("T11.total.small_micro_contract ≤ T11.total.sme_contract", "小微企业合同金额是中小企业合同金额的一部分"),
             ("T11.total.sme_contract ≤ T11.total.actual_total", "中小企业合同金额是政府采购支出总额的一部分")),
)

register(IDENTITIES, __name__)
