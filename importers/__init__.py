"""Reading the official Excel tables (.xlsx, .xls) and the narrative (.txt, .docx) into a unit.

`plan.prepare` reads and recognises everything and returns an `ImportPlan` (the preview);
`plan.commit` writes it in one transaction. The CLI (`main.py import`) and the GUI's 导入… dialog
share both. Modules: safety (what a file is, zip-bomb and password checks), workbook (cells and
merged ranges of every sheet), normalise (compare forms of labels), cells (one value), recognise
(tables by title), headers (header rows, what each column holds), body (row keys and values),
narrative_file, preview (the preview as text), errors.
"""
from .errors import ImportFailure, ImportRefused, Issue
from .plan import ImportPlan, commit, prepare

__all__ = ["ImportFailure", "ImportRefused", "Issue", "ImportPlan", "commit", "prepare"]
