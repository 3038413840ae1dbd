"""Units that break one relation each, for tests/test_check_rules.py.

Every scenario starts from the demo unit (which checks clean) and changes as little as possible to
break its rule's relation. Where the relation is implied by others (表1 ↔ 表2 ↔ 表4 form a triangle;
a total is shared by several relations), the scenario lists the other rules that must fire with it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from domain.checks import run_checks
from domain.checks.finding import Location
from domain.checks.registry import RULES
from domain.demo import build_demo
from domain.money import to_fen
from domain.unit import IMPORTED, UnitData

ROUNDED = 5000          # ± 分 of a value imported in 万元 with two decimals


def W(text: str) -> int:
    return to_fen(text, "万元")


def L(table: str, row: str | None = None, col: str | None = None) -> Location:
    return Location(table, row, col)


def engine_findings(unit: UnitData):
    """Findings of the check engine's own rules (the narrative rules are tested elsewhere)."""
    return [f for f in run_checks(unit) if RULES[f.rule].module.startswith("domain.checks.")]


def claim(unit: UnitData, table: str, row: str, col: str, fen: int, tolerance: int = ROUNDED) -> None:
    """An imported value for a cell (a derived cell keeps it; the checks compare it with its parts)."""
    unit.set_amount(table, row, col, fen, IMPORTED, tolerance)


def add(unit: UnitData, table: str, row: str, col: str, fen: int) -> None:
    unit.set_amount(table, row, col, unit.amount(table, row, col) + fen)


def with_soe(unit: UnitData, code: str = "2230101", project: str = "5.00") -> UnitData:
    """The demo with 国有资本经营预算 money spent on one 项 (every table that shows it updated)."""
    fen = W(project)
    for table in ("T9", "T3", "T2"):
        unit.add_row(table, code)
    unit.set_amount("T9", code, "basic", 0)
    unit.set_amount("T9", code, "project", fen)
    unit.set_amount("T3", code, "project", fen)
    unit.set_amount("T2", code, "fiscal", fen)
    add(unit, "T1", "soe_income", "amount", fen)
    add(unit, "T1", code[:3], "amount_exp", fen)
    add(unit, "T4", "soe_income", "amount", fen)
    add(unit, "T4", code[:3], "soe", fen)
    unit.set_note("T9", None)
    unit.refresh_derived()
    return unit


def without_gov_fund(unit: UnitData) -> UnitData:
    """The demo without its 政府性基金 money: 表7 and 表8 empty, 表1/2/3/4 without it."""
    for code in list(unit.extra_rows.get("T7", {})):
        unit.remove_row("T7", code)
    for table in ("T2", "T3"):
        for code in ("2296002", "22960", "229"):
            unit.remove_row(table, code)
    unit.set_amount("T1", "gov_fund_income", "amount", 0)
    unit.set_amount("T1", "229", "amount_exp", 0)
    unit.set_amount("T4", "gov_fund_income", "amount", 0)
    unit.set_amount("T4", "229", "gov_fund", 0)
    unit.refresh_derived()
    return unit


def imported_copy(unit: UnitData) -> UnitData:
    """The unit as if read from a workbook in 万元: every amount imported, ± 0.005 万元."""
    copy = unit.copy()
    shown = {**{k: c.amount for k, c in copy.cells.items() if c.amount is not None}, **copy.derived_values()}
    for key, amount in shown.items():
        if copy.template.table(key[0]).column(key[2]).kind == "money":
            claim(copy, *key, amount)
    return copy


@dataclass
class Scenario:
    name: str
    change: Callable[[UnitData], object]
    rule: str
    severity: str
    message: str
    locations: tuple[Location, ...] | None = None
    also: frozenset[str] = field(default_factory=frozenset)   # rules the same change must also break
    base: Callable[[], UnitData] = build_demo

    def unit(self) -> UnitData:
        unit = self.base()
        self.change(unit)
        unit.refresh_derived()
        return unit
