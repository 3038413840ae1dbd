"""`python main.py import …` (导入)."""
from __future__ import annotations

import argparse

from .errors import CliError


def register(sub) -> None:
    p = sub.add_parser("import", help="导入（尚未提供）")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(run=run)


def run(args) -> int:
    raise CliError("“导入”功能尚未提供")
