"""The disclosure as published: the PDF (`export.pdf.export_pdf`) and the workbook in the official
layout (`export.xlsx.export_xlsx`). Both draw from `domain.layout` / `domain.document`; nothing
here lays a table out a second time.

`progress(done, total)` may be passed to either; it may raise `ExportCancelled` to stop, and then
no file is left at the target path.
"""
from __future__ import annotations

from typing import Callable, Optional

Progress = Optional[Callable[[int, int], None]]
FORCED_NOTICE = "本文件含有尚未解决的核对错误（强制导出），内容可能有误，请勿作为正式公开文本。"


class ExportCancelled(Exception):
    """Raised by a progress callback to stop an export; nothing is written."""


class ExportError(Exception):
    """An export that cannot be written (the target is locked, a folder is missing …): a Chinese message."""
