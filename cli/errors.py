"""Exit codes of the command line (a contract), the bad-input error, and the internal-error log."""
from __future__ import annotations

import os
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
APP_NAME = "决算公开工作台"


class CliError(Exception):
    """Bad input: printed as one Chinese line on stderr, exit code 2."""


def log_dir() -> Path:
    """Where internal-error logs go: the user's app-data folder (%LOCALAPPDATA% on Windows,
    ~/Library/Logs on macOS, $XDG_STATE_HOME or ~/.local/state elsewhere)."""
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / APP_NAME / "logs"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Logs" / APP_NAME
    base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / APP_NAME / "logs"


def log_internal_error(exc: BaseException, argv: list[str] | None = None) -> Path | None:
    """Write the traceback of an unexpected error to a new log file and return its path
    (the temp folder if the app-data folder cannot be written; None if nothing can be)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    text = (f"{datetime.now().isoformat(timespec='seconds')}  {APP_NAME}\n"
            f"python {sys.version.split()[0]} on {sys.platform}\n"
            f"arguments: {argv if argv is not None else sys.argv[1:]}\n\n"
            + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    for folder in (log_dir(), Path(tempfile.gettempdir()) / APP_NAME):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for n in range(1, 100):        # (the desktop app may log twice in a second: never overwrite)
                path = folder / f"错误-{stamp}-{os.getpid()}{f'-{n}' if n > 1 else ''}.log"
                try:
                    with open(path, "x", encoding="utf-8") as f:
                        f.write(text)
                    return path
                except FileExistsError:
                    continue
        except OSError:
            continue
    return None


def internal_error_line(exc: BaseException, argv: list[str] | None = None) -> str:
    """The one Chinese line shown for an internal error (CLI stderr, GUI dialog); logs the details."""
    path = log_internal_error(exc, argv)
    where = f"详细信息已写入 {path}" if path else "详细信息无法写入日志"
    return f"内部错误：程序出现意外问题（{type(exc).__name__}），已保存的数据不受影响；{where}，请将该文件发给技术支持。"
