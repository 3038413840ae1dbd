"""The command line's argument parser in Chinese: a wrong argument is one Chinese line on stderr and
exit 2 (the contract), not argparse's English usage text; the help texts argparse writes itself are
Chinese too."""
from __future__ import annotations

import argparse
import re
import sys

from .errors import EXIT_BAD_INPUT

# argparse's own messages (Python 3.10–3.13), each as a Chinese sentence
MESSAGES = (
    (re.compile(r"the following arguments are required: (.+)"), lambda m: f"缺少参数：{m[1]}"),
    (re.compile(r"argument 命令: invalid choice: '?(.*?)'? \(choose from .+\)"),
     lambda m: f"没有“{m[1]}”这个命令"),
    (re.compile(r"argument (\S+): invalid choice: '?(.*?)'? \(choose from (.+)\)"),
     lambda m: f"参数 {m[1]} 不能是“{m[2]}”，可选：{m[3].replace(chr(39), '')}"),
    (re.compile(r"argument (\S+): invalid (int|float) value: '(.*)'"),
     lambda m: f"参数 {m[1]} 应为{'整数' if m[2] == 'int' else '数字'}，“{m[3]}”不是"),
    (re.compile(r"argument (\S+): expected one argument"), lambda m: f"参数 {m[1]} 后面缺少它的值"),
    (re.compile(r"unrecognized arguments: (.+)"), lambda m: f"不认识的参数：{m[1]}"),
    (re.compile(r"argument (\S+): (.+)"), lambda m: f"参数 {m[1]} 有误：{m[2]}"),
)


def chinese(message: str) -> str:
    for pattern, say in MESSAGES:
        match = pattern.fullmatch(message.strip())
        if match:
            return say(match)
    return f"命令行参数有误：{message}"


class Parser(argparse.ArgumentParser):
    """argparse with Chinese errors and help; sub-command parsers are made of the same class."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "用法：", 1)

    def error(self, message: str):
        print(f"错误：{chinese(message)}（用 python {self.prog} --help 查看用法）", file=sys.stderr)
        self.exit(EXIT_BAD_INPUT)


def output_file(suffix: str):
    """An argparse type: a file name ending in `suffix` (--pdf OUT.pdf …): a PDF written to 报告.txt,
    or to a name without an ending, would not open when double-clicked."""
    def check(text: str) -> str:
        if not text.lower().endswith(suffix):
            raise argparse.ArgumentTypeError(f"应为以 {suffix} 结尾的文件名，“{text}”不是")
        return text
    return check


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数，“{text}”不是") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，“{text}”不是")
    return value
