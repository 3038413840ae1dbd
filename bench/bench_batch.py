"""Batch summary speed: `check DIR --summary` over 100 unit files (copies of the demo unit, one of
them altered behind the program's back). Target: ≤ 5 s. Prints the figures; asserts nothing.

    .venv/bin/python bench/bench_batch.py [N]
"""
from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cli.summary import summarise, unit_files  # noqa: E402
from domain.demo import build_demo  # noqa: E402
from storage.unit_file import UnitFile  # noqa: E402


def main(n: int = 100) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        unit = build_demo()
        first = folder / "单位000.jsgk"
        UnitFile.create(first, unit.meta, unit, action="demo").close()
        for i in range(1, n):
            shutil.copy(first, folder / f"单位{i:03d}.jsgk")
        conn = sqlite3.connect(folder / "单位001.jsgk")
        conn.execute("UPDATE cells SET amount = amount + 1 WHERE rowid = (SELECT min(rowid) FROM cells WHERE source = 'entered')")
        conn.commit()
        conn.close()
        start = time.perf_counter()
        rows = [summarise(p) for p in unit_files(folder)]
        seconds = time.perf_counter() - start
        bad = sum(r.bad for r in rows)
        print(f"check DIR --summary: {n} unit files in {seconds:.2f} s ({seconds / n * 1000:.0f} ms each); "
              f"{bad} flagged (expected 1); target ≤ 5 s: {'met' if seconds <= 5 else 'NOT met'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
