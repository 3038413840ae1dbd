"""Crash trials: kill `import`, a save, `new` and `demo` at random moments and look at what is left.

Each trial starts a child process that loads everything it needs, says it is ready, and on a signal
runs one operation; the parent kills it (SIGKILL, as a power cut or Task Manager would) after a
random delay within the operation's measured duration. Then, as a clerk would, the file is opened
with the program (which rolls back a journal left by the killed save), loaded, compared with the
state before and after the operation, and checked. Printed per operation:

* trials, and how many were killed before / while / after the operation ran,
* absent: no file (new/demo killed before the rename: the old state), opened: opened and loaded,
* old / new: equal to the state before or after the operation,
* neither: opened but equal to neither (must be 0), unreadable: refused or failed (must be 0),
* checked: run_checks ran on it without an exception,
* journal: a -journal file was left beside it (rolled back on the next open),
* leftovers: temporary files left beside the target by a killed new/demo,
* bare copy old/new/bad: the .jsgk copied alone (without its -journal) right after the kill, before
  the program opened it again — what a clerk copying at the wrong moment gets (bad: neither or unreadable).

    .venv/bin/python bench/crash_trials.py [--trials 60] [--seed 1]    (per operation; ≥ 50 each)
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from domain.checks import run_checks  # noqa: E402
from domain.demo import build_demo  # noqa: E402
from domain.unit import UnitData  # noqa: E402
from helpers.official_workbook import official_xlsx  # noqa: E402
from storage.unit_file import StorageError, UnitFile  # noqa: E402

OPERATIONS = ("import", "save", "new", "demo")

CHILD = r"""
import sys
sys.path[:0] = [{root!r}]
from cli.commands import main
from storage.unit_file import UnitFile
import importers, domain.demo, domain.checks
op, target, book, text = sys.argv[1:5]

def save():
    with UnitFile.open(target) as f:
        unit = f.load()
        for key, cell in list(unit.cells.items()):
            if cell.amount is not None:
                unit.put_cell(key, type(cell)(cell.amount + 1, cell.text, cell.tolerance, cell.source))
        unit.narrative = unit.narrative + "（修订）"
        f.save(unit)

