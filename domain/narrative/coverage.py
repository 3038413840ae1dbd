"""Nothing silently skipped: how many of the narrative's figures were checked, and which were not.

`narrative_coverage(unit)` returns the numbers (total, bound, per part) for the GUI and the CLI;
the N-COVERAGE rule states them in one info finding (so `check` prints the share), and N-UNBOUND
lists every figure that took part in no check (no table comparison, no relation with another
figure) as 未核对, with its span.

A figure counts as bound when it took part in at least one check, passed or failed; as *checked
exactly* when one of them is an equality or a computed value, *plausible only* when all of them
are bounds (Σ 其中 ≤ total, 批次 ≤ 人次, a count and its amount both zero or neither). Figures that are
part of a name rather than a quantity (“单价100万元以上的设备”, “≥95%”) are not counted.
"""
from __future__ import annotations

from ..checks import INFO, Finding, Location, rule
from .report import Coverage, narrative_report
from .sections import PART_NAMES

COVERAGE_RULE, UNBOUND_RULE = "N-COVERAGE", "N-UNBOUND"


def narrative_coverage(unit) -> Coverage:
    """Figures in the narrative, and how many took part in a check (total and per part)."""
    return narrative_report(unit).coverage


@rule(COVERAGE_RULE, "说明中数字的核对覆盖率", INFO,
      "列出说明中共有多少个数字、其中多少个参与了至少一项核对（与报表比较或与文中其他数字的关系），按部分分列；"
      "分两档：精确核对（等式或计算值，如合计、占比、与报表单元格比较）和仅合理性核对（只验证了大小关系，如分项不超过合计、"
      "接待批次不多于人次）。")
def coverage(unit):
    report = narrative_report(unit)
    if report.coverage.total:
        yield Finding(COVERAGE_RULE, INFO, report.coverage.summary() + "。")


@rule(UNBOUND_RULE, "未核对的数字", INFO,
      "说明中没能确定含义、也没有参与任何核对的数字逐个列出（“未核对”），提醒人工复核；程序不会悄悄跳过任何数字。")
def unbound(unit):
    report = narrative_report(unit)
    reading = report.reading
    for i in report.coverage.unbound:
        start, end = reading.span(i)
        st = reading.statements[i]
        words = reading.clause(i)
        part = PART_NAMES.get(reading.part(i), "")
        yield Finding(UNBOUND_RULE, INFO, f"未核对：“{words}”中的{st.fig.text.strip()}（{part}）没有可与之核对的报表数或文中数字。",
                      (Location(start=start, end=end),))
