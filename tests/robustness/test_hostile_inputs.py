"""Workbooks and narrative files a careful tester (or a broken export) produces: each import ends
with exit 0 or one Chinese line and exit 2, never a traceback, and the unit file is unchanged
unless the import succeeded. Absurd workbooks are refused before openpyxl parses them."""
import random
import zipfile

import openpyxl
import pytest
from docx import Document

from cli.commands import main
from domain.demo import build_demo
from helpers.official_workbook import official_xlsx, table_block
from importers import ImportFailure
from importers.narrative_file import MAX_CHARS, MAX_SENTENCE, read_narrative
from importers.workbook import read_workbook
from storage.unit_file import UnitFile

import book_corpus as corpus

TEXT = "第一部分 部门概况\n一、收入支出决算总体情况说明\n本单位2024年度收、支总计8145.27万元，比上年增加120.50万元。\n"


@pytest.fixture(scope="module")
def demo_unit():
    return build_demo()


@pytest.fixture
def unit_file(tmp_path, demo_unit):
    """A unit file of the demo's unit holding only the demo's narrative."""
    path = tmp_path / "单位.jsgk"
    blank = type(demo_unit)(demo_unit.meta)
    blank.narrative = demo_unit.narrative
    UnitFile.create(path, demo_unit.meta, blank).close()
    return path


@pytest.fixture(scope="module")
def good_book(tmp_path_factory, demo_unit):
    return official_xlsx(demo_unit, tmp_path_factory.mktemp("book") / "决算报表.xlsx", money_unit="元", tables=["T1"])


