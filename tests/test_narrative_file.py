"""The narrative from a file: .txt in UTF-8 (BOM or not), GBK/GB18030, UTF-16; .docx paragraphs and
tables in document order; anything else a clear error that changes nothing."""
import pytest
from docx import Document

from cli.commands import main
from domain.demo import build_demo
from helpers.ole import old_word_document
from importers import ImportFailure
from importers.narrative_file import read_narrative
from storage.unit_file import UnitFile

TEXT = "第一部分 部门概况\n一、部门职责\n\t本单位收、支总计8,145.27万元，比上年增加249.94万元。\n（一）收入决算说明……\n"


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b""), ("gb18030", b""),
                                          ("utf-16", b"")], ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16-bom"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_text_file_encodings_and_line_endings(tmp_path, encoding, bom, newline):
    path = tmp_path / "说明.txt"
    text = TEXT + ("〇𠀀" if encoding in ("utf-8", "gb18030", "utf-16") else "")   # beyond GBK where the codec allows
    path.write_bytes(bom + text.replace("\n", newline).encode(encoding))
    assert read_narrative(path) == text


def test_text_is_kept_as_written(tmp_path):
    path = tmp_path / "说明.txt"
    path.write_bytes("  首行缩进\n\n\n末尾空行\n\n".encode("utf-8"))
    assert read_narrative(path) == "  首行缩进\n\n\n末尾空行\n\n"


def test_docx_paragraphs_and_tables_in_document_order(tmp_path):
    document = Document()
    document.add_paragraph("第一部分 部门概况")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["项目", "决算数", "占比"], ["基本支出", "3,820.20", "46.90%"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("二、支出决算说明")
    merged = document.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "合并单元格"
    merged.cell(0, 2).text = "末列"
    path = tmp_path / "说明.docx"
    document.save(path)
    assert read_narrative(path) == ("第一部分 部门概况\n项目\t决算数\t占比\n基本支出\t3,820.20\t46.90%\n"
                                    "二、支出决算说明\n合并单元格\t末列")


@pytest.mark.parametrize("name,content,phrase", [
    ("说明.docx", "这其实是文本".encode("utf-8"), "说明.docx 不是有效的 Word 文档（.docx 文件应是一个压缩包"),
    ("说明.doc", None, "旧版 Word 文档（.doc），暂不支持"),
    ("说明.txt", b"\x00\x01\x02\x03binary\x00\xff\xfe" * 50, "说明.txt 不是文本文件"),
    ("说明.txt", b"\xff\xff\xff\xff", "文字编码无法识别"),
    ("说明.pdf", b"%PDF-1.4\n" + bytes(range(256)), "不是文本文件（看起来是PDF 文件）"),
])
def test_files_that_are_neither(tmp_path, name, content, phrase):
    path = tmp_path / name
    path.write_bytes(content if content is not None else old_word_document())
    with pytest.raises(ImportFailure, match=phrase.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        read_narrative(path)


def test_a_workbook_given_as_narrative(tmp_path):
    from openpyxl import Workbook
    Workbook().save(tmp_path / "报表.xlsx")
    with pytest.raises(ImportFailure, match="报表.xlsx 是 Excel 工作簿，不是说明文件"):
        read_narrative(tmp_path / "报表.xlsx")


def test_narrative_alone_through_the_command_line(tmp_path, capsys):
    path = tmp_path / "单位.jsgk"
    UnitFile.create(path, build_demo().meta).close()
    document = Document()
    document.add_paragraph("收、支总计8,145.27万元。")
    document.save(tmp_path / "说明.docx")
    assert main(["import", str(path), "--narrative", str(tmp_path / "说明.docx")]) == 0
    assert "部门决算说明：说明.docx，16 字" in capsys.readouterr().out
    with UnitFile.open(path) as f:
        assert f.load().narrative == "收、支总计8,145.27万元。"
        assert next(f.db.query("SELECT source_file FROM narrative"))["source_file"] == "说明.docx"


def test_a_bad_narrative_file_changes_nothing(tmp_path, capsys):
    path = tmp_path / "单位.jsgk"
    with UnitFile.create(path, build_demo().meta) as f:
        f.save(build_demo(), action="demo")
    before = path.read_bytes()
    bad = tmp_path / "说明.docx"
    bad.write_bytes(b"not a zip at all")
    assert main(["import", str(path), "--narrative", str(bad), "--replace"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "说明.docx 不是有效的 Word 文档" in err
    assert path.read_bytes() == before
