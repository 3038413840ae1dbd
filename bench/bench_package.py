"""Figures of the frozen one-folder app, printed (never asserted): its size on disk, the time from
starting the program to the end of its `--self-test` (the first run, then the
median of the following runs), the time the main window takes to construct offscreen (from the
self-test's report) and the time to `--help` (start-up of the command line alone).

    .venv/bin/python bench/bench_package.py [--build] [--repeat 3] [--app dist/jsgk-workbench/jsgk-workbench]

--build runs packaging/build.sh first (a PyInstaller build: about a minute on two cores). The build
is kept out of the test run; .ci/run runs packaging/build.sh as its own step.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_APP = ROOT / "dist" / "jsgk-workbench" / ("jsgk.exe" if os.name == "nt" else "jsgk-workbench")


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def timed_run(args: list[str], env: dict) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", env=env,
                          cwd=tempfile.gettempdir(), timeout=300)
    return time.perf_counter() - started, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="run packaging/build.sh first")
    parser.add_argument("--repeat", type=int, default=3, help="runs after the first (at least 1)")
    parser.add_argument("--app", type=Path, default=DEFAULT_APP)
    args = parser.parse_args()
    args.repeat = max(1, args.repeat)
    if args.build:
        subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], check=True)
    if not args.app.exists():
        print(f"没有找到 {args.app}：先运行 packaging/build.sh（或加 --build）", file=sys.stderr)
        return 2
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))

    size, count = folder_size(args.app.parent)
    print(f"one-folder app {args.app.parent}: {size / 2**20:.0f} MB in {count} files")

    runs, window = [], []
    for _ in range(1 + args.repeat):
        seconds, done = timed_run([str(args.app), "--self-test"], env)
        if done.returncode != 0:
            print(done.stdout + done.stderr, file=sys.stderr)
            print(f"self-test failed (exit {done.returncode})", file=sys.stderr)
            return 1
        runs.append(seconds)
        found = re.search(r"创建用时 ([0-9.]+) 秒", done.stdout)
        if found:
            window.append(float(found.group(1)))
    print(f"--self-test, start to exit: first run {runs[0]:.2f} s, then median {statistics.median(runs[1:]):.2f} s")
    if window:
        print(f"main window constructed offscreen: first run {window[0]:.2f} s, "
              f"then median {statistics.median(window[1:]):.2f} s")
    helps = [timed_run([str(args.app), "--help"], env)[0] for _ in range(args.repeat)]
    print(f"--help (command-line start-up): median {statistics.median(helps):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
