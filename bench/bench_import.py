"""Speed of the workbook import, printed (never asserted).

Writes the large unit of bench_checks (about 300 功能分类 rows in each of 表2, 表3 and 表5, every
one of the twelve tables filled) as an official-layout workbook — twelve sheets, merged
multi-level headers, amounts in 元 — in .xlsx and in .xls, and times

* reading: the workbook into sheet grids (openpyxl read-only / xlrd),
* prepare: reading + recognising the tables + building the new unit + the preview,
* import: prepare + commit (one transaction into a fresh unit file),

and checks the round trip (every cell of the twelve tables equal). Target: import ≤ 0.5 s.

    .venv/bin/python bench/bench_import.py [--rows 300] [--repeat 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from bench_checks import build_large_unit  # noqa: E402
from helpers.official_workbook import official_xls, official_xlsx  # noqa: E402
from importers import commit, prepare  # noqa: E402
from importers.workbook import read_workbook  # noqa: E402
from domain.unit import UnitData  # noqa: E402
from storage.unit_file import UnitFile  # noqa: E402

TARGET_S = 0.5


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def differences(expected: UnitData, actual: UnitData) -> int:
    count = 0
    for spec in expected.template.disclosure_tables:
        for row in expected.rows(spec.id):
            for col in spec.columns_for(row):
                if not col.extra:
                    key = (spec.id, row.key, col.key)
                    count += (expected.amount(*key), expected.text(*key)) != (actual.amount(*key), actual.text(*key))
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    unit = build_large_unit(args.rows)
    coded = sum(len(unit.extra_rows.get(t, {})) for t in ("T2", "T3", "T5", "T7", "T9"))
    print(f"unit: {len(unit.extra_rows['T5'])} rows in 表5, {coded} code rows in 表2/3/5/7/9, "
          f"{sum(1 for k in unit.cells if k[0] not in ('X1', 'X2'))} cells in the twelve tables")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for suffix, writer in ((".xlsx", official_xlsx), (".xls", official_xls)):
            book = writer(unit, tmp / f"large{suffix}", money_unit="元")
            blank = UnitData(unit.meta.__class__(unit.meta.unit_name, unit.meta.year, unit.meta.unit_code))
            runs = {"read": timed(lambda: read_workbook(book), args.repeat),
                    "prepare": timed(lambda: prepare(blank, [book]), args.repeat)}
            files = iter(range(10_000))

            def full_import():
                path = tmp / f"unit{suffix[1:]}{next(files)}.jsgk"
                UnitFile.create(path, blank.meta).close()
                with UnitFile.open(path) as file:
                    commit(prepare(file.load(), [book]), file)
            runs["import"] = timed(full_import, args.repeat)
            plan = prepare(blank, [book])
            print(f"{suffix:5} {book.stat().st_size / 1024:6.0f} KB, {len(plan.tables)} tables, "
                  f"{len(plan.warnings)} warnings, round trip differences: {differences(unit, plan.after)}")
            for name, times in runs.items():
                best, median = min(times) * 1000, statistics.median(times) * 1000
                print(f"      {name:8} best {best:6.1f} ms   median {median:6.1f} ms")
            verdict = "ok" if statistics.median(runs["import"]) <= TARGET_S else "SLOWER THAN TARGET"
            print(f"      import median vs target {TARGET_S * 1000:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
