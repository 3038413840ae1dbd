"""Fonts for the PDF: the Windows system fonts when present (宋体 for tables, 仿宋 for the text,
黑体 for headings), else the bundled TrueType 文泉驿微米黑 for all three. reportlab embeds subsets
of TrueType fonts; its built-in CID fonts (STSong-Light) are not embedded and are never used."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from domain.paths import resource

BUNDLED = ("fonts", "wqy-microhei.ttc")
# role → candidate files in %WINDIR%\Fonts, best first
WINDOWS = {"song": ("simsun.ttc", "simsun.ttf"), "fang": ("simfang.ttf", "simfang.ttc", "simsun.ttc"),
           "hei": ("simhei.ttf", "simhei.ttc")}


@dataclass(frozen=True)
class Fonts:
    song: str        # table cells
    fang: str        # body text
    hei: str         # titles and headings


_fonts: Fonts | None = None


def _windows_dir() -> Path | None:
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    return Path(windir, "Fonts") if windir else None


def font_files(folder: Path | None) -> dict[str, Path]:
    """The file for each role: the first Windows font present in `folder`, else the bundled one."""
    bundled = resource(*BUNDLED)
    found = {}
    for role, files in WINDOWS.items():
        found[role] = next((folder / f for f in files if folder and (folder / f).is_file()), bundled)
    return found


def _register(name: str, path: Path) -> str | None:
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0) if path.suffix.lower() == ".ttc"
                                else TTFont(name, str(path)))
        return name
    except (TTFError, OSError):        # unreadable, or a licence that forbids embedding
        return None


def pdf_fonts() -> Fonts:
    """Register (once per process) and return the font names for each role; a system font that
    cannot be embedded is replaced by the bundled one."""
    global _fonts
    if _fonts is not None:
        return _fonts
    bundled_path = resource(*BUNDLED)
    registered: dict[Path, str | None] = {}
    names = {}
    for role, path in font_files(_windows_dir()).items():
        if path not in registered:
            registered[path] = _register(f"jsgk-{path.stem}", path)
        names[role] = registered[path]
    if not all(names.values()):
        if bundled_path not in registered:
            registered[bundled_path] = _register(f"jsgk-{bundled_path.stem}", bundled_path)
        if registered[bundled_path] is None:
            raise FileNotFoundError(f"找不到字体文件 {bundled_path}")
        names = {role: name or registered[bundled_path] for role, name in names.items()}
    _fonts = Fonts(**names)
    return _fonts
