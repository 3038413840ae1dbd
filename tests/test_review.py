"""Review: flags on cells, spans and findings, threads, explanations of warnings, sign-off making the
data read-only for the command line until a 审核人 reopens it with a reason; all of it in the log."""
import pytest

from cli.commands import main
from domain.checks import Finding
from domain.checks.finding import Location
from domain.demo import build_demo
from domain.review import (CLERK, RESOLVED, REVIEWER, Identity, ReviewError, Target, anchor_span, locate,
                           unexplained)
from domain.review_report import as_text, review_report, target_name
from storage.identity import load_identity, save_identity
from storage.review_store import ReviewStore
from storage.unit_file import UnitFile

from review_helpers import copy_to, identity_folder, make_demo  # noqa: F401  (identity_folder: autouse)

REVIEWER_ID, CLERK_ID = Identity("李审核", REVIEWER), Identity("王填报", CLERK)
CELL = ("T5", "2010301", "basic")


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    return make_demo(tmp_path_factory.mktemp("review"))


@pytest.fixture
def demo(demo_template, tmp_path):
    return copy_to(demo_template, tmp_path)


def test_a_quoted_span_follows_edits_around_it_and_says_when_it_is_gone():
    text = "一般公共服务支出100万元。教育支出100万元。"
    start = text.index("100", 12)                          # the second "100万元", after 教育支出
    anchor = anchor_span(text, start, start + 5)
    edited = "（修改）" + text.replace("一般公共服务", "一般公共服务（含政府办公厅）")
    found = locate(anchor, edited)
    assert found and edited[found[0] - 4:found[1]] == "教育支出100万元"   # context picks the right occurrence
    assert locate(anchor, text.replace("教育支出100万元", "教育支出120万元")) is None
    unit = build_demo()
    unit.narrative = text.replace("教育支出100万元", "")
    assert "找不到这段文字" in target_name(unit, Target(anchor=anchor))


def test_identity_is_kept_per_user_and_recorded_on_every_change(demo):
    assert load_identity() is None
    save_identity(Identity("王填报", CLERK))
    assert load_identity() == Identity("王填报", CLERK)
    with pytest.raises(ReviewError):
        Identity("张三", "局长")
    assert main(["set", str(demo), "5", "2010301", "basic", "2515.42"]) == 0
    with UnitFile.open(demo) as f:
        assert f.change_log()[-1]["who"] == "王填报"


