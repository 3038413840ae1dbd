"""The one entry list of the modules whose rules register themselves (`@rule` in each), in catalogue
order, and the catalogue's sections. Importing this module fills the registry: the check engine
(domain/checks/registry.py) asks for it when it first runs and knows no rule module by name — in
particular not the narrative package. A new rule module is added here, once."""
from __future__ import annotations

from .checks import codes_rules, cross_tables, empty_tables, negatives, table_identities, table_sums, workbook_source
from .narrative import coverage, leftovers, text_rules

RULE_MODULES: tuple[str, ...] = tuple(m.__name__ for m in (
    leftovers, text_rules, coverage,
    table_sums, table_identities, cross_tables, empty_tables, codes_rules, negatives, workbook_source))

# catalogue sections: (heading, the modules listed under it), in print order; other modules go last
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("表内关系", (table_sums.__name__, table_identities.__name__)),
    ("表间关系", (cross_tables.__name__,)),
    ("空表与说明", (empty_tables.__name__,)),
    ("科目编码", (codes_rules.__name__,)),
    ("金额", (negatives.__name__,)),
    ("部门决算说明", tuple(m.__name__ for m in (leftovers, text_rules, coverage))),
)
