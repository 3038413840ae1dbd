"""Classification code lists: 支出功能分类 (类/款/项: 3/5/7 digits) and 经济分类 (类/款: 3/5 digits)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from .paths import resource

FUNCTIONAL = "functional"
ECONOMIC = "economic"
LEVELS = {FUNCTIONAL: {3: "类", 5: "款", 7: "项"}, ECONOMIC: {3: "类", 5: "款"}}


@dataclass(frozen=True)
class CodeList:
    system: str
    year: int | None
    names: dict[str, str] = field(default_factory=dict)

    def name(self, code: str) -> str | None:
        return self.names.get(code)

    def __contains__(self, code: str) -> bool:
        return code in self.names

    def is_well_formed(self, code: str) -> bool:
        return code.isdigit() and len(code) in LEVELS[self.system]

    def level_name(self, code: str) -> str:
        return LEVELS[self.system].get(len(code), "?")

    def code_for_name(self, name: str, parent: str | None = None) -> str | None:
        """Find a code by its name (narratives and some workbooks give names only)."""
        wanted = normalise_name(name)
        for code, known in self.names.items():
            if parent and not (code.startswith(parent) and len(code) == len(parent) + 2):
                continue
            if normalise_name(known) == wanted:
                return code
        return None


def parent_code(code: str) -> str | None:
    """类 of a 款, 款 of a 项 (both systems: 3 → 5 → 7 digits)."""
    return code[:-2] if len(code) > 3 else None


def normalise_name(name: str) -> str:
    name = name.strip().replace("(", "（").replace(")", "）").replace(" ", "")
    return name[:-2] if name.endswith("支出") and len(name) > 3 else name


@lru_cache(maxsize=None)
def load_codes(system: str, year: int | None = None) -> CodeList:
    path = resource("codes", f"{system}_{year}.json") if system == FUNCTIONAL else resource("codes", f"{system}.json")
    if not path.exists():
        return CodeList(system, year, {})
    data = json.loads(path.read_text(encoding="utf-8"))
    return CodeList(system, year, {c["code"]: c["name"] for c in data["codes"]})