def test_flag_answer_resolve_sign_off_read_only_reopen_and_the_log_in_order(demo, capsys):
    with UnitFile.open(demo) as f:
        store = ReviewStore(f)
        with pytest.raises(ReviewError, match="只有审核人"):
            store.flag(CLERK_ID, Target(cell=CELL), "？")
        flag = store.flag(REVIEWER_ID, Target(cell=CELL), "请核对与上年数差异原因")
        store.comment(CLERK_ID, flag, "已按账簿更正")
        with pytest.raises(ReviewError, match="待处理的标记"):
            store.sign_off(REVIEWER_ID, [])
        with pytest.raises(ReviewError, match="只有审核人"):
            store.resolve(CLERK_ID, flag)
        store.resolve(REVIEWER_ID, flag)
        error = Finding("T1-SUM", "error", "合计不等于各项之和", (Location("T1", "total", "amount"),), id="T1-SUM:x")
        with pytest.raises(ReviewError, match="1 个错误"):
            store.sign_off(REVIEWER_ID, [error])
        store.sign_off(REVIEWER_ID, [])
        assert store.state().signed.reviewer == "李审核"
        assert store.state().flag(flag).status == RESOLVED
    capsys.readouterr()
    assert main(["set", str(demo), "5", "2010301", "basic", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert "签发" in err and "只读" in err and "\n" not in err
    assert main(["undo", str(demo)]) == 2
    with UnitFile.open(demo) as f:
        assert f.load().amount(*CELL) != 100                 # unchanged
        store = ReviewStore(f)
        with pytest.raises(ReviewError, match="原因"):
            store.reopen(REVIEWER_ID, " ")
        store.reopen(REVIEWER_ID, "表5数据需按财政批复调整")
    assert main(["set", str(demo), "5", "2010301", "basic", "1"]) == 0
    capsys.readouterr()
    assert main(["log", str(demo), "--last", "7"]) == 0
    out = capsys.readouterr().out
    order = ["标记（审核人） 第 1 号", "回复（填报人） 第 1 号标记：已按账簿更正", "解决（审核人） 第 1 号标记", "签发（审核人）",
             "撤销签发（审核人），原因：表5数据需按财政批复调整", "行政运行"]
    positions = [out.index(s) for s in order]
    assert positions == sorted(positions), out


def test_a_warning_is_explained_not_hidden_and_an_error_cannot_be(demo):
    warning = Finding("N-X", "warning", "增减原因未说明", (), id="N-X:abc")
    error = Finding("T1-SUM", "error", "合计不等于各项之和", (), id="T1-SUM:x")
    with UnitFile.open(demo) as f:
        unit = f.load()
        store = ReviewStore(f)
        with pytest.raises(ReviewError, match="必须修正"):
            store.explain(CLERK_ID, error, "无")
        assert unexplained([warning], store.state()) == [warning]
        store.explain(CLERK_ID, warning, "系人员调动所致，已在说明中写明")
        state = store.state()
    assert unexplained([warning], state) == []
    text = as_text(review_report(unit, [warning], state))
    assert "[警告]（已说明） 增减原因未说明" in text and "系人员调动所致" in text


def test_review_command_lists_threads_and_writes_a_pdf(demo, tmp_path, capsys):
    with UnitFile.open(demo) as f:
        unit = f.load()
        start = unit.narrative.index("一般公共服务")
        ReviewStore(f).flag(REVIEWER_ID, Target(anchor=anchor_span(unit.narrative, start, start + 6)), "这段请补充原因")
    pdf = tmp_path / "审核报告.pdf"
    assert main(["review", str(demo), "--pdf", str(pdf)]) == 1            # an open flag: not ready to sign off
    out = capsys.readouterr().out
    assert "第 1 号［待处理］说明中“一般公共服务”" in out and "李审核（审核人）：这段请补充原因" in out and "未签发" in out
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 2000


def test_the_export_of_a_signed_off_unit_states_signer_and_time(demo, tmp_path):
    with UnitFile.open(demo) as f:
        ReviewStore(f).sign_off(REVIEWER_ID, [])
    out = tmp_path / "公开.xlsx"
    assert main(["export", str(demo), "--xlsx", str(out)]) == 0
    from openpyxl import load_workbook
    sheet = load_workbook(out).worksheets[0]
    lines = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(v.startswith("本单位数据已由审核人李审核于") and v.endswith("审核签发") for v in lines)
    from pypdf import PdfReader
    from export.pdf import export_pdf
    with UnitFile.open(demo) as f:
        unit = f.load()
    pdf = export_pdf(unit, tmp_path / "公开.pdf", signed="本单位数据已由审核人李审核于2026-11-29 08:00:00审核签发")
    assert "审核人李审核" in PdfReader(pdf).pages[0].extract_text()


NO_DATA_NOTE = "本单位无政府性基金预算财政拨款收入支出，故本表无数据。"     # on 表7, which has data: a warning


def test_an_explained_warning_is_marked_in_check_and_still_listed(demo, capsys):
    with UnitFile.open(demo) as f:
        f.session().set_note("T7", NO_DATA_NOTE)
    capsys.readouterr()
    assert main(["check", str(demo)]) == 0
    assert "[警告] 表7" in capsys.readouterr().out
    from domain.checks import run_checks
    with UnitFile.open(demo) as f:
        warning = next(x for x in run_checks(f.load()) if x.severity == "warning")
        ReviewStore(f).explain(CLERK_ID, warning, "表7 数据为上年结转，说明文字待下年更新")
    assert main(["check", str(demo)]) == 0
    assert "[警告·已说明] 表7" in capsys.readouterr().out
