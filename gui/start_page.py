"""The start page (no file open): new, open, recent, open the demo unit; and the recent-files list."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from domain.template import available_years, load_template

RECENT_KEY, RECENT_MAX = "recent_files", 10


def settings() -> QSettings:
    return QSettings(QSettings.IniFormat, QSettings.UserScope, "jsgk", "决算公开工作台")


def recent_files() -> list[str]:
    value = settings().value(RECENT_KEY, [])
    items = [value] if isinstance(value, str) else list(value or [])
    return [p for p in items if Path(p).exists()]


def remember(path) -> None:
    path = str(Path(path).resolve())
    items = [p for p in recent_files() if p != path]
    settings().setValue(RECENT_KEY, [path] + items[: RECENT_MAX - 1])


def chinese_count(n: int) -> str:
    """1 … 99 in Chinese numerals (十二, 二十一)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return ((digits[tens] if tens > 1 else "") + "十" if tens else "") + (digits[ones] if ones or not tens else "")


def tables_per_year() -> str:
    """How many disclosure tables each year's template has, newest first: 2024年度十二张，2023年度十三张."""
    by_count: dict[int, list[int]] = {}
    for year in reversed(available_years()):
        by_count.setdefault(len(load_template(year).disclosure_tables), []).append(year)
    return "，".join(f"{'、'.join(map(str, years))}年度{chinese_count(n)}张" for n, years in by_count.items())


class StartPage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    file_chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("start-page")
        title = QLabel("决算公开工作台")
        font = title.font()
        font.setPointSize(font.pointSize() + 10)
        font.setBold(True)
        title.setFont(font)
        subtitle = QLabel(f"录入决算公开报表（{tables_per_year()}），边写《部门决算说明》边核对。"
                          "每次修改都立即保存在单位文件中。")
        subtitle.setObjectName("start-subtitle")
        subtitle.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, signal in (("新建单位文件…", self.new_requested), ("打开单位文件…", self.open_requested),
                             ("打开示例单位", self.demo_requested)):
            button = QPushButton(text)
            button.setAccessibleName(text.rstrip("…"))
            button.setMinimumHeight(40)
            button.clicked.connect(signal.emit)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.recent = QListWidget()
        self.recent.setObjectName("recent")
        self.recent.setAccessibleName("最近打开")
        self.recent.itemActivated.connect(lambda item: self.file_chosen.emit(item.data(Qt.UserRole)))
        self.recent.itemDoubleClicked.connect(lambda item: self.file_chosen.emit(item.data(Qt.UserRole)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addSpacing(16)
        layout.addWidget(QLabel("最近打开："))
        self.no_recent = QLabel("还没有打开过单位文件。可以“新建单位文件”，或先“打开示例单位”看看各张报表和说明怎样核对。")
        self.no_recent.setObjectName("no-recent")
        self.no_recent.setWordWrap(True)
        layout.addWidget(self.no_recent)
        layout.addWidget(self.recent, 1)
        layout.addStretch(0)                # (takes the room while the list is hidden)
        self.reload()

    def reload(self) -> None:
        self.recent.clear()
        for path in recent_files():
            item = QListWidgetItem(f"{Path(path).name}　　{Path(path).parent}")
            item.setData(Qt.UserRole, path)
            item.setToolTip(path)
            self.recent.addItem(item)
        self.no_recent.setVisible(not self.recent.count())
        self.recent.setVisible(bool(self.recent.count()))       # (no empty box)
