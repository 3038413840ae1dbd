"""What can go wrong in an import: a refusal (nothing is read or written) or an issue in the preview.

`ImportFailure` stops the import: a file that is not a workbook, is password-protected, is a zip
bomb, has formulas without values … Its message is one Chinese sentence for the clerk.

An `Issue` is something in a workbook that was not understood (or is worth knowing): it names the
place (book, sheet, cell), what was found, what was expected and what happens if it is accepted.
A WARNING blocks the import until the clerk accepts the warnings; a NOTE is for information only;
a KEPT issue (a workbook naming another unit) does not block the import but stays as a finding of
the checks after it, until it is resolved.
"""
from __future__ import annotations

from dataclasses import dataclass

WARNING, NOTE, KEPT = "warning", "note", "kept"


class ImportFailure(Exception):
    """The import cannot go ahead; nothing was written. The message is for the user."""


class ImportRefused(ImportFailure):
    """The preview is fine but the import needs consent: warnings to accept, data to replace."""


def column_letter(col: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def sheet_ref(sheet: str) -> str:
    """A sheet name as Excel writes it in a reference: quoted when it holds spaces or punctuation."""
    plain = all(ch.isalnum() or ch == "_" or ord(ch) > 127 for ch in sheet)
    return sheet if plain and sheet else "'" + sheet.replace("'", "''") + "'"


@dataclass(frozen=True)
class Where:
    """A place in the input: a file, optionally a sheet, optionally a cell (0-based row and column)."""
    book: str
    sheet: str | None = None
    row: int | None = None
    col: int | None = None

    @property
    def cell(self) -> str:
        """`Sheet1!D17` (or just the sheet, or "" for a whole file)."""
        if self.sheet is None:
            return ""
        if self.row is None:
            return f"工作表“{self.sheet}”"
        col = column_letter(self.col) if self.col is not None else "A"
        return f"{sheet_ref(self.sheet)}!{col}{self.row + 1}"

    def __str__(self) -> str:
        return f"{self.book} {self.cell}".strip()


@dataclass(frozen=True)
class Issue:
    where: Where | None
    message: str                 # what was found, what was expected, what happens if accepted
    severity: str = WARNING
    table_id: str | None = None

    def __str__(self) -> str:
        return f"{self.where}：{self.message}" if self.where else self.message
