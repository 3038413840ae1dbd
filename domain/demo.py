"""A complete, consistent sample unit: a 街道办事处 with 一般公共预算 money and a little 政府性基金.

Only leaf values are written here; every 合计/小计/总计 and every cross-table figure (表1, 表4, 表2's
财政拨款收入 …) is computed from them, so the sample cannot contradict itself.
"""
from __future__ import annotations

from .money import to_fen
from .narrative.draft import draft_narrative
from .unit import UnitData, UnitMeta

W = lambda text: to_fen(text, "万元")  # noqa: E731  amounts below are written in 万元

# 一般公共预算 (表5): code -> (基本支出, 项目支出, 年初预算), in 万元
GPB = {
    "2010301": ("2315.42", "0", "2290.00"),
    "2010350": ("486.37", "0", "480.00"),
    "2010399": ("0", "612.80", "650.00"),
    "2013299": ("0", "45.60", "50.00"),
    "2080208": ("0", "1268.45", "1300.00"),
    "2080505": ("398.21", "0", "398.21"),
    "2080506": ("159.28", "0", "159.28"),
    "2101101": ("176.52", "0", "180.00"),
    "2120104": ("0", "532.19", "560.00"),
    "2120501": ("0", "1845.33", "1900.00"),
    "2210201": ("245.66", "0", "245.66"),
    "2210203": ("38.74", "0", "40.00"),
}
GOV_FUND = {"2296002": ("0", "12.50", "12.50")}     # 政府性基金 (表7)
OTHER_INCOME = {"2120501": "8.20"}                  # 其他收入, spent as 项目支出
BEGIN_GPB = "20.00"                                  # 年初财政拨款结转 (一般公共预算), spent this year

# 表6 一般公共预算财政拨款基本支出 by 经济分类 款; 30299 takes the remainder so 表6 = 表5 基本支出
ECONOMIC = {
    "30101": "620.35", "30102": "812.40", "30103": "96.12", "30107": "488.90", "30108": "398.21",
    "30109": "159.28", "30110": "176.52", "30112": "22.38", "30113": "245.66", "30199": "58.00",
    "30201": "45.30", "30205": "8.12", "30206": "36.75", "30207": "12.44", "30208": "40.10",
    "30209": "152.60", "30211": "3.25", "30213": "28.90", "30215": "1.20", "30216": "4.60",
    "30217": "0.85", "30226": "86.40", "30228": "38.60", "30229": "22.10", "30231": "6.84",
    "30239": "54.20", "30302": "12.30", "30305": "2.30", "30309": "1.50", "30399": "38.74",
    "31002": "9.80",
}
THREE_PUBLIC = {  # 表10, 万元
    "budget_abroad": "0", "budget_vehicle_purchase": "0", "budget_vehicle_operation": "8.00", "budget_reception": "1.50",
    "final_abroad": "0", "final_vehicle_purchase": "0", "final_vehicle_operation": "6.84", "final_reception": "0.85",
}
PROCUREMENT = {  # 表11, 万元
    "plan_goods": "60.00", "plan_works": "320.00", "plan_services": "1450.00",
    "actual_goods": "52.36", "actual_works": "298.40", "actual_services": "1385.72",
    "sme_contract": "1520.18", "small_micro_contract": "980.06",
}
PROJECTS = [  # 表12: name, 一级目录, 二级目录, 三级目录, 承接主体, 万元
    ("社区养老服务驿站运营", "公共服务", "养老服务", "居家养老服务", "北京康宁养老服务有限公司", "186.00"),
    ("辖区道路及公共区域保洁", "公共服务", "城市维护", "环境卫生", "北京洁城环境服务有限公司", "1120.50"),
    ("街道财务收支审计", "政府履职辅助性服务", "审计服务", "财务审计", "北京正信会计师事务所", "24.30"),
]
PRIOR = {  # X1 上年数, 万元
    "grand_total": "7895.33", "income_total": "7880.13", "expense_total": "7895.33",
    "fiscal_grand_total": "7887.13", "fiscal_income": "7872.13", "fiscal_expense": "7887.13",
    "gpb_expense": "7877.13", "basic_expense": "3756.48", "project_expense": "4138.85",
    "office_running": "531.50", "three_public": "8.12",
}
OTHER = {  # X2: money in 万元, counts as integers
    "abroad_groups": 0, "abroad_persons": 0, "reception_batches": 3, "reception_persons": 26, "vehicles_held": 2,
    "fixed_assets_total": "3256.78", "asset_vehicles": 2, "asset_vehicles_amount": "42.60",
    "asset_equipment": 0, "asset_equipment_amount": "0",
}

TEXTS = {  # what the clerk writes in the narrative (the tables cannot say it)
    "basic_info": "北京市示例区示范街道办事处是区政府的派出机关，承担辖区公共服务、城市管理、社会治理等职责。",
    "reason.fiscal": "城乡社区环境卫生和社区治理项目支出增加",
    "reason.3p.reception": "严格执行公务接待标准，减少接待批次",
    "reason.3p.vehicle_operation": "公务用车维修次数减少",
    "reason.office_running": "办公用房维修改造和物业管理费用增加",
}


