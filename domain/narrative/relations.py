"""Relations between figures of the narrative, and checking them with interval-exact rounding.

A relation names its member figures by index (into a block's statements while a block is read,
into the whole text's statements afterwards: `shifted`). `evaluate` turns a relation into a
`Check`: ok or not, the rule id, severity and a Chinese message naming what the text says and
what it should be.

Rounding (the decisions, in one place):

* a figure written with d decimals stands for the interval ±½·10^-d; counts and an amount written as
  a bare “0万元” are exact (“nothing”), “0.00万元” is a rounded value like any other;
* a relation fails (error) only when no values inside those intervals satisfy it; the range of a
  quotient or growth rate is taken over the corners of the input box (rate = current ÷ base − 1,
  so 0.12 → 0.47 万元 allows 272 % … 313 %);
* a stated figure that only truncation explains (26.21 % for 26.2151 %) is a warning that names
  both roundings;
* a rate over a base of 0 (增长率 of a new item, 完成率 of a 年初预算 of 0) is undefined: a warning,
  and the reader names an amount of the text that would give the stated rate (`Check.undefined`);
* an amount written with fewer than two decimals that agrees only at its own precision while its
  inputs carry more (“减少6.1万元” for 7.52 − 1.41 = 6.11) is accepted at the precision written and
  warned about (“应写6.11万元”); dropping a trailing zero (3.1 for 3.10) is fine.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from ..checks.finding import ERROR, WARNING
from ..money import FEN_PER_UNIT
from ..rounding import Interval, half_unit
from .figures import Figure

# relation kinds (and the rule ids they report under)
SUM, SHARE, CHANGE, EQUAL, RATE, RATIO, AVERAGE, REPEAT, BOUND, PAIR, NAME, SCORE_MAX, NIL = (
    "sum", "share", "change", "equal", "rate", "ratio", "average", "repeat", "bound", "pair", "name", "score_max",
    "nil")
RULE_OF = {SUM: "N-SUM", SHARE: "N-SHARE", CHANGE: "N-CHANGE", EQUAL: "N-DIRECTION", RATE: "N-RATE",
           RATIO: "N-RATIO", AVERAGE: "N-AVERAGE", REPEAT: "N-REPEAT", BOUND: "N-BOUNDS", PAIR: "N-BOUNDS",
           NAME: "N-NAME", SCORE_MAX: "N-SUM", NIL: "N-REPEAT"}
DIRECTION = "N-DIRECTION"

HUNDRED = Decimal(100)
WAN = Decimal(FEN_PER_UNIT["万元"])


@dataclass(frozen=True, slots=True)
class Relation:
    kind: str
    members: tuple[int, ...]       # figure indices; the meaning of each position depends on `kind`
    info: tuple = ()               # kind-specific details (exhaustive flag, names, signs …)

    def shifted(self, base: int) -> "Relation":
        return Relation(self.kind, tuple(m + base if m >= 0 else m for m in self.members), self.info)


@dataclass(slots=True, unsafe_hash=True)
class Check:
    """The outcome of one relation or one table comparison. Never changed once made (not `frozen`
    only because a frozen dataclass is six times slower to make, and a check makes ~2,000 of them)."""
    rule: str
    severity: str | None           # None: the relation holds
    message: str
    members: tuple[int, ...]       # figure indices it involves (all of them are "bound")
    cells: tuple = ()              # (table, row, col) it compares with
    exact: bool = True             # an equality or a computed value; False: a plausibility bound only
    undefined: tuple = ()          # (rate figure, numerator figure) of a rate over a base of 0
    counted: bool = True           # False: says nothing about the figures' values (not in the coverage)
    rounding: bool = False         # a warning only the roundings of the written figures explain (the
                                   # figures meet only at the edge, by truncation, at a dropped decimal)

    @property
    def ok(self) -> bool:
        return self.severity is None

    def shifted(self, base: int) -> "Check":
        return Check(self.rule, self.severity, self.message, tuple(m + base for m in self.members if m >= 0),
                     self.cells, self.exact, tuple(m + base for m in self.undefined), self.counted, self.rounding)


# ---- numbers -----------------------------------------------------------------------------------

def value(fig: Figure) -> Decimal:
    """A figure's value in 万元 (amounts), % (percentages) or as written (counts)."""
    if fig.kind == "amount" and fig.unit != "万元":
        return fig.value * FEN_PER_UNIT[fig.unit] / WAN
    return fig.value


