"""The core's structure (issue 8): the engine knows no rule module by name, no import cycle between
the narrative report and its table rules, one code book loaded once, one fund vocabulary."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imports_in_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom):
                    out.append("." * inner.level + (inner.module or ""))
    return out


def test_the_engine_names_no_narrative_module():
    for path in (ROOT / "domain" / "checks").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""["']domain\.narrative|from \.\.narrative|import narrative""", text), path.name


def test_the_narrative_report_imports_its_table_rules_at_the_top():
    assert not [m for m in imports_in_functions(ROOT / "domain" / "narrative" / "report.py") if "table_rules" in m]
    table_rules = (ROOT / "domain" / "narrative" / "table_rules.py").read_text(encoding="utf-8")
    assert "from .report import" not in table_rules                 # no cycle


def test_every_rule_module_is_listed_once_and_registers_rules():
    from domain.checks.registry import all_rules
    from domain.rulebook import RULE_MODULES
    modules = {r.module for r in all_rules()}
    assert len(RULE_MODULES) == len(set(RULE_MODULES)) and modules == set(RULE_MODULES)


def test_the_code_book_is_read_in_one_place_and_funds_have_one_name():
    readers = [p for p in (ROOT / "domain").rglob("*.py")
               if re.search(r"resource\(\s*\"codes\"", p.read_text(encoding="utf-8"))]
    assert [p.name for p in readers] == ["codes.py"]
    from domain.codes import FUNCTIONAL, load_codes
    from domain.funds import GOV_FUND, GPB, SOE
    codes = load_codes(FUNCTIONAL, 2024)
    assert set(codes.funds.values()) <= {GOV_FUND, SOE, "social_insurance"}
    assert codes.fund_of("2010301") == GPB
    assert any(codes.fund_of(c) == SOE for c in codes.names)


def test_one_interval_for_a_written_figure():
    """Before: Interval.rounded, Figure.interval() and the narrative's interval() disagreed (a bare 0,
    a count, an amount in 元)."""
    from decimal import Decimal

    from domain.narrative.figures import find_figures
    from domain.narrative.relations import interval
    from domain.rounding import Interval
    for text, decimals, exact_zero in (("0万元", 0, True), ("12.30万元", 2, True), ("4.5%", 1, False)):
        fig = find_figures(f"支出{text}。").figures[0]
        assert interval(fig) == Interval.rounded(fig.value, decimals, exact_zero=exact_zero), text
    assert Interval.rounded(Decimal(0), 0) == Interval(0, 0)
    assert not hasattr(find_figures("5辆").figures[0], "interval")
