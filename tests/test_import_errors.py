"""Bad input: each gives one clear Chinese line (exit code 2) and leaves the unit file byte-for-byte unchanged."""
import io
import zipfile

import pytest
from openpyxl import Workbook

from cli.commands import main
from domain.demo import build_demo
from helpers.official_workbook import official_xlsx, table_block, write_xlsx
from helpers.ole import encrypted_office_file, old_word_document
from storage.unit_file import UnitFile


@pytest.fixture
def unit_file(tmp_path):
    """An empty unit file of the demo's unit (so an import needs no --replace)."""
    path = tmp_path / "单位.jsgk"
    UnitFile.create(path, build_demo().meta).close()
    return path


@pytest.fixture(scope="module")
def good_book(tmp_path_factory):
    return official_xlsx(build_demo(), tmp_path_factory.mktemp("books") / "决算报表.xlsx", money_unit="元")


def refused(unit_file, capsys, *args):
    """Run `import`, check it refused with one line on stderr and did not touch the unit file."""
    before = unit_file.read_bytes()
    code = main(["import", str(unit_file), *map(str, args)])
    out, err = capsys.readouterr()
    assert code == 2, out + err
    assert unit_file.read_bytes() == before
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：")
    return lines[0], out


def test_a_text_file_named_xlsx(tmp_path, unit_file, capsys):
    bad = tmp_path / "报表.xlsx"
    bad.write_text("科目编码,科目名称,金额\n201,一般公共服务支出,100\n", encoding="utf-8")
    line, _ = refused(unit_file, capsys, "--xlsx", bad)
    assert "报表.xlsx 不是 Excel 工作簿（看起来是文本或其他格式的文件）" in line
    assert "未写入任何数据" in line


@pytest.mark.parametrize("content,phrase", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF 文件"),
    ("<html><body><table><tr><td>收入支出决算总表</td></tr></table></body></html>".encode("gbk"), "网页（HTML/XML）格式"),
])
def test_a_pdf_or_web_page_saved_as_xls(tmp_path, unit_file, capsys, content, phrase):
    bad = tmp_path / "报表.xls"
    bad.write_bytes(content)
    line, _ = refused(unit_file, capsys, "--xlsx", bad)
    assert phrase in line and "另存为 .xlsx" in line


def test_a_word_document_given_as_workbook(tmp_path, unit_file, capsys):
    from docx import Document
    path = tmp_path / "说明.docx"
    Document().save(path)
    line, _ = refused(unit_file, capsys, "--xlsx", path)
    assert "说明.docx 是 Word 文档，不是 Excel 工作簿" in line
    path = tmp_path / "说明.doc"
    path.write_bytes(old_word_document())
    line, _ = refused(unit_file, capsys, "--xlsx", path)
    assert "旧版 Word 文档" in line


def test_formulas_without_cached_values(tmp_path, unit_file, capsys):
    block = table_block(build_demo(), "T11", "元")
    total_row = next(r for r, line in enumerate(block.cells) if line and line[0] == "合计")
    block.cells[total_row][1] = f"=SUM(C{total_row + 1}:E{total_row + 1})"   # written by a program, never calculated
    path = write_xlsx(tmp_path / "公式.xlsx", {"采购": block})
    line, _ = refused(unit_file, capsys, "--xlsx", path)
    assert f"公式没有保存计算结果（如 采购!B{total_row + 1}）" in line
    assert "请先用 Excel 或 WPS 打开该文件并保存" in line


def test_text_in_a_number_cell(tmp_path, unit_file, capsys):
    demo = build_demo()
    block = table_block(demo, "T1", "元")
    row = next(r for r, line in enumerate(block.cells) if line and line[0] == "五、事业收入")
    block.cells[row][1] = "约五万"
    path = write_xlsx(tmp_path / "文字.xlsx", {"Sheet1": block})
    line, out = refused(unit_file, capsys, "--xlsx", path)
    assert "有 1 条警告，未写入任何数据" in line and "--accept-warnings" in line
    assert f"文字.xlsx Sheet1!B{row + 1}：“约五万”不是数字（五、事业收入 · 收入·决算数应为金额（元）、空白或“-”）；接受后此格留空。" in out


