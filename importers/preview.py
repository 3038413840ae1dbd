"""An ImportPlan as plain Chinese text: what `import --dry-run` prints (and `import` before writing)."""
from __future__ import annotations

from .plan import ImportPlan


def preview_text(plan: ImportPlan, target: str = "") -> str:
    meta = plan.before.meta
    out = [f"导入预览：{meta.unit_name} {meta.year}年度" + (f"（{target}）" if target else ""),
           f"来源：{'、'.join(plan.sources)}"]
    if plan.tables:
        out.append("")
        out.append(f"找到 {len(plan.tables)} 张表：")
        for table in plan.tables:
            out.append(f"  {table.name}")
            out.append(f"      位置：{table.where}　金额单位：{table.money_unit}　读到 {table.rows} 行、{table.values} 个数值")
            if table.totals:
                out.append("      " + "；".join(f"{what} {amount}" for what, amount in table.totals))
            if table.note:
                out.append("      表下说明：" + table.note.replace("\n", " / "))
        if plan.missing:
            out.append(f"未找到（保持不变）：{'、'.join(plan.missing)}")
    if plan.narrative:
        n = plan.narrative
        out.append("")
        out.append(f"部门决算说明：{n.source}，{n.chars:,} 字" + ("（将替换现有说明）" if n.replaces else ""))
    out.append("")
    out.append(f"将改动 {plan.changes} 处数据。" if plan.changes else "与单位文件现有数据完全相同，无需改动。")
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
    return "\n".join(out)
