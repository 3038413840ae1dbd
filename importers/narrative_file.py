"""Read the 部门决算说明 from a file: plain text (.txt) or a Word document (.docx).

* .txt: UTF-8 with or without BOM, UTF-16 with BOM, or GBK/GB18030 (what Windows Notepad and WPS
  save in China), detected from the bytes;
* .docx: with python-docx, paragraphs and tables in document order (Document.iter_inner_content);
  table cells joined by tabs, rows by newlines.

The text is the file's text with line endings normalised to `\\n`, nothing else changed. A file
that is neither (a .docx that is not a zip, an old .doc, a PDF …) raises ImportFailure.
"""
from __future__ import annotations

import codecs
import io
import unicodedata
from pathlib import Path

from .errors import ImportFailure
from .safety import DOCX, OLE, XLS, XLSX, ZIP, container, describe_other, ole_kind, open_zip, read_checked, zip_kind

WHAT = "说明文件"
MAX_CONTROL_SHARE = 0.01     # more control characters than this: a binary file, not text


def read_narrative(path: Path) -> str:
    path = Path(path)
    data = read_checked(path, WHAT)
    name = path.name
    kind = container(data)
    if kind == ZIP:
        inner = zip_kind(open_zip(data, name, WHAT))
        if inner == DOCX:
            return _docx(data, name)
        if inner == XLSX:
            raise ImportFailure(f"{name} 是 Excel 工作簿，不是说明文件；工作簿请用 --xlsx 导入。")
        raise ImportFailure(f"{name} 不是 Word 文档（.docx），也不是文本文件，无法作为说明导入。")
    if kind == OLE:
        inner = ole_kind(data)
        if inner == "encrypted":
            raise ImportFailure(f"{name} 设有打开密码（已加密），无法读取；请取消密码后另存，再导入。")
        if inner == "doc":
            raise ImportFailure(f"{name} 是旧版 Word 文档（.doc），暂不支持；请在 Word 或 WPS 中另存为 .docx 或 .txt 后再导入。")
        if inner == XLS:
            raise ImportFailure(f"{name} 是 Excel 工作簿，不是说明文件；工作簿请用 --xlsx 导入。")
        raise ImportFailure(f"{name} 不是 Word 文档（.docx），也不是文本文件，无法作为说明导入。")
    if path.suffix.lower() == ".docx":
        raise ImportFailure(f"{name} 不是有效的 Word 文档（.docx 文件应是一个压缩包，此文件看起来是"
                            f"{describe_other(data)}）；请在 Word 或 WPS 中打开后重新另存为 .docx。")
    return normalise_newlines(decode_text(data, name))


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes, name: str) -> str:
    """The text of a .txt file: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 (a superset of GBK)."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    kind = describe_other(data)
    if not utf16 and (b"\x00" in data or kind != describe_other(b"")):
        looks = f"看起来是{kind}" if kind != describe_other(b"") else "含有二进制内容"
        raise ImportFailure(f"{name} 不是文本文件（{looks}），无法作为说明导入；说明请用 .txt 或 .docx 文件。")
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8):].decode("utf-8")
        elif utf16:
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ImportFailure(f"{name} 的文字编码无法识别（应为 UTF-8 或 GBK/GB18030 编码的文本文件）。") from None
    control = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    if "\x00" in text or control > MAX_CONTROL_SHARE * max(len(text), 1):
        raise ImportFailure(f"{name} 不是文本文件（含有大量控制字符），无法作为说明导入；说明请用 .txt 或 .docx 文件。")
    return text


def _docx(data: bytes, name: str) -> str:
    from docx import Document
    from docx.text.paragraph import Paragraph
    try:
        document = Document(io.BytesIO(data))
        blocks = [item.text if isinstance(item, Paragraph) else _table_text(item)
                  for item in document.iter_inner_content()]
    except ImportFailure:
        raise
    except Exception as exc:  # a damaged package: python-docx raises several kinds
        raise ImportFailure(f"{name} 已损坏或不是有效的 Word 文档，无法读取（{type(exc).__name__}）。") from None
    return normalise_newlines("\n".join(blocks))


def _table_text(table) -> str:
    """Cells joined by tabs, rows by newlines; a cell merged across columns is written once."""
    lines = []
    for row in table.rows:
        cells, last = [], None
        for cell in row.cells:
            if last is not None and cell._tc is last:
                continue
            last = cell._tc
            cells.append(cell.text)
        lines.append("\t".join(cells))
    return "\n".join(lines)
