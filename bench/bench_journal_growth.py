"""Growth of a unit file per pause in typing the 说明 (printed, never asserted).

    .venv/bin/python bench/bench_journal_growth.py [seed file] [pauses]

A unit file holds the largest seed narrative (001, ~144 KB, or a generated text of that size when
the seeds are absent); a clerk types a few characters in its middle, then pauses: the GUI saves
the narrative (`session.set_narrative`, one step per pause). Prints the file size before, after the
pauses, and the growth per pause.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.demo import build_demo  # noqa: E402
from storage.unit_file import UnitFile  # noqa: E402

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def main() -> None:
    seed = Path(sys.argv[1]) if len(sys.argv) > 1 else next(iter(sorted(SEEDS.glob("001_*.txt"))), SEEDS / "001.txt")
    pauses = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    text = seed.read_text(encoding="utf-8") if seed.exists() else ("本单位决算说明示例文字。" * 4000)
    unit = build_demo()
    unit.narrative = text
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.jsgk"
        UnitFile.create(path, unit.meta, unit, action="demo").close()
        with UnitFile.open(path) as f:
            session = f.session(who="基准")
            middle = len(text) // 2
            session.set_narrative(text[:middle] + "开始" + text[middle:])
            before = os.path.getsize(path)
            for i in range(pauses):
                cur = session.unit.narrative
                at = middle + 2 + 3 * i
                session.set_narrative(cur[:at] + f"字{i % 10}，" + cur[at:])
        after = os.path.getsize(path)
    print(f"说明 {len(text)} 字（{len(text.encode('utf-8')) / 1024:.0f} KB UTF-8），{pauses} 次停顿")
    print(f"文件 {before / 1024:.0f} KB → {after / 1024:.0f} KB，每次停顿增长 {(after - before) / pauses / 1024:.1f} KB")


if __name__ == "__main__":
    main()
