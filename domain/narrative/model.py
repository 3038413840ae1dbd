"""What the reader knows about one figure (`Statement`), the context a block inherits, and what a
block's reading gives (`BlockReading`). Shared by the block reader (statements.py), the sentence
shapes (shapes/) and the whole-text reader (reader.py)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from .figures import Figure, Malformed
from .relations import Relation

# roles
AMOUNT_R, BUDGET_R, BASE_R, CHANGE_R, RATE_R, SHARE_R, RATIO_R, FORMULA_R, AVERAGE_R, COUNT_R, PERCENT_R, \
    THRESHOLD_R, CONST_R, WHOLE_R = ("amount", "budget", "base", "change", "rate", "share", "ratio", "formula",
                                     "average", "count", "percent", "threshold", "const", "whole")
# WHOLE_R: the amount a share is of, written in the share (“占本年支出合计200.00万元的70.00%”)
VALUE_ROLES = frozenset({AMOUNT_R, BUDGET_R, BASE_R, COUNT_R})      # figures that state a quantity's value
PRIOR_BASIS, BUDGET_BASIS = "prior", "budget"
ADJUSTED_BASIS = "adjusted"         # BUDGET_R: the 全年预算 (调整后预算), not the 年初预算


class Topic(NamedTuple):
    name: str                                  # as messages name it
    amount_key: str | None                     # key of an amount stated under it
    counts: tuple = ()                         # ((counter words), key) for counts stated under it

    def key_for(self, fig: Figure) -> str | None:
        if fig.kind == "count":
            for counters, key in self.counts:
                if fig.unit in counters:
                    return key
            return None
        return self.amount_key if fig.kind == "amount" else None


class Statement:
    """What one figure states. Attributes not set on an instance keep the class defaults below."""
    role: str = ""
    key: str | None = None          # the quantity it states (or the quantity a share/change/rate is about)
    topic: str = ""                 # the topic as written/recognised, for messages
    basis: str | None = None        # BASE/CHANGE/RATE: PRIOR_BASIS | BUDGET_BASIS | None (unknown)
    sign: int | None = None         # CHANGE/RATE: +1 增加, -1 减少, None: not said (增加（减少）)
    equal: bool = False             # BASE followed by 持平/一致
    den: str = ""                   # SHARE: the denominator as written; RATIO/AVERAGE: the words
    sentence: int = 0
    depth: int = 0                  # bracket depth
    clause: int = 0                 # start of the clause it stands in (for quoting)
    is_part: bool = False           # a part of a 其中 list
    recovered: bool = False         # read from a malformed figure (bad grouping)
    fund: str | None = None         # fund of the section (gpb / gov_fund / soe)
    explicit: bool = False          # the topic was written in its own clause (not inherited)
    ref: int = -1                   # SHARE: the (block) index of the amount it is a share of
    list_total: int = -1            # a listed part: the (block) index of its list's total
    renamed: tuple | None = None    # (as written, code list name, code) of a 功能分类 named otherwise

    def __init__(self, fig: Figure, role: str = "", sentence: int = 0, depth: int = 0, clause: int = 0,
                 recovered: bool = False, fund: str | None = None, key: str | None = None):
        self.fig = fig
        self.role = role
        self.sentence = sentence
        self.depth = depth
        self.clause = clause
        if recovered:
            self.recovered = True
        if fund is not None:
            self.fund = fund
        if key is not None:
            self.key = key

    def __repr__(self) -> str:
        return f"Statement({self.fig.text!r}, {self.role}, key={self.key!r}, topic={self.topic!r})"


class Context(NamedTuple):
    """What a block inherits from the text before it."""
    part: str
    section: str
    subject: Topic | None = None               # topic of the enclosing heading
    fund_path: tuple = ()                      # ((level, code or None, name), …) in a fund section
    year: int = 0
    heading: bool = False                      # the block is a heading (its first words name a topic)


@dataclass(slots=True)
class BlockReading:
    statements: list[Statement]
    malformed: list[Malformed]
    relations: list[Relation]
    title_topic: Topic | None                  # topic named in the block's first words (for headings)
    fund_path_out: tuple                       # fund path at the end of the block
    pending: list[tuple[int, str]] = field(default_factory=list)   # (index, what) left to the whole text


class BlockText(NamedTuple):
    """A block as the sentence shapes see it."""
    text: str
    starts: list[int]                          # offsets of its sentences
    year: int
