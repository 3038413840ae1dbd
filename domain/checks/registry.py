"""The rule registry. A rule is a function `(unit) -> Iterable[Finding]` registered with a stable id,
a Chinese title, a default severity and a one-line explanation for the catalogue.

A rule may declare the tables it `reads`: its findings are then kept per unit and reused until one
of those tables changes (`UnitData.revision`), so a re-check after one edit recomputes only the rules
that edit touches. A rule without `reads` runs every time.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from .finding import SEVERITY_ORDER, Finding, identified


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: str
    explanation: str
    check: Callable[..., Iterable[Finding]]
    reads: tuple[str, ...] | None = None   # table ids (or "narrative") the findings depend on; None: anything

    @property
    def module(self) -> str:
        return getattr(self.check, "__module__", "") or ""


RULES: dict[str, Rule] = {}


def rule(rule_id: str, title: str, severity: str, explanation: str, reads: Iterable[str] | None = None):
    """Register a rule function under a stable id (e.g. T1-BALANCE, X-T5-T6-BASIC)."""
    def register(func):
        if rule_id in RULES:
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES[rule_id] = Rule(rule_id, title, severity, explanation, func, tuple(reads) if reads is not None else None)
        return func
    return register


def all_rules() -> list[Rule]:
    """Every registered rule, in registration order (the rule modules loaded first)."""
    _load_rule_modules()
    return list(RULES.values())


def run_checks(unit, rule_ids: Iterable[str] | None = None) -> list[Finding]:
    """Run every registered rule (or those named) and return the findings, errors first."""
    _load_rule_modules()
    selected = [RULES[r] for r in rule_ids] if rule_ids else list(RULES.values())
    cache = _cache_of(unit)
    findings: list[Finding] = []
    for r in selected:
        findings.extend(_run(r, unit, cache))
    return identified(sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity]), getattr(unit, "narrative", "") or "")


def _run(r: Rule, unit, cache: dict | None) -> tuple[Finding, ...] | list[Finding]:
    if r.reads is None or cache is None:
        return list(r.check(unit))
    meta = unit.meta
    key = (tuple(unit.revision(t) for t in r.reads), id(getattr(unit, "template", None)),
           meta.display_unit, meta.template_year, meta.year, meta.unit_name)
    hit = cache.get(r.id)
    if hit is not None and hit[0] == key:
        return hit[1]
    found = tuple(r.check(unit))
    cache[r.id] = (key, found)
    return found


class _Findings(dict):
    """rule id -> (state key, findings): carried to a snapshot as a copy (the findings are immutable)."""
    def carried(self, snapshot) -> "_Findings":
        return _Findings(self)


def _cache_of(unit) -> dict | None:
    """Per-unit cache of findings (only for units that count revisions, i.e. UnitData)."""
    cache = getattr(unit, "cache", None)
    if not callable(getattr(unit, "revision", None)) or not isinstance(cache, dict):
        return None
    found = cache.get("findings")
    if found is None:
        found = cache["findings"] = _Findings()
    return found


def _load_rule_modules() -> None:
    """Import the modules whose decorators fill RULES: domain/rulebook.py lists them, once."""
    from .. import rulebook  # noqa: F401  (the engine names no rule module itself)
