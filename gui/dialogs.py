"""The window's dialogs: new unit file, the demo unit, export with progress (cancellable), import."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QStandardPaths, QThreadPool, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLineEdit,
                               QMessageBox, QProgressDialog)

from domain.checks.finding import ERROR
from domain.template import available_years
from domain.unit import UnitMeta
from storage.unit_file import EXTENSION, StorageError, UnitFile

DEMO_NAME = "示例单位" + EXTENSION


def ask(parent, title: str, text: str) -> bool:
    return QMessageBox.question(parent, title, text) == QMessageBox.Yes


def documents_dir() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation) or Path.home())


class NewUnitDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("新建单位文件")
        self.name = QLineEdit()
        self.name.setAccessibleName("单位名称")
        self.name.setPlaceholderText("如：北京市××区××街道办事处")
        self.name.setMinimumWidth(self.name.fontMetrics().horizontalAdvance("北京市××区××街道办事处") * 3 // 2)
        self.code = QLineEdit()
        self.code.setAccessibleName("单位编码")
        self.year = QComboBox()
        self.year.setAccessibleName("决算年度")
        for y in reversed(available_years()):
            self.year.addItem(f"{y}年度", y)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("选择保存位置…")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("单位名称：", self.name)
        form.addRow("单位编码（可不填）：", self.code)
        form.addRow("决算年度：", self.year)
        form.addRow(buttons)

    def _accept(self):
        if not self.name.text().strip():
            QMessageBox.warning(self, "新建单位文件", "请填写单位名称。")
            return
        self.accept()


def new_unit_file(parent) -> str | None:
    dialog = NewUnitDialog(parent)
    if dialog.exec() != QDialog.Accepted:
        return None
    name, year = dialog.name.text().strip(), dialog.year.currentData()
    suggested = str(documents_dir() / f"{name}{year}年度决算{EXTENSION}")
    path, _ = QFileDialog.getSaveFileName(parent, "新建单位文件", suggested, f"单位文件 (*{EXTENSION})")
    if not path:
        return None
    if not path.endswith(EXTENSION):
        path += EXTENSION
    try:
        UnitFile.create(path, UnitMeta(name, year, dialog.code.text().strip())).close()
    except StorageError as exc:
        QMessageBox.warning(parent, "无法新建", str(exc))
        return None
    return path


def demo_file(parent=None, folder: Path | None = None) -> str | None:
    """The demo unit in the documents folder (created the first time)."""
    from domain.demo import build_demo
    path = (folder or documents_dir()) / DEMO_NAME
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            unit = build_demo()
            UnitFile.create(path, unit.meta, unit, action="demo").close()   # all or nothing
        except (OSError, StorageError) as exc:
            QMessageBox.warning(parent, "无法生成示例单位", str(exc))
            return None
    return str(path)


# ---- long work with a progress dialog ---------------------------------------------------------------
class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work, signals: _Signals, cancelled):
        super().__init__()
        self.work, self.signals, self.cancelled = work, signals, cancelled

    def run(self):
        from export import ExportCancelled

        def progress(done, total):
            if self.cancelled():
                raise ExportCancelled()
            self.signals.progress.emit(done, total)
        try:
            self.signals.done.emit(self.work(progress))
        except ExportCancelled:
            self.signals.done.emit(None)
        except Exception as exc:   # the export's own errors are Chinese sentences; anything else is said plainly
            self.signals.failed.emit(exc)


def run_with_progress(parent, title: str, work, raising: tuple = ()):
    """Run `work(progress)` in a worker with a cancellable progress dialog; its result, or None when
    cancelled or failed (said in a message box); exceptions of the `raising` types are re-raised."""
    dialog = QProgressDialog(title, "取消", 0, 100, parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    signals = _Signals()
    outcome = {}
    signals.progress.connect(lambda d, t: (dialog.setMaximum(max(t, 1)), dialog.setValue(d)))
    signals.done.connect(lambda r: (outcome.setdefault("result", r), dialog.done(0)))
    signals.failed.connect(lambda m: (outcome.setdefault("error", m), dialog.done(0)))
    QThreadPool.globalInstance().start(_Job(work, signals, dialog.wasCanceled))
    dialog.exec()
    QThreadPool.globalInstance().waitForDone()
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, raising):
            raise error
        QMessageBox.warning(parent, title, str(error) or type(error).__name__)
        return None
    return outcome.get("result")


def export_files(window, unit, path: str | None = None, confirm=None) -> Path | None:
    """The disclosure as PDF or Excel (by the file's extension), in a worker with a cancellable
    progress dialog. With findings of severity error the clerk must confirm a 强制导出 (marked as
    such in the file). `path` and `confirm(question) -> bool` replace the dialogs (tests)."""
    try:
        from export.pdf import export_pdf
        from export.xlsx import export_xlsx
    except ImportError:
        QMessageBox.information(window, "导出", "导出功能尚未安装。")
        return None
    question = confirm or (lambda text: ask(window, "导出", text))
    result = window.result
    errors = [f for f in (result.findings if result else []) if f.severity == ERROR]
    forced = False
    if errors:
        if not question(f"还有{len(errors)}条核对错误未解决。仍要导出吗？\n（导出的文件将标明“强制导出”，不能作为正式公开文本。）"):
            return None
        forced = True
    if path is None:
        suggested = str(Path(window.document.path).with_suffix(".pdf"))
        path, chosen = QFileDialog.getSaveFileName(window, "导出", suggested, "PDF 文件 (*.pdf);;Excel 工作簿 (*.xlsx)")
        if not path:
            return None
        if "xlsx" in chosen and not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        elif not path.lower().endswith((".pdf", ".xlsx")):
            path += ".pdf"
    writer = export_xlsx if path.lower().endswith(".xlsx") else export_pdf
    snapshot = unit.copy()
    from domain.review import signoff_line
    from storage.review_store import review_state
    signed = signoff_line(review_state(window.document.file))    # signer and time of a signed-off unit
    out = run_with_progress(window, "正在导出", lambda progress: writer(snapshot, path, progress=progress, forced=forced,
                                                                     signed=signed))
    if out is not None:
        window.show_message(f"已导出：{out}")
    return out


IMPORTABLE = "Excel 报表或说明 (*.xlsx *.xls *.docx *.txt);;Excel 报表 (*.xlsx *.xls);;说明 (*.docx *.txt)"


def import_files(window, paths: list[str] | None = None, confirm=None) -> bool:
    """Read workbooks and/or a narrative file, show the preview, and on consent apply it as one
    undoable step of the session. `confirm(preview_text) -> bool` replaces the question (tests)."""
    from importers import ImportFailure, prepare
    from importers.preview import preview_summary, preview_text
    if paths is None:
        paths, _ = QFileDialog.getOpenFileNames(window, "导入", "", IMPORTABLE)
    if not paths:
        return False
    books = [Path(p) for p in paths if Path(p).suffix.lower() in (".xlsx", ".xls")]
    texts = [Path(p) for p in paths if Path(p).suffix.lower() in (".docx", ".txt")]
    if len(texts) > 1:
        QMessageBox.warning(window, "导入", "一次只能导入一个说明文件。")
        return False
    unit = window.document.unit.copy()

    def work(progress):
        return prepare(unit, books, texts[0] if texts else None,
                       progress=lambda fraction, message: progress(int(fraction * 100), 100))
    try:
        plan = run_with_progress(window, "正在读取", work, raising=(ImportFailure,))
    except ImportFailure as exc:
        QMessageBox.warning(window, "无法导入", str(exc))
        return False
    if plan is None:
        return False
    text = preview_text(plan, window.document.path.name)
    summary = preview_summary(plan, window.document.path.name)
    if not plan.changes:
        _preview_box(window, QMessageBox.Information, "导入", summary, text, QMessageBox.Ok).exec()
        return False
    question = confirm or (lambda t: _confirm_import(window, summary, t, bool(plan.warnings or plan.replaced)))
    if not question(text):
        return False
    window.document.apply_import(plan, "导入 " + "、".join(plan.sources))
    window.show_message(f"已导入 {plan.changes} 处数据（可撤销）")
    return True


PREVIEW_CHARS = 900        # the box shows this much of the summary; all of it under 显示详情


def _preview_box(window, icon, question: str, summary: str, text: str, buttons) -> QMessageBox:
    """The import preview: what will change (and the warnings) first; the table-by-table text under 显示详情."""
    box = QMessageBox(icon, "导入预览", question, buttons, window)
    box.setInformativeText(summary if len(summary) <= PREVIEW_CHARS else summary[:PREVIEW_CHARS] + "…（详见“显示详情”）")
    box.setDetailedText(text)
    return box


def _confirm_import(window, summary: str, text: str, serious: bool) -> bool:
    box = _preview_box(window, QMessageBox.Warning if serious else QMessageBox.Question,
                       "导入以下内容吗？导入后可以撤销。", summary, text, QMessageBox.Yes | QMessageBox.No)
    box.button(QMessageBox.Yes).setText("导入")
    box.button(QMessageBox.No).setText("取消")
    return box.exec() == QMessageBox.Yes
