"""Speed of the export, printed (never asserted).

Exports the large bench unit of bench_checks.py (about 300 功能分类 rows in each of 表2, 表3 and 表5,
every table filled, the drafted 部门决算说明) to PDF and to Excel, and prints the median time of
each and the PDF's page count. Font registration happens once per process and is timed apart.
Targets: PDF ≤ 2 s, Excel ≤ 0.5 s.

    .venv/bin/python bench/bench_export.py [--rows 300] [--repeat 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_checks import build_large_unit  # noqa: E402
from export.fonts import pdf_fonts  # noqa: E402
from export.pdf import export_pdf  # noqa: E402
from export.xlsx import export_xlsx  # noqa: E402


def timed(func, repeat: int) -> float:
    func()                                   # warm-up: lazy imports, caches
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    unit = build_large_unit(args.rows)
    start = time.perf_counter()
    pdf_fonts()
    fonts = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        pdf, xlsx = Path(folder, "bench.pdf"), Path(folder, "bench.xlsx")
        pdf_time = timed(lambda: export_pdf(unit, pdf), args.repeat)
        xlsx_time = timed(lambda: export_xlsx(unit, xlsx), args.repeat)
        from pypdf import PdfReader
        pages = len(PdfReader(pdf).pages)
    print(f"font registration (once per process): {fonts * 1000:.0f} ms")
    print(f"PDF   {pages} pages: {pdf_time:.2f} s median of {args.repeat} (target ≤ 2 s)")
    print(f"Excel {len(unit.template.disclosure_tables)} sheets: {xlsx_time:.2f} s median of {args.repeat} (target ≤ 0.5 s)")


if __name__ == "__main__":
    main()
