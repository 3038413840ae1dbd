"""Who is working: a small dialog for the name and the role (填报人/审核人)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from domain.review import CLERK, ROLES, Identity, ReviewError


def ask_identity(parent, current: Identity | None = None) -> Identity | None:
    dialog = QDialog(parent)
    dialog.setWindowTitle("当前用户")
    name = QLineEdit(current.name if current else "")
    name.setObjectName("identity-name")
    role = QComboBox()
    role.setObjectName("identity-role")
    role.addItems(ROLES)
    role.setCurrentText(current.role if current else CLERK)
    form = QFormLayout(dialog)
    form.addRow(QLabel("每一处修改、标记和回复都记下您的姓名（用于明确责任，不是安全防护）。"))
    form.addRow("姓名：", name)
    form.addRow("角色：", role)
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    while dialog.exec() == QDialog.Accepted:
        try:
            return Identity(name.text().strip(), role.currentText())
        except ReviewError as exc:
            name.setPlaceholderText(str(exc))
    return None
