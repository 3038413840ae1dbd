"""The pie charts of the narrative (收入决算, 基本支出和项目支出) as reportlab drawings."""
from __future__ import annotations

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from domain.document import Chart
from domain.money import format_amount

# muted, print-friendly colours (distinguishable in greyscale too)
PALETTE = [colors.HexColor(c) for c in ("#2F5597", "#C55A11", "#548235", "#7F6000", "#7030A0", "#1F7F7F",
                                        "#A5A5A5", "#843C0C")]


def pie_drawing(chart: Chart, font: str, title_font: str, width: float = 420, height: float = 210,
                money_unit: str = "万元") -> Drawing:
    drawing = Drawing(width, height)
    drawing.initialFontName = font          # (else the renderer selects Helvetica, which is not embedded)
    pie = Pie()
    size = height - 58                      # room above for a label, below for a label and the caption
    pie.x, pie.y, pie.width, pie.height = 30, 33, size, size
    pie.data = [v for _, v in chart.slices]
    total = chart.total
    pie.labels = [_percent(v, total) for _, v in chart.slices]
    pie.simpleLabels = 1
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 0.8
    pie.slices.fontName = font
    pie.slices.fontSize = 8
    pie.slices.labelRadius = 1.18
    pie.startAngle = 90
    pie.direction = "clockwise"
    pie.sideLabels = 0
    for i in range(len(chart.slices)):
        pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    drawing.add(pie)
    legend = Legend()
    legend.x, legend.y = pie.x + size + 45, pie.y + size / 2 + 9 * len(chart.slices)
    legend.fontName, legend.fontSize = font, 9
    legend.alignment = "right"
    legend.dx = legend.dy = 8
    legend.deltay = 16
    legend.columnMaximum = 10
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], f"{label}  {format_amount(v, money_unit)}{money_unit}"
                              f"（{_percent(v, total)}）") for i, (label, v) in enumerate(chart.slices)]
    drawing.add(legend)
    drawing.add(String(width / 2, 4, chart.title, fontName=title_font, fontSize=10.5, textAnchor="middle"))
    return drawing


def _percent(part: int, total: int) -> str:
    """Share in percent, two decimals, 四舍五入 on exact integers."""
    if total == 0:
        return ""
    hundredths = (part * 10000 * 2 + total) // (2 * total)
    return f"{hundredths // 100}.{hundredths % 100:02d}%"
