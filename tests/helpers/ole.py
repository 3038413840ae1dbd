"""A minimal OLE compound file (CFB v3) writer: what Office wraps a password-protected .xlsx/.docx in
(streams EncryptionInfo and EncryptedPackage), or an old .doc (WordDocument). Every stream is
padded to 4096 bytes so no mini stream is needed."""
from __future__ import annotations

import struct

SECTOR = 512
FREE, END, FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
STREAM_SIZE = 4096


def _entry(name: str, kind: int, child: int = 0xFFFFFFFF, right: int = 0xFFFFFFFF, start: int = END,
           size: int = 0) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1) +
            struct.pack("<III", 0xFFFFFFFF, right, child) + b"\0" * 16 + struct.pack("<I", 0) + b"\0" * 16 +
            struct.pack("<IQ", start, size))


def compound_file(streams: dict[str, bytes]) -> bytes:
    names = list(streams)
    per_stream = STREAM_SIZE // SECTOR
    # sector 0: FAT, sector 1: directory, then each stream's sectors
    fat = [FAT_SECTOR, END]
    starts = []
    for _ in names:
        first = len(fat)
        starts.append(first)
        fat += [first + i + 1 for i in range(per_stream - 1)] + [END]
    fat += [FREE] * (SECTOR // 4 - len(fat))
    entries = [_entry("Root Entry", 5, child=1)]
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else 0xFFFFFFFF
        entries.append(_entry(name, 2, right=right, start=starts[i], size=len(streams[name][:STREAM_SIZE])))
    directory = b"".join(entries).ljust(SECTOR, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) +
              b"\0" * 6 + struct.pack("<9I", 0, 1, 1, 0, 4096, END, 0, END, 0) +
              struct.pack("<109I", 0, *[FREE] * 108))
    body = b"".join(streams[n][:STREAM_SIZE].ljust(STREAM_SIZE, b"\0") for n in names)
    return header + struct.pack(f"<{SECTOR // 4}I", *fat) + directory + body


def encrypted_office_file() -> bytes:
    return compound_file({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00" + b"\0" * 64,
                          "EncryptedPackage": b"\x10\x00\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 4})


def old_word_document() -> bytes:
    return compound_file({"WordDocument": b"\xec\xa5" + b"\0" * 100})
