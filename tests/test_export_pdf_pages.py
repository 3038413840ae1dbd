"""How the disclosure PDF breaks into pages (a table's note or a heading never stands alone on a
page, no page left half empty) and how its table cells hold their text."""
import re

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from domain.demo import build_demo
from domain.layout import table_grid
from domain.unit import UnitData, UnitMeta
from export.fonts import pdf_fonts
from export.pdf import CELL_PAD, export_pdf

# Each varied table carries a note of NOTE_LINES lines (taller than STEP rows) and gets `first +
# STEP * k` rows in the k-th export; between them the landscape tables (表11, 表2) and the portrait
# ones (表12, 表3, 表5) take every STEP-th number of rows up to more than a page holds, so on some
# export each table's last row ends within a note's height of the page bottom, wherever that is.
STEP, EXPORTS, NOTE_LINES = 3, 6, 5
FIRST = {"T11": 1, "T2": 1 + STEP * EXPORTS, "T12": 1, "T3": 1 + STEP * EXPORTS, "T5": 1 + 2 * STEP * EXPORTS}
CODES = ("201", "208", "212")
FIGURE = re.compile(r"-?[\d,]+\.\d\d")


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def unit_with_rows(counts: dict[str, int]) -> UnitData:
    unit = UnitData(UnitMeta("分页测试街道办事处", 2024, "110100001"))
    codes = [c for c in sorted(unit.codes.names) if len(c) == 7 and c.startswith(CODES)]
    for table, count in counts.items():
        if table == "T11":
            for n in range(1, count):
                unit.add_row(table, f"u{n}", f"所属单位{n}")
        elif table == "T12":
            for n in range(1, count):
                unit.add_row(table, f"p{n}")
                unit.set_text(table, f"p{n}", "name", f"购买服务项目{n}")
        else:
            it = iter(codes)
            while len(unit.rows(table)) < count:
                unit.add_row(table, next(it))
        unit.set_note(table, "\n".join(f"{table}说明第{n}行：本行说明本表的数据来源。" for n in range(1, NOTE_LINES + 1)))
    unit.set_amount("T3", unit.rows("T3")[-1].key, "basic", 1_230_000)
    return unit


def test_a_note_is_never_alone_on_a_page_and_stays_with_the_tables_last_row(tmp_path):
    for k in range(EXPORTS):
        unit = unit_with_rows({t: first + STEP * k for t, first in FIRST.items()})
        pages = [flat(page.extract_text()) for page in PdfReader(export_pdf(unit, tmp_path / f"{k}.pdf")).pages]
        grids = [table_grid(unit, t.id) for t in unit.template.disclosure_tables]
        notes = {g.table_id: [flat(line) for line in g.note.splitlines() if line.strip()] for g in grids}
        for n, text in enumerate(pages, 1):
            rest = re.sub(r"—\d+—", "", text)                      # the footer
            for line in (line for lines in notes.values() for line in lines):
                rest = rest.replace(line, "")
            assert rest, f"export {k}: page {n} holds only a note"
        for grid in grids:
            first, last = notes[grid.table_id][0], notes[grid.table_id][-1]
            page = next(p for p in pages if first in p)
            assert last in page, f"export {k}: {grid.table_id}'s note is split over two pages"
            for word in (flat(c.text) for c in grid.body[-1] if c.text and not c.numeric):
                assert word in page, f"export {k}: {grid.table_id}'s note is not on the page of its last row"


def cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")


def test_a_heading_stays_with_its_text_and_leaves_no_half_empty_page(tmp_path):
    # sections of 0…27 one-line paragraphs, a heading and a 16-line paragraph: the headings land
    # at every height of a page, the bottom included
    unit = UnitData(UnitMeta("分页测试街道办事处", 2024, "110100001"))
    sections = []
    for n in range(1, 29):
        fillers = "\n".join(f"第{cn(n)}节前的短段落。" for _ in range(n - 1))
        body = f"第{cn(n)}节正文开始" + "，本段说明收入支出的情况" * 48 + "。"
        sections.append(f"{fillers}\n（{cn(n)}）第{cn(n)}节标题\n{body}")
    unit.narrative = "第二部分 说明\n" + "\n".join(sections)
    reader = PdfReader(export_pdf(unit, tmp_path / "text.pdf"))
    start = reader.get_destination_page_number(reader.outline[2])           # 第二部分
    pages = [page.extract_text() for page in reader.pages[start:]]
    for n in range(1, 29):
        heading = next(i for i, p in enumerate(pages) if f"（{cn(n)}）第{cn(n)}节标题" in flat(p))
        assert f"第{cn(n)}节正文开始" in flat(pages[heading]), f"heading {n} is alone at the bottom of a page"
    lines = [len([line for line in p.splitlines() if line.strip()]) for p in pages]
    assert min(lines[:-1]) >= max(lines) - 4, f"a page is left partly empty: lines per page {lines}"


def test_no_figure_runs_into_the_next_cell_when_shown_in_yuan(tmp_path):
    unit = build_demo()
    unit.set_meta("display_unit", "元")                  # 8,145.27 万元 prints 81,452,700.00
    reader = PdfReader(export_pdf(unit, tmp_path / "yuan.pdf"))
    end = reader.get_destination_page_number(reader.outline[2])            # the tables' pages
    fonts = pdf_fonts()
    for n, page in enumerate(reader.pages[2:end], 3):
        runs = []                                          # (baseline, left, right, text) of each text run
        def run(text, cm, tm, font, size):
            if text.strip():
                left = cm[4] + cm[0] * tm[4]
                width = max(stringWidth(text.strip(), f, size) for f in (fonts.song, fonts.hei))
                runs.append((round(cm[5] + cm[3] * tm[5], 1), left, left + width, text.strip()))
        page.extract_text(visitor_text=run)
        runs.sort()
        for a, b in zip(runs, runs[1:]):      # neighbours in a row, one a figure: both cells' padding between
            if a[0] == b[0] and (FIGURE.fullmatch(a[3]) or FIGURE.fullmatch(b[3])):
                assert b[1] - a[2] >= 2 * CELL_PAD - 0.5, f"page {n}: “{a[3]}” and “{b[3]}” overrun their cells"
