"""Recognition of hand-written workbooks in the layouts other offices use: titles with prefixes,
ordinal-less labels, aliases, 行次/栏次, codes split or missing, form numbers, several groups."""
import pytest
from openpyxl import Workbook

from domain.money import to_fen
from domain.template import TOTAL_ROW
from domain.unit import UnitData, UnitMeta
from importers import ImportFailure, prepare
from importers.errors import NOTE, WARNING

UNIT = "北京市示例区示范街道办事处"
W = lambda text: to_fen(text, "万元")  # noqa: E731


@pytest.fixture
def unit():
    return UnitData(UnitMeta(UNIT, 2024))


def book(path, sheets: dict, merges: dict | None = None):
    """Write {sheet: rows} (rows are lists of cell values) and {sheet: ["A1:B2", …]} merges."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, line in enumerate(rows, 1):
            for c, value in enumerate(line, 1):
                if value is not None:
                    ws.cell(r, c, value)
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
    wb.save(path)
    return path


def messages(plan, severity=WARNING):
    return [str(i) for i in plan.issues if i.severity == severity]


T1_SHANGHAI = [
    ["2024年度北京市示例区示范街道办事处收入支出决算总表（公开01表）"],
    ["单位：万元"],
    ["收入", None, None, "支出"],
    ["项目", "行次", "决算数（金额）", "项目", "行次", "决算数（金额）"],
    ["栏次", None, 1, "栏次", None, 2],
    ["一般公共预算财政拨款收入", 1, 100.5, "一般公共服务支出", 31, 80],
    ["二、政府性基金预算财政拨款收入", 2, "-", "(二)外交支出", 32, None],
    ["三、 国有资本经营预算财政拨款收入", 3, "—", "八、社会保障和就业支出", 38, "20.50"],
    ["四、上级补助收入", 4, None, None, None, None],
    ["本年收入合计", 9, 100.5, "本年支出合计", 57, 100.5],
    ["使用非财政拨款结余", 10, None, "结余分配", 58, None],
    ["年初结转和结余", 11, None, "年末结转和结余", 59, None],
    ["总计", 12, 100.5, "总计", 60, 100.5],
    ["注：本表反映部门本年度的总收支和年末结转结余情况。"],
]


def test_shanghai_style_table1(tmp_path, unit):
    path = book(tmp_path / "上海式.xlsx", {"Sheet1": T1_SHANGHAI}, {"Sheet1": ["A3:C3", "D3:F3"]})
    plan = prepare(unit, [path])
    after = plan.after
    assert [t.table_id for t in plan.tables] == ["T1"]
    assert plan.tables[0].money_unit == "万元"
    assert after.cell("T1", "gpb_income", "amount").amount == W("100.5")
    assert after.cell("T1", "gov_fund_income", "amount").amount == 0
    assert after.cell("T1", "208", "amount_exp").amount == W("20.50")
    assert after.cell("T1", "201", "amount_exp").amount == W("80")
    assert after.cell("T1", "income_grand_total", "amount").amount == W("100.5")
    assert after.cell("T1", "non_fiscal_balance_used", "amount").amount == 0   # label without （含专用结余）
    assert messages(plan) == []
    assert any("缺少27行（五、事业收入、六、经营收入" in n for n in messages(plan, NOTE))   # rows the sheet does not print


def test_year_and_unit_prefix_and_form_in_title(tmp_path, unit):
    rows = [row[:] for row in T1_SHANGHAI]
    rows[0] = ["北京市示例区示范街道办事处2024年度 收入支出决算总表"]
    rows[1] = ["编制单位：北京市示例区示范街道办事处", None, None, None, "公开01表", "金额单位：元"]
    plan = prepare(unit, [book(tmp_path / "a.xlsx", {"总表": rows})])
    assert plan.tables[0].money_unit == "元"
    assert plan.after.cell("T1", "gpb_income", "amount").amount == to_fen("100.5", "元")
    assert plan.after.cell("T1", "gpb_income", "amount").tolerance == 0


T10_ALIASES = [
    ["财政拨款“三公”经费支出决算表"],
    [None, None, None, None, None, None, None, None, None, None, None, None, "公开10表"],
    ["编制单位：北京市示例区示范街道办事处　　金额单位：万元"],
    ["项目", "预算数", None, None, None, None, None, "决算数"],
    [None, "合计", "因公出国(境)费用", "公务用车购置及运行维护费", None, None, "公务接待费",
     "合计", "因公出国（境）费用", "公务用车购置及运行维护费", None, None, "公务接待费"],
    [None, None, None, "小计", "公务用车购置费", "公务用车运行维护费", None, None, None, "小计", "公务用车购置费", "公务用车运行维护费"],
    ["财政拨款“三公”经费", 9.5, 0, 8, 0, 8, 1.5, 7.69, 0, 6.84, 0, 6.84, 0.85],
]
T10_MERGES = ["A4:A6", "B4:G4", "H4:M4", "B5:B6", "C5:C6", "D5:F5", "G5:G6", "H5:H6", "I5:I6", "J5:L5", "M5:M6"]


def test_table10_with_alias_headers(tmp_path, unit):
    plan = prepare(unit, [book(tmp_path / "三公.xlsx", {"三公": T10_ALIASES}, {"三公": T10_MERGES})])
    assert messages(plan) == []
    after = plan.after
    assert after.cell("T10", "amount", "budget_vehicle_operation").amount == W("8")
    assert after.cell("T10", "amount", "final_vehicle_operation").amount == W("6.84")
    assert after.cell("T10", "amount", "final_abroad").amount == 0
    assert after.cell("T10", "amount", "final_total").amount == W("7.69")
    assert after.cell("T10", "amount", "final_reception").amount == W("0.85")


def test_table10_shanghai_interleaved_budget_and_final(tmp_path, unit):
    """Shanghai prints 预算数|决算数 under each item instead of two blocks."""
    rows = [
        ["财政拨款“三公”经费支出决算表"],
        ["单位：万元"],
        ["合计", None, "因公出国（境）费", None, "公务用车购置及运行费", None, None, None, None, None, "公务接待费"],
        [None, None, None, None, "小计", None, "公务用车购置费", None, "公务用车运行费"],
        ["预算数", "决算数", "预算数", "决算数", "预算数", "决算数", "预算数", "决算数", "预算数", "决算数", "预算数", "决算数"],
        [9.5, 7.69, 0, 0, 8, 6.84, 0, 0, 8, 6.84, 1.5, 0.85],
    ]
    merges = ["A3:B4", "C3:D4", "E3:J3", "E4:F4", "G4:H4", "I4:J4", "K3:L4"]
    plan = prepare(unit, [book(tmp_path / "沪三公.xlsx", {"S": rows}, {"S": merges})])
    after = plan.after
    assert after.cell("T10", "amount", "budget_total").amount == W("9.5")
    assert after.cell("T10", "amount", "final_total").amount == W("7.69")
    assert after.cell("T10", "amount", "final_vehicle").amount == W("6.84")
    assert after.cell("T10", "amount", "budget_vehicle_operation").amount == W("8")
    assert after.cell("T10", "amount", "final_reception").amount == W("0.85")
    assert messages(plan) == []


T5_SPLIT = [
    ["一般公共预算财政拨款支出决算表"],
    ["金额单位：万元"],
    ["项目", None, None, None, "本年支出"],
    ["支出功能分类科目编码", None, None, "科目名称", "合计", "基本支出", "项目支出"],
    ["类", "款", "项", None, None, None, None],
    ["合计", None, None, None, 300, 200, 100],
    [201, None, None, "一般公共服务支出", 300, 200, 100],
    [None, 3, None, "政府办公厅（室）及相关机构事务", 300, 200, 100],
    [None, None, 1, "行政运行", 200, 200, None],
    [None, None, 99, "其他政府办公厅（室）及相关机构事务支出", 100, None, 100],
]


def test_codes_split_into_lei_kuan_xiang_with_upper_parts_left_blank(tmp_path, unit):
    merges = ["A3:D3", "E3:G3", "A4:C4", "D4:D5", "E4:E5", "F4:F5", "G4:G5"]
    plan = prepare(unit, [book(tmp_path / "表5.xlsx", {"表5": T5_SPLIT}, {"表5": merges})])
    assert messages(plan) == []
    after = plan.after
    assert list(after.extra_rows["T5"]) == ["201", "20103", "2010301", "2010399"]
    assert after.cell("T5", "2010301", "basic").amount == W("200")
    assert after.cell("T5", "2010399", "project").amount == W("100")
    assert after.cell("T5", TOTAL_ROW, "total").amount == W("300")
    assert after.cell("T5", "2010399", "total").amount == W("100")


def test_names_without_codes_are_found_in_the_code_list(tmp_path, unit):
    rows = [
        ["支出决算表"], ["金额单位：元"],
        ["项目", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
        ["合计", 300, 300],
        ["一般公共服务支出", 100, 100],
        ["政府办公厅（室）及相关机构事务", 100, 100],
        ["行政运行", 100, 100],
        ["城乡社区支出", 200, 200],
        ["城乡社区环境卫生", 200, 200],
        ["城乡社区环境卫生", 200, 200],
    ]
    plan = prepare(unit, [book(tmp_path / "表3.xlsx", {"S": rows})])
    assert messages(plan) == []
    assert list(plan.after.extra_rows["T3"]) == ["201", "20103", "2010301", "212", "21205", "2120501"]
    assert plan.after.cell("T3", "2120501", "basic").amount == 20000
    assert any("没有科目编码，按名称识别为 2010301" in n for n in messages(plan, NOTE))


def test_code_and_name_in_one_cell_and_unknown_code_kept(tmp_path, unit):
    rows = [
        ["收入决算表"], ["金额单位：元"],
        ["项目", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"],
        ["合计", 150, 150],
        ["201 一般公共服务支出", 150, 150],
        ["20103 政府办公厅（室）及相关机构事务", 150, 150],
        ["2010301 行政运行", 100, 100],
        ["2010398 某新增项目", 50, 50],
    ]
    plan = prepare(unit, [book(tmp_path / "表2.xlsx", {"S": rows})])
    warnings = messages(plan)
    assert len(warnings) == 1
    assert "S!A8" in warnings[0] and "2010398" in warnings[0] and "不在2024年支出功能分类科目中" in warnings[0]
    assert plan.after.extra_rows["T2"]["2010398"] == "某新增项目"
    assert plan.after.cell("T2", "2010398", "fiscal").amount == 5000


def test_economic_table_in_three_groups(tmp_path, unit):
    rows = [
        ["一般公共预算财政拨款基本支出决算表"], ["金额单位：万元"],
        ["人员经费", None, None, "公用经费"],
        ["科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"],
        ["301", "工资福利支出", 30, "302", "商品和服务支出", 5, "310", "资本性支出", 1],
        ["30101", "基本工资", 30, "30201", "办公费", 5, "31002", "办公设备购置", 1],
        ["303", "对个人和家庭的补助", None, None, None, None, "399", "其他支出", None],
        [None, "人员经费合计", 30, None, None, None, None, "公用经费合计", 6],
    ]
    plan = prepare(unit, [book(tmp_path / "表6.xlsx", {"S": rows}, {"S": ["A3:C3", "D3:I3"]})])
    assert messages(plan) == []
    after = plan.after
    assert after.cell("T6", "30101", "amount").amount == W("30")
    assert after.cell("T6", "31002", "amount").amount == W("1")
    assert after.cell("T6", "public_total", "amount").amount == W("6")
    assert after.cell("T6", "personnel_total", "amount").amount == W("30")


def test_table4_repeated_labels_go_to_their_own_rows(tmp_path, unit):
    rows = [
        ["财政拨款收入支出决算总表"], ["金额单位：万元"],
        ["收入", None, "支出"],
        ["项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
        ["一、一般公共预算财政拨款", 90, "一、一般公共服务支出", 100, 100, None, None],
        ["二、政府性基金预算财政拨款", None],
        ["三、国有资本经营预算财政拨款", None],
        ["本年收入合计", 90, "本年支出合计", 100, 100],
        ["年初财政拨款结转和结余", 10, "年末财政拨款结转和结余", None],
        ["一、一般公共预算财政拨款", 10],
        ["二、政府性基金预算财政拨款", None],
        ["三、国有资本经营预算财政拨款", None],
        ["总计", 100, "总计", 100, 100],
    ]
    plan = prepare(unit, [book(tmp_path / "表4.xlsx", {"S": rows}, {"S": ["A3:B3", "C3:G3"]})])
    assert messages(plan) == []
    after = plan.after
    assert after.cell("T4", "gpb_income", "amount").amount == W("90")
    assert after.cell("T4", "begin_gpb", "amount").amount == W("10")
    assert after.cell("T4", "201", "gpb").amount == W("100")


def test_table_found_by_form_number_when_the_title_is_not_known(tmp_path, unit):
    rows = [["表五 一般公共预算支出表", None, "公开05表"], ["金额单位：元"],
            ["科目编码", "科目名称", "本年支出", None, None], [None, None, "合计", "基本支出", "项目支出"],
            ["合计", None, 10, 10, None], ["2010301", "行政运行", 10, 10, None]]
    plan = prepare(unit, [book(tmp_path / "x.xlsx", {"S": rows}, {"S": ["A3:A4", "B3:B4", "C3:E3"]})])
    assert [t.table_id for t in plan.tables] == ["T5"]
    assert any("按表号公开05表识别" in n for n in messages(plan, NOTE))
    assert plan.after.cell("T5", "2010301", "basic").amount == 1000


def test_form_number_contradicting_the_title_is_a_warning(tmp_path, unit):
    rows = [["支出决算表"], ["公开05表"], ["金额单位：元"],
            ["项目", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
            ["合计", 0]]
    plan = prepare(unit, [book(tmp_path / "x.xlsx", {"S": rows})])
    assert [t.table_id for t in plan.tables] == ["T3"]
    assert any("表号却写作公开05表" in w for w in messages(plan))


def test_a_list_of_contents_is_not_a_table(tmp_path, unit):
    contents = [["目录"], ["一、收入支出决算总表"], ["二、收入决算表"], ["三、支出决算表"]]
    plan = prepare(unit, [book(tmp_path / "x.xlsx", {"目录": contents, "Sheet1": T1_SHANGHAI})])
    assert [t.table_id for t in plan.tables] == ["T1"]
    assert messages(plan) == []


def test_missing_money_unit_is_a_warning_and_another_unit_name_is_kept_for_the_checks(tmp_path, unit):
    rows = [row[:] for row in T1_SHANGHAI]
    rows[1] = ["编制单位：北京市另一区某某乡人民政府"]
    plan = prepare(unit, [book(tmp_path / "x.xlsx", {"S": rows})])
    warnings = messages(plan)
    assert any("没有找到金额单位" in w and "按万元读取" in w for w in warnings)
    assert not any("另一区" in w for w in warnings)
    assert ["编制单位写的是“北京市另一区某某乡人民政府”" in str(i) for i in plan.kept] == [True]
    assert plan.after.text("X3", "workbook_unit", "value") == "北京市另一区某某乡人民政府"
    assert plan.after.cell("T1", "gpb_income", "amount").amount == W("100.5")


def test_value_finer_than_a_fen_is_rounded_with_a_warning(tmp_path, unit):
    rows = [row[:] for row in T1_SHANGHAI]
    rows[5] = ["一般公共预算财政拨款收入", 1, 100.1234567, "一般公共服务支出", 31, 80]
    plan = prepare(unit, [book(tmp_path / "x.xlsx", {"S": rows})])
    warnings = messages(plan)
    assert len(warnings) == 1 and "S!C6" in warnings[0] and "比1分还精确" in warnings[0]
    assert plan.after.cell("T1", "gpb_income", "amount").amount == 100123457   # 1,001,234.567 元 → 分, half-up
    rows[5][2] = 100.1234
    cell = prepare(unit, [book(tmp_path / "y.xlsx", {"S": rows})]).after.cell("T1", "gpb_income", "amount")
    assert (cell.amount, cell.tolerance) == (100123400, 50)         # four decimals of 万元: ±0.00005 万元


def test_the_same_table_twice_is_refused(tmp_path, unit):
    a = book(tmp_path / "a.xlsx", {"S": T1_SHANGHAI})
    b = book(tmp_path / "b.xlsx", {"S": T1_SHANGHAI})
    with pytest.raises(ImportFailure, match="公开01表 收入支出决算总表 出现了两次：a.xlsx S!A1 和 b.xlsx S!A1"):
        prepare(unit, [a, b])


def test_a_column_the_template_lacks_is_listed_in_the_preview(tmp_path, unit):
    rows = [["政府采购情况表"], ["金额单位：万元"],
            ["项目", "采购计划金额", None, None, None, "实际采购金额", None, None, None, "授予中小企业合同金额",
             "其中：授予小微企业合同金额", "备注金额"],
            [None, "合计", "货物", "工程", "服务", "合计", "货物", "工程", "服务"],
            ["合计", 10, 10, 0, 0, 8, 8, 0, 0, 5, 2, 99]]
    plan = prepare(unit, [book(tmp_path / "x.xlsx", {"S": rows}, {"S": ["B3:E3", "F3:I3"]})])
    assert messages(plan) == []
    listed = [n for n in messages(plan, NOTE) if "备注金额" in n]
    assert len(listed) == 1 and "S!L5" in listed[0] and "1个单元格" in listed[0] and "未导入" in listed[0]
    assert plan.after.cell("T11", "total", "small_micro_contract").amount == W("2")


def test_numbers_under_no_header_are_a_warning_naming_the_cell(tmp_path, unit):
    rows = [["政府采购情况表"], ["金额单位：万元"],
            ["项目", "采购计划金额", None, None, None, "实际采购金额", None, None, None, "授予中小企业合同金额",
             "其中：授予小微企业合同金额"],
            [None, "合计", "货物", "工程", "服务", "合计", "货物", "工程", "服务"],
            ["合计", 10, 10, 0, 0, 8, 8, 0, 0, 5, 2, 99]]
    plan = prepare(unit, [book(tmp_path / "x.xlsx", {"S": rows}, {"S": ["B3:E3", "F3:I3"]})])
    warnings = messages(plan)
    assert len(warnings) == 1 and "S!L5" in warnings[0] and "没有表头" in warnings[0]


def test_a_cell_inside_a_body_that_looks_like_a_title_is_not_a_table(tmp_path, unit):
    rows = [["政府购买服务决算公开情况表"], ["金额单位：元"],
            ["序号", "项目名称", "政府购买服务指导性目录", None, None, "承接主体", "决算金额"],
            [None, None, "一级目录", "二级目录", "三级目录"],
            [1, "社区养老服务", "公共服务", "养老服务", "居家养老服务", "甲公司", 100],
            [2, "编制收入决算表", "政府履职辅助性服务", "财务服务", "财务审计", "乙事务所", 50],
            [3, "道路保洁", "公共服务", "城市维护", "环境卫生", "丙公司", 25],
            ["合计", None, None, None, None, None, 175]]
    merges = ["A3:A4", "B3:B4", "C3:E3", "F3:F4", "G3:G4"]
    plan = prepare(unit, [book(tmp_path / "x.xlsx", {"S": rows}, {"S": merges})])
    assert [t.table_id for t in plan.tables] == ["T12"]
    assert plan.after.extra_rows["T12"] == {"p1": "社区养老服务", "p2": "编制收入决算表", "p3": "道路保洁"}
    assert plan.after.cell("T12", "p2", "provider").text == "乙事务所"
    assert plan.after.cell("T12", TOTAL_ROW, "amount").amount == 17500
    assert messages(plan) == []


def test_title_after_a_colon_and_labels_under_side_names(tmp_path, unit):
    rows = [["部门决算公开表一：收入支出决算总表"], ["金额单位：元"],
            ["收入项目", "决算数", "支出项目", "决算数"],
            ["一般公共预算财政拨款收入", 10, "一般公共服务", 10],          # the 类 name without 支出
            ["本年收入合计", 10, "本年支出合计", 10]]
    plan = prepare(unit, [book(tmp_path / "x.xlsx", {"S": rows})])
    assert [t.table_id for t in plan.tables] == ["T1"]
    assert plan.after.cell("T1", "201", "amount_exp").amount == 1000
    assert plan.after.cell("T1", "gpb_income", "amount").amount == 1000
    assert messages(plan) == []


def test_an_empty_table_with_its_note_and_a_signature_line(tmp_path, unit):
    rows = [["国有资本经营预算财政拨款支出决算表"], ["金额单位：万元"],
            ["科目编码", "科目名称", "本年支出", None, None], [None, None, "合计", "基本支出", "项目支出"],
            ["本部门本年度没有国有资本经营预算财政拨款支出，故本表为空表。"],
            ["注：本表反映部门本年度国有资本经营预算财政拨款支出情况。"],
            [],
            ["单位负责人：张三", None, "制表人：李四"]]
    merges = ["A3:A4", "B3:B4", "C3:E3", "A5:E5"]
    plan = prepare(unit, [book(tmp_path / "x.xlsx", {"S": rows}, {"S": merges})])
    assert [t.table_id for t in plan.tables] == ["T9"]
    assert plan.after.table_notes["T9"] == "本部门本年度没有国有资本经营预算财政拨款支出，故本表为空表。"
    assert plan.after.is_empty("T9")
    assert messages(plan) == []
