"""Speed of the check engine, printed (never asserted).

Builds a large, consistent unit — about 300 功能分类 rows (类/款/项) in each of 表2, 表3 and 表5,
every one of the twelve tables filled — and times

* a full check (a fresh copy of the unit, nothing cached),
* an edit → all findings updated: `UnitSession.set_value` on a 项 of 表5 (its 款/类/合计 recomputed
  incrementally) and a re-check (only the rules reading 表5 run again), also as the GUI does it: a
  snapshot checked (its caches carried over),
* the cold open of the unit file (open, check, load),

both for data entered in the app (exact) and for the same data as if imported from a workbook
(every cell, totals included, imported with ± 0.005 万元: every 合计 is then compared with its
parts). The unit carries the drafted 部门决算说明, so the narrative rules have text to read; each
figure is given for every registered rule and for the check engine's own rules (domain.checks.*),
since rules that do not declare the tables they read (`reads=`) run again on every re-check.
Targets: full check ≤ 20 ms median; edit → findings ≤ 10 ms median with the narrative rules, ≤ 5 ms for the
engine's own; cold open ≤ 150 ms. Each is also given as a ratio to one regex pass over the narrative text.

    .venv/bin/python bench/bench_checks.py [--rows 300] [--repeat 30]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.checks import ERROR, run_checks  # noqa: E402
from domain.checks.registry import all_rules  # noqa: E402
from domain.edits import UnitSession  # noqa: E402
from domain.funds import GOV_FUND, SOE  # noqa: E402
from domain.codes import parent_code  # noqa: E402
from domain.narrative.draft import draft_narrative  # noqa: E402
from domain.template import TOTAL_ROW  # noqa: E402
from domain.unit import IMPORTED, Cell, UnitData, UnitMeta  # noqa: E402

WAN = 1_000_000   # 分 per 万元


def build_large_unit(rows: int = 300, seed: int = 7) -> UnitData:
    rng = random.Random(seed)
    unit = UnitData(UnitMeta("性能测试街道办事处", 2024, "110199999"))
    codes = unit.codes
    fund_of = _fund_map(unit)
    t1_classes = {r.code for r in unit.template.table("T1").rows if r.code}

    def amount(high_wan: int, zero_share: float = 0.2) -> int:
        return 0 if rng.random() < zero_share else rng.randrange(1, high_wan * WAN)

    # 一般公共预算 项 codes until 类 + 款 + 项 ≈ rows
    general = [c for c in sorted(codes.names) if len(c) == 7 and c[:3] in t1_classes and not fund_of.get(c)
               and parent_code(c) in codes]
    rng.shuffle(general)
    chosen, with_parents = [], set()
    for code in general:
        if len(with_parents | {code, code[:5], code[:3]}) > rows:
            break
        chosen.append(code)
        with_parents |= {code, code[:5], code[:3]}
    gov_fund = [c for c in sorted(codes.names) if len(c) == 7 and fund_of.get(c) == GOV_FUND][:6]
    soe = [c for c in sorted(codes.names) if len(c) == 7 and fund_of.get(c) == SOE][:3]

    for code in chosen:                                  # 表5
        unit.add_row("T5", code)
        unit.set_amount("T5", code, "basic", amount(800))
        unit.set_amount("T5", code, "project", amount(800))
        unit.set_amount("T5", code, "initial_budget", amount(900))
    for code in gov_fund:                                # 表7: 年末 = 年初 + 收入 − 支出
        unit.add_row("T7", code)
        basic, project = amount(50, 0.5), amount(300, 0)
        begin, end = amount(40, 0.3), amount(40, 0.3)
        for col, value in (("basic", basic), ("project", project), ("begin_balance", begin), ("end_balance", end),
                           ("income", basic + project + end - begin if basic + project + end >= begin else 0)):
            unit.set_amount("T7", code, col, value)
        if basic + project + end < begin:
            unit.set_amount("T7", code, "end_balance", begin - basic - project)
    for code in soe:                                     # 表9
        unit.add_row("T9", code)
        unit.set_amount("T9", code, "basic", 0)
        unit.set_amount("T9", code, "project", amount(100, 0))
    unit.refresh_derived()

    fiscal_tables = ("T5", "T7", "T9")
    exp_col = {"T5": "total", "T7": "exp_total", "T9": "total"}
    income_of = {"T5": "total", "T7": "income", "T9": "total"}
    for code in chosen + gov_fund + soe:                 # 表3 ⊇ 财政拨款, 表2 财政拨款收入 + 其他收入
        table = "T5" if code in chosen else "T7" if code in gov_fund else "T9"
        unit.add_row("T3", code)
        unit.add_row("T2", code)
        own_basic, own_project = amount(20, 0.8), amount(30, 0.8)
        unit.set_amount("T3", code, "basic", unit.amount(table, code, "basic") + own_basic)
        unit.set_amount("T3", code, "project", unit.amount(table, code, "project") + own_project)
        unit.set_amount("T2", code, "fiscal", unit.amount(table, code, income_of[table]))
        unit.set_amount("T2", code, "other", own_basic + own_project)
    unit.refresh_derived()

    t5, t7, t9 = (unit.amount(t, TOTAL_ROW, exp_col[t]) for t in fiscal_tables)
    begin, end = unit.amount("T7", TOTAL_ROW, "begin_balance"), unit.amount("T7", TOTAL_ROW, "end_balance")
    for key, value in {"gpb_income": t5, "gov_fund_income": unit.amount("T7", TOTAL_ROW, "income"), "soe_income": t9,
                       "other_income": unit.amount("T2", TOTAL_ROW, "other"), "begin_balance": begin}.items():
        unit.set_amount("T1", key, "amount", value)
    unit.set_amount("T1", "end_balance", "amount_exp", end)
    for key, value in {"gpb_income": t5, "gov_fund_income": unit.amount("T7", TOTAL_ROW, "income"), "soe_income": t9,
                       "begin_gov_fund": begin}.items():
        unit.set_amount("T4", key, "amount", value)
    unit.set_amount("T4", "end_balance", "gov_fund", end)
    for row in unit.template.table("T1").rows:
        if row.code:
            unit.set_amount("T1", row.code, "amount_exp", unit.amount("T3", row.code, "total") if unit.row("T3", row.code) else 0)
            for table, col in (("T5", "gpb"), ("T7", "gov_fund"), ("T9", "soe")):
                present = unit.row(table, row.code) is not None
                unit.set_amount("T4", row.code, col, unit.amount(table, row.code, exp_col[table]) if present else 0)

    _economic(unit, "T6", unit.amount("T5", TOTAL_ROW, "basic"), rng)
    _economic(unit, "T8", unit.amount("T7", TOTAL_ROW, "basic"), rng)
    unit.refresh_derived()

    def both(key: str) -> int:
        return unit.amount("T6", key, "amount") + unit.amount("T8", key, "amount")
    finals = {"final_abroad": both("30212"), "final_reception": both("30217"), "final_vehicle_operation": both("30231"),
              "final_vehicle_purchase": both("31013") + both("30913")}
    for col, value in finals.items():
        unit.set_amount("T10", "amount", col, value + amount(5, 0.5))
        unit.set_amount("T10", "amount", col.replace("final", "budget"), value + amount(10, 0))
    goods, works, services = amount(200, 0), amount(900, 0), amount(2000, 0)
    for col, value in (("plan_goods", goods + WAN), ("plan_works", works + WAN), ("plan_services", services + WAN),
                       ("actual_goods", goods), ("actual_works", works), ("actual_services", services),
                       ("sme_contract", (goods + works + services) * 3 // 4), ("small_micro_contract", (goods + works + services) // 2)):
        unit.set_amount("T11", "total", col, value)
    for i in range(1, 31):
        key = f"p{i}"
        unit.add_row("T12", key, f"购买服务项目{i}")
        for col, text in (("name", f"购买服务项目{i}"), ("catalog1", "公共服务"), ("catalog2", "城市维护"),
                          ("catalog3", "环境卫生"), ("provider", f"承接单位{i}")):
            unit.set_text("T12", key, col, text)
        unit.set_amount("T12", key, "amount", amount(100, 0))
    for row in unit.template.table("X1").rows:
        unit.set_amount("X1", row.key, "amount", amount(9000, 0))
    groups, batches, vehicles = rng.randrange(0, 5), rng.randrange(1, 40), rng.randrange(1, 8)
    vehicles_amount, equipment_amount = amount(300, 0), amount(500, 0)
    other = {"office_running": unit.amount("T6", "public_total", "amount") * 9 // 10,
             "abroad_groups": groups, "abroad_persons": groups * rng.randrange(1, 5),
             "reception_batches": batches, "reception_persons": batches * rng.randrange(1, 10),
             "vehicles_held": vehicles, "asset_vehicles": vehicles, "asset_vehicles_amount": vehicles_amount,
             "asset_equipment": 2, "asset_equipment_amount": equipment_amount,
             "fixed_assets_total": vehicles_amount + equipment_amount + amount(5000, 0)}
    for key, value in other.items():
        unit.set_amount("X2", key, "value", value)
    unit.refresh_derived()
    unit.set_note("T8", "" if unit.amount("T8", "personnel_total", "amount") else "本单位不涉及，故本表无数据。")
    unit.narrative = draft_narrative(unit)
    return unit


def _economic(unit: UnitData, table: str, total: int, rng: random.Random) -> None:
    """Spread `total` over the 款 of 301/302/303; 30299 takes the remainder (exactly `total`)."""
    spec = unit.template.table(table)
    leaves = [r.key for r in spec.rows if r.code and len(r.code) == 5 and r.code[:3] in ("301", "302", "303")
              and r.code != "30299"]
    weights = [rng.random() for _ in leaves]
    scale = sum(weights) * 1.25
    used = 0
    for key, w in zip(leaves, weights):
        value = int(total * w / scale)
        unit.set_amount(table, key, "amount", value)
        used += value
    unit.set_amount(table, "30299", "amount", total - used)


def _fund_map(unit: UnitData) -> dict[str, str]:
    return unit.codes.funds


def as_imported(unit: UnitData) -> UnitData:
    """The same figures as if read from a workbook in 万元: every amount, totals too, imported ± 0.005 万元."""
    copy = unit.copy()
    shown = {**{k: c.amount for k, c in copy.cells.items() if c.amount is not None}, **copy.derived_values()}
    for key, amount in shown.items():
        if copy.template.table(key[0]).column(key[2]).kind == "money":
            copy.put_cell(key, Cell(amount, None, 5000, IMPORTED))
    return copy


def regex_pass_ms(text: str, repeat: int) -> float:
    """One pass of a figure regex over the narrative: the yardstick the figures are compared with."""
    import re
    pattern = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:万元|元|%|个|辆|人次)?")
    return statistics.median(time_ms(lambda: pattern.findall(text), repeat))


def time_ms(func, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def bench(unit: UnitData, label: str, repeat: int, regex_ms: float) -> None:
    rules = all_rules()                                 # import the rule modules outside the timing
    engine = [r.id for r in rules if r.module.startswith("domain.checks.")]
    findings = run_checks(unit.copy())
    errors = sum(1 for f in findings if f.severity == ERROR)
    sizes = ", ".join(f"{t} {len(unit.rows(t))} 行" for t in ("T2", "T3", "T5"))
    print(f"{label}: {sizes}, {len(unit.cells)} cells, {len(findings)} findings ({errors} errors) on the clean unit")
    for name, ids in ((f"all {len(rules)} rules", None), (f"engine's {len(engine)} rules", engine)):
        copies = [unit.copy() for _ in range(repeat)]
        full = time_ms(lambda: run_checks(copies.pop(), ids), repeat)

        edited = unit.copy()
        session = UnitSession(edited)
        run_checks(edited, ids)
        leaf = next(k for k in sorted(edited.extra_rows["T5"]) if len(k) == 7)
        cell = edited.cell("T5", leaf, "basic")
        recheck, via_snapshot = [], []
        for i in range(repeat):
            if cell.source == IMPORTED:       # an imported unit: the edit is a new imported value
                t0 = time.perf_counter()
                edited.put_cell(("T5", leaf, "basic"), Cell(cell.amount + (i + 1) % 2, None, cell.tolerance, IMPORTED))
            else:
                t0 = time.perf_counter()
                session.set_value("T5", leaf, "basic", cell.amount + (i + 1) % 2)
            run_checks(edited, ids)
            recheck.append((time.perf_counter() - t0) * 1000)
        for i in range(repeat):
            t0 = time.perf_counter()
            session.set_value("T5", leaf, "project", edited.amount("T5", leaf, "project") + 1 - 2 * (i % 2))
            run_checks(edited.snapshot(), ids)
            via_snapshot.append((time.perf_counter() - t0) * 1000)
        unchanged = time_ms(lambda: run_checks(edited, ids), repeat)
        target = 10 if ids is None else 5
        full_ms, edit_ms = statistics.median(full), statistics.median(recheck)
        print(f"  {name}:")
        print(f"    full check               median {full_ms:6.2f} ms  min {min(full):6.2f} ms  (target ≤ 20 ms; "
              f"{full_ms / regex_ms:.0f}× a regex pass)")
        print(f"    edit → findings updated  median {edit_ms:6.2f} ms  min {min(recheck):6.2f} ms  (target ≤ {target} ms; "
              f"{edit_ms / regex_ms:.0f}× a regex pass)")
        print(f"    … checked on a snapshot  median {statistics.median(via_snapshot):6.2f} ms")
        print(f"    re-check, nothing edited median {statistics.median(unchanged):6.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    t0 = time.perf_counter()
    unit = build_large_unit(args.rows)
    print(f"built the unit in {(time.perf_counter() - t0) * 1000:.0f} ms; {len(all_rules())} rules")
    regex_ms = regex_pass_ms(unit.narrative, args.repeat)
    print(f"one regex pass over the narrative ({len(unit.narrative)} 字): median {regex_ms:.3f} ms")
    bench(unit, "entered (exact)", args.repeat, regex_ms)
    bench(as_imported(unit), "imported (± 0.005 万元, totals too)", args.repeat, regex_ms)
    cold_open(unit, args.repeat, regex_ms)


def cold_open(unit: UnitData, repeat: int, regex_ms: float) -> None:
    """Open the unit file (integrity check, migration check) and load the whole unit."""
    import tempfile
    from storage.unit_file import UnitFile
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.jsgk"
        UnitFile.create(path, unit.meta, unit, action="demo").close()

        def open_and_load():
            with UnitFile.open(path) as f:
                f.load()
        times = time_ms(open_and_load, max(5, repeat // 3))
        size = path.stat().st_size // 1024
    print(f"cold open of the unit file ({size} KB): median {statistics.median(times):.1f} ms (target ≤ 150 ms; "
          f"{statistics.median(times) / regex_ms:.0f}× a regex pass)")


if __name__ == "__main__":
    main()