def interval(fig: Figure) -> Interval:
    """The values the written figure stands for (same unit as `value`). Counts, and an amount written
    as a bare 0 (“0万元”: nothing), are exact; “0.00万元” is a rounded value like any other."""
    v = value(fig)
    if fig.kind == "count":
        return Interval(v, v)
    scale = FEN_PER_UNIT[fig.unit] / WAN if fig.kind == "amount" and fig.unit != "万元" else 1
    return Interval.rounded(v, fig.decimals, scale, exact_zero=fig.kind == "amount")


def written_decimals(fig: Figure) -> int:
    """Decimals of the figure in 万元 (the precision it carries); exact zeros count as precise."""
    if fig.value == 0:
        return 99
    if fig.kind == "amount" and fig.unit != "万元":
        return fig.decimals + {"元": 4, "亿元": -4}.get(fig.unit, 0)
    return fig.decimals


def fmt(x: Decimal, places: int | None = None) -> str:
    """A decimal as the narrative would write it (no exponent, no trailing zeros beyond `places`)."""
    if places is not None:
        x = x.quantize(_quantum(places), rounding=ROUND_HALF_UP)
        return f"{x:f}"
    s = f"{x.normalize():f}" if x == x.to_integral_value() else f"{x:f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def show(fig: Figure) -> str:
    return fig.text.strip()


def _round(x: Decimal, places: int) -> Decimal:
    return x.quantize(_quantum(max(places, 0)), rounding=ROUND_HALF_UP)


@lru_cache(maxsize=None)
def _quantum(places: int) -> Decimal:
    """One unit of the last of `places` decimals (0.01 for 2): what a value is rounded to."""
    return Decimal(1).scaleb(-places)


@dataclass(slots=True, unsafe_hash=True)
class Verdict:                 # never changed once made (not `frozen`: see Check)
    status: str          # "ok" | "precision" | "truncated" | "mismatch"
    rounded: Decimal     # the expected value rounded as the figure is written


OK, PRECISION, TRUNCATED, MISMATCH = "ok", "precision", "truncated", "mismatch"


def judge(stated: Decimal, decimals: int, exact_zero: bool, expected: Interval, point: Decimal,
          inputs_decimals: int | None = None) -> Verdict:
    """Compare a stated value (written with `decimals`) with the interval the inputs allow.

    `point` is the value computed from the written inputs (for messages). `inputs_decimals`: when
    the stated figure is less precise than its inputs and differs from the point value rounded to
    the inputs' precision (6.1 written for 7.52 − 1.41 = 6.11), the verdict is PRECISION.
    """
    rounded = _round(point, decimals)
    if exact_zero and stated == 0:
        s_lo = s_hi = Decimal(0)
    else:
        half = half_unit(decimals)
        s_lo, s_hi = stated - half, stated + half
    if expected.lo <= s_hi and s_lo <= expected.hi:
        # amounts are published with 2 decimals: a figure with fewer that loses a digit its inputs have
        wanted = min(inputs_decimals, 2) if inputs_decimals is not None else None
        if wanted is not None and decimals < wanted:
            if _round(point, wanted) != stated:
                return Verdict(PRECISION, _round(point, wanted))
        return Verdict(OK, rounded)
    if exact_zero and stated == 0:
        return Verdict(MISMATCH, rounded)        # a bare 0 says “nothing”, not a rounded small value
    step = Decimal(1).scaleb(-decimals)
    if stated >= 0:
        t_lo, t_hi = stated, stated + step
    else:
        t_lo, t_hi = stated - step, stated
    if expected.lo < t_hi and expected.hi >= t_lo and not (stated >= 0 and expected.hi == t_lo == 0):
        return Verdict(TRUNCATED, rounded)
    return Verdict(MISMATCH, rounded)


