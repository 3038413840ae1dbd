"""单位信息: the unit's name, code, year and template, and the display unit of show/export."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget


class UnitInfoPage(QWidget):
    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self.setObjectName("unit-info")
        self.name = QLineEdit()
        self.name.setAccessibleName("单位名称")
        self.code = QLineEdit()
        self.code.setAccessibleName("单位编码")
        self.display_unit = QComboBox()
        self.display_unit.setAccessibleName("公开金额单位")
        self.display_unit.addItems(["万元", "元"])
        self.year, self.template, self.path = QLabel(), QLabel(), QLabel()
        form = QFormLayout()
        form.addRow("单位名称：", self.name)
        form.addRow("单位编码：", self.code)
        form.addRow("决算年度：", self.year)
        form.addRow("报表模板：", self.template)
        form.addRow("公开金额单位：", self.display_unit)
        form.addRow("单位文件：", self.path)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addLayout(form)
        layout.addStretch(1)
        for w in (self.name, self.code, self.display_unit):
            w.setEnabled(not document.read_only)
        self.name.editingFinished.connect(lambda: self._set(unit_name=self.name.text().strip()))
        self.code.editingFinished.connect(lambda: self._set(unit_code=self.code.text().strip()))
        self.display_unit.currentTextChanged.connect(lambda text: self._set(display_unit=text))
        self.refresh()

    def _set(self, **fields) -> None:
        meta = self.document.unit.meta
        fields = {k: v for k, v in fields.items() if getattr(meta, k) != v and (v or k == "unit_code")}
        if fields:
            self.document.set_meta(**fields)

    def refresh(self) -> None:
        unit = self.document.unit
        meta = unit.meta
        self.name.setText(meta.unit_name)
        self.code.setText(meta.unit_code)
        self.display_unit.blockSignals(True)
        self.display_unit.setCurrentText(meta.display_unit)
        self.display_unit.blockSignals(False)
        self.year.setText(f"{meta.year}年度")
        self.template.setText(f"{unit.template.name}（{len(unit.template.disclosure_tables)}张公开表）")
        self.path.setText(str(self.document.path))
