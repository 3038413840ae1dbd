"""The rule catalogue, generated from the registered rules themselves: `python main.py rules` prints
it, and docs/rules.md is `catalogue_markdown()` (a test keeps the file in step with the code)."""
from __future__ import annotations

from .finding import SEVERITY_NAMES, SEVERITY_ORDER
from .registry import Rule, all_rules

OTHER = "其他规则"
REGENERATE = "python main.py rules --markdown > docs/rules.md"

INTRO = f"""\
每条规则有固定的编号、名称、严重程度和说明。核对结果中的每一条发现都写明规则编号，
用中文说明哪里不对、两边各是多少、相差多少，并标出涉及的每一个单元格或说明中的文字位置。

* **错误**：数据必然有误，公开前必须改正（`check` 命令有错误时退出码为 1）。
* **警告**：很可能有误，或需要在说明中解释（如资金调剂、上缴）。
* **提示**：通常如此，请留意。

四舍五入：在本程序中录入的金额精确到分，相等关系两边有任何差额都是错误。从工作簿导入的以万元为单位、保留两位小数的数，
每个代表 ±0.005 万元的区间；两边区间相交、差额只能由四舍五入解释时，降一级报告（错误 → 警告，警告 → 提示），并写明误差范围。"""


def group_of(r: Rule) -> str:
    from ..rulebook import SECTIONS
    for heading, modules in SECTIONS:
        if r.module in modules:
            return heading
    return OTHER


def grouped_rules() -> list[tuple[str, list[Rule]]]:
    """The rules by section; within a section by module (in RULE_MODULES order) and then in the order
    the module registers them, whatever order the modules happened to be imported in."""
    from ..rulebook import RULE_MODULES, SECTIONS
    order = [h for h, _ in SECTIONS] + [OTHER]
    groups: dict[str, list[Rule]] = {h: [] for h in order}
    rules = all_rules()
    position = {r.id: i for i, r in enumerate(rules)}
    modules = {m: i for i, m in enumerate(RULE_MODULES)}
    for r in sorted(rules, key=lambda r: (modules.get(r.module, len(modules)), r.module, position[r.id])):
        groups[group_of(r)].append(r)
    return [(h, rules) for h, rules in groups.items() if rules]


def catalogue_text() -> str:
    """The catalogue as plain text, for the terminal."""
    lines = []
    for heading, rules in grouped_rules():
        lines.append(f"【{heading}】")
        for r in rules:
            lines.append(f"{r.id}  {SEVERITY_NAMES.get(r.severity, r.severity)}  {r.title}")
            lines.append(f"    {r.explanation}")
        lines.append("")
    total = sum(len(rules) for _, rules in grouped_rules())
    lines.append(f"共 {total} 条规则。")
    return "\n".join(lines)


def catalogue_markdown() -> str:
    """docs/rules.md."""
    out = ["# 核对规则一览", "",
           f"> 本文件由 `{REGENERATE}` 根据规则本身生成，请勿手工修改。", "", INTRO, ""]
    for heading, rules in grouped_rules():
        out += [f"## {heading}", "", "| 编号 | 严重程度 | 名称 | 说明 |", "|---|---|---|---|"]
        for r in rules:
            out.append(f"| `{r.id}` | {SEVERITY_NAMES.get(r.severity, r.severity)} | {_cell(r.title)} | {_cell(r.explanation)} |")
        out.append("")
    total = sum(len(rules) for _, rules in grouped_rules())
    severities = {}
    for _, rules in grouped_rules():
        for r in rules:
            severities[r.severity] = severities.get(r.severity, 0) + 1
    counts = "，".join(f"{SEVERITY_NAMES[s]} {n} 条" for s, n in sorted(severities.items(), key=lambda kv: SEVERITY_ORDER[kv[0]]))
    out.append(f"共 {total} 条规则（默认严重程度：{counts}）。")
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
