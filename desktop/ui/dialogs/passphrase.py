"""The administrator's passphrase: set it on first use (typed twice), enter it to start the administrator
mode, or (in that mode) change it — typed twice, like a first one.  The dialog only collects the text;
:class:`desktop.services.guide.GuideService` checks and stores it (as a scrypt hash, never in clear).  A wrong
passphrase keeps the dialog open with the reason."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.core.errors import UserError
from desktop.ui import strings as S


class PassphraseDialog(QDialog):
    """``setting``: first use (two fields, must match); ``changing``: a new one in the administrator mode (the
    same).  ``accept_with(text)`` does the real work and raises a :class:`UserError` to keep the dialog open with
    its message."""

    def __init__(self, setting: bool, accept_with: Callable[[str], None], parent: QWidget | None = None,
                 changing: bool = False) -> None:
        super().__init__(parent)
        self.setting = setting or changing
        self.accept_with = accept_with
        title, text = ((S.ADMIN_CHANGE_TITLE, S.ADMIN_CHANGE_INTRO) if changing
                       else (S.ADMIN_SET_TITLE, S.ADMIN_SET_INTRO) if setting else (S.ADMIN_ENTER_TITLE, S.ADMIN_ENTER_INTRO))
        self.setWindowTitle(title)
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#8a1c1c")
        form = QFormLayout()
        first_label = QLabel(S.ADMIN_PASSPHRASE)
        first_label.setBuddy(self.first)
        form.addRow(first_label, self.first)
        if self.setting:
            again_label = QLabel(S.ADMIN_PASSPHRASE_AGAIN)
            again_label.setBuddy(self.again)
            form.addRow(again_label, self.again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.first.setFocus()

    def try_accept(self) -> bool:
        """Check the input through ``accept_with``; close on success, else say why and stay open."""
        text = self.first.text()
        if self.setting and text != self.again.text():
            self.error.setText(S.ADMIN_MISMATCH)
            return False
        try:
            self.accept_with(text)
        except UserError as exc:
            self.error.setText(str(exc))
            self.first.selectAll()
            self.first.setFocus()
            return False
        self.first.clear()
        self.again.clear()
        self.accept()
        return True
