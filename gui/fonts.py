"""Fonts: Chinese must render on a machine with no CJK font (CI, the offscreen platform, a bare
Windows image). The bundled 文泉驿微米黑 is registered at start; the system's 微软雅黑 / 宋体 are
preferred on Windows when present."""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from domain.paths import resource

BUNDLED = ("fonts", "wqy-microhei.ttc")
PREFERRED = ("Microsoft YaHei UI", "Microsoft YaHei", "微软雅黑", "SimSun", "宋体", "Noto Sans CJK SC",
             "Source Han Sans SC")
POINT_SIZE = 10

_family: str | None = None


def register_fonts() -> str:
    """Register the bundled font (once) and return the family the application uses."""
    global _family
    if _family is not None:
        return _family
    bundled = None
    font_id = QFontDatabase.addApplicationFont(str(resource(*BUNDLED)))
    if font_id >= 0:
        families = QFontDatabase.applicationFontFamilies(font_id)
        bundled = families[0] if families else None
    available = set(QFontDatabase.families())
    _family = next((f for f in PREFERRED if f in available), None) or bundled or QFont().family()
    return _family


def ui_font(point_size: int = POINT_SIZE) -> QFont:
    font = QFont(register_fonts(), point_size)
    font.setStyleHint(QFont.SansSerif)
    return font
