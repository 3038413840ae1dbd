"""The command-line contract (README, 退出码) under bad input, command by command: a refusal exits 2
with exactly one Chinese line on stderr that says which file or argument and what to do, never a
traceback or argparse's English; a refused writing command leaves the unit file byte-for-byte as it
was. And `--help` lists every command, each with a Chinese line, the same commands as README."""
import argparse
import errno
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import cli.commands as commands
from cli.commands import build_parser, main
from cli.selftest import main as self_test
from domain.checks import run_checks
from domain.demo import build_demo
from domain.os_reason import os_reason
from domain.review import REVIEWER, Identity
from storage.review_store import ReviewStore
from storage.unit_file import UnitFile

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
FILE_KINDS = (".jsgk", ".xlsx", ".docx", ".txt", ".pdf")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Unit files good and bad, and other files, shared by every case (a refusal changes nothing)."""
    with pytest.MonkeyPatch.context() as mp:
        base = tmp_path_factory.mktemp("contract")
        mp.setenv("JSGK_CONFIG_DIR", str(base / "config"))
        for name, year in (("本年.jsgk", 2024), ("上年.jsgk", 2023)):
            unit = build_demo(year)
            UnitFile.create(base / name, unit.meta, unit, action="demo").close()
        shutil.copy(base / "本年.jsgk", base / "同年.jsgk")
        shutil.copy(base / "本年.jsgk", base / "已签发.jsgk")
        with UnitFile.open(base / "已签发.jsgk") as f:
            ReviewStore(f).sign_off(Identity("王审核", REVIEWER), run_checks(f.load()))
        data = (base / "本年.jsgk").read_bytes()
        (base / "截断.jsgk").write_bytes(data[:len(data) // 3])
        flipped = bytearray(data)
        for i in range(4096, len(flipped), 997):
            flipped[i] ^= 0xFF
        (base / "乱码.jsgk").write_bytes(bytes(flipped))
        (base / "文本.jsgk").write_text("不是单位文件\n", encoding="utf-8")
        (base / "文本.xlsx").write_text("不是工作簿\n", encoding="utf-8")
        with zipfile.ZipFile(base / "坏.docx", "w") as z:
            z.writestr("word/document.xml", "<<<不是 XML")
        (base / "文件夹.jsgk").mkdir()
        (base / "文件夹.xlsx").mkdir()
        (base / "空文件夹").mkdir()
        mp.chdir(base)
        yield base


# (argv, exit code, a fragment stderr must hold, the unit file that must stay byte-for-byte unchanged)
CASES = [
    # argparse: a wrong or missing argument is one Chinese line, not English usage text
    (["show", "本年.jsgk", "--unit", "美元"], 2, "美元", "本年.jsgk"),
    (["set", "本年.jsgk", "5", "2010301", "basic", "1", "--unit", "美元"], 2, "--unit", "本年.jsgk"),
    (["new", "新.jsgk", "--unit", "某街道", "--year", "abc"], 2, "--year", None),
    (["new", "新.jsgk"], 2, "缺少参数", None),
    (["link", "本年.jsgk"], 2, "--prior", "本年.jsgk"),
    (["log", "本年.jsgk", "--last", "abc"], 2, "--last", None),
    (["rules", "--json"], 2, "--json", None),
    (["不存在的命令"], 2, "不存在的命令", None),
    ([], 2, "命令", None),
    # a file that is not a good unit file, for a reading and a writing command each
    (["show", "没有.jsgk"], 2, "没有.jsgk", None),
    (["check", "文件夹.jsgk"], 2, "文件夹", None),
    (["verify", "文本.jsgk"], 2, "文本.jsgk", "文本.jsgk"),
    (["set", "截断.jsgk", "5", "2010301", "basic", "1"], 2, "截断.jsgk", "截断.jsgk"),
    (["undo", "乱码.jsgk"], 2, "乱码.jsgk", "乱码.jsgk"),
    (["log", "/proc/version"], 2, "/proc/version", None),
    (["review", "没有的文件夹/单位.jsgk"], 2, "单位.jsgk", None),
    # a signed-off unit refuses every writing command
    (["set", "已签发.jsgk", "5", "2010301", "basic", "1"], 2, "签发", "已签发.jsgk"),
    (["undo", "已签发.jsgk"], 2, "签发", "已签发.jsgk"),
    (["link", "已签发.jsgk", "--prior", "上年.jsgk"], 2, "签发", "已签发.jsgk"),
    # wrong values
    (["set", "本年.jsgk", "99", "total", "total", "1"], 2, "没有这张表", "本年.jsgk"),
    (["set", "本年.jsgk", "5", "没有的行", "basic", "1"], 2, "没有的行", "本年.jsgk"),
    (["set", "本年.jsgk", "5", "2010301", "没有的列", "1"], 2, "没有的列", "本年.jsgk"),
    (["set", "本年.jsgk", "5", "total", "basic", "1"], 2, "不能直接填写", "本年.jsgk"),
    (["set", "本年.jsgk", "5", "2010301", "basic", "一百"], 2, "不是数字", "本年.jsgk"),
    (["set", "本年.jsgk", "5", "2010301", "basic", "1e400"], 2, "超出可处理的范围", "本年.jsgk"),
    (["set", "本年.jsgk", "5", "2010301", "basic", "99999999999999999999999", "--unit", "元"], 2, "超出可处理的范围",
     "本年.jsgk"),
    (["show", "本年.jsgk", "--table", ""], 2, "没有这张表", None),
    (["log", "本年.jsgk", "--last", "0"], 2, "--last", None),
    (["check", "本年.jsgk", "--rule", "没有的规则"], 2, "没有的规则", None),
    (["new", "新.jsgk", "--unit", "某街道", "--year", "1999"], 2, "1999", None),
    (["new", "新.jsgk", "--unit", " ", "--year", "2024"], 2, "单位名称", None),
    (["new", "新.txt", "--unit", "某街道", "--year", "2024"], 2, ".jsgk", None),
    (["new", "本年.jsgk", "--unit", "某街道", "--year", "2024"], 2, "已存在", "本年.jsgk"),
    (["demo", "没有的文件夹/示例.jsgk"], 2, "示例.jsgk", None),
    (["demo", "示例"], 2, ".jsgk", None),
    # files to read that are not what they should be
    (["import", "本年.jsgk", "--xlsx", "文本.xlsx"], 2, "文本.xlsx", "本年.jsgk"),
    (["import", "本年.jsgk", "--narrative", "坏.docx"], 2, "坏.docx", "本年.jsgk"),
    (["import", "本年.jsgk", "--xlsx", "文件夹.jsgk"], 2, "文件夹", "本年.jsgk"),
    (["link", "本年.jsgk", "--prior", "本年.jsgk"], 2, "2023", "本年.jsgk"),
    (["link", "本年.jsgk", "--prior", "同年.jsgk"], 2, "2023", "本年.jsgk"),
    (["link", "本年.jsgk", "--prior", "截断.jsgk"], 2, "截断.jsgk", "本年.jsgk"),
    # outputs that cannot be written: the reason in Chinese, not the system's English
    (["copy", "本年.jsgk", "上年.jsgk"], 2, "已存在", "上年.jsgk"),
    (["copy", "本年.jsgk", "没有的文件夹/副本.jsgk"], 2, "副本.jsgk", "本年.jsgk"),
    (["copy", "本年.jsgk", "没有的文件夹/"], 2, "文件夹不存在", "本年.jsgk"),
    (["show", "上年.jsgk", "--table", "14"], 2, "1–13", None),
    (["draft", "本年.jsgk", "--out", "没有的文件夹/说明.txt"], 2, "文件或文件夹不存在", "本年.jsgk"),
    (["export", "本年.jsgk", "--xlsx", "文件夹.xlsx"], 2, "是一个文件夹", "本年.jsgk"),
    (["export", "本年.jsgk", "--pdf", "公开.txt"], 2, ".pdf", "本年.jsgk"),
    (["review", "本年.jsgk", "--pdf", "审核"], 2, ".pdf", None),
    (["check", ".", "--summary", "--xlsx", "汇总.csv"], 2, ".xlsx", None),
    (["review", "本年.jsgk", "--pdf", "/proc/审核.pdf"], 2, "文件或文件夹不存在", None),
    (["check", "空文件夹", "--summary"], 2, "没有单位文件", None),
    (["check", ".", "--summary", "--xlsx", "没有的文件夹/汇总.xlsx"], 2, "没有的文件夹", None),
    (["--self-test", "没有的文件夹/报告.txt"], 2, "没有的文件夹", None),
    (["--self-test", "空文件夹"], 2, "文件夹", None),
]


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


@pytest.mark.parametrize("argv, code, fragment, kept", CASES, ids=[" ".join(c[0]) or "(无)" for c in CASES])
def test_bad_input_is_one_chinese_line_and_changes_nothing(folder, capsys, argv, code, fragment, kept):
    before = digest(folder / kept) if kept else None
    listing = sorted(p.name for p in folder.rglob("*"))
    run = self_test if argv[:1] == ["--self-test"] else main      # (main.py hands --self-test to cli/selftest.py)
    assert run(list(argv[1:] if run is self_test else argv)) == code
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("错误：") and CJK.search(lines[0][3:]), err
    assert "Traceback" not in err and "usage:" not in err and "error:" not in err
    assert fragment in lines[0]
    paths = [a for a in argv[1:] if "/" in a or Path(a).suffix in FILE_KINDS or (folder / a).exists()]
    if paths and "查看用法" not in lines[0]:          # (an argparse refusal names the argument instead)
        assert any(a in lines[0] for a in paths), f"names none of {paths}"
    if kept:
        assert digest(folder / kept) == before, f"{kept} changed"
    assert sorted(p.name for p in folder.rglob("*")) == listing, "a refused command left a file behind"


def test_help_lists_every_command_with_a_chinese_line_and_readme_the_same(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    helped = {}
    for line in out.splitlines():
        m = re.match(r"\s{2,}(--self-test|[a-z]+)\s+(\S.*)$", line)
        if m:
            helped[m[1]] = m[2]
    assert set(sub.choices) | {"--self-test"} == set(helped)
    assert all(CJK.search(text) for text in helped.values()), helped
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## 命令行", 1)[1].split("```", 2)[1]
    listed = set(re.findall(r"python main\.py (--self-test|[a-z]+)\b", block)) | set(re.findall(r" / ([a-z]+) FILE", block))
    assert listed == set(helped)


@pytest.mark.parametrize("exc, reason", [
    (OSError(errno.EROFS, "Read-only file system"), "磁盘是只读的或有写保护"),
    (OSError(errno.ENOSPC, "No space left on device"), "磁盘已满"),
    (PermissionError(errno.EACCES, "Permission denied"), "没有权限：文件或文件夹是只读的，或正被其他程序使用"),
    (OSError(errno.ELOOP, "Too many levels of symbolic links"), "系统报告错误：Too many levels of symbolic links"),
])
def test_a_file_error_reads_in_chinese_without_brackets(exc, reason):
    """(Messages put the reason in brackets of their own: “无法写入 X（磁盘已满）”.)"""
    assert os_reason(exc) == reason


def test_output_in_a_code_page_without_some_characters_is_printed(tmp_path):
    """`python main.py rules > 规则.txt` on a Chinese Windows without UTF-8 mode writes GBK, which has no
    “−” (U+2212): the character becomes “?”, the rest is printed, exit 0 (it was an internal error)."""
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "PYTHONUTF8": "0"}
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "rules"], capture_output=True, env=env, timeout=60)
    assert proc.returncode == 0 and proc.stderr == b""
    out = proc.stdout.decode("gbk")
    assert "T1-SUM" in out and "收入支出决算总表" in out


def test_every_argument_of_every_command_has_a_chinese_help_line():
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    missing = [f"{name} {a.dest}" for name, p in sub.choices.items() for a in p._actions
               if not (a.help and CJK.search(a.help))]
    assert missing == []


class GonePipe(io.StringIO):
    """stdout whose reader has gone (`| head -1`)."""
    def write(self, text):
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")


def test_a_reader_that_goes_away_leaves_the_exit_code_standing(folder, monkeypatch, capsys):
    """`check 单位.jsgk | head -1` still exits 1 when errors are found (it exited 0), and a writing
    command whose report nobody reads still does its work."""
    shutil.copy(folder / "本年.jsgk", folder / "管道.jsgk")
    monkeypatch.setattr(commands, "_silence_stdout", lambda: None)   # (it would point this process's fd 1 at /dev/null)
    monkeypatch.setattr(sys, "stdout", GonePipe())
    try:
        assert main(["set", "管道.jsgk", "5", "2010301", "basic", "12345"]) == 0
        assert main(["check", "管道.jsgk"]) == 1
        assert main(["show", "管道.jsgk", "--json"]) == 0
    finally:
        (folder / "管道.jsgk").unlink()
    assert capsys.readouterr().err == ""


def test_output_cut_short_by_head_is_quiet(tmp_path):
    """`python main.py rules --markdown | head -1`: the reader stops early; no error, exit 0."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "rules", "--markdown"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=60) == 0
    assert first.strip() and err == ""
