"""Files that appear complete or not at all: written under a temporary name beside their target,
then linked or renamed into place without ever replacing an existing file."""
from __future__ import annotations

import os
import time
from pathlib import Path

from domain.os_reason import os_reason

from .errors import StorageError


UNFINISHED = "未完成"
STALE_S = 600     # a temporary file this old was left by a process that was killed


def temp_beside(path: Path) -> Path:
    """A fresh name in the target's folder (same file system, so the final rename is atomic);
    temporary files an earlier, killed attempt left for the same target are removed first."""
    for leftover in path.parent.glob(f"{path.name}.*.{UNFINISHED}"):
        try:
            if time.time() - leftover.stat().st_mtime > STALE_S:
                discard(leftover)
        except OSError:
            pass
    return path.with_name(f"{path.name}.{os.getpid()}.{UNFINISHED}")


def publish(tmp: Path, path: Path) -> None:
    """Move the finished `tmp` to `path`; refuse if `path` exists (it is never replaced)."""
    try:
        try:
            os.link(tmp, path)          # atomic and fails if `path` exists
            os.unlink(tmp)
        except FileExistsError:
            raise
        except OSError:                 # no hard links (FAT U 盘, some shares)
            if os.name != "nt" and path.exists():
                raise FileExistsError(path) from None
            os.rename(tmp, path)        # Windows: fails if `path` exists
    except FileExistsError:
        raise StorageError(f"文件已存在：{path}（不会覆盖）") from None
    except OSError as exc:
        raise StorageError(f"无法写入 {path}：{os_reason(exc)}") from None
    _sync_folder(path.parent)


def discard(tmp: Path) -> None:
    """Remove a temporary file and its journal, if they are still there."""
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
        try:
            leftover.unlink()
        except OSError:
            pass


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); Windows has no directory handles to sync."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass
