"""Why a file operation failed, in Chinese: the one place an OSError's errno becomes words for the user
(the system's own text is English on most machines, and not every user reads it). No parentheses:
callers put the reason in theirs."""
from __future__ import annotations

import errno

REASONS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.EACCES: "没有权限：文件或文件夹是只读的，或正被其他程序使用",
    errno.EPERM: "没有权限：文件或文件夹是只读的，或正被其他程序使用",
    errno.EROFS: "磁盘是只读的或有写保护",
    errno.ENOSPC: "磁盘已满",
    errno.EEXIST: "文件已存在",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "文件正被其他程序使用",
    errno.EIO: "读写磁盘时出错，U 盘或网络共享可能已断开",
    errno.EINVAL: "文件名或路径无效",
}
if hasattr(errno, "EDQUOT"):
    REASONS[errno.EDQUOT] = "磁盘空间配额已用完"
WINDOWS_REASONS = {32: "文件正被其他程序使用", 33: "文件的一部分被其他程序锁定", 112: "磁盘已满",
                   123: "文件名或路径无效"}


def os_reason(exc: OSError) -> str:
    """A short Chinese reason for `exc` (errno, or the Windows error code), the system text after it
    only when the error is one not named here."""
    reason = WINDOWS_REASONS.get(getattr(exc, "winerror", None) or 0) or REASONS.get(exc.errno or 0)
    if reason:
        return reason
    detail = exc.strerror or str(exc) or type(exc).__name__
    return f"系统报告错误：{detail}"
