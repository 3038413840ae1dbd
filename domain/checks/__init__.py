"""The check engine: rules that yield findings (审核公式, in plain Chinese).

finding.py          Finding, Location (immutable; `as_dict` is the `check --json` form)
registry.py         the `rule(...)` decorator, `run_checks(unit)`, per-unit cache of results by table revision
view.py             a table as the checks see it: values (分, ± 分), labels of rows/columns/cells
compare.py          comparing two sides with rounding intervals; the wording of a broken relation
relations.py        declarative relations (`"T5.total.basic = T6.personnel_total.amount + …"`)
table_sums.py       T1-SUM … T12-SUM: every template sum and 类/款/项 hierarchy
table_identities.py T1-BALANCE, T4-BALANCE, T4-FUND-BALANCE, T7-ROLL, T11-SME
cross_tables.py     X-…: 表1↔2↔3↔4, 表4↔5/7/9, 表5↔6, 表7↔8, the ⊂ relations, codes in 表3/表2
empty_tables.py     EMPTY-NOTE, EMPTY-NOTE-WITH-DATA, X-T4-T7-EMPTY, X-T4-T9-EMPTY
codes_rules.py      CODE-LEVEL, CODE-DEPTH, CODE-UNKNOWN, CODE-FUND
negatives.py        NEGATIVE
workbook_source.py  IMPORT-UNIT-NAME: a workbook imported with another unit's name on it
catalogue.py        the rule catalogue (`python main.py rules`, docs/rules.md)
"""
from .finding import ERROR, INFO, WARNING, Finding, Location
from .registry import RULES, Rule, rule, run_checks

__all__ = ["ERROR", "WARNING", "INFO", "Finding", "Location", "Rule", "RULES", "rule", "run_checks"]
