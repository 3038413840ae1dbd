"""`python main.py export …` (导出)."""
from __future__ import annotations

import argparse

from .errors import CliError


def register(sub) -> None:
    p = sub.add_parser("export", help="导出（尚未提供）")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(run=run)


def run(args) -> int:
    raise CliError("“导出”功能尚未提供")
