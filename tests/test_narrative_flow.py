"""Text pasted from a PDF or a Word file: hard line breaks inside sentences and extraction spaces
change nothing in what the checker reads, and every span still points into the text as pasted."""
from __future__ import annotations

from pathlib import Path

import pytest

from domain.narrative.flow import reflow
from narrative_helpers import n_findings, pdf_wrap, problems, spans, statement, unit_with

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
YEARS = {"000": 2023, "001": 2023, "002": 2023, "003": 2023, "004": 2024}


def _squeeze(s: str) -> str:
    return "".join(s.split())


def test_a_sentence_broken_by_the_page_is_read_whole():
    text = ("二、收入支出决算总体情况说明\n"
            "2023年度收入支出总计  307.82\n万元。与  2022年度相比，收入支出总计减少56.95万元，下降15.61%。\n")
    st = statement(text, "307.82万元", 2023)
    assert st.key == "grand_total" and st.role == "amount"
    change = statement(text, "56.95万元", 2023)
    assert change.role == "change" and change.key == "grand_total"      # a change, not a level
    # 56.95 ÷ (307.82 + 56.95) = 15.61 %: the rate is checked against the re-joined sentence
    assert not problems(text, 2023)
    wrong = text.replace("15.61%", "16.61%")
    (found,) = [f for f in n_findings(unit_with(wrong, 2023), "N-RATE")]
    assert spans(found, wrong)[0] == "16.61%"


def test_spans_point_into_the_text_as_pasted():
    text = ("（一）收入决算说明\n2023年度本年收入合计100.00万元，其中：财政拨款收入\n"
            "60.00万元；其他收入  50.00\n万元。\n")
    (found,) = n_findings(unit_with(text, 2023), "N-SUM")
    assert found.severity == "error"
    assert [_squeeze(s) for s in spans(found, text)] == ["100.00万元", "60.00万元", "50.00万元"]
    assert "50.00\n万元" in spans(found, text)                          # the original span, break included


def test_a_heading_split_over_two_lines_keeps_its_section():
    body = "2023年度本年支出合计100.00万元，其中：基本支出60.00万元，占支出合计的60%；项目支出40.00万元，占支出合计的40%。"
    wrapped = pdf_wrap("一、部门基本情况\n本单位是区政府的工作部门，负责本区的有关工作，内设机构若干个，下设事业单位若干个。\n"
                       "二、收入支出决算总体情况说明，本部分按照财政部门的统一要求编写，以下为具体情况的说明\n" + body, 40)
    assert "\n" in wrapped.split("二、")[1].split("2023")[0]                # the heading is broken
    assert statement(wrapped, "60.00万元", 2023).key == "basic"


def test_extraction_spaces_do_not_matter():
    text = "（一）收入决算说明\n2023年度本年收入合计  9746.50万元，比上年增长  100.00%，增加4873.25万元。\n"
    assert not problems(text, 2023)
    assert statement(text, "100.00%", 2023).role == "rate"
    missing = "（一）收入决算说明\n2023年度本年收入合计200.00万元，比上年增加100.00万元，增长 100.00。\n"
    assert any(r == "N-MALFORMED" and "缺少“%”" in m for r, _, m in problems(missing, 2023))


def test_paragraphs_on_one_line_each_are_left_alone():
    text = "一、部门基本情况\n本单位负责本区有关工作\n二、收入支出决算总体情况说明\n2023年度收、支总计100.00万元。"
    assert reflow(text).text == text


def test_reflow_only_deletes_and_maps_back():
    text = "收入支出总计  307.82\n万元。与  2023年度相比\n"
    flow = reflow(text)
    assert flow.text == "收入支出总计307.82万元。与2023年度相比\n"
    start = flow.text.index("307.82万元")
    a, b = flow.span(start, start + len("307.82万元"))
    assert text[a:b] == "307.82\n万元"


@pytest.mark.skipif(not SEEDS.exists(), reason="seed texts not available")
@pytest.mark.parametrize("prefix", sorted(YEARS))
def test_a_seed_broken_as_a_pdf_breaks_it_gives_the_same_findings(prefix):
    text = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    wrapped = pdf_wrap(text, 76)                        # 38 CJK characters a line, headings kept whole
    assert wrapped.count("\n") > text.count("\n") + 50
    original = [f for f in n_findings(unit_with(text, YEARS[prefix])) if f.rule != "N-UNBOUND"]
    broken = [f for f in n_findings(unit_with(wrapped, YEARS[prefix])) if f.rule != "N-UNBOUND"]
    assert sorted((f.rule, f.severity, f.message) for f in broken) == \
           sorted((f.rule, f.severity, f.message) for f in original)
    by_message = {(f.rule, f.message): f for f in original}
    for f in broken:                                     # the same figures marked, in the text as pasted
        assert [_squeeze(s) for s in spans(f, wrapped)] == \
               [_squeeze(s) for s in spans(by_message[(f.rule, f.message)], text)], f.message


def test_a_short_paste_with_no_page_width_to_learn():
    text = ("（二）一般公共预算财政拨款支出决算具体情况\n"
            "“行政运行”（项）2023年度年初预算100.00万元，2023年度决算90.00万元，完\n"
            "成年初预算的90.00%。\n“一般行政管理事务”（项）2023年度年初预算50.00万元，2023年度决算\n"
            "40.00万元，完成年初预算的70.00%。")
    (found,) = problems(text, 2023)
    assert found[0] == "N-RATIO" and "40 ÷ 50" in found[2]           # the item's own budget, not another's
    assert not problems(text.replace("70.00%", "80.00%"), 2023)
