"""How every message names a table and a cell (one function each, used by the checks, the narrative
rules, the edit operations and the command line): 表5, 表5 2010301 行政运行·基本支出, 表5 合计·本年支出合计."""
from __future__ import annotations

import re

_FORM_NUMBER = re.compile(r"公开0*(\d+)表")


def table_ref(spec) -> str:
    """How a message names a table: 表5 for 公开05表, else its title."""
    m = _FORM_NUMBER.fullmatch(spec.form or "")
    return f"表{int(m.group(1))}" if m else spec.title


def cell_name(unit, key) -> str:
    """A cell in words with its table: 表5 2010301 行政运行·基本支出."""
    from .view import table_view
    table, row, col = key
    view = table_view(unit, table)
    return f"{view.ref} {view.cell_label(row, col)}"
