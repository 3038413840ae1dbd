"""Tests for domain.narrative.figures: the figure reader of 部门决算说明 text."""
from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest

from domain.narrative.figures import Figure, find_figures

SEEDS = sorted((Path(__file__).resolve().parents[2] / "shared" / "seeds").glob("*.txt"))  # shared/ lies beside the checkout


def figs(text: str) -> list[Figure]:
    return find_figures(text).figures


def one(text: str) -> Figure:
    found = figs(text)
    assert len(found) == 1, found
    return found[0]


def codes(text: str) -> list[str]:
    return [m.code for m in find_figures(text).malformed]


# --- figures ----------------------------------------------------------------------------------

def test_amount_basic():
    text = "2023年度收、支总计42744.81万元。"
    f = one(text)
    assert (f.text, f.kind, f.unit, f.value, f.decimals) == (
        "42744.81万元", "amount", "万元", Decimal("42744.81"), 2)
    assert text[f.start:f.end] == f.text
    assert f.fen == 42_744_810_000


def test_thousands_separator_keeps_written_digits():
    f = one("决算1,276.512800万元")
    assert f.value == Decimal("1276.512800") and str(f.value) == "1276.512800"
    assert f.decimals == 6
    assert f.fen == 1_276_512_800
    assert one("实际到位256,543.00元").fen == 25_654_300


def test_decimals():
    assert one("支出31539.2万元").decimals == 1
    zero = one("基本支出决算0万元")
    assert (zero.decimals, zero.value, zero.fen) == (0, Decimal(0), 0)


def test_fen_per_unit():
    assert one("5元").fen == 500
    assert one("收入194.85亿元").fen == 1_948_500_000_000
    assert one("1.3099万元").fen == 13_099 * 100
    assert one("0.001元").fen is None  # finer than 1 分
    assert one("26.21%").fen is None


def test_interval():
    """One constructor (rounding.Interval.rounded) for the interval a written figure stands for."""
    from domain.narrative.relations import interval
    from domain.rounding import Interval
    assert interval(one("0.12%")) == Interval(Decimal("0.115"), Decimal("0.125"))
    assert interval(one("5辆")) == Interval(5, 5)                                   # a count is exact
    assert interval(one("-3.5万元")) == Interval(Decimal("-3.55"), Decimal("-3.45"))
    assert interval(one("0万元")) == Interval(0, 0)                                 # a bare 0 says “nothing”
    assert interval(one("0.00万元")) == Interval(Decimal("-0.005"), Decimal("0.005"))
    assert interval(one("1234元")) == Interval(Decimal("0.12335"), Decimal("0.12345"))   # 元 compared in 万元


def test_percent_and_points():
    pct = one("占收入合计的26.21%，")
    assert (pct.kind, pct.unit, pct.value) == ("percent", "%", Decimal("26.21"))
    pts = one("比上年下降1.5个百分点")
    assert (pts.kind, pts.unit, pts.text) == ("points", "个百分点", "1.5个百分点")


def test_counts():
    found = figs("公务接待3批次，公务接待87人次。汽车5辆，设备3套，共设置14个内设机构，"
                 "新购置车辆0台，评价项目128项，建成养老机构44家，救助476户，帮扶1375次，256人")
    assert [(f.value, f.unit) for f in found] == [
        (3, "批次"), (87, "人次"), (5, "辆"), (3, "套"), (14, "个"), (0, "台"), (128, "项"),
        (44, "家"), (476, "户"), (1375, "次"), (256, "人")]
    assert all(f.kind == "count" for f in found)


def test_full_width():
    text = "财政拨款收入１，２７６．５１万元，占比２６．２１％。"
    a, p = figs(text)
    assert (a.value, a.decimals, a.text) == (Decimal("1276.51"), 2, "１，２７６．５１万元")
    assert (p.value, p.kind, p.unit) == (Decimal("26.21"), "percent", "%")
    assert text[p.start:p.end] == "２６．２１％"


def test_chinese_comma_is_not_glued():
    assert [f.text for f in figs("分别为3，5辆")] == ["5辆"]
    assert [f.text for f in figs("公务用车1辆，16.42万元")] == ["1辆", "16.42万元"]
    # only valid 3-digit groups make "，" a thousands separator
    assert [f.text for f in figs("分别为1234，567万元")] == ["567万元"]
    assert one("合计3，500万元").value == Decimal(3500)


def test_space_before_unit():
    f = one("收入522.8 万元，")
    assert (f.text, f.value) == ("522.8 万元", Decimal("522.8"))
    assert one("设置以下 7 个内设机构").value == 7


def test_negative_numbers():
    assert one("差异率为-1.31%。").value == Decimal("-1.31")
    f = one("减少－3.5万元")
    assert (f.value, f.text) == (Decimal("-3.5"), "－3.5万元")
    # a dash after a number or unit is a range, not a minus sign
    assert [f.value for f in figs("预算执行率50%-90%为34个")] == [50, 90, 34]
    assert [f.text for f in figs("3-5辆")] == ["5辆"]


def test_points_not_read_as_count():
    found = figs("增长2个百分点，共3个")
    assert [(f.kind, f.unit) for f in found] == [("points", "个百分点"), ("count", "个")]


