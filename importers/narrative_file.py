"""Read the 部门决算说明 from a file: plain text (.txt) or a Word document (.docx).

* .txt: UTF-8 with or without BOM, UTF-16 with or without BOM, or GBK/GB18030 (what Windows
  Notepad and WPS save in China), detected from the bytes; bytes that decode only as nonsense
  (EBCDIC, UTF-7, another code page read as GB18030) are refused, not imported as garbage;
* .docx: with python-docx, paragraphs and tables in document order (Document.iter_inner_content);
  table cells joined by tabs, rows by newlines.

The text is the file's text with line endings normalised to `\\n`, nothing else changed. A file
that is neither (a .docx that is not a zip, an old .doc, a PDF …), one without any text, and one far
longer than any 说明 (MAX_CHARS) raise ImportFailure: an empty or unreadable file never replaces
the narrative already in a unit file.
"""
from __future__ import annotations

import codecs
import io
import re
import unicodedata
from pathlib import Path

from .errors import ImportFailure
from .safety import DOCX, OLE, XLS, XLSX, ZIP, container, describe_other, ole_kind, open_zip, read_checked, zip_kind

WHAT = "说明文件"
MAX_CONTROL_SHARE = 0.01     # more control characters than this: a binary file, not text
MAX_CHARS = 500_000          # the longest real 说明 seen is about 54,000 characters (144 KB)
MAX_SENTENCE = 10_000        # the longest real paragraph seen is under 800 characters; the figure
                             # reader's work grows with the square of the figures in one sentence
SENTENCE_END = re.compile(r"[。！？!?\n]")
MIN_PLAIN_SHARE = 0.9        # of the letters of a GB18030 reading: common hanzi, ASCII, punctuation
MIN_UTF16_NULS = 0.3         # share of NUL bytes at odd (LE) or even (BE) offsets in UTF-16 text
UTF7_RUN = re.compile(r"\+[A-Za-z0-9+/]{3,}-?")


def read_narrative(path: Path) -> str:
    path = Path(path)
    data = read_checked(path, WHAT)
    name = path.name
    kind = container(data)
    if kind == ZIP:
        inner = zip_kind(open_zip(data, name, WHAT))
        if inner == DOCX:
            return _checked(_docx(data, name), name)
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
    return _checked(normalise_newlines(decode_text(data, name)), name)


def _checked(text: str, name: str) -> str:
    """Refuse a text with no words (it would wipe the narrative) or one beyond any real 说明."""
    if not text.strip():
        raise ImportFailure(f"{name} 中没有读到任何文字，不作为说明导入（单位文件中原有的说明保持不变）。")
    if len(text) > MAX_CHARS:
        raise ImportFailure(f"{name} 有 {len(text)} 个字符，远超任何部门决算说明（不超过 {MAX_CHARS} 个字符），"
                            "不作为说明导入；请检查是否选错了文件。")
    longest = max(map(len, SENTENCE_END.split(text)))
    if longest > MAX_SENTENCE:
        raise ImportFailure(f"{name} 中有一段 {longest} 个字符的文字没有句号或换行，远超正常的说明段落"
                            f"（不超过 {MAX_SENTENCE} 个字符），不作为说明导入；请检查文件内容。")
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        looks = "UTF-7 编码" if UTF7_RUN.search(text) else "没有中文"
        raise ImportFailure(f"{name} 中一个汉字也没有（{looks}），不像部门决算说明，也可能是文字编码不对；"
                            "请用 UTF-8 或 GBK 编码另存为 .txt，或用 .docx 文件。")
    return text


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes, name: str) -> str:
    """The text of a .txt file: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 (a superset of GBK)."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    bomless = None if utf16 else _utf16_without_bom(data)
    if bomless:
        try:
            return _plain(data.decode(bomless), name)
        except UnicodeDecodeError:
            pass
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
                if not _reads_as_chinese(text):
                    raise UnicodeDecodeError("gb18030", data, 0, 1, "nonsense") from None
    except UnicodeDecodeError:
        raise ImportFailure(f"{name} 的文字编码无法识别（应为 UTF-8、UTF-16 或 GBK/GB18030 编码的文本文件）。") from None
    return _plain(text, name)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the NUL bytes sit where UTF-16 puts them (the high byte of
    ASCII characters), None otherwise."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    half = len(sample) // 2
    odd, even = sample[1::2].count(0) / half, sample[0::2].count(0) / half
    if odd >= MIN_UTF16_NULS and even < 0.05:
        return "utf-16-le"
    if even >= MIN_UTF16_NULS and odd < 0.05:
        return "utf-16-be"
    return None


def _reads_as_chinese(text: str) -> bool:
    """Whether a GB18030 reading is Chinese text: GB18030 decodes almost any bytes, and bytes of
    another encoding become rare hanzi, kana and box drawing. Real text is nearly all GB2312 hanzi
    (level 1 and 2), ASCII, punctuation and full-width forms."""
    letters = [ch for ch in text if not ch.isspace()]
    if not letters:
        return True
    plain = sum(1 for ch in letters if ch < "\x7f" or _common_hanzi(ch) or
                unicodedata.category(ch)[0] in "PNS" and ch not in "\ufffd")
    return plain >= MIN_PLAIN_SHARE * len(letters)


def _common_hanzi(ch: str) -> bool:
    if not "\u4e00" <= ch <= "\u9fff":
        return False
    try:
        return 0xB0 <= ch.encode("gb2312")[0] <= 0xF7
    except UnicodeEncodeError:
        return False


def _plain(text: str, name: str) -> str:
    """Refuse a decoded text full of control characters (a binary file)."""
    control = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    if "\x00" in text or control > MAX_CONTROL_SHARE * max(len(text), 1):
        raise ImportFailure(f"{name} 不是文本文件（含有大量控制字符），无法作为说明导入；说明请用 .txt 或 .docx 文件。")
    return text


def _docx(data: bytes, name: str) -> str:
    from docx import Document
    from docx.text.paragraph import Paragraph
    _refuse_entities(data, name)
    try:
        document = Document(io.BytesIO(data))
        blocks = [item.text if isinstance(item, Paragraph) else _table_text(item)
                  for item in document.iter_inner_content()]
    except ImportFailure:
        raise
    except Exception as exc:  # a damaged package: python-docx raises several kinds
        raise ImportFailure(f"{name} 已损坏或不是有效的 Word 文档，无法读取（{type(exc).__name__}）。") from None
    return normalise_newlines("\n".join(blocks))


def _refuse_entities(data: bytes, name: str) -> None:
    """Word never writes a DTD; a part that declares one (entities, external references) is refused
    before python-docx parses it (it would keep unresolved entities as empty text)."""
    with open_zip(data, name, WHAT) as archive:
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels")):
                try:
                    head = archive.open(info).read(64 * 1024)
                except Exception:
                    continue   # a damaged member: python-docx reports it next
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise ImportFailure(f"{name} 含有不安全的 XML 内容（实体或外部引用定义），已拒绝读取。")


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
