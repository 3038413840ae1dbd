"""`python main.py verify FILE [--json]` (校验修改记录): the change log's hash chain, the data against
the log and the review tables against the log (storage/audit.py). Exit 0 when all agree, 1 when
something was changed behind the program's back (the first break is named: which entry, what),
2 when the file cannot be read at all.
"""
from __future__ import annotations

import json

from storage.audit import audit
from storage.unit_file import UnitFile

from .errors import EXIT_FINDINGS, EXIT_OK


def register(sub) -> None:
    p = sub.add_parser("verify", help="校验修改记录的哈希链、数据与记录是否一致（发现文件被外部工具改动）")
    p.add_argument("file", help="单位文件（.jsgk）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(run=run)


def run(args) -> int:
    with UnitFile.open(args.file) as f:
        broken = audit(f)
        entries = f.conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
    if args.json:
        print(json.dumps({"ok": broken is None, "entries": entries,
                          "entry": broken.entry if broken else None, "message": broken.message if broken else ""},
                         ensure_ascii=False))
    elif broken:
        print(f"校验未通过：{broken.message}。此文件在本程序之外被改动过，请向填报人核实并使用可信的副本。")
    else:
        print(f"校验通过：{entries} 条修改记录首尾相接（哈希链完整），数据和审核记录与修改记录一致。")
    return EXIT_FINDINGS if broken else EXIT_OK