@pytest.mark.parametrize("text", [
    "2023年", "2023年度部门决算", "京财预[2023]1259号", "1.项目支出：", "7.项目支出",
    "2024年1月17日", "第3次会议", "2020.12.1-2021.11.30", "131,400.00", "PM2.5指数",
    "700余万元", "1-19号楼",
])
def test_not_figures(text):
    scan = find_figures(text)
    assert scan.figures == [] and scan.malformed == []


# --- malformed --------------------------------------------------------------------------------

def test_bad_grouping():
    scan = find_figures("政府采购支出决算21,88.78万元，其中：")
    assert scan.figures == []
    (m,) = scan.malformed
    assert (m.code, m.text) == ("bad_grouping", "21,88.78万元")
    assert m.reason == "千分位分隔符位置错误：“21,88.78万元”"
    assert codes("1234,567万元") == ["bad_grouping"]
    assert codes("58,511.86万元") == []


def test_double_percent():
    text = "比上年增加1,891.94万元，增长4.63%%，其中"
    scan = find_figures(text)
    (m,) = scan.malformed
    assert (m.code, m.text) == ("double_percent", "4.63%%")
    # the figure itself is still read
    assert [f.text for f in scan.figures] == ["1,891.94万元", "4.63%"]


@pytest.mark.parametrize("text, shown", [
    ("比上年增长7.59，主要原因", "增长7.59"),
    ("比上年下降3.2", "下降3.2"),
    ("财政拨款收入100万元，占收入合计的26。", "占收入合计的26"),
    ("预算执行率为97.63；", "率为97.63"),
    ("决算100万元，完成年初预算的98.5 。", "完成年初预算的98.5"),
])
def test_missing_percent(text, shown):
    (m,) = find_figures(text).malformed
    assert m.code == "missing_percent"
    assert m.text == shown and text[m.start:m.end] == shown
    assert "%" in m.reason


@pytest.mark.parametrize("text", [
    "比上年增长7.59%，", "增长1倍，", "比例为1：1", "第二部分2023，", "增长2个百分点。",
])
def test_no_missing_percent(text):
    assert codes(text) == []


def test_two_decimal_points():
    scan = find_figures("支出1.2.3万元")
    assert scan.figures == [] and codes("支出1.2.3万元") == ["multiple_decimal_points"]


@pytest.mark.parametrize("text, snippet", [
    ("项目支出__万元", "__万元"), ("项目支出XX万元", "XX万元"), ("占比××%", "××%"),
    ("决算X.XX万元", "X.XX万元"), ("共＿＿个", "＿＿个"),
])
def test_placeholder(text, snippet):
    (m,) = find_figures(text).malformed
    assert (m.code, m.text) == ("placeholder", snippet)
    assert "模板占位符未填写" in m.reason


def test_unit_without_number():
    text = "截至12月31日，部门共有车辆台，共计0.00万元"
    scan = find_figures(text)
    (m,) = scan.malformed
    assert (m.code, m.text) == ("missing_number", "车辆台")
    assert "模板占位符未填写" in m.reason
    assert [f.text for f in scan.figures] == ["0.00万元"]
    assert codes("本年决算数万元") == ["missing_number"]
    # ordinary words are not gaps
    assert codes("金额单位为万元；建立工作台账；车辆台账；数万元") == []


def test_duplicate_unit():
    scan = find_figures("预算支出数59,292.05万元万元减少")
    assert [f.text for f in scan.figures] == ["59,292.05万元"]
    assert [(m.code, m.text) for m in scan.malformed] == [("duplicate_unit", "59,292.05万元万元")]


# --- seeds ------------------------------------------------------------------------------------

def _seed(prefix: str) -> str:
    for path in SEEDS:
        if path.name.startswith(prefix):
            return path.read_text(encoding="utf-8")
    pytest.skip(f"seed {prefix} not available")


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seed_scan(path):
    text = path.read_text(encoding="utf-8")
    scan = find_figures(text)
    assert len(scan.figures) > 100
    for f in scan.figures:
        assert text[f.start:f.end] == f.text
        assert f.kind in ("amount", "percent", "points", "count", "score")
    for m in scan.malformed:
        assert text[m.start:m.end] == m.text and m.reason
    starts = [f.start for f in scan.figures]
    assert starts == sorted(starts)


def test_seed_000_bad_grouping():
    found = {(m.code, m.text) for m in find_figures(_seed("000")).malformed}
    assert ("bad_grouping", "21,88.78万元") in found


def test_seed_002_double_percent():
    found = {(m.code, m.text) for m in find_figures(_seed("002")).malformed}
    assert ("double_percent", "4.63%%") in found


def test_seed_001_timing(capsys):
    """Measured, not asserted: the largest seed should scan in a few milliseconds."""
    text = _seed("001")
    times = []
    for _ in range(20):
        t0 = time.perf_counter()
        find_figures(text)
        times.append(time.perf_counter() - t0)
    with capsys.disabled():
        print(f"\nfind_figures(seed 001, {len(text)} chars): best {min(times) * 1000:.2f} ms, "
              f"median {sorted(times)[len(times) // 2] * 1000:.2f} ms")