run = {{
    "import": lambda: main(["import", target, "--xlsx", book, "--narrative", text, "--accept-warnings", "--replace"]),
    "save": save,
    "new": lambda: main(["new", target, "--unit", "崩溃测试单位", "--year", "2024"]),
    "demo": lambda: main(["demo", target]),
}}[op]
print("ready", flush=True)
sys.stdin.readline()
run()
print("done", flush=True)
"""


def snapshot(unit: UnitData) -> tuple:
    return (sorted(unit.cells.items()), sorted((t, sorted(r.items())) for t, r in unit.extra_rows.items()),
            sorted(unit.table_notes.items()), unit.narrative, unit.meta)


def state_of(path: Path) -> tuple[str, tuple | None, bool]:
    """("absent" | "opened" | "unreadable: …", snapshot, checks ran)."""
    if not path.exists():
        return "absent", None, False
    try:
        with UnitFile.open(path) as f:
            unit = f.load()
    except StorageError as exc:
        return f"unreadable: {exc}", None, False
    except Exception as exc:   # a bug: counted as unreadable too
        return f"unreadable: {type(exc).__name__}: {exc}", None, False
    try:
        run_checks(unit)
        checked = True
    except Exception:
        checked = False
    return "opened", snapshot(unit), checked


class Bench:
    def __init__(self, work: Path):
        self.work = work
        self.child = work / "child.py"
        self.child.write_text(CHILD.format(root=str(ROOT)), encoding="utf-8")
        demo = build_demo()
        self.book = official_xlsx(demo, work / "决算报表.xlsx", money_unit="元")
        self.text = work / "说明.txt"
        self.text.write_text(demo.narrative, encoding="utf-8")
        self.empty = work / "空白.jsgk"          # the unit an import starts from
        UnitFile.create(self.empty, demo.meta).close()
        self.demo_file = work / "示例.jsgk"      # the unit a save starts from
        UnitFile.create(self.demo_file, demo.meta, demo, action="demo").close()
        self.old: dict[str, tuple | None] = {}
        self.new: dict[str, tuple | None] = {}
        self.duration: dict[str, float] = {}

    def base(self, op: str) -> Path | None:
        return {"import": self.empty, "save": self.demo_file}.get(op)

    def start(self, op: str, target: Path) -> subprocess.Popen:
        base = self.base(op)
        if base is not None:
            shutil.copy(base, target)
        proc = subprocess.Popen([sys.executable, str(self.child), op, str(target), str(self.book), str(self.text)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout.readline().strip() == "ready"
        return proc

    def calibrate(self, op: str) -> None:
        target = self.work / f"calibrate-{op}.jsgk"
        base = self.base(op)
        self.old[op] = state_of(base)[1] if base else None
        proc = self.start(op, target)
        began = time.perf_counter()
        proc.stdin.write("go\n")
        proc.stdin.flush()
        proc.wait()
        self.duration[op] = time.perf_counter() - began
        status, self.new[op], _ = state_of(target)
        assert status == "opened", status

    def trial(self, op: str, n: int, rng: random.Random) -> dict:
        folder = self.work / f"{op}-{n}"
        folder.mkdir()
        target = folder / "单位.jsgk"
        proc = self.start(op, target)
        delay = rng.uniform(0, self.duration[op] * 1.1)
        proc.stdin.write("go\n")
        proc.stdin.flush()
        time.sleep(delay)
        finished = proc.poll() is not None
        if not finished:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        journal = Path(f"{target}-journal").exists()
        leftovers = [p.name for p in folder.iterdir() if p.name not in (target.name, f"{target.name}-journal")]
        bare = None
        if target.exists():
            bare = self.work / f"bare-{op}-{n}.jsgk"
            shutil.copy(target, bare)
        status, snap, checked = state_of(target)
        result = {"finished": finished, "journal": journal, "leftovers": bool(leftovers), "checked": checked,
                  "status": status}
        if status == "absent":
            result["state"] = "old" if self.old[op] is None else "unreadable"
        elif status != "opened":
            result["state"] = "unreadable"
        elif snap == self.new[op]:
            result["state"] = "new"
        elif snap == self.old[op]:
            result["state"] = "old"
        else:
            result["state"] = "neither"
        if bare is not None:
            copy_status, copy_snap, _ = state_of(bare)
            result["bare"] = ("new" if copy_snap == self.new[op] else "old" if copy_snap == self.old[op] else "bad") \
                if copy_status == "opened" else "bad"
            bare.unlink()
        shutil.rmtree(folder, ignore_errors=True)
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=60, help="trials per operation (default 60: 240 in all)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="crash-trials-") as tmp:
        bench = Bench(Path(tmp))
        print(f"{'operation':<8} {'ms':>5} {'trials':>6} {'killed':>6} {'absent':>6} {'opened':>6} {'old':>4} {'new':>4} "
              f"{'neither':>7} {'unreadable':>10} {'checked':>7} {'journal':>7} {'leftovers':>9}   bare copy old/new/bad")
        for op in OPERATIONS:
            bench.calibrate(op)
            results = [bench.trial(op, n, rng) for n in range(args.trials)]
            count = lambda key, value=True: sum(1 for r in results if r.get(key) == value)  # noqa: E731
            opened = count("status", "opened")
            bad = count("state", "neither") + count("state", "unreadable")
            failures += bad
            print(f"{op:<8} {bench.duration[op] * 1000:>5.0f} {len(results):>6} {count('finished', False):>6} "
                  f"{count('status', 'absent'):>6} {opened:>6} {count('state', 'old'):>4} {count('state', 'new'):>4} {count('state', 'neither'):>7} "
                  f"{count('state', 'unreadable'):>10} {count('checked'):>7} {count('journal'):>7} "
                  f"{count('leftovers'):>9}   {count('bare', 'old')}/{count('bare', 'new')}/{count('bare', 'bad')}")
            for r in results:
                if r["state"] in ("neither", "unreadable"):
                    print(f"    {r['state']}: {r['status']}")
    print("\nall files old or new, none unreadable" if failures == 0 else f"\n{failures} trials left a bad file")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
