"""`python main.py check …` (核对)."""
from __future__ import annotations

import argparse

from .errors import CliError


def register(sub) -> None:
    p = sub.add_parser("check", help="核对（尚未提供）")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(run=run)


def run(args) -> int:
    raise CliError("“核对”功能尚未提供")
