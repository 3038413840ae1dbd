"""The disclosure PDF of the demo unit, read back as a reader of the district's website would see it."""
import re
from datetime import date

import pytest
from pypdf import PdfReader

from domain.demo import build_demo
from domain.document import Chart, Heading, Paragraph as TextParagraph, document
from domain.layout import table_grid
from domain.money import format_amount
from domain.template import TOTAL_ROW
from export import FORCED_NOTICE, ExportCancelled
from export.pdf import export_pdf


@pytest.fixture(scope="module")
def demo():
    return build_demo()


@pytest.fixture(scope="module")
def pdf(demo, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "决算.pdf"
    export_pdf(demo, path, today=date(2025, 7, 15))
    return PdfReader(path)


@pytest.fixture(scope="module")
def pages(pdf):
    return [page.extract_text() for page in pdf.pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_of(pages, text: str, start: int = 0) -> int:
    """1-based number of the first page from `start` whose text contains `text` (spaces ignored)."""
    return next(i + 1 for i in range(start, len(pages)) if flat(text) in flat(pages[i]))


def test_cover_then_contents_then_tables_then_narrative_in_order(demo, pdf, pages):
    assert demo.meta.unit_name in pages[0] and "2024年度部门决算" in flat(pages[0]) and "2025年7月" in pages[0]
    assert "目录" in flat(pages[1])
    first = pdf.get_destination_page_number(pdf.outline[0])
    assert first == 2, "the 目录 fits on one page"
    order = ["第一部分2024年度部门决算报表"] + [t.title for t in demo.template.disclosure_tables] + \
            ["第二部分2024年度部门决算说明", "（一）收入决算说明", "第三部分2024年度其他重要事项的情况说明", "五、政府购买服务支出说明"]
    body = flat("".join(pages[first:]))
    positions = [body.find(flat(t)) for t in order]
    assert -1 not in positions, [t for t, p in zip(order, positions) if p < 0]
    assert positions == sorted(positions)
    assert flat("2024年度收、支总计8145.27万元，比上年增加249.94万元，增长3.17%。") in body


def test_contents_page_numbers_point_at_the_pages(demo, pdf, pages):
    contents = flat(pages[1])                # each entry reads back as "title …… N"
    for spec in demo.template.disclosure_tables[:4] + demo.template.disclosure_tables[-2:]:
        m = re.search(re.escape(flat(spec.title)) + r"\.+(\d+)", contents)
        assert m, spec.title
        page = int(m.group(1))
        assert flat(spec.title) in flat(pages[page - 1]) and spec.form in pages[page - 1], (spec.title, page)
    m = re.search(r"第二部分2024年度部门决算说明\.+(\d+)", contents)
    assert m and "第二部分" in pages[int(m.group(1)) - 1]
    printed = [int(n) for n in re.findall(r"\.(\d+)", contents)]
    ids = [page.indirect_reference.idnum for page in pdf.pages]
    linked = [ids.index(a.get_object()["/Dest"][0].idnum) + 1 for a in pdf.pages[1]["/Annots"]]
    assert linked == printed and len(linked) == len(document(demo).toc())    # each line links to its page


def test_table_values_headers_and_notes_are_printed(demo, pages):
    t1 = pages[page_of(pages, "收入支出决算总表", 2) - 1]
    total = format_amount(demo.amount("T1", "income_grand_total", "amount"))
    assert total == "8,145.27" and t1.count(total) >= 2
    assert "公开01表" in t1 and "金额单位：万元" in t1 and "决算数" in t1
    t2 = flat("".join(pages[page_of(pages, "收入决算表", 3) - 1:]))
    for key in ("fiscal", "other"):
        assert format_amount(demo.amount("T2", TOTAL_ROW, key)) in t2
    t8 = page_of(pages, "政府性基金预算财政拨款基本支出决算表", 3)
    t9 = page_of(pages, "国有资本经营预算财政拨款支出决算表", t8)
    assert flat(demo.table_notes["T8"]) in flat("".join(pages[t8 - 1:t9 - 1]))
    assert flat(demo.table_notes["T9"]) in flat(pages[t9 - 1])


def test_wide_tables_are_on_landscape_pages_with_the_header_repeated(demo, pdf, pages):
    bookmarks = pdf.outline[1]               # the tables of 第一部分, each pointing at its first page
    for spec, mark in zip(demo.template.disclosure_tables, bookmarks):
        n = pdf.get_destination_page_number(mark)
        assert spec.title in pages[n]
        box = pdf.pages[n].mediabox
        assert (box.width > box.height) == table_grid(demo, spec.id).wide, spec.title
    t4 = pdf.get_destination_page_number(bookmarks[3])
    assert flat(table_grid(demo, "T4").note) in flat(pages[t4]), "表4's fixed rows and its note fit on one page"
    t6 = pdf.get_destination_page_number(bookmarks[5])
    follow = pages[t6 + 1]                   # 表6 runs onto a second page: its header is there again
    assert "人员经费" in follow and "公用经费" in follow and "科目编码" in follow
    assert "基本支出决算表" not in follow and "编制单位" not in follow


def test_pie_charts_are_drawn_from_the_tables(demo, pages):
    narrative = flat("".join(pages[page_of(pages, "第二部分2024年度部门决算说明", 3) - 1:]))
    fiscal = format_amount(demo.amount("T2", TOTAL_ROW, "fiscal"))
    assert flat(f"图1：收入决算") in narrative and flat(f"财政拨款收入{fiscal}万元") in narrative
    assert "图2：基本支出和项目支出情况" in narrative
    assert narrative.index("图1：收入决算") < narrative.index("（二）支出决算说明") < narrative.index("图2")


def test_every_font_is_embedded_and_the_metadata_is_set(demo, pdf):
    fonts = {}
    for page in pdf.pages:
        for name, ref in page["/Resources"].get("/Font", {}).items():
            font = ref.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert descriptor is not None, name
        descriptor = descriptor.get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{name} not embedded"
    assert pdf.metadata.title == f"{demo.meta.unit_name}2024年度部门决算"
    assert pdf.metadata.author == demo.meta.unit_name
    outline = [o.title for o in pdf.outline if not isinstance(o, list)]
    assert outline[:2] == ["第一部分 2024年度部门决算报表", "第二部分 2024年度部门决算说明"]
    assert [o.title for o in pdf.outline[1]] == [t.title for t in demo.template.disclosure_tables]


def narrative_text(path) -> str:
    reader = PdfReader(path)
    start = reader.get_destination_page_number(reader.outline[2])      # 第二部分
    return flat("".join(page.extract_text() for page in reader.pages[start:]))


def test_a_chart_placeholder_becomes_the_chart_or_a_finding(demo, tmp_path):
    unit = demo.copy()
    marker = "（二）支出决算说明"
    unit.narrative = unit.narrative.replace(
        marker, "（此处插入图表，用上述收入金额制作饼状图，示例如下，无金额类型不必制图）\n图1：收入决算\n" + marker)
    text = narrative_text(export_pdf(unit, tmp_path / "a.pdf"))
    assert "此处插入图表" not in text and text.count("图1：收入决算") == 1
    for key in [k for k in unit.cells if k[0] == "T2"]:
        unit.delete_cell(key)
    model = document(unit)
    assert [f.rule for f in model.findings] == ["N-CHART-NODATA"]
    start = model.findings[0].locations[0].start
    assert unit.narrative[start:].startswith("（此处插入图表")
    charts = [item.title for part in model.parts for item in part.items if isinstance(item, Chart)]
    assert charts == ["图1：基本支出和项目支出情况"]
    assert not any("此处插入图表" in str(item) or "图1：收入决算" in str(item) for part in model.parts for item in part.items)


def test_forced_export_says_so_on_the_cover(demo, tmp_path):
    path = export_pdf(demo, tmp_path / "forced.pdf", forced=True)
    assert flat(FORCED_NOTICE) in flat(PdfReader(path).pages[0].extract_text())


def test_cancelled_export_leaves_no_file(demo, tmp_path):
    seen = []

    def progress(done, total):
        seen.append((done, total))
        if len(seen) == 5:
            raise ExportCancelled()

    with pytest.raises(ExportCancelled):
        export_pdf(demo, tmp_path / "x.pdf", progress=progress)
    assert list(tmp_path.iterdir()) == []
    assert all(0 <= d < t for d, t in seen)


def cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")


def test_a_long_contents_takes_two_pages_and_its_numbers_stay_right(demo, tmp_path):
    unit = demo.copy()
    unit.narrative = "第二部分 说明\n" + "\n".join(f"{cn(n)}、第{n}节\n这一节的正文。" for n in range(1, 41))
    reader = PdfReader(export_pdf(unit, tmp_path / "long.pdf"))
    pages = [p.extract_text() for p in reader.pages]
    assert "目录" in flat(pages[1]) and "第40节" in flat(pages[2]) and "第1节" not in flat(pages[2])
    first_table = reader.get_destination_page_number(reader.outline[0])
    assert first_table == 3                  # cover, two pages of contents
    contents = flat(pages[1] + pages[2])
    for n in (1, 20, 40):
        page = int(re.search(rf"{cn(n)}、第{n}节\.+(\d+)", contents).group(1))
        assert f"{cn(n)}、第{n}节" in flat(pages[page - 1])


def test_the_tables_go_where_the_narrative_names_their_part(demo):
    unit = demo.copy()
    unit.narrative = ("第一部分 部门概况\n一、主要职能\n负责辖区公共服务。\n第二部分 2024年度部门决算表\n详见附件。\n"
                      "第三部分 2024年度部门决算情况说明\n一、收入支出决算总体情况说明\n（一）收入决算说明\n本年收入。")
    parts = document(unit).parts
    assert [(p.title, p.tables) for p in parts] == [("第一部分 部门概况", False), ("第二部分 2024年度部门决算表", True),
                                                    ("第三部分 2024年度部门决算情况说明", False)]
    assert [g.table_id for g in parts[1].items] == [t.id for t in unit.template.disclosure_tables]
    assert "详见附件。" not in str(parts)
    unit.narrative = "一、收入支出决算总体情况说明\n（一）收入决算说明\n本年收入。"      # no part headings at all
    assert [p.title for p in document(unit).parts] == ["第一部分 2024年度部门决算报表", "第二部分 2024年度部门决算说明"]


def test_a_caption_left_without_its_placeholder_is_where_the_chart_goes(demo):
    unit = demo.copy()
    unit.narrative = unit.narrative.replace("（二）支出决算说明", "图1：收入决算\n（二）支出决算说明")
    items = [i for part in document(unit).parts for i in part.items]
    captions = [i for i in items if isinstance(i, TextParagraph) and i.text.startswith("图")]
    charts = [n for n, i in enumerate(items) if isinstance(i, Chart)]
    assert captions == [] and len(charts) == 2
    assert isinstance(items[charts[0] + 1], Heading) and items[charts[0] + 1].text == "（二）支出决算说明"


def test_definitions_are_paragraphs_and_no_printed_line_starts_with_closing_punctuation(demo, pages):
    items = [item for part in document(demo).parts for item in part.items]
    definitions = [i for i in items if getattr(i, "text", "").startswith(("1.基本支出：", "2.项目支出："))]
    assert len(definitions) == 2 and all(isinstance(i, TextParagraph) for i in definitions)
    assert Heading("（一）收入决算说明", 2) in items
    starts = [line.strip() for page in pages[2:] for line in page.splitlines() if line.strip()]
    assert not [line for line in starts if line[0] in "，。；：、）》”"]


def test_wrapped_table_cells_break_into_even_lines(pages):
    """No header or label leaves one character alone on a line (本年支 / 出合计, not 本年支出合 / 计),
    and an opening bracket goes down with its word (因公出国 / （境）费)."""
    tables = [line.strip() for page in pages[2:page_of(pages, "第二部分2024年度部门决算说明", 3) - 1]
              for line in page.splitlines() if line.strip()]
    assert "因公出国" in tables and "（境）费" in tables
    assert not [line for line in tables if len(line) == 1 and not line.isdigit() or line.endswith("（")]
