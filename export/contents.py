"""The 目录 in one layout pass: its entries are known before the build (`Document.toc()`), so its
pages are reserved up front, and it is drawn at the end of the build, when every page number is
known, into PDF forms those reserved pages show. (reportlab's TableOfContents needs a second full
layout pass instead, which doubles the export time.)"""
from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak

TITLE = "目　录"
TITLE_SPACE = 56           # points from the top of the frame to the first entry
NUMBER_ROOM = 30           # points kept for the page number at the right


def bookmark(index: int) -> str:
    """The PDF destination name of the index-th entry (set where the entry's flowable lands)."""
    return f"entry{index}"


class _ReservedPage(Flowable):
    """Takes a whole frame and shows the form the contents are drawn into later; each entry's line
    links to its destination (a named destination may be defined after it is linked to)."""

    def __init__(self, contents: "Contents", n: int):
        super().__init__()
        self.contents, self.n = contents, n

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, avail_height
        return avail_width, avail_height

    def draw(self):
        self.canv.doForm(f"contents{self.n}")
        c = self.contents
        for index, y, lines in c.pages[self.n]:
            style = c.levels[c.entries[index][0]]
            top = c.height - y + style.fontSize
            bottom = c.height - y - (len(lines) - 1) * style.leading - style.fontSize * 0.3
            self.canv.linkRect("", bookmark(index), (style.leftIndent, bottom, c.width, top), relative=1, thickness=0)


class Contents:
    def __init__(self, entries: list[tuple[int, str]], levels: list[ParagraphStyle], title: ParagraphStyle,
                 width: float, height: float):
        self.entries, self.levels, self.title = entries, levels, title
        self.width, self.height = width, height
        self.numbers: dict[int, int] = {}
        self.pages = self._paginate()

    def _lines(self, level: int, text: str) -> list[str]:
        """The entry's text broken to the width left for it (long headings take two lines)."""
        style = self.levels[level]
        room = self.width - style.leftIndent - NUMBER_ROOM
        lines, line = [], ""
        for ch in text:
            if line and stringWidth(line + ch, style.fontName, style.fontSize) > room:
                lines.append(line)
                line = ""
            line += ch
        return lines + [line]

    def _paginate(self) -> list[list[tuple[int, float, list[str]]]]:
        """Entries per reserved page: (entry index, first line's baseline below the top, lines)."""
        pages: list[list[tuple[int, float, list[str]]]] = [[]]
        y = TITLE_SPACE
        for i, (level, text) in enumerate(self.entries):
            style = self.levels[level]
            lines = self._lines(level, text)
            need = style.spaceBefore + style.leading * len(lines)
            if y + need > self.height and pages[-1]:
                pages.append([])
                y = 0
            y += need
            first = y - style.leading * (len(lines) - 1) - style.leading * 0.25
            pages[-1].append((i, first, lines))
        return pages

    def flowables(self) -> list:
        out = []
        for n in range(len(self.pages)):
            out += ([PageBreak()] if n else []) + [_ReservedPage(self, n)]
        return out

    def record(self, index: int, page: int) -> None:
        self.numbers.setdefault(index, page)

    def draw(self, canvas) -> None:
        """Define the forms (call once the last page number is known)."""
        for n, page in enumerate(self.pages):
            canvas.beginForm(f"contents{n}")
            if n == 0:
                canvas.setFont(self.title.fontName, self.title.fontSize)
                canvas.drawCentredString(self.width / 2, self.height - self.title.fontSize - 4, TITLE)
            for index, y, lines in page:
                level, _ = self.entries[index]
                style = self.levels[level]
                canvas.setFont(style.fontName, style.fontSize)
                x = style.leftIndent
                for k, line in enumerate(lines):
                    canvas.drawString(x, self.height - y - k * style.leading, line)
                base = self.height - y - (len(lines) - 1) * style.leading
                number = str(self.numbers.get(index, ""))
                start = x + stringWidth(lines[-1], style.fontName, style.fontSize) + 6
                end = self.width - stringWidth(number, style.fontName, style.fontSize) - 6
                count = int((end - start) / stringWidth(" .", style.fontName, style.fontSize))
                if count > 0:
                    canvas.drawRightString(end, base, " ." * count)
                canvas.drawRightString(self.width, base, number)
            canvas.endForm()
