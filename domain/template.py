"""Table templates: the layout of the disclosure tables (and the extra inputs) of one set and year.

A template is data (`resources/templates/YYYY.json`): which tables, in which order, with which form
numbers, rows and columns (Beijing 2023 has thirteen tables, 2024 twelve). Nothing else in the
program names a row or a column of a table except through a template, so a new year or another
province's set is a new file (docs/template-sets.md).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from .codes import ECONOMIC, FUNCTIONAL, load_codes
from .paths import resource

MONEY, COUNT, TEXT = "money", "count", "text"
TOTAL_ROW = "total"


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    header: tuple[str, ...]
    sum: tuple[str, ...] = ()
    extra: bool = False          # an input the narrative needs, not printed in the disclosure
    kind: str = MONEY
    side: str | None = None      # two-sided tables: "income" or "expense"

    @property
    def label(self) -> str:
        return "·".join(self.header)


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str
    code: str | None = None
    side: str | None = None
    sum: tuple[str, ...] = ()
    indent: int = 0
    kind: str | None = None      # overrides the column kind (e.g. a count in a money column)
    counter: str | None = None   # the measure word of a count row: 辆, 人次 …
    group: str | None = None     # 经济分类: "personnel" (人员经费) or "public" (公用经费)
    pair: str | None = None      # two-sided tables: the row printed beside this one


@dataclass(frozen=True)
class TableSpec:
    id: str
    title: str
    layout: str                  # two_sided | coded | economic | fixed | projects
    columns: tuple[ColumnSpec, ...]
    rows: tuple[RowSpec, ...] = ()
    form: str | None = None
    rows_by: str | None = None   # "functional" (variable code rows) | "economic" (fixed code rows)
    fund: str | None = None      # "gov_fund" | "soe": table only has data when that fund has money
    note: str = ""
    empty_note: str = ""
    extra: bool = False
    sides: dict = field(default_factory=dict)
    unit_rows: bool = False      # a fixed table that may list one row per unit (本级, 所属单位) under 合计

    @property
    def variable_rows(self) -> bool:
        return self.layout in ("coded", "projects") or self.unit_rows

    def column(self, key: str) -> ColumnSpec:
        return self._columns[key]

    def row(self, key: str) -> RowSpec | None:
        return self._rows.get(key)

    def columns_for(self, row: RowSpec | None) -> list[ColumnSpec]:
        side = row.side if row else None
        return [c for c in self.columns if c.side is None or c.side == side]

    def cell_kind(self, row: RowSpec | None, col: ColumnSpec) -> str:
        return (row.kind if row and row.kind else None) or col.kind

    def printed_note(self, own: str, blank: bool) -> str:
        """The lines printed under the table: the unit's own note (`own`, as written under its
        table) with the template's 注 line in front unless the unit wrote its own 注 line; a blank
        table without a note of the unit's gets the template's 说明 (empty_note)."""
        own = (own or "").strip()
        lines = [] if any(line.lstrip().startswith("注") for line in own.splitlines()) else [self.note]
        lines.append(own or (self.empty_note if blank else ""))
        return "\n".join(line for line in lines if line)

    @property
    def display_name(self) -> str:
        return f"{self.form} {self.title}" if self.form else self.title

    def __post_init__(self):
        object.__setattr__(self, "_columns", {c.key: c for c in self.columns})
        object.__setattr__(self, "_rows", {r.key: r for r in self.rows})


@dataclass(frozen=True)
class Template:
    year: int
    name: str
    tables: tuple[TableSpec, ...]

    def table(self, table_id: str) -> TableSpec:
        return self._tables[table_id]

    def has(self, table_id: str) -> bool:
        return table_id in self._tables

    @property
    def disclosure_tables(self) -> list[TableSpec]:
        return [t for t in self.tables if not t.extra]

    def __post_init__(self):
        object.__setattr__(self, "_tables", {t.id: t for t in self.tables})


class TemplateError(ValueError):
    pass


def available_years() -> list[int]:
    return sorted(int(p.stem) for p in resource("templates").glob("*.json") if p.stem.isdigit())


@lru_cache(maxsize=None)
def load_template(year: int) -> Template:
    path = resource("templates", f"{year}.json")
    if not path.exists():
        years = "、".join(map(str, available_years()))
        raise TemplateError(f"没有{year}年度的报表模板（现有：{years}）")
    data = json.loads(path.read_text(encoding="utf-8"))
    return Template(data["year"], data["name"], tuple(_table(t, data["year"]) for t in data["tables"]))


def _table(t: dict, year: int) -> TableSpec:
    columns = tuple(
        ColumnSpec(c["key"], tuple(c["header"]), tuple(c.get("sum", ())), c.get("extra", False),
                   c.get("kind", MONEY), c.get("side"))
        for c in t["columns"])
    names = load_codes(ECONOMIC).names if t.get("rows_by") == ECONOMIC else {}
    rows = tuple(
        RowSpec(r["key"], r.get("label") or names.get(r.get("code", ""), r.get("code", "")), r.get("code"),
                r.get("side"), tuple(r.get("sum", ())), r.get("indent", 0), r.get("kind"), r.get("counter"),
                r.get("group"), r.get("pair"))
        for r in t.get("rows", ()))
    return TableSpec(t["id"], t["title"], t["layout"], columns, rows, t.get("form"), t.get("rows_by"),
                     t.get("fund"), t.get("note", ""), t.get("empty_note", ""), t.get("extra", False),
                     t.get("sides", {}), t.get("unit_rows", False))


def functional_codes(year: int):
    return load_codes(FUNCTIONAL, year)
