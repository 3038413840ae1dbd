"""The unit-file error the user sees, and how SQLite's errors become one Chinese sentence."""
from __future__ import annotations

import sqlite3
from pathlib import Path


class StorageError(Exception):
    """A unit file that cannot be used; the message is one Chinese sentence for the user."""


def damaged(path: Path, what: str = "") -> StorageError:
    detail = f"（{what}）" if what else ""
    return StorageError(f"单位文件已损坏{detail}，不能打开：{path}；请改用备份副本。")


def storage_error(exc: sqlite3.Error, path: Path) -> StorageError:
    """A StorageError for what SQLite reported while reading or writing `path`."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StorageError(f"文件正被其他程序或另一窗口占用，请关闭后再试：{path}")
    if "readonly" in text or "read-only" in text:
        return StorageError(f"文件或它所在的文件夹是只读的（只读共享、写保护的 U 盘等），无法写入：{path}；"
                            "请复制到可写的文件夹后再修改。")
    if "full" in text:
        return StorageError(f"磁盘或 U 盘已满，未能写入：{path}；已保存的内容没有改动，请腾出空间后再试。")
    if "unable to open" in text:
        return StorageError(f"无法打开或写入 {path}（所在文件夹不存在或是只读的，或文件已被移走）；已保存的内容没有改动。")
    if "disk i/o" in text:
        return StorageError(f"读写 {path} 时磁盘或网络共享出错；文件仍是上次保存的内容，请检查连接后再试。")
    if not isinstance(exc, sqlite3.OperationalError) or any(w in text for w in ("malformed", "not a database", "decode")):
        return damaged(path)
    first = (str(exc).splitlines() or [""])[0][:120]
    return StorageError(f"无法读写单位文件 {path}（{first}）。")
