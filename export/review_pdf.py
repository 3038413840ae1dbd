"""The review report as a PDF (domain/review_report.py's lines), with the disclosure's fonts
(export.fonts) and its atomic write (export.target)."""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate

from domain.review_report import DETAIL, HEADING, ITEM, TITLE, Line

from .fonts import pdf_fonts
from .target import write_atomically


def export_review_pdf(lines: list[Line], path) -> Path:
    f = pdf_fonts()
    s = ParagraphStyle
    styles = {TITLE: s("rtitle", fontName=f.hei, fontSize=16, leading=26, alignment=1, spaceAfter=8),
              HEADING: s("rhead", fontName=f.hei, fontSize=13, leading=22, spaceBefore=10),
              ITEM: s("ritem", fontName=f.song, fontSize=10.5, leading=16, leftIndent=8, wordWrap="CJK"),
              DETAIL: s("rdetail", fontName=f.fang, fontSize=10, leading=15, leftIndent=28, wordWrap="CJK")}

    def build(tmp: Path) -> None:
        doc = SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                                bottomMargin=20 * mm, title=lines[0].text if lines else "审核报告",
                                creator="决算公开工作台", lang="zh-CN")
        doc.build([Paragraph(escape(line.text), styles[line.level]) for line in lines])

    return write_atomically(Path(path), build)
