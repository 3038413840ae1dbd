"""`python main.py copy FILE DEST` (复制): a consistent single-file copy of a unit file.

The unit file is opened first (which finishes or undoes a save that was interrupted), then copied
with SQLite's backup API, so the copy is complete even while another window is saving. DEST is
written under a temporary name and renamed into place; an existing DEST is never replaced.
"""
from __future__ import annotations

from pathlib import Path

from storage.unit_file import EXTENSION, UnitFile

from .errors import EXIT_OK, CliError


def register(sub) -> None:
    p = sub.add_parser("copy", help="把单位文件完整复制一份（可在保存途中或程序异常退出后安全使用）")
    p.add_argument("file", help="单位文件（.jsgk）")
    p.add_argument("dest", help="副本的文件名，或放副本的文件夹")
    p.set_defaults(run=run)


def run(args) -> int:
    source, dest = Path(args.file), Path(args.dest)
    if args.dest.endswith(("/", "\\")) and not dest.is_dir():
        raise CliError(f"文件夹不存在：{args.dest}（副本未写出）")
    if dest.is_dir():
        dest = dest / source.name
    if dest.suffix.lower() != EXTENSION:
        raise CliError(f"副本的文件名应以 {EXTENSION} 结尾：{dest}")
    with UnitFile.open(source) as f:
        f.save_copy(dest)
    print(f"已复制 {source} → {dest}")
    return EXIT_OK
