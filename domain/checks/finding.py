"""A finding: what is wrong, where, and by how much. Immutable; rules yield them, never print."""
from __future__ import annotations

from dataclasses import dataclass, field

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

    @property
    def cells(self) -> list[Location]:
        return [loc for loc in self.locations if not loc.is_span]

    @property
    def spans(self) -> list[Location]:
        return [loc for loc in self.locations if loc.is_span]

    def as_dict(self) -> dict:
        """The `check --json` form: rule, severity, message, the first cell (table/row/col) and the
        first narrative span (start/end) at top level, and every location in `locations`."""
        out = {"rule": self.rule, "severity": self.severity, "message": self.message}
        if self.cells:
            out.update(self.cells[0].as_dict())
        if self.spans:
            out.update(self.spans[0].as_dict())
        out["locations"] = [loc.as_dict() for loc in self.locations]
        return out
