"""`set`, `undo`, `redo` and `log` on the command line, each in its own process (the issue's scenario)."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT)


def cells(path) -> list:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT * FROM cells ORDER BY table_id, row_key, col_key").fetchall()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("set") / "demo.jsgk"
    assert run("demo", path).returncode == 0
    return path


def test_set_show_check_log_undo_redo_in_separate_processes(demo, tmp_path):
    path = tmp_path / "edited.jsgk"
    path.write_bytes(demo.read_bytes())
    before = cells(path)
    shown = json.loads(run("show", path, "--table", "5", "--json").stdout)["tables"][0]
    total = next(r for r in shown["rows"] if r["key"] == "total")["values"]["total"]["fen"]
    item = next(r for r in shown["rows"] if r["key"] == "2010301")["values"]["basic"]["fen"]
    assert run("check", path).returncode == 0

    done = run("set", path, "公开05表", "2010301", "基本支出", f"{(item + 100_000_000) / 1_000_000:.2f}")
    assert done.returncode == 0, done.stderr
    assert "表5 合计·本年支出合计" in done.stdout

    shown = json.loads(run("show", path, "--table", "T5", "--json").stdout)["tables"][0]
    assert next(r for r in shown["rows"] if r["key"] == "total")["values"]["total"]["fen"] == total + 100_000_000
    check = run("check", path, "--json")
    assert check.returncode == 1
    findings = json.loads(check.stdout)
    narrative = [f for f in findings if f["rule"].startswith("N-") and "start" in f]
    assert narrative, "the narrative sentences citing the changed totals are reported"
    assert any(("T5", "total", "total") == (loc.get("table"), loc.get("row"), loc.get("col"))
               for f in narrative for loc in f["locations"])

    log = run("log", path)
    assert "表5 2010301 行政运行·基本支出" in log.stdout and "→" in log.stdout
    entries = json.loads(run("log", path, "--json").stdout)
    assert entries[-1]["row_key"] == "2010301" and entries[-1]["new_amount"] == item + 100_000_000

    undone = run("undo", path)
    assert undone.returncode == 0 and "已撤销" in undone.stdout
    assert cells(path) == before                              # every value exactly, derived ones too
    assert run("check", path).returncode == 0

    assert run("redo", path).returncode == 0
    shown = json.loads(run("show", path, "--table", "5", "--json").stdout)["tables"][0]
    assert next(r for r in shown["rows"] if r["key"] == "total")["values"]["total"]["fen"] == total + 100_000_000
    assert run("check", path).returncode == 1


@pytest.mark.parametrize("args, words", [
    (("5", "2010301", "basic", "十元"), "不是数字"),
    (("5", "total", "total", "1"), "不能直接填写"),
    (("5", "20103", "basic", "1"), "不能直接填写"),
    (("T99", "x", "basic", "1"), "没有这张表"),
    (("5", "行政运行2", "basic", "1"), "没有“行政运行2”这一行"),
    (("5", "2010301", "年终结余", "1"), "没有“年终结余”这一列"),
    (("5", "2010301", "basic", "1.0000001"), "精度"),
])
def test_set_refuses_with_one_line_and_leaves_the_file_unchanged(demo, args, words):
    before = demo.read_bytes()
    done = run("set", demo, *args)
    assert done.returncode == 2
    assert words in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert demo.read_bytes() == before


def test_set_an_unknown_code_adds_its_row_with_a_warning(demo, tmp_path):
    path = tmp_path / "code.jsgk"
    path.write_bytes(demo.read_bytes())
    done = run("set", path, "T5", "2010188", "project", "1.5", "--unit", "元")
    assert done.returncode == 0 and "2010188" in done.stderr and "警告" in done.stderr
    shown = json.loads(run("show", path, "--table", "5", "--json", "--unit", "元").stdout)["tables"][0]
    assert next(r for r in shown["rows"] if r["key"] == "2010188")["values"]["project"]["fen"] == 150
    assert run("undo", path).returncode == 0                  # the row and the value in one step
    shown = json.loads(run("show", path, "--table", "5", "--json").stdout)["tables"][0]
    assert "2010188" not in {r["key"] for r in shown["rows"]}


def test_nothing_to_undo_is_said_in_one_line(tmp_path):
    path = tmp_path / "new.jsgk"
    assert run("new", path, "--unit", "测试单位", "--year", "2024").returncode == 0
    done = run("undo", path)
    assert done.returncode == 2 and "没有可以撤销" in done.stderr
