"""导入内容包: the verified pack's particulars — publisher, version, the signing key's fingerprint — and
what it changes (checklists and items added, removed, changed; how many open cases move), then 导入 or
取消.  A refused pack never reaches this dialog: its one-line reason is shown instead."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.services.packs import PackPreview
from desktop.ui import strings as S


class PackImportDialog(QDialog):
    def __init__(self, preview: PackPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(S.IMPORT_PACK_TITLE)
        self.resize(720, 520)
        intro = QLabel(S.PACK_INTRO)
        intro.setWordWrap(True)
        self.head = QLabel("\n".join(preview.head()))
        self.head.setWordWrap(True)
        self.changes = QPlainTextEdit("\n".join(preview.lines()))
        self.changes.setReadOnly(True)
        self.changes.setAccessibleName(S.A11Y_PACK_CHANGES)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(S.PACK_APPLY)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.head)
        layout.addWidget(self.changes, 1)
        layout.addWidget(buttons)
