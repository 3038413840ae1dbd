"""Draft the 部门决算说明 from the tables, in the wording of the Beijing template.

Every figure in the draft is computed from the unit, so a fresh draft always checks clean; the
clerk then adds the reasons (主要原因…) in their own words. The demo unit uses it as its narrative.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..money import round_to
from ..unit import UnitData

INCOME_ITEMS = [("superior_grant", "上级补助收入"), ("business_income", "事业收入"), ("operating_income", "经营收入"),
                ("subsidiary_income", "附属单位上缴收入"), ("other_income", "其他收入")]
FISCAL_ITEMS = [("gpb_income", "一般公共预算财政拨款收入"), ("gov_fund_income", "政府性基金预算财政拨款收入"),
                ("soe_income", "国有资本经营预算财政拨款收入")]
EXPENSE_ITEMS = [("basic", "基本支出"), ("project", "项目支出"), ("remit_superior", "上缴上级支出"),
                 ("operating", "经营支出"), ("subsidiary_grant", "对附属单位补助支出")]


def wan(fen: int) -> str:
    """An amount as the narrative writes it: 万元, two decimals, no separators; 0 as 0."""
    return "0万元" if fen == 0 else f"{round_to(fen, '万元', 2)}万元"


def pct(part: int, whole: int) -> str:
    if whole == 0:
        return "0%"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value.normalize():f}%" if value == value.to_integral_value() else f"{value}%"


def change(current: int, prior: int | None, noun: str = "比上年") -> str:
    """比上年增加X万元，增长Y% / 减少…下降… / 持平 (nothing when there is no prior figure)."""
    if prior is None:
        return ""
    diff = current - prior
    if diff == 0:
        return f"，与上年持平"
    verb, rate = ("增加", "增长") if diff > 0 else ("减少", "下降")
    text = f"，{noun}{verb}{wan(abs(diff))}"
    return text + (f"，{rate}{pct(abs(diff), prior)}" if prior else "")


def versus_budget(final: int, budget: int, year: int) -> str:
    if final == budget:
        return f"与{year}年度年初预算数{wan(budget)}持平"
    verb = "增加" if final > budget else "减少"
    return f"比{year}年度年初预算数{wan(budget)}{verb}{wan(abs(final - budget))}"


def draft_narrative(unit: UnitData) -> str:
    y = unit.meta.year
    a = unit.amount
    prior = lambda key: unit.cell("X1", key, "amount") and a("X1", key, "amount")  # noqa: E731
    out: list[str] = [f"第二部分 {y}年度部门决算说明", "一、部门基本情况",
                      f"{unit.meta.unit_name}是区政府的派出机关，承担辖区公共服务、城市管理、社会治理等职责。"]

    grand = a("T1", "income_grand_total", "amount")
    out += ["二、收入支出决算总体情况说明", f"{y}年度收、支总计{wan(grand)}{change(grand, prior('grand_total'))}。", "（一）收入决算说明"]
    income = a("T1", "income_total", "amount")
    fiscal = sum(a("T1", k, "amount") for k, _ in FISCAL_ITEMS)
    parts = [f"财政拨款收入{wan(fiscal)}，占收入合计的{pct(fiscal, income)}"]
    parts += [f"{name}{wan(a('T1', k, 'amount'))}，占收入合计的{pct(a('T1', k, 'amount'), income)}" for k, name in INCOME_ITEMS]
    out.append(f"{y}年度本年收入合计{wan(income)}{change(income, prior('income_total'))}，其中：" + "；".join(parts) + "。")
    detail = "；".join(f"{name}{wan(a('T1', k, 'amount'))}" for k, name in FISCAL_ITEMS)
    out.append(f"财政拨款收入中：{detail}。")

    out.append("（二）支出决算说明")
    spent = a("T3", "total", "total")
    parts = [f"{name}{wan(a('T3', 'total', k))}，占支出合计的{pct(a('T3', 'total', k), spent)}" for k, name in EXPENSE_ITEMS]
    out.append(f"{y}年度本年支出合计{wan(spent)}{change(spent, prior('expense_total'))}，其中：" + "；".join(parts) + "。")

    fiscal_total = a("T4", "income_grand_total", "amount")
    out += ["三、财政拨款收入支出决算总体情况说明",
            f"{y}年度财政拨款收、支总计{wan(fiscal_total)}{change(fiscal_total, prior('fiscal_grand_total'))}。"]

    out += _fund_section(unit, "T5", "total", "四、一般公共预算财政拨款支出决算情况说明", "一般公共预算财政拨款支出", prior("gpb_expense"))
    out += _fund_section(unit, "T7", "exp_total", "五、政府性基金预算财政拨款支出决算情况说明", "政府性基金预算财政拨款支出", None)
    out += _fund_section(unit, "T9", "total", "六、国有资本经营预算财政拨款支出决算情况说明", "国有资本经营预算财政拨款支出", None)

    gpb_basic, fund_basic = a("T6", "personnel_total", "amount") + a("T6", "public_total", "amount"), a("T7", "total", "basic")
    out += ["七、财政拨款基本支出决算情况说明",
            f"{y}年度使用一般公共预算财政拨款安排基本支出{wan(gpb_basic)}，使用政府性基金财政拨款安排基本支出{wan(fund_basic)}。"
            f"其中：人员经费{wan(a('T6', 'personnel_total', 'amount'))}，主要包括基本工资、津贴补贴、奖金、绩效工资、"
            f"机关事业单位基本养老保险缴费、职业年金缴费、职工基本医疗保险缴费、住房公积金、退休费等；"
            f"公用经费{wan(a('T6', 'public_total', 'amount'))}，主要包括办公费、水费、电费、邮电费、取暖费、物业管理费、"
            "差旅费、维修（护）费、劳务费、工会经费、福利费、公务用车运行维护费、其他交通费用、办公设备购置等。"]

    out += [f"第三部分 {y}年度其他重要事项的情况说明"] + _three_public(unit)
    running = a("X2", "office_running", "value")
    out += ["二、机关运行经费支出情况", f"{y}年度机关运行经费支出合计{wan(running)}{change(running, prior('office_running'))}。"]
    p = lambda k: a("T11", "total", k)  # noqa: E731
    total = p("actual_total")
    out += ["三、政府采购支出情况",
            f"{y}年度政府采购支出总额{wan(total)}，其中：政府采购货物支出{wan(p('actual_goods'))}，政府采购工程支出{wan(p('actual_works'))}，"
            f"政府采购服务支出{wan(p('actual_services'))}。授予中小企业合同金额{wan(p('sme_contract'))}，占政府采购支出总额的"
            f"{pct(p('sme_contract'), total)}，其中：授予小微企业合同金额{wan(p('small_micro_contract'))}，占政府采购支出总额的"
            f"{pct(p('small_micro_contract'), total)}。"]
    x = lambda k: a("X2", k, "value")  # noqa: E731
    equipment = (f"单价100万元以上设备{x('asset_equipment')}台（套），金额{wan(x('asset_equipment_amount'))}"
                 if x("asset_equipment") else "无单价100万元以上的设备")
    out += ["四、国有资产占用情况",
            f"截至{y}年12月31日，本单位固定资产总额{wan(x('fixed_assets_total'))}，其中：车辆{x('asset_vehicles')}辆，"
            f"{wan(x('asset_vehicles_amount'))}；{equipment}。"]
    out += ["五、政府购买服务支出说明"] + [_purchase_services(unit)]
    return "\n".join(out) + "\n"


def _fund_section(unit: UnitData, table: str, col: str, heading: str, noun: str, prior: int | None) -> list[str]:
    y, a = unit.meta.year, unit.amount
    total = a(table, "total", col)
    if total == 0:
        return [heading, "本单位不涉及。"]
    classes = [r for r in unit.rows(table) if r.code and len(r.code) == 3]
    listing = "；".join(f"{_strip(r.label)}支出{wan(a(table, r.key, col))}，占本年财政拨款支出{pct(a(table, r.key, col), total)}"
                        for r in classes)
    out = [heading, "（一）总体情况",
           f"{y}年度{noun}{wan(total)}{change(total, prior)}，主要用于以下方面（按大类）：{listing}。", "（二）具体情况"]
    items = [r for r in unit.rows(table) if r.code and len(r.code) == 7]
    for i, r in enumerate(items, 1):
        path = [unit.row(table, r.code[:3]), unit.row(table, r.code[:5]), r]
        name = "".join(f"{_strip(p.label) if p.code and len(p.code) == 3 else p.label}（{lvl}）" for p, lvl in zip(path, "类款项"))
        final, budget = a(table, r.key, col), a(table, r.key, "initial_budget")
        rate = f"，完成年初预算的{pct(final, budget)}" if budget else ""
        out.append(f"{i}.{name}。{y}年度年初预算{wan(budget)}，决算{wan(final)}{rate}。")
    return out


def _strip(label: str) -> str:
    return label[:-2] if label.endswith("支出") else label


def _three_public(unit: UnitData) -> list[str]:
    y = unit.meta.year
    f = lambda k: unit.amount("T10", "amount", f"final_{k}")  # noqa: E731
    b = lambda k: unit.amount("T10", "amount", f"budget_{k}")  # noqa: E731
    x = lambda k: unit.amount("X2", k, "value")  # noqa: E731
    total, budget = f("total"), b("total")
    verb = "持平" if total == budget else ("增加" if total > budget else "减少")
    head = (f"{y}年度“三公”经费财政拨款决算数{wan(total)}，比{y}年度“三公”经费财政拨款年初预算{wan(budget)}"
            + (f"{verb}{wan(abs(total - budget))}" if total != budget else "持平") + "。其中：")
    vehicles = x("vehicles_held")
    average = f"，车均运行维护费{wan(f('vehicle_operation') // vehicles)}" if vehicles else ""
    return ["一、“三公”经费财政拨款决算情况", head,
            f"1.因公出国（境）费用。{y}年度决算数{wan(f('abroad'))}，{versus_budget(f('abroad'), b('abroad'), y)}。"
            f"全年因公出国（境）团组{x('abroad_groups')}个，{x('abroad_persons')}人次。",
            f"2.公务接待费。{y}年度决算数{wan(f('reception'))}，{versus_budget(f('reception'), b('reception'), y)}。"
            f"全年国内公务接待{x('reception_batches')}批次，{x('reception_persons')}人次。",
            f"3.公务用车购置及运行维护费。{y}年度决算数{wan(f('vehicle'))}，{versus_budget(f('vehicle'), b('vehicle'), y)}。"
            f"其中，公务用车购置费{y}年度决算数{wan(f('vehicle_purchase'))}，{versus_budget(f('vehicle_purchase'), b('vehicle_purchase'), y)}；"
            f"公务用车运行维护费{y}年度决算数{wan(f('vehicle_operation'))}，{versus_budget(f('vehicle_operation'), b('vehicle_operation'), y)}。"
            f"{y}年度公务用车保有量{vehicles}辆{average}。",
            "本单位本年度未安排政府性基金财政拨款“三公”经费相关支出。"]


def _purchase_services(unit: UnitData) -> str:
    y = unit.meta.year
    rows = [r for r in unit.rows("T12") if r.key != "total"]
    total = unit.amount("T12", "total", "amount")
    if not rows:
        return "本单位不涉及。"
    groups: dict[str, list[int]] = {}
    for r in rows:
        groups.setdefault(unit.text("T12", r.key, "catalog1") or "其他", []).append(unit.amount("T12", r.key, "amount"))
    detail = "；".join(f"{i}、{name}项目{len(v)}个，决算金额{wan(sum(v))}" for i, (name, v) in enumerate(groups.items(), 1))
    return f"{y}年度政府购买服务决算{wan(total)}，涉及项目{len(rows)}个，其中：{detail}。"