def imported(unit_file, capsys, *args):
    """Run `import` with --accept-warnings; return (exit code, stderr lines); a refusal leaves the file as it was."""
    before = unit_file.read_bytes()
    code = main(["import", str(unit_file), *map(str, args), "--accept-warnings"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and code in (0, 2), out + err
    lines = err.strip().splitlines()
    if code == 2:
        assert len(lines) == 1 and lines[0].startswith("错误："), lines
        assert unit_file.read_bytes() == before
    return code, lines, out


# ---- values too large for the model -----------------------------------------------------------
@pytest.mark.parametrize("value", [1e30, 1e300, "1" * 40, 2 ** 63 // 100 + 5, "9.9E+99999", -1e20],
                         ids=["1e30", "1e300", "40-digits", "2^63-fen", "huge-exponent", "negative"])
def test_a_value_too_large_is_refused_naming_sheet_and_cell(tmp_path, unit_file, capsys, demo_unit, value):
    block = table_block(demo_unit, "T1", money_unit="元")
    r, c = next((r, c) for r, line in enumerate(block.cells) for c, v in enumerate(line)
                if isinstance(v, (int, float)) and not isinstance(v, bool) and v)
    rows, merges = corpus.table(block)
    rows[r][1][c] = value
    book = corpus.write_book(tmp_path / "大数.xlsx", rows, merges, name="收入支出决算总表")
    code = main(["import", str(unit_file), "--xlsx", str(book)])
    out, err = capsys.readouterr()
    assert code == 2 and "Traceback" not in out + err
    cell = f"收入支出决算总表!{corpus.col_name(c)}{r + 1}"
    assert any(cell in line and "超出可处理的范围" in line for line in out.splitlines()), out
    code, _, _ = imported(unit_file, capsys, "--xlsx", book)      # accepted: the cell stays empty
    assert code == 0
    with UnitFile.open(unit_file) as f:
        assert all(abs(cell.amount or 0) < 10 ** 16 for cell in f.load().cells.values())


# ---- absurd workbooks -------------------------------------------------------------------------
@pytest.fixture
def no_openpyxl(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl should not have parsed this workbook")
    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_ten_thousand_merges_are_refused_before_parsing(tmp_path, demo_unit, no_openpyxl):
    book = corpus.many_merges(tmp_path / "合并.xlsx", table_block(demo_unit, "T1"))
    with pytest.raises(ImportFailure, match="合并单元格"):
        read_workbook(book)


def test_rows_beyond_any_table_are_refused_before_parsing(tmp_path, no_openpyxl):
    book = corpus.write_book(tmp_path / "行.xlsx", ((r, [r]) for r in range(60_000)))   # no <dimension> tag
    with pytest.raises(ImportFailure, match="超过 50000 行"):
        read_workbook(book)


def test_merges_covering_too_many_cells_are_refused(tmp_path):
    rows = [(r, [r]) for r in range(2_000)]
    merges = [(64 * (i // 4), 64 * (i % 4), 64 * (i // 4) + 63, 64 * (i % 4) + 63) for i in range(124)]
    with pytest.raises(ImportFailure, match="合并单元格"):
        read_workbook(corpus.write_book(tmp_path / "大合并.xlsx", rows, merges))


# ---- damaged workbooks ------------------------------------------------------------------------
def _truncated(data: bytes, seed: int) -> bytes:
    return data[:len(data) * (seed + 1) // 7]


def _flipped(data: bytes, seed: int) -> bytes:
    rng, out = random.Random(seed), bytearray(data)
    for _ in range(16):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


@pytest.mark.parametrize("damage,seed", [(_truncated, s) for s in range(6)] + [(_flipped, s) for s in range(8)],
                         ids=[f"truncated-{s}" for s in range(6)] + [f"flipped-{s}" for s in range(8)])
def test_a_damaged_workbook_never_gives_a_traceback(tmp_path, unit_file, capsys, good_book, damage, seed):
    book = tmp_path / "损坏.xlsx"
    book.write_bytes(damage(good_book.read_bytes(), seed))
    imported(unit_file, capsys, "--xlsx", book)


# ---- narrative files --------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(tmp_path, encoding):
    path = tmp_path / "说明.txt"
    path.write_bytes(TEXT.encode(encoding))
    assert read_narrative(path) == TEXT


def _docx_with_body(tmp_path, body: bytes, name: str):
    path = tmp_path / "模板.docx"
    document = Document()
    document.add_paragraph("占位文字")
    document.save(path)
    out = tmp_path / name
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace("占位文字".encode(), body)
                if b"&x;" in body:
                    data = data.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY x "">]>', 1)
            dst.writestr(info.filename, data)
    return out


@pytest.mark.parametrize("name,make,phrase", [
    ("ebcdic.txt", lambda d: ("Annual final accounts of the unit, total 8145.27. " * 20).encode("cp500"), "编码无法识别"),
    ("utf7.txt", lambda d: TEXT.encode("utf-7"), "UTF-7"),
    ("latin1.txt", lambda d: ("Résumé, café, naïve; " * 40).encode("latin-1"), "编码无法识别"),
    ("blank.txt", lambda d: b"\r\n \r\n\t\r\n", "没有读到任何文字"),
    ("huge.txt", lambda d: ("收入。" * (MAX_CHARS // 3 + 1)).encode(), "远超任何部门决算说明"),
    ("run-on.txt", lambda d: ("支出8145.27万元，" * (MAX_SENTENCE // 10 + 1)).encode(), "没有句号或换行"),
    ("entity.docx", lambda d: _docx_with_body(d, b"&x;", "entity.docx").read_bytes(), "不安全的 XML"),
    ("undefined.docx", lambda d: _docx_with_body(d, b"&undefined;", "undefined.docx").read_bytes(), "已损坏"),
    ("empty.docx", lambda d: _docx_with_body(d, b"", "empty.docx").read_bytes(), "没有读到任何文字"),
])
def test_a_narrative_that_is_not_text_never_replaces_the_one_saved(tmp_path, unit_file, capsys, name, make, phrase):
    path = tmp_path / name
    path.write_bytes(make(tmp_path))
    code, lines, _ = imported(unit_file, capsys, "--narrative", path, "--replace")
    assert code == 2 and phrase in lines[0], lines
    with UnitFile.open(unit_file) as f:
        assert f.load().narrative == build_demo().narrative


def test_an_xls_beyond_any_disclosure_is_refused_before_parsing(tmp_path, monkeypatch):
    import xlrd
    from helpers.ole import old_word_document   # an OLE container; only its size matters here
    import importers.workbook as workbook
    monkeypatch.setattr(workbook, "MAX_XLS_BYTES", 1024)
    monkeypatch.setattr(workbook, "ole_kind", lambda data: "xls")
    monkeypatch.setattr(xlrd, "open_workbook", lambda *a, **k: pytest.fail("xlrd should not have parsed it"))
    path = tmp_path / "巨大.xls"
    path.write_bytes(old_word_document() + bytes(4096))
    with pytest.raises(ImportFailure, match="远超任何决算公开报表"):
        read_workbook(path)
