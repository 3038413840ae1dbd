"""Render a layout grid as aligned plain text (CJK characters count two columns)."""
from __future__ import annotations

from domain.layout import CODE, COUNT_CELL, LABEL, MONEY_CELL, Grid, display_width


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def render(grid: Grid) -> str:
    n = grid.columns
    header = [[""] * n for _ in range(grid.header_rows)]
    for h in grid.headers:
        header[h.row][h.col] = h.text
        for r in range(h.row + 1, h.row + h.rowspan):
            header[r][h.col] = ""
    body = [[("  " * c.indent + c.text) if c.kind == LABEL else c.text for c in line] for line in grid.body]
    widths = [max([display_width(r[i]) for r in header + body] + [2]) for i in range(n)]
    right = [any(line[i].kind in (MONEY_CELL, COUNT_CELL) for line in grid.body) for i in range(n)]
    out = [grid.title.center(max(0, sum(widths) + 3 * n - display_width(grid.title))).rstrip(),
           _pad(grid.form, sum(widths) + 3 * (n - 1), True), grid.unit_line]
    rule = "-+-".join("-" * w for w in widths)
    out.append(rule)
    out += [" | ".join(_pad(text, widths[i], False) for i, text in enumerate(r)) for r in header]
    out.append(rule)
    for line in body:
        out.append(" | ".join(_pad(text, widths[i], right[i] and grid.body and True) for i, text in enumerate(line)))
    out.append(rule)
    if grid.note:
        out.append(grid.note)
    return "\n".join(s.rstrip() for s in out)


__all__ = ["render", "display_width", "CODE"]
