"""Checks off the GUI thread: the newest state of the unit is checked in a QThreadPool worker and
the newest result wins.

The worker owns a shadow copy of the unit. Before each run the main thread brings it up to date
with the unit (only the cells, rows, notes and text that differ, through UnitData's methods, so its
revision counters move and the check engine's per-table caches stay valid: after one edit only the
rules reading that table run again). While a run is in progress, further requests only mark the
state stale; one more run starts when it ends, so results never pile up and a stale one is dropped.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from domain.checks import run_checks
from domain.checks.finding import INFO, SEVERITY_ORDER, Finding
from domain.narrative.report import narrative_report
from domain.edits import META_FIELDS
from domain.unit import UnitData

OK, UNBOUND, LEFTOVER = "ok", "unbound", "leftover"
LEFTOVER_PREFIX = "N-LEFTOVER-"


@dataclass(frozen=True)
class SpanMark:
    start: int
    end: int
    kind: str           # error | warning | info | ok | unbound | leftover
    tip: str
    cells: tuple = ()   # (table, row, col) an agreeing figure was compared with (named on hover)


@dataclass
class CheckResult:
    generation: int
    findings: list[Finding]
    cells: dict = field(default_factory=dict)     # (table,row,col) -> (worst severity, [messages])
    spans: list[SpanMark] = field(default_factory=list)
    seconds: float = 0.0


def check_unit(unit: UnitData, generation: int = 0, memo: dict | None = None) -> CheckResult:
    """Run every rule and turn the findings (and the narrative's agreeing figures) into marks.
    `memo` (kept by the caller between runs) holds the figure spans of the last narrative reading."""
    t0 = time.perf_counter()
    findings = run_checks(unit)
    result = CheckResult(generation, findings)
    for f in findings:
        if f.severity == INFO and f.rule != "N-UNBOUND":
            continue
        for loc in f.cells:
            if loc.row is None:
                continue
            key = (loc.table, loc.row, loc.col)
            sev, messages = result.cells.get(key, (f.severity, []))
            if SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[sev]:
                sev = f.severity
            result.cells[key] = (sev, messages + [f.message])
        for loc in f.spans:
            kind = UNBOUND if f.rule == "N-UNBOUND" else LEFTOVER if f.rule.startswith(LEFTOVER_PREFIX) else f.severity
            result.spans.append(SpanMark(loc.start, loc.end, kind, f.message))
    if unit.narrative:
        result.spans += _agreeing(unit, {(s.start, s.end) for s in result.spans}, {} if memo is None else memo)
    result.spans.sort(key=lambda s: s.start)
    result.seconds = time.perf_counter() - t0
    return result


def _agreeing(unit: UnitData, marked: set, memo: dict) -> list[SpanMark]:
    """A green mark on every figure that took part in a check that holds (and has no other mark)."""
    report = narrative_report(unit)
    reading = report.reading
    if memo.get("reading") is not reading:
        memo.update(reading=reading, spans=[reading.span(i) for i in range(len(reading.statements))])
    spans = memo["spans"]
    out = []
    for c in report.checks:
        if not c.ok:
            continue
        for m in c.members:
            span = spans[m]
            if span not in marked:
                marked.add(span)
                out.append(SpanMark(span[0], span[1], OK, f"已核对，一致（{c.rule}）", c.cells))
    return out


def cell_words(unit, cell) -> str:
    """A cell named for a tooltip: 公开05表“合计·本年支出合计”8,124.57万元."""
    from domain.money import format_amount
    table, row, col = cell
    spec = unit.template.table(table)
    r = unit.row(table, row)
    label = (r.label if r else row).strip()
    return f"{spec.form or spec.title}“{label}·{spec.column(col).header[-1]}”{format_amount(unit.amount(*cell))}万元"


def sync(shadow: UnitData, unit: UnitData) -> None:
    """Make `shadow` equal `unit` through its methods (so its revisions count what changed)."""
    for name in META_FIELDS:
        if getattr(shadow.meta, name) != getattr(unit.meta, name):
            shadow.set_meta(name, getattr(unit.meta, name))
    for table_id in shadow.extra_rows.keys() | unit.extra_rows.keys():
        rows = unit.extra_rows.get(table_id, {})
        if shadow.extra_rows.get(table_id, {}) != rows or list(shadow.extra_rows.get(table_id, {})) != list(rows):
            shadow.set_rows(table_id, rows)
    for key in [k for k in shadow.cells.keys() | unit.cells.keys() if shadow.cells.get(k) != unit.cells.get(k)]:
        cell = unit.cells.get(key)
        if cell is None:
            shadow.delete_cell(key)
        else:
            shadow.put_cell(key, cell)
    for table_id in shadow.table_notes.keys() | unit.table_notes.keys():
        if shadow.table_notes.get(table_id) != unit.table_notes.get(table_id):
            shadow.set_note(table_id, unit.table_notes.get(table_id))
    if shadow.narrative != unit.narrative:
        shadow.narrative = unit.narrative


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)


class _Run(QRunnable):
    def __init__(self, shadow: UnitData, generation: int, signals: _Signals, memo: dict):
        super().__init__()
        self.shadow, self.generation, self.signals, self.memo = shadow, generation, signals, memo

    def run(self):
        try:
            self.signals.done.emit(check_unit(self.shadow, self.generation, self.memo))
        except Exception as exc:  # a rule that crashes must not take the window with it
            self.signals.failed.emit(f"核对时出现内部错误：{type(exc).__name__}: {exc}")


class Checker(QObject):
    """`request(unit)` after every change; `finished(CheckResult)` with the newest state's result."""
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.signals = _Signals(self)
        self.signals.done.connect(self._done)
        self.signals.failed.connect(self._failed)
        self.shadow: UnitData | None = None
        self.memo: dict = {}             # the worker's, between runs (one run at a time)
        self.unit: UnitData | None = None
        self.generation = 0
        self.running = False
        self.stale = False

    def request(self, unit: UnitData) -> int:
        self.generation += 1
        self.unit = unit
        if self.running:
            self.stale = True
        else:
            self._start()
        return self.generation

    def _start(self) -> None:
        unit = self.unit
        if self.shadow is None or (self.shadow.meta.year, self.shadow.meta.template_year) != \
                (unit.meta.year, unit.meta.template_year):
            self.shadow = unit.copy()
        else:
            sync(self.shadow, unit)
        self.running, self.stale = True, False
        self.pool.start(_Run(self.shadow, self.generation, self.signals, self.memo))

    def _done(self, result: CheckResult) -> None:
        self.running = False
        if self.stale:
            self._start()               # this result is already old: drop it, check the newest state
            return
        self.finished.emit(result)

    def _failed(self, message: str) -> None:
        self.running = False
        self.failed.emit(message)
        if self.stale:
            self._start()

    def wait(self, msecs: int = 10000) -> bool:
        return self.pool.waitForDone(msecs)