def build_demo(year: int = 2024) -> UnitData:
    unit = UnitData(UnitMeta("北京市示例区示范街道办事处", year, "110199001"))
    _expenditure(unit)
    _economic(unit)
    has = unit.template.has          # a set without a table (another province's) gets the others
    if has("T4A"):
        _gpb_income_expense(unit)
    if has("T10"):
        _fixed(unit, "T10", "amount", THREE_PUBLIC)
    if has("T11"):
        _fixed(unit, "T11", "total", PROCUREMENT)
    if has("T12"):
        _projects(unit)
    for key, value in PRIOR.items():
        unit.set_amount("X1", key, "amount", W(value))
    for key, value in OTHER.items():
        unit.set_amount("X2", key, "value", value if isinstance(value, int) else W(value))
    unit.refresh_derived()
    unit.set_amount("X2", "office_running", "value", unit.amount("T6", "public_total", "amount"))
    for table_id, note in (("T8", "本单位本年度没有政府性基金预算财政拨款基本支出，故本表无数据。"),
                           ("T9", "本单位本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据。")):
        if has(table_id):
            unit.set_note(table_id, note)
    unit.narrative = draft_narrative(unit, TEXTS)
    return unit


def _expenditure(unit: UnitData) -> None:
    """表5, 表7, 表3, 表2 by 功能分类 code, then 表1 and 表4 from their totals."""
    for table, data in (("T5", GPB), ("T7", GOV_FUND)):
        basic_col = "basic"
        for code, (basic, project, budget) in data.items():
            unit.add_row(table, code)
            unit.set_amount(table, code, basic_col, W(basic))
            unit.set_amount(table, code, "project", W(project))
            unit.set_amount(table, code, "initial_budget", W(budget))
    for code, (basic, project, _) in GOV_FUND.items():
        unit.set_amount("T7", code, "income", W(basic) + W(project))
        unit.set_amount("T7", code, "begin_balance", 0)
        unit.set_amount("T7", code, "end_balance", 0)
    begin_code = next(iter(GPB))   # the carried-over money was spent on the first 项
    for code, (basic, project, _) in {**GPB, **GOV_FUND}.items():
        other = W(OTHER_INCOME.get(code, "0"))
        for table in ("T2", "T3"):
            unit.add_row(table, code)
        unit.set_amount("T3", code, "basic", W(basic))
        unit.set_amount("T3", code, "project", W(project) + other)
        carried = W(BEGIN_GPB) if code == begin_code else 0
        unit.set_amount("T2", code, "fiscal", W(basic) + W(project) - carried)
        unit.set_amount("T2", code, "other", other)
    unit.refresh_derived()

    gpb_spent = unit.amount("T5", "total", "total")
    fund_spent = unit.amount("T7", "total", "exp_total")
    begin = W(BEGIN_GPB)
    t1 = {"gpb_income": gpb_spent - begin, "gov_fund_income": fund_spent,
          "other_income": unit.amount("T2", "total", "other"), "begin_balance": begin}
    for key, value in t1.items():
        unit.set_amount("T1", key, "amount", value)
    t4 = {"gpb_income": gpb_spent - begin, "gov_fund_income": fund_spent, "begin_gpb": begin}
    for key, value in t4.items():
        unit.set_amount("T4", key, "amount", value)
    for row in unit.rows("T3"):
        if row.code and len(row.code) == 3:
            unit.set_amount("T1", row.code, "amount_exp", unit.amount("T3", row.code, "total"))
            unit.set_amount("T4", row.code, "gpb", unit.amount("T5", row.code, "total") if unit.row("T5", row.code) else 0)
            unit.set_amount("T4", row.code, "gov_fund", unit.amount("T7", row.code, "exp_total") if unit.row("T7", row.code) else 0)


def _projects(unit: UnitData) -> None:
    for i, (name, c1, c2, c3, provider, amount) in enumerate(PROJECTS, 1):
        key = f"p{i}"
        unit.add_row("T12", key, name)
        for col, text in (("name", name), ("catalog1", c1), ("catalog2", c2), ("catalog3", c3), ("provider", provider)):
            unit.set_text("T12", key, col, text)
        unit.set_amount("T12", key, "amount", W(amount))


def _gpb_income_expense(unit: UnitData) -> None:
    """The 2023 一般公共预算财政拨款收入支出决算表: 表5's codes with their 本年收入 and the 年初结转
    (spent on the first 项), nothing carried to next year, so it agrees with 表4 and 表5."""
    begin_code = next(iter(GPB))
    for code, (basic, project, _) in GPB.items():
        carried = W(BEGIN_GPB) if code == begin_code else 0
        unit.add_row("T4A", code)
        for col, value in (("begin_balance", carried), ("income", W(basic) + W(project) - carried),
                           ("basic", W(basic)), ("project", W(project)), ("end_balance", 0)):
            unit.set_amount("T4A", code, col, value)
    unit.refresh_derived()


def _economic(unit: UnitData) -> None:
    for code, value in ECONOMIC.items():
        unit.set_amount("T6", code, "amount", W(value))
    unit.refresh_derived()
    gap = unit.amount("T5", "total", "basic") - unit.amount("T6", "personnel_total", "amount") - unit.amount("T6", "public_total", "amount")
    unit.set_amount("T6", "30299", "amount", gap)


def _fixed(unit: UnitData, table: str, row: str, values: dict[str, str]) -> None:
    for col, value in values.items():
        unit.set_amount(table, row, col, W(value))
