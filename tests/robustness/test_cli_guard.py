"""The command line never shows a bare traceback: bad input exits 2, a bug exits 3 with one Chinese
line and the traceback in a log file, a closed pipe ends the program quietly."""
import subprocess
import sys
from pathlib import Path

import pytest

import cli.commands as commands
from cli.commands import main
from cli.errors import EXIT_INTERNAL, log_dir

ROOT = Path(__file__).resolve().parents[2]


def test_an_internal_error_exits_3_with_one_line_and_a_log(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "state"))

    def broken(args):
        raise RuntimeError("a bug deep inside")
    monkeypatch.setattr(commands, "cmd_show", broken)
    code = main(["show", str(tmp_path / "x.jsgk")])
    out, err = capsys.readouterr()
    assert code == EXIT_INTERNAL
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("内部错误") and "Traceback" not in err
    logs = list(log_dir().glob("*.log"))
    assert len(logs) == 1 and str(logs[0]) in lines[0]
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "a bug deep inside" in text


def test_a_closed_pipe_is_quiet(tmp_path):
    demo = tmp_path / "示例.jsgk"
    subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", str(demo)], check=True, capture_output=True)
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "show", "--json", str(demo)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()                       # `| head -1`
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=60) == 0
    assert first.strip() == b"{"
    assert err == ""


def test_an_unforeseen_file_error_exits_2_with_one_line(tmp_path, monkeypatch, capsys):
    def vanished(args):
        raise PermissionError(13, "Permission denied", str(tmp_path / "共享" / "单位.jsgk"))
    monkeypatch.setattr(commands, "cmd_show", vanished)
    assert main(["show", "x.jsgk"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and "单位.jsgk" in lines[0]
