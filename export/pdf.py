"""The disclosure PDF (A4) as a district website publishes it: cover, 目录 with page numbers,
第一部分 the tables (landscape pages for wide ones, header rows repeated on every page), then the
narrative's parts with their headings and the pie charts; page numbers in the footer, an outline
(bookmarks) for parts and tables, title and author metadata. Every font is an embedded TrueType
subset (export.fonts)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib import textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Frame, KeepTogether, NextPageTemplate, PageBreak,
                                PageTemplate, Paragraph, Spacer, Table, TableStyle)

from domain.document import Chart, Document, Heading, Paragraph as TextParagraph, document
from domain.layout import LABEL, Grid
from domain.unit import UnitData

from . import FORCED_NOTICE, Progress
from .charts import pie_drawing
from .contents import Contents, bookmark
from .fonts import Fonts, pdf_fonts
from .target import write_atomically

# Chinese punctuation that must not start a line (reportlab's list lacks the full-width comma,
# semicolon, colon and the like): single-run paragraphs read textsplit's list, several-run ones
# paragraph's copy of it
textsplit.ALL_CANNOT_START += "".join(ch for ch in "，；：、！？％%”’）》】」』" if ch not in textsplit.ALL_CANNOT_START)
rl_paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START

MARGIN = 20 * mm
LANDSCAPE_MARGIN = 15 * mm         # top and bottom of a landscape page: room for 表4's fixed rows on one page
TABLE_FONT_SIZE = 8
CELL_PAD = 3
CHART_HEIGHT = 210
KEEP_WITH_NOTE = 2      # body rows a table's note keeps on its page


class _Styles:
    def __init__(self, f: Fonts):
        self.fonts = f
        cjk = ParagraphStyle("cjk", wordWrap="CJK")        # every paragraph breaks lines the Chinese way

        def s(name, **kw):
            return ParagraphStyle(name, **{"parent": cjk, **kw})
        self.cover_unit = s("cover_unit", fontName=f.hei, fontSize=22, leading=34, alignment=TA_CENTER)
        self.cover_title = s("cover_title", fontName=f.hei, fontSize=30, leading=44, alignment=TA_CENTER)
        self.cover_date = s("cover_date", fontName=f.fang, fontSize=16, leading=24, alignment=TA_CENTER)
        self.forced = s("forced", fontName=f.hei, fontSize=12, leading=18, alignment=TA_CENTER,
                        textColor=colors.HexColor("#C00000"), borderColor=colors.HexColor("#C00000"),
                        borderWidth=1, borderPadding=8)
        self.toc_title = s("toc_title", fontName=f.hei, fontSize=20, leading=30, alignment=TA_CENTER, spaceAfter=18)
        self.toc = [s("toc0", fontName=f.hei, fontSize=12, leading=20, leftIndent=0, spaceBefore=4),
                    s("toc1", fontName=f.fang, fontSize=11, leading=17, leftIndent=24)]
        self.part = s("part", fontName=f.hei, fontSize=18, leading=28, alignment=TA_CENTER, spaceAfter=16)
        self.heading = {1: s("h1", fontName=f.hei, fontSize=14, leading=26, spaceBefore=8, spaceAfter=4, firstLineIndent=28),
                        2: s("h2", fontName=f.hei, fontSize=12, leading=24, spaceBefore=4, firstLineIndent=24),
                        3: s("h3", fontName=f.fang, fontSize=12, leading=24, firstLineIndent=24)}
        self.body = s("body", fontName=f.fang, fontSize=12, leading=24, firstLineIndent=24, alignment=TA_JUSTIFY,
                      allowWidows=0)      # no paragraph's last line alone at the top of a page
        self.table_title = s("table_title", fontName=f.hei, fontSize=15, leading=22, alignment=TA_CENTER, spaceAfter=2)
        self.small = s("small", fontName=f.song, fontSize=9, leading=12)
        self.small_right = s("small_right", parent=self.small, alignment=TA_RIGHT)
        self.note = s("note", fontName=f.song, fontSize=9, leading=13)


class _Doc(BaseDocTemplate):
    """Records the page of parts, tables and 一、 headings for the 目录 and the outline; reports progress."""

    def __init__(self, filename, progress: Progress, steps: int, **kw):
        super().__init__(filename, **kw)
        self._progress, self._steps = progress, steps
        self.contents: Contents | None = None

    def afterFlowable(self, flowable):
        mark = getattr(flowable, "_toc", None)
        if mark is None:
            return
        level, text, index = mark
        key = bookmark(index)
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=level == 0)
        self.contents.record(index, self.page)
        if self._progress:
            self._progress(min(index + 1, self._steps - 1), self._steps)

    def _endBuild(self):
        self.contents.draw(self.canv)        # every page number is known now
        super()._endBuild()


def export_pdf(unit: UnitData, path, progress: Progress = None, forced: bool = False,
               today: date | None = None, signed: str = "") -> Path:
    """Write the disclosure PDF of `unit` to `path` (replaced only when complete). `signed`: the
    sign-off statement (domain.review.signoff_line) printed on the cover."""
    doc_model = document(unit, today)
    return write_atomically(Path(path), lambda tmp: _build(doc_model, tmp, progress, forced, signed))


def _build(model: Document, target: Path, progress: Progress, forced: bool, signed: str = "") -> None:
    styles = _Styles(pdf_fonts())
    entries = model.toc()
    steps = len(entries) + 1
    doc = _Doc(str(target), progress, steps, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
               bottomMargin=MARGIN, title=model.title, author=model.unit_name, subject=model.year_line,
               creator="决算公开工作台", lang="zh-CN", initialFontName=styles.fonts.song)
    footer = _footer(styles.fonts.song)
    doc.addPageTemplates([
        PageTemplate("cover", [_frame(A4)], pagesize=A4),
        PageTemplate("portrait", [_frame(A4)], onPage=footer, pagesize=A4),
        PageTemplate("landscape", [_frame(landscape(A4))], onPage=footer, pagesize=landscape(A4)),
    ])
    width, height = A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN
    doc.contents = Contents(entries, styles.toc, styles.toc_title, width, height)
    story = _cover(model, styles, forced, signed) + doc.contents.flowables()
    counter = iter(range(len(entries)))
    for part in model.parts:
        first = part.items[0] if part.items else None
        page = "landscape" if isinstance(first, Grid) and first.wide else "portrait"
        story += [NextPageTemplate(page), PageBreak(), _marked(Paragraph(part.title, styles.part), 0, part.title, counter)]
        for n, item in enumerate(part.items):
            if isinstance(item, Grid):             # each table on a new page (the first one under the part title)
                size = landscape(A4) if item.wide else A4
                if n > 0:
                    story += [NextPageTemplate("landscape" if item.wide else "portrait"), PageBreak()]
                story += _table(item, styles, counter, size)
            elif isinstance(item, Heading):
                if n == 0 or not isinstance(part.items[n - 1], Heading):
                    story.append(CondPageBreak(_room_after(part.items, n, styles, width)))
                para = Paragraph(_escape(item.text), styles.heading[item.level])
                story.append(_marked(para, 1, item.text, counter) if item.in_toc else para)
            elif isinstance(item, Chart):
                story.append(Spacer(1, 6))
                drawing = pie_drawing(item, styles.fonts.song, styles.fonts.hei, height=CHART_HEIGHT,
                                      money_unit=model.money_unit)
                drawing.hAlign = "CENTER"
                story.append(drawing)
                story.append(Spacer(1, 10))
            elif isinstance(item, TextParagraph):
                story.append(Paragraph(_escape(item.text), styles.body))
    doc.build(story)
    if progress:
        progress(steps, steps)


def _room_after(items: list, n: int, styles: _Styles, width: float) -> float:
    """The height a run of headings from items[n] needs at the bottom of a page: the headings and
    the first two lines of the paragraph (or the whole chart) under them; with less room left
    they go to the next page. (A heading kept with its whole paragraph instead would leave half a
    page empty before a long paragraph.)"""
    need = 0.0
    while n < len(items) and isinstance(items[n], Heading):
        style = styles.heading[items[n].level]
        need += style.spaceBefore + Paragraph(_escape(items[n].text), style).wrap(width, A4[1])[1] + style.spaceAfter
        n += 1
    following = items[n] if n < len(items) else None
    if isinstance(following, Chart):
        return need + CHART_HEIGHT + 16
    return need + 2 * styles.body.leading if isinstance(following, TextParagraph) else need


def _frame(size) -> Frame:
    width, height = size
    v = LANDSCAPE_MARGIN if width > height else MARGIN
    return Frame(MARGIN, v, width - 2 * MARGIN, height - 2 * v, leftPadding=0, rightPadding=0,
                 topPadding=0, bottomPadding=0)


def _footer(font: str):
    def draw(canvas, doc):
        width, _ = canvas._pagesize
        canvas.setFont(font, 10.5)
        canvas.drawCentredString(width / 2, LANDSCAPE_MARGIN / 2, f"— {doc.page} —")
    return draw


def _cover(model: Document, styles: _Styles, forced: bool, signed: str = "") -> list:
    story = [Spacer(1, 60 * mm), Paragraph(_escape(model.unit_name), styles.cover_unit), Spacer(1, 10 * mm),
             Paragraph(_escape(model.year_line), styles.cover_title), Spacer(1, 25 * mm)]
    if forced:
        story += [Paragraph(FORCED_NOTICE, styles.forced), Spacer(1, 20 * mm)]
    if signed:
        story += [Paragraph(_escape(signed), styles.cover_date)]
    story += [Spacer(1, 40 * mm if not forced else 10 * mm), Paragraph(model.date_line, styles.cover_date),
              NextPageTemplate("portrait"), PageBreak()]
    return story


def _marked(flowable, level: int, text: str, counter):
    """Mark a flowable as the `next(counter)`-th 目录 entry (the order of `Document.toc()`)."""
    flowable._toc = (level, text, next(counter))
    return flowable


def _table(grid: Grid, styles: _Styles, counter, page) -> list:
    width = page[0] - 2 * MARGIN
    col_widths = _column_widths(grid, width, styles.fonts)
    made_by, _, money = grid.unit_line.partition("　　")
    heading = Table([[Paragraph(_escape(made_by), styles.small), Paragraph(_escape(money), styles.small_right)]],
                    colWidths=[width * 0.7, width * 0.3])
    heading.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), styles.fonts.song, 9), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                 ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    title = _marked(Paragraph(_escape(grid.title), styles.table_title), 1, grid.title, counter)
    form = Paragraph(_escape(grid.form), styles.small_right)
    return [KeepTogether([title, form, heading]), _grid_table(grid, styles, col_widths)]


def _column_widths(grid: Grid, width: float, fonts: Fonts) -> list[float]:
    """The layout's relative widths over the page width, every figure column widened to its widest
    figure (a figure never runs into the next cell: 169,516,961.92 元); the room comes from the text
    columns (their labels wrap, down to half their width) and from figure columns with room to spare."""
    scale = width / sum(grid.widths)
    need = [0.0] * grid.columns
    for line in grid.body:
        for c, cell in enumerate(line):
            if cell.numeric and cell.text:
                font = fonts.hei if cell.bold else fonts.song
                need[c] = max(need[c], stringWidth(cell.text, font, TABLE_FONT_SIZE) + 2 * CELL_PAD + 1)
    widths = [max(w * scale, n) for w, n in zip(grid.widths, need)]
    over = sum(widths) - width
    if over > 0:
        give = [w - n if n else w / 2 for w, n in zip(widths, need)]
        factor = min(1.0, over / sum(give)) if sum(give) else 0.0
        widths = [w - g * factor for w, g in zip(widths, give)]
    return widths


def _grid_table(grid: Grid, styles: _Styles, col_widths: list[float]) -> Table:
    song, hei = styles.fonts.song, styles.fonts.hei
    n = grid.columns
    data = [[""] * n for _ in range(grid.header_rows)]
    commands = [
        ("FONT", (0, 0), (-1, -1), song, TABLE_FONT_SIZE),
        ("GRID", (0, 0), (-1, grid.header_rows + len(grid.body) - 1), 0.5, colors.black),     # not the note
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("BACKGROUND", (0, 0), (-1, grid.header_rows - 1), colors.HexColor("#F2F2F2")),
    ]
    for h in grid.headers:
        span = sum(col_widths[h.col:h.col + h.colspan]) - 2 * CELL_PAD
        data[h.row][h.col] = _fit(h.text, span, hei)
        if h.rowspan > 1 or h.colspan > 1:
            commands.append(("SPAN", (h.col, h.row), (h.col + h.colspan - 1, h.row + h.rowspan - 1)))
    commands += [("ALIGN", (0, 0), (-1, grid.header_rows - 1), "CENTER"),
                 ("FONT", (0, 0), (-1, grid.header_rows - 1), hei, TABLE_FONT_SIZE)]
    numeric = [False] * n
    for r, line in enumerate(grid.body, grid.header_rows):
        row = []
        for c, cell in enumerate(line):
            if cell.numeric:
                numeric[c] = True
                row.append(cell.text)
            else:
                indent = cell.indent if cell.kind == LABEL else 0
                row.append(_fit(cell.text, col_widths[c] - 2 * CELL_PAD, hei if cell.bold else song, indent))
        data.append(row)
        commands += [("FONT", (c0, r), (c1, r), hei, TABLE_FONT_SIZE) for c0, c1 in _runs([c.bold for c in line])]
    for c, is_number in enumerate(numeric):
        if is_number:
            commands.append(("ALIGN", (c, grid.header_rows), (c, -1), "RIGHT"))
    _add_notes(grid, styles, data, commands)
    table = Table(data, colWidths=col_widths, repeatRows=grid.header_rows)
    table.setStyle(TableStyle(commands))
    return table


def _add_notes(grid: Grid, styles: _Styles, data: list, commands: list) -> None:
    """The note's lines as borderless rows spanning the table under its last row; the page may not
    break between the last `KEEP_WITH_NOTE` body rows and the note, so a note never stands alone
    on a page (it goes over with the table's last rows, under the repeated header)."""
    first = len(data)
    for line in grid.note.splitlines():
        if line.strip():
            data.append([Paragraph(_escape(line), styles.note)] + [""] * (grid.columns - 1))
    if len(data) == first:
        return
    commands += [("SPAN", (0, r), (-1, r)) for r in range(first, len(data))]
    commands += [("LEFTPADDING", (0, first), (-1, -1), 0), ("RIGHTPADDING", (0, first), (-1, -1), 0),
                 ("TOPPADDING", (0, first), (-1, -1), 0), ("BOTTOMPADDING", (0, first), (-1, -1), 0),
                 ("TOPPADDING", (0, first), (-1, first), 4),
                 ("NOSPLIT", (0, max(grid.header_rows, first - KEEP_WITH_NOTE)), (-1, -1))]


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """(first, last) index of each run of True."""
    out, start = [], None
    for i, flag in enumerate(flags + [False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append((start, i - 1))
            start = None
    return out


def _fit(text: str, width: float, font: str, indent: int = 0) -> str:
    """The cell's text, indented a full-width space per level, in as few lines as fit `width`,
    each about as long as the others (本年支 / 出合计, not 本年支出合 / 计: no character alone on
    the last line); every line keeps the indent."""
    pad = "\u3000" * indent
    if not text or stringWidth(pad + text, font, TABLE_FONT_SIZE) <= width:
        return pad + text
    widths = [stringWidth(ch, font, TABLE_FONT_SIZE) for ch in text]
    room = width - stringWidth(pad, font, TABLE_FONT_SIZE)
    fewest = len(_greedy_lines(text, widths, room))
    low, high = max(widths), room          # the narrowest width that needs no more lines
    while high - low > 0.5:
        mid = (low + high) / 2
        if len(_greedy_lines(text, widths, mid)) <= fewest:
            high = mid
        else:
            low = mid
    return "\n".join(pad + line for line in _greedy_lines(text, widths, high))


_OPENING = "（(《“‘【「『"


def _greedy_lines(text: str, widths: list[float], width: float) -> list[str]:
    """Fill lines up to `width`; closing punctuation stays on the line before (it may stand out
    a little), an opening bracket goes down to the word it opens."""
    lines, start, used = [], 0, 0.0
    for i, w in enumerate(widths):
        if used + w > width and i > start and text[i] not in textsplit.ALL_CANNOT_START:
            cut = i - 1 if text[i - 1] in _OPENING and i - 1 > start else i
            lines.append(text[start:cut])
            start, used = cut, sum(widths[cut:i])
        used += w
    return lines + [text[start:]]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
