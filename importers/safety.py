"""Look at an input file before any parser touches it: what kind of file is it, and is it safe to open?

* a zip (xlsx, docx): the uncompressed sizes in the zip directory are checked before anything is
  decompressed, so a zip bomb is refused without inflating it;
* an OLE compound file (xls, doc, and the container Office wraps a password-protected xlsx/docx in):
  its directory tells an encrypted package from a workbook from a Word document;
* anything else is named as well as it can be (an HTML page saved as .xls, a text file …).
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from domain.os_reason import os_reason

from .errors import ImportFailure

MAX_FILE_BYTES = 100 * 1024 * 1024          # no disclosure workbook or narrative comes near this
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024  # sum of a zip's members once inflated
MAX_MEMBER_BYTES = 128 * 1024 * 1024
MAX_RATIO = 200                             # inflated / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 10_000

ZIP, OLE, OTHER = "zip", "ole", "other"
XLSX, XLS, DOCX = "xlsx", "xls", "docx"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_checked(path: Path, what: str) -> bytes:
    """The file's bytes, after checking it exists, is a file, is not empty and not huge."""
    path = Path(path)
    if not path.exists():
        raise ImportFailure(f"找不到{what}：{path}")
    if path.is_dir():
        raise ImportFailure(f"这是一个文件夹，不是{what}：{path}")
    size = path.stat().st_size
    if size == 0:
        raise ImportFailure(f"{what}是空文件：{path.name}")
    if size > MAX_FILE_BYTES:
        raise ImportFailure(f"{what}过大（{size // (1024 * 1024)} MB），不予读取：{path.name}")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportFailure(f"无法读取{what} {path.name}：{os_reason(exc)}") from None


def container(data: bytes) -> str:
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return ZIP
    if data[:8] == OLE_MAGIC:
        return OLE
    return OTHER


def open_zip(data: bytes, name: str, what: str) -> zipfile.ZipFile:
    """Open a zip after checking its directory: refuse a damaged zip and a zip bomb."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise ImportFailure(f"{name} 已损坏或不完整（压缩包无法打开），请重新获取该{what}。") from None
    total = 0
    if len(members) > MAX_MEMBERS:
        raise ImportFailure(f"{name} 内含文件过多（{len(members)} 个），疑似恶意构造，已拒绝读取。")
    for info in members:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_UNCOMPRESSED_BYTES or \
                (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
            raise ImportFailure(f"{name} 解压后异常巨大（“{info.filename}”压缩比 {ratio:.0f}:1，"
                                f"共 {total // (1024 * 1024)} MB 以上），疑似“压缩炸弹”，已拒绝读取。")
    return archive


def zip_kind(archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        return XLSX
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "content.xml" in names and "mimetype" in names:
        return "odf"
    return OTHER


def ole_streams(data: bytes) -> set[str]:
    """The stream names in an OLE compound file's directory (empty if the directory is unreadable)."""
    from xlrd.compdoc import CompDoc, CompDocError
    try:
        doc = CompDoc(data, logfile=io.StringIO())
    except (CompDocError, Exception):  # a damaged container: the caller says so
        return set()
    return {node.name for node in doc.dirlist}


def ole_kind(data: bytes) -> str:
    streams = ole_streams(data)
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        return "encrypted"
    if "Workbook" in streams or "Book" in streams:
        return XLS
    if "WordDocument" in streams:
        return "doc"
    return OTHER if streams else "damaged"


def describe_other(data: bytes) -> str:
    """What a file that is neither zip nor OLE probably is, as a phrase: 网页 / PDF / 文本 …"""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf"):
        return "PDF 文件"
    if head.startswith((b"<html", b"<!doctype html", b"<table", b"<meta", b"<?xml")) or b"<html" in head:
        return "网页（HTML/XML）格式的文件"
    if head.startswith(b"{\\rtf"):
        return "RTF 文档"
    return "文本或其他格式的文件"
