"""Relations across tables (tables.md §4.2): equal figures as errors, ⊂ relations as warnings.

表1 ↔ 表2 ↔ 表3 (收入/支出 totals and items), 表1 ↔ 表4 (财政拨款 income), 表4 ↔ 表5/表7/表9 (each
fund's column, in total and per 类), the 2023 一般公共预算财政拨款收入支出决算表 (T4A) against 表4's
一般公共预算 column and 表5 by code (skipped, like every relation, where the template lacks a table), 表5 ↔ 表6 and 表7 ↔ 表8 (基本支出 by 经济分类), the inclusions
(表3 ⊇ 表5 + 表7 + 表9 per code, 表1 ⊇ 表4, 三公 ⊇ 经济分类 items, 机关运行经费 ⊆ 公用经费) and the
presence of every 财政拨款 code in 表3 and 表2.
"""
from __future__ import annotations

from ..codes import parent_code
from ..template import TOTAL_ROW
from .compare import money
from .finding import ERROR, INFO, WARNING, Finding, Location
from .registry import rule
from .relations import register, relation
from .view import table_view

_CLASS = "（按支出功能分类的类逐一核对）"

RELATIONS = (
    # ---- 表1 ↔ 表2 ↔ 表3 ↔ 表4: income ----------------------------------------------------------
    relation("X-T1-T2-INCOME", "表1 本年收入合计 = 表2 合计·本年收入合计", ERROR,
             "收入支出决算总表的本年收入合计与收入决算表的合计必须相等。",
             "T1.income_total.amount = T2.total.total"),
    relation("X-T1-T2-FISCAL", "表1 三项财政拨款收入之和 = 表2 合计·财政拨款收入", ERROR,
             "表1 一般公共预算、政府性基金预算、国有资本经营预算财政拨款收入之和等于表2 合计行的财政拨款收入。",
             "T1.gpb_income.amount + T1.gov_fund_income.amount + T1.soe_income.amount = T2.total.fiscal"),
    relation("X-T2-T4-FISCAL", "表2 合计·财政拨款收入 = 表4 本年收入合计", ERROR,
             "收入决算表合计行的财政拨款收入等于财政拨款收入支出决算总表的本年收入合计。",
             "T2.total.fiscal = T4.income_total.amount"),
    relation("X-T1-T2-ITEMS", "表1 其他各项收入 = 表2 合计行对应各栏", ERROR,
             "表1 上级补助收入、事业收入、经营收入、附属单位上缴收入、其他收入分别等于表2 合计行的同名栏。",
             "T1.superior_grant.amount = T2.total.superior",
             "T1.business_income.amount = T2.total.business",
             "T1.operating_income.amount = T2.total.operating",
             "T1.subsidiary_income.amount = T2.total.subsidiary",
             "T1.other_income.amount = T2.total.other"),
    relation("X-T1-T4-INCOME", "表1 与表4 的三项财政拨款收入相同", ERROR,
             "表4 收入方的一般公共预算、政府性基金预算、国有资本经营预算财政拨款分别等于表1 的同名收入。",
             "T1.gpb_income.amount = T4.gpb_income.amount",
             "T1.gov_fund_income.amount = T4.gov_fund_income.amount",
             "T1.soe_income.amount = T4.soe_income.amount"),
    # ---- 表1 ↔ 表3: expenditure ----------------------------------------------------------------
    relation("X-T1-T3-EXPENSE", "表1 本年支出合计 = 表3 合计·本年支出合计", ERROR,
             "收入支出决算总表的本年支出合计与支出决算表的合计必须相等。",
             "T1.expense_total.amount_exp = T3.total.total"),
    relation("X-T1-T3-CLASS", "表1 各类支出 = 表3 同类本年支出合计", ERROR,
             f"表1 支出方每一类等于表3 该类的本年支出合计{_CLASS}。",
             "T1.{code}.amount_exp = T3.{code}.total", over="class"),
    # ---- 表4 ↔ 表5 / 表7 / 表9: each fund's column ---------------------------------------------
    relation("X-T4-T5-GPB", "表4 一般公共预算财政拨款支出 = 表5 合计", ERROR,
             "表4 本年支出合计的一般公共预算财政拨款栏等于表5 合计行的本年支出合计。",
             "T4.expense_total.gpb = T5.total.total"),
    relation("X-T4-T5-CLASS", "表4 各类一般公共预算财政拨款支出 = 表5 同类合计", ERROR,
             f"表4 每一类的一般公共预算财政拨款支出等于表5 该类的本年支出合计{_CLASS}。",
             "T4.{code}.gpb = T5.{code}.total", over="class"),
    relation("X-T4-T7-GOV-FUND", "表4 政府性基金栏 = 表7 合计", ERROR,
             "表4 的政府性基金预算财政拨款：本年支出、本年收入、年初和年末结转和结余分别等于表7 合计行的对应栏。",
             "T4.expense_total.gov_fund = T7.total.exp_total",
             "T4.gov_fund_income.amount = T7.total.income",
             "T4.begin_gov_fund.amount = T7.total.begin_balance",
             "T4.end_balance.gov_fund = T7.total.end_balance"),
    relation("X-T4-T7-CLASS", "表4 各类政府性基金支出 = 表7 同类本年支出", ERROR,
             f"表4 每一类的政府性基金预算财政拨款支出等于表7 该类的本年支出小计{_CLASS}。",
             "T4.{code}.gov_fund = T7.{code}.exp_total", over="class"),
    relation("X-T4-T9-SOE", "表4 国有资本经营栏 = 表9 合计", ERROR,
             "表4 本年支出合计的国有资本经营预算财政拨款栏等于表9 合计行的本年支出合计。",
             "T4.expense_total.soe = T9.total.total"),
    relation("X-T4-T9-CLASS", "表4 各类国有资本经营支出 = 表9 同类合计", ERROR,
             f"表4 每一类的国有资本经营预算财政拨款支出等于表9 该类的本年支出合计{_CLASS}。",
             "T4.{code}.soe = T9.{code}.total", over="class"),
    # ---- 2023: 一般公共预算财政拨款收入支出决算表 (T4A) ↔ 表4 / 表5 -----------------------------------
    relation("X-T4-T4A-GPB", "表4 一般公共预算栏 = 一般公共预算财政拨款收入支出决算表 合计", ERROR,
             "（2023年的十三张表）表4 的一般公共预算财政拨款：本年收入、本年支出、年初和年末结转和结余分别等于"
             "一般公共预算财政拨款收入支出决算表合计行的对应栏。",
             "T4.expense_total.gpb = T4A.total.exp_total",
             "T4.gpb_income.amount = T4A.total.income",
             "T4.begin_gpb.amount = T4A.total.begin_balance",
             "T4.end_balance.gpb = T4A.total.end_balance"),
    relation("X-T4-T4A-CLASS", "表4 各类一般公共预算财政拨款支出 = 一般公共预算财政拨款收入支出决算表 同类本年支出", ERROR,
             f"（2023年的十三张表）表4 每一类的一般公共预算财政拨款支出等于一般公共预算财政拨款收入支出决算表该类的"
             f"本年支出小计{_CLASS}。",
             "T4.{code}.gpb = T4A.{code}.exp_total", over="class"),
    relation("X-T4A-T5-TOTAL", "一般公共预算财政拨款收入支出决算表 本年支出 = 一般公共预算财政拨款支出决算表 合计", ERROR,
             "（2023年的十三张表）两张一般公共预算财政拨款表合计行的本年支出小计、基本支出、项目支出分别相等。",
             "T4A.total.exp_total = T5.total.total",
             "T4A.total.basic = T5.total.basic",
             "T4A.total.project = T5.total.project"),
    relation("X-T4A-T5-CODE", "一般公共预算财政拨款收入支出决算表 各科目本年支出 = 一般公共预算财政拨款支出决算表 同科目", ERROR,
             "（2023年的十三张表）同一功能分类科目在两张一般公共预算财政拨款表中的基本支出、项目支出分别相等"
             "（逐个末级科目核对，小计由两者相加，随之相符；一张表有而另一张表没有的科目按0比较）。",
             "T4A.{code}.basic = T5.{code}.basic",
             "T4A.{code}.project = T5.{code}.project",
             over="leaves", domain=("T4A", "T5")),
    relation("T4A-ROLL", "一般公共预算财政拨款收入支出决算表 年末结转和结余 = 年初 + 本年收入 − 本年支出", WARNING,
             "（2023年的十三张表）每个末级科目：年初结转和结余 + 本年收入 = 本年支出小计 + 年末结转和结余。"
             "资金调入调出会使其不等，故为警告。",
             "T4A.{code}.begin_balance + T4A.{code}.income = T4A.{code}.exp_total + T4A.{code}.end_balance",
             over="leaves", domain=("T4A",),
             hint="年末结转和结余应等于年初结转和结余加本年收入减本年支出，如有调入调出请在说明中解释"),
    # ---- 基本支出 by 经济分类 ---------------------------------------------------------------------
    relation("X-T5-T6-BASIC", "表5 合计·基本支出 = 表6 人员经费合计 + 公用经费合计", ERROR,
             "一般公共预算财政拨款基本支出在表5（按功能分类）和表6（按经济分类）中总额相同。",
             "T5.total.basic = T6.personnel_total.amount + T6.public_total.amount"),
    relation("X-T7-T8-BASIC", "表7 合计·基本支出 = 表8 人员经费合计 + 公用经费合计", ERROR,
             "政府性基金预算财政拨款基本支出在表7（按功能分类）和表8（按经济分类）中总额相同。",
             "T7.total.basic = T8.personnel_total.amount + T8.public_total.amount"),
    # ---- inclusions (warnings) ------------------------------------------------------------------
    relation("X-T3-FUNDS", "表3 各科目支出不少于财政拨款支出", WARNING,
             "表3 反映全部资金的支出：同一科目的基本支出、项目支出分别不应少于表5、表7、表9 中该科目财政拨款的"
             "基本支出、项目支出之和（逐个末级科目核对）。",
             "T3.{code}.basic ≥ T5.{code}.basic + T7.{code}.basic + T9.{code}.basic",
             "T3.{code}.project ≥ T5.{code}.project + T7.{code}.project + T9.{code}.project",
             over="leaves", domain=("T5", "T7", "T9"), only_if_present=("T3",),
             hint="表3 含全部资金来源，同一科目的支出不应少于各财政拨款支出之和"),
    relation("X-T1-T4-CLASS", "表1 各类支出不少于表4 同类财政拨款支出", WARNING,
             f"表1 每一类支出含全部资金，不应少于表4 该类财政拨款支出合计{_CLASS}。",
             "T1.{code}.amount_exp ≥ T4.{code}.total", over="class",
             hint="表1 含全部资金来源，不应少于表4 的财政拨款部分"),
    relation("X-T1-T4-BALANCE", "表1 结转和结余不少于表4 财政拨款结转和结余", WARNING,
             "表1 的年初、年末结转和结余含全部资金，不应少于表4 的年初、年末财政拨款结转和结余。",
             "T1.begin_balance.amount ≥ T4.begin_balance.amount",
             "T1.end_balance.amount_exp ≥ T4.end_balance.total",
             hint="表1 含全部资金来源，不应少于表4 的财政拨款部分"),
    relation("X-T10-T6", "“三公”经费决算数不少于经济分类中的对应科目", WARNING,
             "表10 的“三公”经费决算数含基本支出和项目支出，不应少于表6、表8（基本支出）中对应的经济分类科目："
             "因公出国（境）费 ≥ 30212，公务接待费 ≥ 30217，公务用车运行费 ≥ 30231，公务用车购置费 ≥ 31013 + 30913。",
             "T10.amount.final_abroad ≥ T6.30212.amount + T8.30212.amount",
             "T10.amount.final_reception ≥ T6.30217.amount + T8.30217.amount",
             "T10.amount.final_vehicle_operation ≥ T6.30231.amount + T8.30231.amount",
             "T10.amount.final_vehicle_purchase ≥ T6.31013.amount + T6.30913.amount + T8.31013.amount + T8.30913.amount",
             hint="“三公”经费含基本支出和项目支出，不应少于基本支出中的对应科目"),
    relation("X-X2-T6-OFFICE", "机关运行经费不超过表6 公用经费合计", WARNING,
             "机关运行经费是一般公共预算财政拨款基本支出中的日常公用经费，不应超过表6 的公用经费合计。",
             "X2.office_running.value ≤ T6.public_total.amount",
             hint="机关运行经费是一般公共预算财政拨款基本支出中的公用经费，不应超过表6 公用经费合计"),
)

