"""The rule registry. A rule is a function `(unit) -> Iterable[Finding]` registered with a stable id,
a Chinese title, a default severity and a one-line explanation for the catalogue."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from .finding import SEVERITY_ORDER, Finding


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: str
    explanation: str
    check: Callable[..., Iterable[Finding]]


RULES: dict[str, Rule] = {}


def rule(rule_id: str, title: str, severity: str, explanation: str):
    """Register a rule function under a stable id (e.g. T1-BALANCE, X-T5-T6-BASIC)."""
    def register(func):
        if rule_id in RULES:
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES[rule_id] = Rule(rule_id, title, severity, explanation, func)
        return func
    return register


def run_checks(unit, rule_ids: Iterable[str] | None = None) -> list[Finding]:
    """Run every registered rule (or those named) and return the findings, errors first."""
    _load_rule_modules()
    selected = [RULES[r] for r in rule_ids] if rule_ids else list(RULES.values())
    findings = [f for r in selected for f in r.check(unit)]
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def _load_rule_modules() -> None:
    """Import the modules whose decorators fill RULES (listed in RULE_MODULES)."""
    import importlib
    for name in RULE_MODULES:
        importlib.import_module(name)


RULE_MODULES: list[str] = [
    "domain.narrative.leftovers",
]
