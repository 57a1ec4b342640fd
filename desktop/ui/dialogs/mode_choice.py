"""First start: choose 窗口办理 (clerk) or 企业自查 (business self-check); switchable later in 视图."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.ui import strings as S


def choose_mode(parent: QWidget | None = None) -> str:
    box = QMessageBox(QMessageBox.Icon.Question, S.MODE_CHOOSE_TITLE, S.MODE_CHOOSE_TEXT, parent=parent)
    clerk = box.addButton(S.MODE_CLERK, QMessageBox.ButtonRole.AcceptRole)
    own = box.addButton(S.MODE_SELF, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(clerk)
    box.exec()
    return "self" if box.clickedButton() is own else "clerk"