register(RELATIONS, __name__)

FISCAL_CODE_TABLES = ("T5", "T7", "T9")     # the 财政拨款 expenditure tables keyed by 功能分类


@rule("X-CODES-IN-T3", "财政拨款支出的科目应在表3 中", WARNING,
      "表5、表7、表9 中出现的每个功能分类科目，都应在支出决算表（表3）中有同一科目的行。",
      reads=("T3",) + FISCAL_CODE_TABLES)
def codes_in_expenditure_table(unit):
    if not unit.template.has("T3"):
        return
    t3 = table_view(unit, "T3")
    missing: dict[str, list] = {}        # topmost missing code -> [(view, [codes below it])]
    for table_id in FISCAL_CODE_TABLES:
        if not unit.template.has(table_id):
            continue
        view = table_view(unit, table_id)
        for row in view.rows:
            code = row.key
            if code == TOTAL_ROW or t3.has_row(code):
                continue
            top = code
            while (parent := parent_code(top)) is not None and view.has_row(parent) and not t3.has_row(parent):
                top = parent
            entry = next((e for e in missing.setdefault(top, []) if e[0] is view), None)
            if entry is None:
                missing[top].append(entry := (view, []))
            if code != top:
                entry[1].append(code)
    for code in sorted(missing):
        entries = missing[code]
        where = "、".join(v.ref for v, _ in entries)
        below = max(len(codes) for _, codes in entries)
        also = f"（及其下 {below} 个科目）" if below else ""
        yield Finding("X-CODES-IN-T3", WARNING,
                      f"{where} 中的科目 {entries[0][0].row_label(code)}{also} 在{t3.ref} 支出决算表中没有对应的行",
                      tuple(Location(v.id, c) for v, codes in entries for c in [code] + codes))


