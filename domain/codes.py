"""Classification code lists: 支出功能分类 (类/款/项: 3/5/7 digits) and 经济分类 (类/款: 3/5 digits)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from .funds import CODE_BOOK_SPELLING, GPB
from .paths import resource

FUNCTIONAL = "functional"
ECONOMIC = "economic"
LEVELS = {FUNCTIONAL: {3: "类", 5: "款", 7: "项"}, ECONOMIC: {3: "类", 5: "款"}}


@dataclass(frozen=True)
class CodeList:
    system: str
    year: int | None
    names: dict[str, str] = field(default_factory=dict)
    funds: dict[str, str] = field(default_factory=dict)   # code -> its fund (funds.py) where the book marks one

    def fund_of(self, code: str) -> str:
        """A code's budget: its own mark, else its 款's or 类's (22960 marks its 项); unmarked: 一般公共预算."""
        while code:
            if code in self.funds:
                return self.funds[code]
            code = parent_code(code)
        return GPB

    def name(self, code: str) -> str | None:
        return self.names.get(code)

    def __contains__(self, code: str) -> bool:
        return code in self.names

    def is_well_formed(self, code: str) -> bool:
        return code.isdigit() and len(code) in LEVELS[self.system]

    def level_name(self, code: str) -> str:
        return LEVELS[self.system].get(len(code), "?")

    def code_for_name(self, name: str, parent: str | None = None, length: int | None = None,
                      loose: bool = False) -> str | None:
        """The one code-name resolver (workbooks and narratives give names only): the code named
        `name` among the codes of `length` digits under `parent` (its direct children when no
        `length` is given). An exact
        (normalised) name wins — the first of several when `parent` is known or no `length` was
        asked for; with `loose`, else the one name that contains the written one in order
        (“国有土地使用权收入安排的支出” for 国有土地使用权出让收入安排的支出)."""
        candidates = {c: n for c, n in self.names.items()
                      if (parent is None or (c.startswith(parent) and (length or len(parent) + 2) == len(c)))
                      and (length is None or len(c) == length)}
        found, exact = match_names(name, candidates, loose)
        if len(found) == 1:
            return found[0]
        if found and exact and (parent is not None or length is None):
            return found[0]
        return None


def parent_code(code: str) -> str | None:
    """类 of a 款, 款 of a 项 (both systems: 3 → 5 → 7 digits)."""
    return code[:-2] if len(code) > 3 else None


def match_names(name: str, candidates: dict[str, str], loose: bool = True) -> tuple[list[str], bool]:
    """The keys of `candidates` ({key: name}) named `name`: those with the same normalised name
    (True), else, with `loose`, those whose name contains it in order (False)."""
    wanted = normalise_name(name)
    exact = [k for k, n in candidates.items() if normalise_name(n) == wanted]
    if exact or not loose:
        return exact, True
    return [k for k, n in candidates.items() if contains_in_order(wanted, normalise_name(n))], False


def contains_in_order(short: str, long: str) -> bool:
    """Every character of `short` appears in `long`, in order."""
    it = iter(long)
    return all(ch in it for ch in short)


def normalise_name(name: str) -> str:
    name = name.strip().replace("(", "（").replace(")", "）").replace(" ", "")
    return name[:-2] if name.endswith("支出") and len(name) > 3 else name


@lru_cache(maxsize=None)
def load_codes(system: str, year: int | None = None) -> CodeList:
    path = resource("codes", f"{system}_{year}.json") if system == FUNCTIONAL else resource("codes", f"{system}.json")
    if not path.exists():
        return CodeList(system, year, {})
    data = json.loads(path.read_text(encoding="utf-8"))
    funds = {c["code"]: CODE_BOOK_SPELLING[c["fund"]] for c in data["codes"] if c.get("fund")}
    return CodeList(system, year, {c["code"]: c["name"] for c in data["codes"]}, funds)
