"""A finding: what is wrong, where, and by how much. Immutable; rules yield them, never print."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
SEVERITY_NAMES = {ERROR: "错误", WARNING: "警告", INFO: "提示"}


@dataclass(frozen=True)
class Location:
    """A table cell (table, row, col), or a span of the narrative text (start, end offsets)."""
    table: str | None = None
    row: str | None = None
    col: str | None = None
    start: int | None = None
    end: int | None = None

    @property
    def is_span(self) -> bool:
        return self.start is not None

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    locations: tuple[Location, ...] = field(default_factory=tuple)
    id: str = field(default="", compare=False)    # stable identity, set by run_checks (see `identified`)

    @property
    def cells(self) -> list[Location]:
        return [loc for loc in self.locations if not loc.is_span]

    @property
    def spans(self) -> list[Location]:
        return [loc for loc in self.locations if loc.is_span]

    def as_dict(self) -> dict:
        """The `check --json` form: rule, severity, message, the first cell (table/row/col) and the
        first narrative span (start/end) at top level, and every location in `locations`."""
        out = {"id": self.id, "rule": self.rule, "severity": self.severity, "message": self.message} if self.id else \
            {"rule": self.rule, "severity": self.severity, "message": self.message}
        if self.cells:
            out.update(self.cells[0].as_dict())
        if self.spans:
            out.update(self.spans[0].as_dict())
        out["locations"] = [loc.as_dict() for loc in self.locations]
        return out


_SPACE = re.compile(r"\s+")


def quote(text: str, loc: Location) -> str:
    """The text a span marks, normalised (NFKC, no white space) so re-flowing or moving it keeps it."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text[loc.start:loc.end]))


def identified(findings: list[Finding], text: str) -> list[Finding]:
    """The findings with their stable ids: the rule, the cells named and the normalised quotes of the
    narrative text marked — not offsets or message wording — so the same problem keeps its id after
    unrelated edits (a reviewer's flag or a clerk's explanation stays attached to it). The second
    finding with the same identity gets "~2", and so on, in the order given."""
    out, seen = [], {}
    for f in findings:
        cells = sorted(".".join(p for p in (loc.table, loc.row, loc.col) if p) for loc in f.cells)
        quotes = [quote(text, loc) for loc in f.spans]
        digest = hashlib.sha1("\x1f".join([f.rule, *cells, "|", *quotes]).encode("utf-8")).hexdigest()[:12]
        base = f"{f.rule}:{digest}"
        n = seen[base] = seen.get(base, 0) + 1
        out.append(replace(f, id=base if n == 1 else f"{base}~{n}"))
    return out