@rule("X-T2-FISCAL", "有财政拨款支出的科目通常有财政拨款收入", INFO,
      "表5、表7、表9 中有支出的末级科目，在收入决算表（表2）中通常有财政拨款收入；全部来自年初结转时可以没有，"
      "故只作提示。",
      reads=("T2",) + FISCAL_CODE_TABLES)
def spent_codes_have_fiscal_income(unit):
    if not unit.template.has("T2"):
        return
    t2 = table_view(unit, "T2")
    money_unit = unit.meta.display_unit
    for table_id in FISCAL_CODE_TABLES:
        if not unit.template.has(table_id):
            continue
        view = table_view(unit, table_id)
        total_col = next(c.key for c in view.spec.columns if c.sum)   # 本年支出合计 / 小计
        for row in view.rows:
            if row.key == TOTAL_ROW or view.row_parts.get(row.key):
                continue                                               # only 末级 (leaf) codes
            spent = view.value(row.key, total_col)[0]
            if spent <= 0 or (t2.has_row(row.key) and t2.value(row.key, "fiscal")[0]):
                continue
            where = "没有该科目" if not t2.has_row(row.key) else "该科目的财政拨款收入为 0"
            locations = (view.location(row.key, total_col),) + (
                (t2.location(row.key, "fiscal"),) if t2.has_row(row.key) else ())
            yield Finding("X-T2-FISCAL", INFO,
                          f"{view.ref} {view.cell_label(row.key, total_col)} {money(spent, money_unit)}，"
                          f"但{t2.ref} 收入决算表{where}；如这笔支出全部来自年初结转，可不处理",
                          locations)
