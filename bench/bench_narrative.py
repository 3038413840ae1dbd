"""Speed of reading and checking the narrative (printed, never asserted).

    .venv/bin/python bench/bench_narrative.py [seed file]

Full pass: the largest seed text (001, ~144 KB) read and checked with an empty block cache (the
regexes and code lists already loaded, as in a running program). Edit: the same after changing one
character in the middle of the text, the other blocks coming from the cache. Targets (issue):
full pass ≤ 20 ms median, after a one-character edit ≤ 10 ms.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.narrative import reader  # noqa: E402
from domain.narrative.report import narrative_report  # noqa: E402
from domain.unit import UnitData, UnitMeta  # noqa: E402

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"  # shared/ lies beside the checkout


def _unit(text: str, year: int) -> UnitData:
    unit = UnitData(UnitMeta("基准测试单位", year))
    unit.narrative = text
    return unit


def _time(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else max(SEEDS.glob("*.txt"), key=lambda p: p.stat().st_size)
    text = path.read_text(encoding="utf-8")
    year = 2023
    narrative_report(_unit(text, year))          # warm up: regexes, code lists

    def full():
        reader.clear_cache()
        narrative_report(_unit(text, year))

    mid = len(text) // 2
    edits = [text[:mid + k] + "某" + text[mid + k + 1:] for k in range(0, 400, 20)]
    state = {"i": 0}

    def edited():
        reader.clear_cache()
        narrative_report(_unit(text, year))       # the cache holds the text before the edit
        t0 = time.perf_counter()
        narrative_report(_unit(edits[state["i"] % len(edits)], year))
        state["i"] += 1
        return (time.perf_counter() - t0) * 1000

    full_times = _time(full, 30)
    edit_times = [edited() for _ in range(30)]
    r = reader.read_narrative(text, year)
    print(f"{path.name}: {len(text)} 字, {len(text.encode('utf-8')) // 1024} KB, {len(r.statements)} 个数字")
    print(f"  完整读取并核对：中位数 {statistics.median(full_times):.1f} ms"
          f"（最快 {min(full_times):.1f} ms，目标 ≤ 20 ms）")
    print(f"  改动一个字之后：中位数 {statistics.median(edit_times):.1f} ms"
          f"（最快 {min(edit_times):.1f} ms，目标 ≤ 10 ms）")


if __name__ == "__main__":
    main()
