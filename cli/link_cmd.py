"""`python main.py link FILE --prior LAST_YEAR_FILE [--add-rows]` (关联上年).

Fills this year's 上年数 (X1, and X4: each 类 of 表5/表7/表9) from last year's unit file, listing each
figure set, and proposes
last year's 功能分类 项 rows that this year's 表5/表7/表9 lack (added, without amounts, for the
年初预算 to be entered, with --add-rows). Exit 0, or 2 on bad input (wrong year, unreadable file).
"""
from __future__ import annotations

from domain.money import format_amount
from domain.prior import PriorError, link_prior, other_unit_note, prior_label, proposed_rows
from storage.unit_file import UnitFile

from .errors import EXIT_OK, CliError


def register(sub) -> None:
    p = sub.add_parser("link", help="从上年单位文件填入上年数，并列出上年有、本年缺的科目")
    p.add_argument("file", help="本年单位文件（.jsgk）")
    p.add_argument("--prior", required=True, metavar="LAST_YEAR_FILE", help="上年单位文件（.jsgk）")
    p.add_argument("--add-rows", action="store_true", help="把上年有、本年缺的科目加入本年表5/表7/表9（不填金额）")
    p.set_defaults(run=run)


def run(args) -> int:
    with UnitFile.open(args.prior) as f:
        last = f.load()
    with UnitFile.open(args.file) as f:
        session = f.session()
        unit = session.unit
        add, gone = proposed_rows(last, unit)
        try:
            changed = link_prior(session, last, add_rows=args.add_rows)
        except PriorError as exc:                 # (about the prior file: named, not the unit's)
            raise CliError(f"{args.prior}：{exc}") from None
    note = other_unit_note(last, unit)
    if note:
        print(note)
    money = unit.meta.display_unit
    for cell, old, new in changed:
        was = "未填" if old is None else format_amount(old, money)
        print(f"上年数 {prior_label(unit, cell)}：{was} → {format_amount(new, money)} {money}")
    if args.add_rows and add:
        print(f"已加入 {len(add)} 个上年有、本年缺的科目，请填写其年初预算：")
    elif add:
        print(f"上年有、本年缺的科目 {len(add)} 个（加 --add-rows 加入本年表中，以便填写年初预算）：")
    for r in add:
        print(f"  {unit.template.table(r.table).title} {r.code} {r.name}（上年决算 {format_amount(r.last_final, money)} {money}）")
    for r in gone:
        print(f"  {r.code} {r.name}：本年科目表中已没有这个科目，请按新科目填写")
    if changed or (args.add_rows and add):
        print(f"已保存到 {args.file}（可在界面中撤销这一步）")
    else:
        print("上年数已是上年文件中的数，没有改动。")
    return EXIT_OK
