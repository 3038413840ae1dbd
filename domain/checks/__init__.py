"""The check engine: rules that yield findings (审核公式, in plain Chinese)."""
from .finding import ERROR, INFO, WARNING, Finding, Location
from .registry import RULES, Rule, rule, run_checks

__all__ = ["ERROR", "WARNING", "INFO", "Finding", "Location", "Rule", "RULES", "rule", "run_checks"]
