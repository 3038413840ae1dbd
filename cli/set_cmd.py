"""`python main.py set FILE TABLE ROW COLUMN VALUE [--unit 元|万元]` (填写一个单元格).

TABLE: T5, 5, 公开05表 or the title; ROW: a row key or code (2010301, total, p1) or the row's name;
COLUMN: a column key or header label (basic, 基本支出); VALUE in the unit's display unit (or --unit),
"" to clear. It goes through the same operation as the desktop app (domain/edits.py): one undo step
written to the file at once. Refused with one Chinese line, exit 2 and the file unchanged: a value
that is not a number, a derived cell (合计, 小计, a 类 summed from its 款), an unknown table, row
or column. A well-formed code not yet in the table gets its row (and missing 款/类); a code not in
the year's code list is accepted with a warning, as on import.
"""
from __future__ import annotations

import sys

from domain.edits import EditError
from domain.money import MoneyError, format_amount, to_fen
from domain.template import TEXT
from storage.unit_file import UnitFile

from .errors import EXIT_OK, CliError


def register(sub) -> None:
    p = sub.add_parser("set", help="填写一个单元格（与桌面程序的修改相同，可撤销）")
    p.add_argument("file", help="单位文件（.jsgk）")
    p.add_argument("table", help="表号（T5、5、公开05表）或表名")
    p.add_argument("row", help="行：科目编码、行键（total、p1 …）或行名")
    p.add_argument("column", help="列：列键（basic …）或列名（基本支出 …）")
    p.add_argument("value", help="数值（按文件的金额单位，或 --unit）；空字符串清空")
    p.add_argument("--unit", choices=["元", "万元"], help="VALUE 的金额单位（默认按文件设置）")
    p.set_defaults(run=run)


def run(args) -> int:
    from .commands import _table_id
    with UnitFile.open(args.file) as f:
        session = f.session()
        unit = session.unit
        table = _table_id(args.table, unit.template)
        spec = unit.template.table(table)
        try:
            row, new_code = _row(unit, spec, args.row.strip())
            col = _column(unit, spec, row, args.column.strip())
            kind = spec.cell_kind(unit.row(table, row), spec.column(col))
            value = _value(args.value, kind, args.unit or unit.meta.display_unit)
            label = f"填写{session.cell_name(table, row, col)}" if not new_code else f"填写{spec.display_name} {row}"
            with session.step(label):
                if new_code:
                    session.add_row(table, row)
                change = session.set_value(table, row, col, value)
        except (EditError, MoneyError) as exc:
            raise CliError(str(exc)) from None
        if new_code and row not in unit.codes:
            print(f"警告：{row} 不在{unit.meta.template_year}年支出功能分类科目中，已按输入添加此行，请核对编码", file=sys.stderr)
        money = args.unit or unit.meta.display_unit
        name = session.cell_name(table, row, col)
        shown = _shown(unit, (table, row, col), money)
        moved = sorted((k for k in change.cells if k != (table, row, col) and unit.is_derived(*k)),
                       key=lambda k: (not k[1].endswith("total"), len(k[1]), k))     # the 合计 first
        line = f"已填写 {name}：{shown}"
        if moved:
            parts = [f"{session.cell_name(*k)} {_shown(unit, k, money)}" for k in moved[:3]]
            more = f" 等 {len(moved)} 格" if len(moved) > 3 else ""
            line += f"；随之变化：{'，'.join(parts)}{more}"
        print(line)
    return EXIT_OK


def _row(unit, spec, text: str) -> tuple[str, bool]:
    """The row key, and whether it is a code row still to be added."""
    if unit.row(spec.id, text) is not None:
        return text, False
    rows = unit.rows(spec.id)
    by_code = [r.key for r in rows if r.code == text]
    if by_code:
        return by_code[0], False
    by_name = [r.key for r in rows if r.label == text]
    if len(by_name) == 1:
        return by_name[0], False
    if spec.layout == "coded" and text.isdigit() and len(text) in (3, 5, 7):
        return text, True
    raise CliError(f"{spec.display_name}没有“{text}”这一行")


def _column(unit, spec, row_key: str, text: str) -> str:
    from domain.checks.view import table_view
    row = unit.row(spec.id, row_key)
    columns = spec.columns_for(row) if row is not None else [c for c in spec.columns if c.side is None]
    if any(c.key == text for c in columns):
        return text
    view = table_view(unit, spec.id)
    matches = []
    for c in columns:
        names = {view.col_label(c.key), c.label, "·".join(c.header), "/".join(c.header), c.header[-1] if c.header else ""}
        if text in names:
            matches.append(c.key)
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise CliError(f"{spec.display_name}有多列叫“{text}”，请用列键：{'、'.join(matches)}")
    raise CliError(f"{spec.display_name}没有“{text}”这一列")


def _value(text: str, kind: str, money_unit: str):
    text = text.strip()
    if text == "":
        return None
    if kind == TEXT:
        return text
    if kind == "money":
        return to_fen(text, money_unit)
    try:
        return int(text.replace(",", ""))
    except ValueError:
        raise CliError(f"“{text}”不是整数") from None


def _shown(unit, key, money_unit: str) -> str:
    spec = unit.template.table(key[0])
    kind = spec.cell_kind(unit.row(key[0], key[1]), spec.column(key[2]))
    if kind == TEXT:
        return f"“{unit.text(*key)}”"
    if kind == "money":
        return f"{format_amount(unit.amount(*key), money_unit)} {money_unit}"
    return str(unit.amount(*key))