def corners(f, boxes: list[Interval]) -> Interval | None:
    """Range of f over a box of intervals, for f monotone in each variable (extremes at corners)."""
    values = []
    n = len(boxes)
    for mask in range(1 << n):
        args = [(b.hi if mask >> i & 1 else b.lo) for i, b in enumerate(boxes)]
        try:
            values.append(f(*args))
        except (ZeroDivisionError, ArithmeticError):
            return None
    return Interval(min(values), max(values))


def crosses_zero(iv: Interval) -> bool:
    return iv.lo <= 0 <= iv.hi


# ---- evaluating relations ----------------------------------------------------------------------

INF = Decimal("Infinity")
_RANK = {OK: 0, PRECISION: 1, TRUNCATED: 2, MISMATCH: 3}


def _unit(fig: Figure) -> str:
    return "万元" if fig.kind == "amount" else ("%" if fig.kind == "percent" else fig.unit)


def _stated(fig: Figure) -> tuple[Decimal, int, bool]:
    """(value, decimals, exact) of a stated figure in the unit relations compute in: counts, and an
    amount written as a bare 0, are exact."""
    kind = fig.kind
    if kind != "amount":
        return value(fig), fig.decimals, kind == "count"
    if fig.value != 0:
        return value(fig), max(written_decimals(fig), 0), False
    return value(fig), fig.decimals, fig.decimals == 0


def _judge(fig: Figure, expected: Interval, point: Decimal, inputs: int | None = None,
           signed: Decimal | None = None) -> Verdict:
    v, d, exact = _stated(fig)
    if signed is not None:
        v = signed
    if exact and fig.kind == "count":
        d = 0
    return judge(v, d, exact, expected, point, inputs)


def _pct(x: Decimal) -> str:
    return fmt(x, 4)


def _amount(x: Decimal, fig: Figure | None = None) -> str:
    places = None
    if fig is not None and fig.kind == "amount":
        places = max(2, written_decimals(fig)) if fig.value != 0 else 2
    return fmt(x, places) if places is not None and places < 20 else fmt(x)


def _verdict_note(v: Verdict, fig: Figure, unit: str) -> str:
    written = show(fig)
    rounded = f"{abs(v.rounded):f}"
    if v.status == TRUNCATED:
        return f"四舍五入应为{rounded}{unit}（按截断得{written}）"
    if v.status == PRECISION:
        return (f"所写{written}只在保留{fig.decimals}位小数时相符（按{fig.decimals}位小数四舍五入接受），"
                f"原数精确到{-v.rounded.as_tuple().exponent}位小数，应写{rounded}{unit}")
    return f"应为{rounded}{unit}，所写{written}即使考虑各数四舍五入也不相符"


def _severity(v: Verdict) -> str | None:
    return {OK: None, PRECISION: WARNING, TRUNCATED: WARNING, MISMATCH: ERROR}[v.status]


EVALUATORS: dict[str, object] = {}     # relation kind → evaluate(rel, stmt, quote) -> list[Check]


def register(kind: str, evaluator) -> None:
    """A sentence shape (shapes/) says how its relations are checked."""
    EVALUATORS[kind] = evaluator


def evaluate(rel: Relation, stmt, quote) -> list[Check]:
    """Checks of one relation. `stmt(i)` gives member i's statement (with `.fig`, `.topic`),
    `quote(i, j)` the narrative words from member i's clause to member j's figure."""
    evaluator = EVALUATORS.get(rel.kind)
    if evaluator is None:
        raise ValueError(f"unknown relation {rel.kind}")
    try:
        return evaluator(rel, stmt, quote)
    except (ArithmeticError, ValueError):
        return []


def _name(rel, stmt, quote) -> list[Check]:
    written, official, code = rel.info
    return [Check("N-NAME", WARNING, f"叙述中的“{written}”（{code}）在支出功能分类中名为“{official}”，"
                  f"与报表的科目名称不一致，请按报表名称书写。", rel.members, exact=False, counted=False)]


