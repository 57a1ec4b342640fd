"""受信任的公钥: the keys whose content packs this installation accepts, with fingerprints grouped for
reading aloud; 添加公钥 shows a new key's fingerprint and asks the administrator to compare it by phone
with the publisher before it is trusted; 删除 stops trusting one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.content.keys import KeyFileError, TrustStore, fingerprint, load_public_key, short_fingerprint
from desktop.ui import strings as S


class TrustedKeysDialog(QDialog):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = TrustStore(data_dir)
        self.setWindowTitle(S.TRUSTED_KEYS_TITLE)
        self.resize(760, 360)
        intro = QLabel(S.TRUSTED_KEYS_INTRO)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(S.TRUSTED_KEYS_COLUMNS))
        self.table.setHorizontalHeaderLabels(list(S.TRUSTED_KEYS_COLUMNS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(S.A11Y_TRUSTED_KEYS)
        self.empty = QLabel(S.TRUSTED_KEYS_EMPTY)
        self.add_button = QPushButton(S.TRUST_ADD)
        self.remove_button = QPushButton(S.TRUST_REMOVE)
        self.add_button.clicked.connect(self.add_from_file)
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(row)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        try:
            keys = self.store.keys()
        except KeyFileError as exc:
            QMessageBox.warning(self, S.TRUSTED_KEYS_TITLE, S.TRUST_FAILED.format(error=exc))
            keys = []
        self.fingerprints = [k.fingerprint for k in keys]
        self.table.setRowCount(len(keys))
        for n, k in enumerate(keys):
            for col, text in enumerate((k.short, k.name or S.TRUST_UNNAMED, k.added_at)):
                self.table.setItem(n, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not keys)
        self.remove_button.setEnabled(bool(keys))

    def add_from_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, S.TRUST_ADD, str(Path.home()), S.PUBKEY_FILTER)
        if path:
            self.add_key(Path(path))

    def add_key(self, path: Path, confirm: bool = True, name: str | None = None) -> str:
        """Show the key's fingerprint, ask for the phone check and the owner's name, then trust it.
        Returns the message shown (tests pass ``confirm=False`` and a ``name``)."""
        try:
            raw = load_public_key(path)
        except KeyFileError as exc:
            message = S.TRUST_FAILED.format(error=exc)
            if confirm:
                QMessageBox.warning(self, S.TRUSTED_KEYS_TITLE, message)
            return message
        short = short_fingerprint(fingerprint(raw))
        if confirm:
            answer = QMessageBox.question(self, S.TRUSTED_KEYS_TITLE, S.TRUST_CONFIRM.format(fingerprint=short))
            if answer != QMessageBox.StandardButton.Yes:
                return ""
        if name is None:
            name, ok = QInputDialog.getText(self, S.TRUSTED_KEYS_TITLE, S.TRUST_NAME)
            if not ok:
                return ""
        try:
            entry, new = self.store.add(raw, name)
        except KeyFileError as exc:
            message = S.TRUST_FAILED.format(error=exc)
        else:
            message = (S.TRUST_ADDED if new else S.TRUST_KNOWN).format(name=entry.name or S.TRUST_UNNAMED,
                                                                      fingerprint=entry.short)
        self.refresh()
        if confirm:
            QMessageBox.information(self, S.TRUSTED_KEYS_TITLE, message)
        return message

    def remove_selected(self, confirm: bool = True) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.fingerprints):
            return
        fp = self.fingerprints[row]
        name_item = self.table.item(row, 1)
        name = name_item.text() if name_item is not None else ""
        if confirm:
            question = S.TRUST_REMOVE_CONFIRM.format(name=name, fingerprint=short_fingerprint(fp))
            if QMessageBox.question(self, S.TRUSTED_KEYS_TITLE, question) != QMessageBox.StandardButton.Yes:
                return
        try:
            self.store.remove(fp)
        except KeyFileError as exc:
            QMessageBox.warning(self, S.TRUSTED_KEYS_TITLE, S.TRUST_FAILED.format(error=exc))
        self.refresh()
