"""A corpus of damaged unit files, made from one good file: what a bad USB stick, a stray copy, a
hand edit in the sqlite3 shell or another program leaves behind. Each maker writes `path`."""
from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path


def _sql(*statements: str):
    def make(good: Path, path: Path) -> None:
        shutil.copy(good, path)
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA ignore_check_constraints = 1")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
        conn.close()
    return make


def _truncate(fraction: float):
    def make(good: Path, path: Path) -> None:
        data = good.read_bytes()
        path.write_bytes(data[:max(1, int(len(data) * fraction))])
    return make


def _flip(seed: int, count: int):
    """`count` random bits flipped in the file's pages (never in the 100-byte header)."""
    def make(good: Path, path: Path) -> None:
        data = bytearray(good.read_bytes())
        rng = random.Random(seed)
        for _ in range(count):
            data[rng.randrange(100, len(data))] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
    return make


def _page_zeroed(page: int):
    def make(good: Path, path: Path) -> None:
        data = bytearray(good.read_bytes())
        size = int.from_bytes(data[16:18], "big")
        data[page * size:(page + 1) * size] = bytes(size)
        path.write_bytes(bytes(data))
    return make


AMOUNT = "(SELECT rowid FROM cells WHERE amount IS NOT NULL LIMIT 1)"

# damage the program must refuse on open (exit 2, one line naming the file)
REFUSED = {
    "no-cells-table": _sql("DROP TABLE cells"),
    "no-unit-table": _sql("DROP TABLE unit"),
    "no-narrative-table": _sql("DROP TABLE narrative"),
    "no-unit-row": _sql("DELETE FROM unit"),
    "no-amount-column": _sql("ALTER TABLE cells DROP COLUMN tolerance"),
    "text-amount": _sql(f"UPDATE cells SET amount = 'abc' WHERE rowid = {AMOUNT}"),
    "blob-amount": _sql(f"UPDATE cells SET amount = X'00ff' WHERE rowid = {AMOUNT}"),
    "real-amount": _sql(f"UPDATE cells SET amount = 1.5 WHERE rowid = {AMOUNT}"),
    "unknown-table": _sql("INSERT INTO cells VALUES ('T99', 'a', 'amount', 5, NULL, 0, 'entered')"),
    "unknown-column": _sql("INSERT INTO cells VALUES ('T1', 'gpb_income', 'zzz', 5, NULL, 0, 'entered')"),
    "unknown-row-table": _sql("INSERT INTO table_rows VALUES ('T77', '201', '')"),
    "unknown-display-unit": _sql("UPDATE unit SET display_unit = '美元'"),
    "unknown-year": _sql("UPDATE unit SET template_year = 1999"),
    "text-year": _sql("UPDATE unit SET template_year = 'abc'"),
    "blob-narrative": _sql("UPDATE narrative SET text = X'00ff'"),
    "blob-note": _sql("INSERT OR REPLACE INTO table_notes VALUES ('T3', X'00ff')"),
    "blob-row-name": _sql("INSERT OR REPLACE INTO table_rows VALUES ('T5', '2010399', X'00ff')"),
    "blob-unit-name": _sql("UPDATE unit SET unit_name = X'e4b8'"),
    "blob-cell-text": _sql("UPDATE cells SET text = X'00' WHERE rowid = (SELECT rowid FROM cells LIMIT 1)"),
    "check-constraint": _sql("UPDATE cells SET source = 'weird' WHERE rowid = (SELECT rowid FROM cells LIMIT 1)"),
    "truncated-header": _truncate(0.001),
    "truncated-half": _truncate(0.5),
    "truncated-last-page": _truncate(0.97),
    "first-page-zeroed-after-header": lambda good, path: _page_tail_zeroed(good, path),
    **{f"page-{n}-zeroed": _page_zeroed(n) for n in (1, 2, 5)},
}

# damage that may go unnoticed (a flipped bit in free space) or be refused; never a traceback
ANY = {f"bits-{seed}": _flip(seed, 8) for seed in range(12)}


def _page_tail_zeroed(good: Path, path: Path) -> None:
    data = bytearray(good.read_bytes())
    data[100:1000] = bytes(900)
    path.write_bytes(bytes(data))