def _where(words: str, st) -> str:
    """“叙述“…””, naming the topic when the quoted words do not (“2023年度决算521.05万元…” of a 项)."""
    topic = getattr(st, "topic", "") or ""
    key = getattr(st, "key", None) or ""
    if ":" in key and topic and topic not in words and len(topic) > 1:   # a 类/款/项 named in its heading
        return f"叙述“{words}”（{topic}）"
    return f"叙述“{words}”"


def _num(fig: Figure) -> str:
    """The number as written (in 万元 when written in another money unit)."""
    if fig.kind == "amount" and fig.unit != "万元":
        return fmt(value(fig))
    return fig.text[:len(fig.text) - len(fig.unit)].strip() if fig.text.endswith(fig.unit) else fmt(value(fig))


def _names(figs: list[Figure], limit: int = 6) -> str:
    if len(figs) <= limit:
        return " + ".join(_num(f) for f in figs)
    return f"{_num(figs[0])} + … + {_num(figs[-1])}（共{len(figs)}项）"




def at_the_edge(fig: Figure, point: Decimal, inputs: list[Figure], stated: Decimal | None = None) -> str:
    """A stated sum or difference that differs from the one computed from the written figures by as
    much as all their roundings together (4.79 + 0 + 246.47 = 251.26 written 251.25: only if both
    parts were rounded up by a full half unit): the note of a warning, "" when it is not so. An
    exact figure (a bare 0, a count) has no rounding to spend."""
    if fig.kind != "amount" or point == 0:
        return ""
    v, d, _exact_zero = _stated(fig)
    v = v if stated is None else stated
    diff = abs(_round(point, d) - v)
    if diff == 0:
        return ""
    slack = sum((interval(f).hi - interval(f).lo) / 2 for f in inputs)
    if diff < slack:
        return ""
    return (f"与所写{show(fig)}相差{fmt(diff)}{_unit(fig)}，只有各数都按最大误差同向舍入时才可能相符"
            f"（按所写各数应为{_amount(_round(point, d), fig)}{_unit(fig)}），请核对")
















def _repeat(rel, stmt, quote) -> list[Check]:
    first, other = rel.members
    a, b = stmt(first), stmt(other)
    if a.fig.kind != b.fig.kind:
        return []
    if interval(a.fig).meets(interval(b.fig)):
        return [Check("N-REPEAT", None, "", rel.members)]
    name = rel.info[0] if rel.info else (a.topic or b.topic)
    return [Check("N-REPEAT", ERROR, f"“{name}”前后写法不一致：前文“{quote(first, first)}”，此处“{quote(other, other)}”"
                  f"（{show(a.fig)}与{show(b.fig)}），同一数字只能有一个值。", rel.members)]


def _nil(rel, stmt, quote) -> list[Check]:
    """A fund the text says the unit does not have (“本单位不涉及”): each amount of it is 0."""
    words, name = rel.info
    out = []
    for i in rel.members:
        fig = stmt(i).fig
        if interval(fig).lo <= 0 <= interval(fig).hi:
            out.append(Check("N-REPEAT", None, "", (i,)))
        else:
            out.append(Check("N-REPEAT", ERROR, f"{name}一节写明“{words}”，而此处写“{quote(i, i)}”，前后矛盾："
                             f"确实没有的应写0万元，确有{show(fig)}的请改写该节。", (i,)))
    return out


def _bound(rel, stmt, quote) -> list[Check]:
    big, *small = rel.members
    reason = rel.info[0] if rel.info else ""
    bf = stmt(big).fig
    sf = [stmt(s).fig for s in small]
    if any(f.kind != bf.kind for f in sf):
        return []
    total = Interval(Decimal(0), Decimal(0))
    for f in sf:
        total = total + interval(f)
    if total.lo <= interval(bf).hi:
        return [Check("N-BOUNDS", None, "", rel.members, exact=False)]
    expr = " + ".join(f"“{quote(s, s)}”" for s in small)
    return [Check("N-BOUNDS", WARNING, f"{expr}大于“{quote(big, big)}”：{reason}，不应超过它。", rel.members,
                  exact=False)]


# relations over the whole text (reader.py builds them)
register(REPEAT, _repeat)
register(BOUND, _bound)
register(NIL, _nil)
register(NAME, _name)
