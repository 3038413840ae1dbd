"""Writing an export file: into a temporary file beside the target, renamed over it only when
complete, so a cancelled or failed export leaves no half-written file (and keeps an older one)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from domain.os_reason import os_reason

from . import ExportError


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    path = Path(path)
    if not path.parent.is_dir():
        raise ExportError(f"无法写入 {path}：所在的文件夹不存在（{path.parent}），请先建立它或换一个位置")
    try:
        handle, name = tempfile.mkstemp(prefix=".导出-", suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise ExportError(f"无法写入 {path}：不能在文件夹 {path.parent} 中建立文件（{os_reason(exc)}）") from None
    os.close(handle)
    tmp = Path(name)
    _readable_as_any_new_file(tmp)
    try:
        write(tmp)
        os.replace(tmp, path)
    except PermissionError:
        raise ExportError(f"无法写入 {path}：文件可能正在被其他程序（如 Excel、PDF 阅读器）打开，请关闭后重试") from None
    except OSError as exc:
        raise ExportError(f"无法写入 {path}：{os_reason(exc)}") from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _process_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


_UMASK = _process_umask()       # read once, at import: os.umask is process-wide, not for worker threads


def _readable_as_any_new_file(path: Path) -> None:
    """mkstemp creates 0600; an exported disclosure gets the permissions any new file would (umask)."""
    os.chmod(path, 0o666 & ~_UMASK)
