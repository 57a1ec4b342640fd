"""The detail of one step: everything the clerk needs (what, where, how long, cost, materials, the
clause word for word) plus the status buttons and the note, both saved at once."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.catalog import Catalog
from desktop.core.evaluate import ItemView
from desktop.ui import strings as S
from desktop.ui.views.step_html import item_html

STATUS_ORDER = ("done", "not_applicable", "pending", "waived")


class StepDetail(QWidget):
    state_requested = Signal(str, str, str)  # item key, status, note

    def __init__(self, catalog: Catalog, question_labels: dict[str, str]) -> None:
        super().__init__()
        self.catalog = catalog
        self.labels = question_labels
        self.view: ItemView | None = None
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for status in STATUS_ORDER:
            button = QPushButton(f"{S.STATUS_LABELS[status]}（{S.STATUS_SHORTCUTS[status]}）")
            button.setCheckable(True)
            self.group.addButton(button)
            self.buttons[status] = button
            buttons.addWidget(button)
            button.clicked.connect(lambda _c=False, s=status: self._status_clicked(s))
        buttons.addStretch(1)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(S.NOTE_PLACEHOLDER)
        self.note.setMaximumHeight(90)
        self.note.setTabChangesFocus(True)
        note_label = QLabel(S.NOTE_LABEL)
        note_label.setBuddy(self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        self._note_timer = QTimer(self, singleShot=True, interval=400)
        self._note_timer.timeout.connect(self.flush_note)
        self.note.textChanged.connect(self._note_timer.start)
        self.show_item(None)

    def show_item(self, view: ItemView | None) -> None:
        self.flush_note()
        self.view = view
        enabled = view is not None
        for b in self.buttons.values():
            b.setEnabled(enabled)
        self.note.setEnabled(enabled)
        self.note.blockSignals(True)
        self.note.setPlainText(view.state.note if view else "")
        self.note.blockSignals(False)
        if view is None:
            self.browser.setHtml("")
            return
        self.browser.setHtml(item_html(view, self.catalog, self.labels))
        self.buttons[view.state.status].setChecked(True)

    def _status_clicked(self, status: str) -> None:
        if self.view is None:
            return
        self._note_timer.stop()
        self.view.state.note = self.note.toPlainText()
        self.state_requested.emit(self.view.key, status, self.view.state.note)

    def set_status(self, status: str) -> None:
        """Keyboard route: mark the shown item."""
        if self.view is not None and self.buttons[status].isEnabled():
            self.buttons[status].setChecked(True)
            self._status_clicked(status)

    def flush_note(self) -> None:
        """Save a pending note edit now (on item switch, tab switch and close)."""
        if self._note_timer.isActive():
            self._note_timer.stop()
        if self.view is not None and self.note.toPlainText() != self.view.state.note:
            self.view.state.note = self.note.toPlainText()  # before emitting: the save re-enters here
            self.state_requested.emit(self.view.key, self.view.state.status, self.view.state.note)

    def focus_note(self) -> None:
        self.note.setFocus(Qt.FocusReason.ShortcutFocusReason)
