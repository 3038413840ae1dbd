"""The full 部门决算说明 written from the tables, section by section, in the year's wording.

Every figure is computed from the unit (exact 分, rounded once as the template shows it). What only
the clerk knows (the unit's functions, the reasons for a change) is taken from `texts` when given,
else left as a marked placeholder (【请填写…】) that the checker reports until it is filled in.

Text slots (keys of `texts`): "basic_info"; "reason.fiscal", "reason.office_running",
"reason.3p.abroad", "reason.3p.reception", "reason.3p.vehicle_purchase", "reason.3p.vehicle_operation".
"""
from __future__ import annotations

from ...prior import class_prior
from ...unit import UnitData
from ..table_rules import TableSource
from .amounts import compare, pct, wan
from .wording import Wording, load_wording

FUNDS = (("gpb", "T5", "total"), ("gov_fund", "T7", "exp_total"), ("soe", "T9", "total"))


class Draft:
    """One drafting run: the unit, its wording, the clerk's texts."""

    def __init__(self, unit: UnitData, texts: dict[str, str] | None = None):
        self.unit = unit
        self.w: Wording = load_wording(unit.meta.year)
        self.y = unit.meta.year
        self.texts = texts or {}
        self.source = TableSource(unit)     # which tables and 年初预算 columns hold values (as the checks see it)

    # ---- helpers --------------------------------------------------------------------------------
    def a(self, table: str, row: str, col: str) -> int:
        return self.unit.amount(table, row, col)

    def prior(self, key: str) -> int | None:
        """X1 上年数, None when not entered (no comparison is written then)."""
        cell = self.unit.cell("X1", key, "amount")
        return cell.amount if cell is not None and cell.amount is not None else None

    def x2(self, key: str) -> int | None:
        cell = self.unit.cell("X2", key, "value")
        return cell.amount if cell is not None and cell.amount is not None else None

    def change(self, current: int, key: str) -> str:
        return self.versus_prior(current, self.prior(key))

    def versus_prior(self, current: int, base: int | None) -> str:
        """“，比上年增加…” against an 上年数; nothing when it was not entered."""
        return "" if base is None else "，" + compare(self.w, "prior", current, base, self.y)

    def reason(self, slot: str, needed: bool = True) -> str:
        """“，主要原因：…” with the clerk's text, or the placeholder; nothing when not needed."""
        if not needed:
            return ""
        text = (self.texts.get(slot) or "").strip().rstrip("。；;，,") or self.w.get("reason_placeholder")
        return "，" + self.w.fill("reason", reason=text)

    def f(self, key: str, /, **fields) -> str:
        return self.w.fill(key, year=self.y, **fields)

    # ---- the text -------------------------------------------------------------------------------
    def text(self) -> str:
        out = [self.f("part2"), *self.basic_info(), *self.totals(), *self.fiscal()]
        for fund, table, col in FUNDS:
            out += self.fund_section(fund, table, col)
        out += self.basic()
        out += [self.f("part3"), *self.three_public(), *self.office_running(), *self.procurement(), *self.assets(),
                *self.services(), *self.terms()]
        return "\n".join(out) + "\n"

    def basic_info(self) -> list[str]:
        own = (self.texts.get("basic_info") or "").strip()
        body = own or self.f("basic_info.text", unit_name=self.unit.meta.unit_name)
        return [self.f("basic_info.heading"), body]

    def totals(self) -> list[str]:
        a = self.a
        grand, income = a("T1", "income_grand_total", "amount"), a("T1", "income_total", "amount")
        out = [self.f("totals.heading"), self.f("totals.grand", grand=wan(grand), change=self.change(grand, "grand_total")),
               self.f("totals.income_heading"),
               self.f("totals.income", income=wan(income), change=self.change(income, "income_total"))]
        funds = [(name, a("T1", key, "amount")) for key, name in self.w.get("totals.funds")]
        fiscal = sum(v for _, v in funds)
        out.append(self.f("totals.fiscal_item", fiscal=wan(fiscal), fiscal_share=pct(fiscal, income),
                          funds="；".join(self.f("totals.fund_item", name=n, amount=wan(v), share=pct(v, income))
                                         for n, v in funds)))
        items = self.w.get("totals.income_items")
        for n, (key, name) in enumerate(items, 2):
            v = a("T1", key, "amount")
            out.append(self.f("totals.other_item", n=n, name=name, amount=wan(v), share=pct(v, income),
                              end="。" if n == len(items) + 1 else "；"))
        spent = a("T3", "total", "total")
        listing = "；".join(self.f("totals.expense_item", name=name, amount=wan(a("T3", "total", key)),
                                  share=pct(a("T3", "total", key), spent)) for key, name in self.w.get("totals.expense_items"))
        out += [self.f("totals.expense_heading"),
                self.f("totals.expense", expense=wan(spent), change=self.change(spent, "expense_total"), items=listing)]
        return out

    def fiscal(self) -> list[str]:
        total = self.a("T4", "income_grand_total", "amount")
        prior = self.prior("fiscal_grand_total")
        reason = self.reason("reason.fiscal", prior is not None and prior != total)
        return [self.f("fiscal.heading"),
                self.f("fiscal.text", total=wan(total), change=self.change(total, "fiscal_grand_total"), reason=reason)]

    def fund_section(self, fund: str, table: str, col: str) -> list[str]:
        words = f"funds.{fund}"
        total = self.a(table, "total", col)
        rows = [r for r in self.unit.rows(table) if r.code and (self.a(table, r.key, col) or self.a(table, r.key, "initial_budget"))]
        if total == 0 and not rows:
            return [self.f(f"{words}.heading"), self.f(f"{words}.empty")]
        classes = "；".join(self.fund_class(fund, table, col, r, total) for r in rows if len(r.code) == 3)
        change = self.change(total, "gpb_expense") if fund == "gpb" else ""
        out = [self.f(f"{words}.heading"), self.f(f"{words}.overall_heading"),
               self.f("fund_overall", noun=self.w.get(f"{words}.noun"), total=wan(total), change=change, classes=classes),
               self.f(f"{words}.detail_heading")]
        style = self.w.get("fund_row")
        for i, r in enumerate((r for r in rows if style.get("style") != "path" or len(r.code) == 7), 1):
            out.append(self.fund_row(table, col, r, i, total))
        return out

    def fund_class(self, fund: str, table: str, col: str, row, total: int) -> str:
        """One 类 of the overall paragraph, compared with its 上年数 (X4) when that was entered."""
        final = self.a(table, row.key, col)
        return self.f("fund_class", name=row.label, amount=wan(final), share=pct(final, total),
                      change=self.versus_prior(final, class_prior(self.unit, fund, row.code)))

    def fund_row(self, table: str, col: str, row, number: int, total: int) -> str:
        """One 功能分类 row: nested (“行政运行”（项）… 2024) or as a path of names (…（类）…（款）…（项）, 2023)."""
        style = self.w.get("fund_row")
        levels = style["levels"]
        final, budget = self.a(table, row.key, col), self.a(table, row.key, "initial_budget")
        if style.get("style") == "path":
            path = [self.unit.row(table, row.code[:n]) for n in (3, 5, 7)]
            names = "".join(f"{p.label.removesuffix('支出') if len(p.code) == 3 else p.label}（{levels[str(len(p.code))]}）"
                            for p in path)
            return self.f("fund_row.text", number=number, path=names, final=wan(final), share=pct(final, total))
        if table not in self.source.budget_cols:
            key = "fund_row.no_budget_column"      # 年初预算 never entered (an imported workbook has none)
        else:
            key = "fund_row.text" if budget else "fund_row.no_budget"
        return self.f(key, name=row.label, level=levels[str(len(row.code))], budget=wan(budget), final=wan(final),
                      rate=pct(final, budget), share=pct(final, total), more=style["more"] if len(row.code) < 7 else "")

    def basic(self) -> list[str]:
        personnel, public = self.a("T6", "personnel_total", "amount"), self.a("T6", "public_total", "amount")
        return [self.f("basic.heading"),
                self.f("basic.text", gpb=wan(personnel + public), gov_fund=wan(self.a("T7", "total", "basic")),
                       personnel=wan(personnel), public=wan(public))]

    def three_public(self) -> list[str]:
        fin = lambda k: self.a("T10", "amount", f"final_{k}")     # noqa: E731
        bud = lambda k: self.a("T10", "amount", f"budget_{k}")    # noqa: E731
        vs = lambda k: compare(self.w, "budget", fin(k), bud(k), self.y)   # noqa: E731
        count = lambda k: self.x2(k) or 0                          # noqa: E731
        vehicles = count("vehicles_held")
        average = self.f("three_public.average", average=wan(fin("vehicle_operation") // vehicles)) if vehicles else ""
        out = [self.f("three_public.heading"),
               self.f("three_public.total", final=wan(fin("total")),
                      versus=compare(self.w, "three_public_budget", fin("total"), bud("total"), self.y)),
               self.f("three_public.abroad", final=wan(fin("abroad")), versus=vs("abroad"),
                      reason=self.reason("reason.3p.abroad", fin("abroad") != bud("abroad")),
                      groups=count("abroad_groups"), persons=count("abroad_persons")),
               self.f("three_public.reception", final=wan(fin("reception")), versus=vs("reception"),
                      reason=self.reason("reason.3p.reception", fin("reception") != bud("reception")),
                      batches=count("reception_batches"), persons=count("reception_persons")),
               self.f("three_public.vehicle", final=wan(fin("vehicle")), versus=vs("vehicle"),
                      purchase=wan(fin("vehicle_purchase")), purchase_versus=vs("vehicle_purchase"),
                      purchase_reason=self.reason("reason.3p.vehicle_purchase", fin("vehicle_purchase") != bud("vehicle_purchase")),
                      operation=wan(fin("vehicle_operation")), operation_versus=vs("vehicle_operation"),
                      operation_reason=self.reason("reason.3p.vehicle_operation",
                                                   fin("vehicle_operation") != bud("vehicle_operation")),
                      vehicles=vehicles, average=average),
               self.f("three_public.gov_fund")]
        return out

    def office_running(self) -> list[str]:
        amount = self.x2("office_running")
        if amount is None:
            return [self.f("office_running.heading"), self.f("office_running.missing")]
        prior = self.prior("office_running")
        return [self.f("office_running.heading"),
                self.f("office_running.text", amount=wan(amount), change=self.change(amount, "office_running"),
                       reason=self.reason("reason.office_running", prior is not None and prior != amount))]

    def procurement(self) -> list[str]:
        p = lambda k: self.a("T11", "total", k)   # noqa: E731
        total = p("actual_total")
        if total == 0:
            return [self.f("procurement.heading"), self.f("procurement.empty")]
        return [self.f("procurement.heading"),
                self.f("procurement.text", total=wan(total), goods=wan(p("actual_goods")), works=wan(p("actual_works")),
                       services=wan(p("actual_services")), sme=wan(p("sme_contract")), sme_share=pct(p("sme_contract"), total),
                       small=wan(p("small_micro_contract")), small_share=pct(p("small_micro_contract"), total))]

    def assets(self) -> list[str]:
        fixed = self.x2("fixed_assets_total")
        if not fixed:
            return [self.f("assets.heading"), self.f("assets.empty" if fixed == 0 else "assets.missing")]
        x = lambda k: self.x2(k) or 0    # noqa: E731
        equipment = (self.f("assets.equipment", count=x("asset_equipment"), amount=wan(x("asset_equipment_amount")))
                     if x("asset_equipment") else self.f("assets.no_equipment"))
        return [self.f("assets.heading"),
                self.f("assets.text", fixed=wan(fixed), vehicles=x("asset_vehicles"),
                       vehicles_amount=wan(x("asset_vehicles_amount")), equipment=equipment)]

    def services(self) -> list[str]:
        rows = [r for r in self.unit.rows("T12") if r.key != "total"]
        if not rows:
            return [self.f("services.heading"), self.f("services.empty")]
        groups: dict[str, list[int]] = {}
        for r in rows:
            groups.setdefault(self.unit.text("T12", r.key, "catalog1") or "其他", []).append(self.a("T12", r.key, "amount"))
        detail = "；".join(self.f("services.group", n=i, name=name, count=len(v), amount=wan(sum(v)))
                          for i, (name, v) in enumerate(groups.items(), 1))
        return [self.f("services.heading"),
                self.f("services.text", total=wan(self.a("T12", "total", "amount")), count=len(rows), groups=detail)]

    def terms(self) -> list[str]:
        return [self.f("terms.heading"), *self.w.get("terms.items")] if self.w.has("terms") else []


def draft_text(unit: UnitData, texts: dict[str, str] | None = None) -> str:
    return Draft(unit, texts).text()
