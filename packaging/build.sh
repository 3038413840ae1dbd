#!/usr/bin/env bash
# Build the one-folder app with PyInstaller (pyinstaller.spec), then run its self-test.
#   packaging/build.sh            → dist/jsgk-workbench/ (build/ holds PyInstaller's work files)
# Environment: PYTHON (default .venv/bin/python), DIST and WORK (output and work folders).
# Exits non-zero if the build or the frozen app's self-test fails; prints the size and the times.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
DIST="${DIST:-dist}"
WORK="${WORK:-build}"
APP="$DIST/jsgk-workbench/jsgk-workbench"

start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" pyinstaller.spec
built=$(date +%s)
echo "构建用时 $((built - start)) 秒：$DIST/jsgk-workbench（$(du -sh "$DIST/jsgk-workbench" | cut -f1)）"

# The frozen app's self-test, headless, from a folder outside the checkout so that nothing of the
# source tree can be picked up by accident.
app="$(realpath "$APP")"
report="$(mktemp -d)/selftest.txt"
t0=$EPOCHREALTIME
(cd / && QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" "$app" --self-test "$report") \
    || { echo "自检未通过：$app --self-test（报告：$report）" >&2; exit 1; }
t1=$EPOCHREALTIME
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "自检通过，从启动到完成用时 %.2f 秒\n", b - a }'
