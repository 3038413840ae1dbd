"""Speed of reading and checking the narrative (printed, never asserted).

    .venv/bin/python bench/bench_narrative.py [seed file]

Full pass: the largest seed text (001, ~144 KB) read and checked with an empty block cache (the
regexes and code lists already loaded, as in a running program). Edit: the same after changing one
character in the middle of the text, the other blocks coming from the cache. Targets (issue):
full pass ≤ 20 ms median, after a one-character edit ≤ 10 ms. Paste: a generated 100 KB text of one
sentence (table rows separated by ；, no 。), as a clerk pastes a table: its time grows linearly.
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


def one_sentence(size: int) -> str:
    """About `size` bytes of table rows in one sentence: lists, comparisons, shares and budgets."""
    items = ("工资福利支出", "商品和服务支出", "办公费", "印刷费", "差旅费", "公务接待费")
    out = ["二、支出决算情况\n本年支出合计1000.00万元，比上年增加10.00万元，"]
    i = 0
    while len("".join(out).encode("utf-8")) < size:
        item, a, b = items[i % len(items)], 100 + i % 37, 3 + i % 11
        out.append((
            f"{item}{a}.00万元，其中：基本支出{a - b}.00万元，项目支出{b}.00万元，占{i % 90 + 1}.00%；",
            f"{item}{a}.00万元，比上年{a - b}.00万元增加{b}.00万元，增长{b * 2}.00%，完成年初预算的{i % 90 + 5}.00%；",
            f"{item}年初预算{a}.00万元，支出决算{a - b}.00万元，占本年支出合计的{i % 50 + 1}.00%；",
        )[i % 3])
        i += 1
    return "".join(out) + "。\n"


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
    for size in (25_000, 50_000, 100_000):
        pasted = one_sentence(size)

        def paste():
            reader.clear_cache()
            narrative_report(_unit(pasted, year))
        times = _time(paste, 5)
        print(f"  粘贴一句 {size // 1000} KB 的表格文字（{len(reader.read_narrative(pasted, year).statements)} 个数字）："
              f"中位数 {statistics.median(times):.0f} ms")


if __name__ == "__main__":
    main()
