"""`export` on the command line: refuses while errors remain unless --force, and says so."""
from pypdf import PdfReader

from cli.commands import main
from domain.demo import build_demo
from storage.unit_file import UnitFile


def saved(unit, path):
    with UnitFile.create(path, unit.meta) as f:
        f.save(unit, action="test")
    return path


def test_export_refuses_with_errors_unless_forced(tmp_path, capsys):
    unit = build_demo()
    unit.set_amount("T1", "other_income", "amount", unit.amount("T1", "other_income", "amount") + 100_000_000)
    path = saved(unit, tmp_path / "错误.jsgk")
    pdf, xlsx = tmp_path / "a.pdf", tmp_path / "a.xlsx"
    assert main(["export", str(path), "--pdf", str(pdf), "--xlsx", str(xlsx)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--force" in err and "错误" in err
    assert not pdf.exists() and not xlsx.exists()
    assert main(["export", str(path), "--pdf", str(pdf), "--force"]) == 0
    assert "强制导出" in PdfReader(pdf).pages[0].extract_text()


def test_export_without_a_target_is_bad_input(tmp_path, capsys):
    path = saved(build_demo(), tmp_path / "示例.jsgk")
    assert main(["export", str(path)]) == 2
    assert "--pdf" in capsys.readouterr().err
    assert main(["export", str(path), "--xlsx", str(tmp_path / "no" / "a.xlsx")]) == 2
    assert "文件夹不存在" in capsys.readouterr().err


def test_a_target_that_cannot_be_replaced_is_one_chinese_line_and_the_old_file_stays(tmp_path, capsys):
    path = saved(build_demo(), tmp_path / "示例.jsgk")
    target = tmp_path / "报表.xlsx"
    target.mkdir()                                       # (a folder where the file should go: cannot be replaced)
    assert main(["export", str(path), "--xlsx", str(target)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "无法写入" in err and str(target) in err
    assert target.is_dir() and [p.name for p in tmp_path.iterdir() if p.name.startswith(".导出")] == []
