"""An ImportPlan as plain Chinese text: what `import --dry-run` prints (and `import` before writing);
`preview_summary` is the same without the table-by-table part (the GUI's question shows it first)."""
from __future__ import annotations

from .plan import ImportPlan


def preview_text(plan: ImportPlan, target: str = "") -> str:
    return "\n".join(_head(plan, target) + _tables(plan) + _narrative(plan) + _outcome(plan))


def preview_summary(plan: ImportPlan, target: str = "") -> str:
    """What will change, the warnings and what to check, with the tables only counted."""
    found = [f"找到 {len(plan.tables)} 张表" + (f"；未找到（保持不变）：{'、'.join(plan.missing)}" if plan.missing else "")] \
        if plan.tables else []
    return "\n".join(_head(plan, target) + found + _narrative(plan) + _outcome(plan))


def _head(plan: ImportPlan, target: str) -> list[str]:
    meta = plan.before.meta
    return [f"导入预览：{meta.unit_name} {meta.year}年度" + (f"（{target}）" if target else ""),
            f"来源：{'、'.join(plan.sources)}"]


def _tables(plan: ImportPlan) -> list[str]:
    if not plan.tables:
        return []
    out = ["", f"找到 {len(plan.tables)} 张表："]
    for table in plan.tables:
        out.append(f"  {table.name}")
        out.append(f"      位置：{table.where}　金额单位：{table.money_unit}　读到 {table.rows} 行、{table.values} 个数值")
        if table.totals:
            out.append("      " + "；".join(f"{what} {amount}" for what, amount in table.totals))
        if table.note:
            out.append("      表下说明：" + table.note.replace("\n", " / "))
    if plan.missing:
        out.append(f"未找到（保持不变）：{'、'.join(plan.missing)}")
    return out


def _narrative(plan: ImportPlan) -> list[str]:
    if not plan.narrative:
        return []
    n = plan.narrative
    return ["", f"部门决算说明：{n.source}，{n.chars:,} 字" + ("（将替换现有说明）" if n.replaces else "")]


def _outcome(plan: ImportPlan) -> list[str]:
    out = ["", f"将改动 {plan.changes} 处数据。" if plan.changes else "与单位文件现有数据完全相同，无需改动。"]
    if plan.replaced:
        out.append(f"将覆盖已有数据：{'、'.join(plan.replaced)}（原数值保留在修改记录中）。")
    if plan.warnings:
        out.append("")
        out.append(f"警告 {len(plan.warnings)} 条（须确认后才会导入）：")
        out += [f"  {i}. {issue}" for i, issue in enumerate(plan.warnings, 1)]
    if plan.kept:
        out.append("")
        out.append(f"须核对 {len(plan.kept)} 条（不妨碍导入；导入后在核对结果中一直列出，直到解决）：")
        out += [f"  ! {issue}" for issue in plan.kept]
    if plan.notes:
        out.append("")
        out.append(f"提示 {len(plan.notes)} 条：")
        out += [f"  - {issue}" for issue in plan.notes]
    return out