def test_unknown_row_label(tmp_path, unit_file, capsys):
    block = table_block(build_demo(), "T1", "元")
    row = next(r for r, line in enumerate(block.cells) if line and line[0] == "六、经营收入")
    block.cells[row][0] = "六、经营性收入（新）"
    path = write_xlsx(tmp_path / "行名.xlsx", {"Sheet1": block})
    line, out = refused(unit_file, capsys, "--xlsx", path)
    assert "有 1 条警告" in line
    assert f"行名.xlsx Sheet1!A{row + 1}：收入行名称“六、经营性收入（新）”不是本表的行" in out
    assert "接受后跳过此行" in out


def test_password_protected_workbook(tmp_path, unit_file, capsys):
    path = tmp_path / "加密.xlsx"
    path.write_bytes(encrypted_office_file())
    line, _ = refused(unit_file, capsys, "--xlsx", path)
    assert "加密.xlsx 设有打开密码（已加密），无法读取" in line


def test_truncated_zip(tmp_path, unit_file, capsys, good_book):
    data = good_book.read_bytes()
    path = tmp_path / "不完整.xlsx"
    path.write_bytes(data[: len(data) // 2])
    line, _ = refused(unit_file, capsys, "--xlsx", path)
    assert "不完整.xlsx 已损坏或不完整（压缩包无法打开）" in line


def test_damaged_member_inside_a_zip(tmp_path, unit_file, capsys, good_book):
    """The zip directory is intact but a sheet's compressed bytes are garbage."""
    data = bytearray(good_book.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + 64] = bytes(64)
    path = tmp_path / "损坏.xlsx"
    path.write_bytes(bytes(data))
    line, _ = refused(unit_file, capsys, "--xlsx", path)
    assert "损坏.xlsx 已损坏或不完整" in line


def test_zip_bomb(tmp_path, unit_file, capsys, good_book):
    path = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(good_book) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            bomb.writestr(info, source.read(info))
        bomb.writestr("xl/media/image1.bin", bytes(20 * 1024 * 1024))   # 20 MB of zeros, ~20 KB packed
    line, _ = refused(unit_file, capsys, "--xlsx", path)
    assert "疑似“压缩炸弹”" in line and "xl/media/image1.bin" in line


def test_xml_entities_are_refused(tmp_path, unit_file, capsys, good_book):
    path = tmp_path / "实体.xlsx"
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>')
    with zipfile.ZipFile(good_book) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
                data = laughs + body.replace(b"<v>", b"<v>&lol2;", 1)
            out.writestr(info, data)
    line, _ = refused(unit_file, capsys, "--xlsx", path)
    assert "实体.xlsx 含有不安全的 XML 内容" in line


def test_damaged_ole_container(tmp_path, unit_file, capsys):
    path = tmp_path / "旧表.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    line, _ = refused(unit_file, capsys, "--xlsx", path)
    assert "旧表.xls 已损坏或不是 Excel 工作簿" in line


@pytest.mark.parametrize("make,phrase", [
    (lambda p: p.write_bytes(b""), "工作簿是空文件：空.xlsx"),
    (lambda p: None, "找不到工作簿"),
    (lambda p: p.mkdir(), "这是一个文件夹，不是工作簿"),
])
def test_missing_empty_or_folder(tmp_path, unit_file, capsys, make, phrase):
    path = tmp_path / "空.xlsx"
    make(path)
    line, _ = refused(unit_file, capsys, "--xlsx", path)
    assert phrase in line


def test_a_workbook_without_any_table(tmp_path, unit_file, capsys):
    wb = Workbook()
    wb.active["A1"] = "人员名单"
    wb.active["A2"] = "张三"
    wb.save(tmp_path / "名单.xlsx")
    line, _ = refused(unit_file, capsys, "--xlsx", tmp_path / "名单.xlsx")
    assert "在 名单.xlsx 中没有找到任何决算公开表" in line


def test_one_bad_file_among_good_ones_writes_nothing(tmp_path, unit_file, capsys, good_book):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(good_book.read_bytes()[:1000])
    line, _ = refused(unit_file, capsys, "--xlsx", good_book, "--xlsx", bad)
    assert "坏.xlsx 已损坏或不完整" in line


def test_no_input_named(unit_file, capsys):
    line, _ = refused(unit_file, capsys)
    assert "请用 --xlsx 指定要导入的工作簿，或用 --narrative 指定说明文件" in line


def test_not_a_unit_file(tmp_path, capsys, good_book):
    target = tmp_path / "不是单位文件.jsgk"
    target.write_text("hello", encoding="utf-8")
    before = target.read_bytes()
    assert main(["import", str(target), "--xlsx", str(good_book)]) == 2
    assert "不是决算公开工作台的单位文件" in capsys.readouterr().err
    assert target.read_bytes() == before
