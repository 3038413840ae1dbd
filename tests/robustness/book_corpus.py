"""Hostile workbooks written directly as xlsx XML (fast to make, whatever their size claims):
huge merge lists, a million rows without a dimension tag, values too large for the model."""
from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from importers.errors import column_letter as col_name

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                 '</Types>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
             '</Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                 '</Relationships>')
SHEET = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>'


def cell(row: int, col: int, value) -> str:
    ref = f"{col_name(col)}{row + 1}"
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def write_book(path: Path, rows, merges=(), name: str = "表1", dimension: str | None = None) -> Path:
    """`rows`: an iterable of (row index, [values]); `merges`: (r1, c1, r2, c2) 0-based inclusive."""
    def sheet_xml():
        yield SHEET.format(dimension=f'<dimension ref="{dimension}"/>' if dimension else "")
        for r, values in rows:
            yield f'<row r="{r + 1}">' + "".join(cell(r, c, v) for c, v in enumerate(values) if v is not None) + "</row>"
        yield "</sheetData>"
        merges_list = list(merges)
        if merges_list:
            yield f'<mergeCells count="{len(merges_list)}">'
            for r1, c1, r2, c2 in merges_list:
                yield f'<mergeCell ref="{col_name(c1)}{r1 + 1}:{col_name(c2)}{r2 + 1}"/>'
            yield "</mergeCells>"
        yield "</worksheet>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK.format(name=escape(name)))
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            batch = []
            for part in sheet_xml():
                batch.append(part)
                if len(batch) >= 10_000:
                    fh.write("".join(batch).encode("utf-8"))
                    batch = []
            fh.write("".join(batch).encode("utf-8"))
    return path


def table(block, extra_merges=(), **options) -> tuple[list, list]:
    """A table block (tests/helpers/official_workbook.Block) as rows and merges for write_book."""
    return list(enumerate(block.cells)), list(block.merges) + list(extra_merges)


def many_merges(path: Path, block, count: int = 10_000) -> Path:
    """A real table under `count` more merged ranges of 64×64 cells (an 85 KB file in the field)."""
    rows, merges = table(block, [(100 + 64 * (i // 16), 64 * (i % 16), 163 + 64 * (i // 16), 64 * (i % 16) + 63)
                                 for i in range(count)])
    return write_book(path, rows, merges)


def million_rows(path: Path) -> Path:
    """1,000,000 rows of one number each and no <dimension> tag."""
    return write_book(path, ((r, [r]) for r in range(1_000_000)))
