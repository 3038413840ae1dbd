"""A paragraph pasted from a table — thousands of figures in one sentence (sentences end at 。 or a new
line, not at ；) — is read in time linear in its length: the GUI re-checks on every pause in typing and
a paste bypasses the import's size guard. Measured as work (lines of the narrative reader executed),
never as time."""
from __future__ import annotations

import sys
from pathlib import Path

from domain.narrative import reader

NARRATIVE = str(Path(reader.__file__).parent)
ITEMS = ("工资福利支出", "商品和服务支出", "办公费", "印刷费", "差旅费", "公务接待费")


def one_sentence(rows: int) -> str:
    """One sentence of `rows` table rows: lists, comparisons, shares, budgets, examples; no 。 until the end."""
    out = ["二、支出决算情况\n本年支出合计1000.00万元，比上年增加10.00万元，"]
    for i in range(rows):
        item, a, b = ITEMS[i % len(ITEMS)], 100 + i % 37, 3 + i % 11
        out.append((
            f"{item}{a}.00万元，其中：基本支出{a - b}.00万元，项目支出{b}.00万元，占{i % 90 + 1}.00%；",
            f"{item}{a}.00万元，比上年{a - b}.00万元增加{b}.00万元，增长{b * 2}.00%，完成年初预算的{i % 90 + 5}.00%；",
            f"{item}年初预算{a}.00万元，支出决算{a - b}.00万元，占本年支出合计的{i % 50 + 1}.00%；",
            f"{item}{a}.00万元，主要用于办公{b}.00万元、印刷{b + 1}.00万元，较年初预算减少{b}.00万元；",
        )[i % 4])
    return "".join(out) + "。\n"


def work(text: str) -> int:
    """Lines of domain/narrative executed while reading `text` from a cold cache."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        count += 1
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(NARRATIVE) else None

    reader.clear_cache()
    sys.settrace(tracer)
    try:
        reader.read_narrative(text, 2024)
    finally:
        sys.settrace(None)
    return count


def test_one_long_sentence_is_read_in_linear_work():
    small, large = one_sentence(120), one_sentence(480)
    assert len(reader.read_narrative(large, 2024).blocks) <= 2           # really one sentence in one block
    ratio = work(large) / work(small)
    assert ratio < 5.5, f"four times the text took {ratio:.1f} times the work"


def test_the_lists_of_a_long_sentence_are_still_checked():
    reading = reader.read_narrative(one_sentence(480), 2024)
    checked = [c for c in reading.checks if c.rule == "N-SUM"]
    # every 其中 row (one in four) gives a list of its two parts, checked against its total
    assert len(checked) >= 480 // 4, len(checked)
    assert all(c.severity is None for c in checked), [c.message for c in checked if c.severity][:3]
