"""File choosers with Chinese words and titles.

On Windows the system's own dialog is used (it speaks the system's language); elsewhere Qt's own dialog,
whose words come from the app's Chinese Qt translator (:mod:`desktop.ui.qt_zh`) — a platform dialog on
Linux may be untranslated.  Titles never show a mnemonic mark ("导出(&E)…" → "导出…").
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.ui.widgets import plain


def _options() -> QFileDialog.Option:
    return QFileDialog.Option(0) if sys.platform == "win32" else QFileDialog.Option.DontUseNativeDialog


def make_dialog(parent: QWidget | None, title: str, start: Path, name_filter: str, save: bool) -> QFileDialog:
    """The dialog itself (tests open it to read what it shows)."""
    dialog = QFileDialog(parent, plain(title), str(start), name_filter)
    dialog.setOptions(_options())
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    return dialog


def save_file_name(parent: QWidget | None, title: str, start: Path, name_filter: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, plain(title), str(start), name_filter, options=_options())
    return Path(path) if path else None


def open_file_name(parent: QWidget | None, title: str, start: Path, name_filter: str) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, plain(title), str(start), name_filter, options=_options())
    return Path(path) if path else None
