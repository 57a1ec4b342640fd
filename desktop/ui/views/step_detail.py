"""The detail of one step: everything the clerk needs (what, where, how long, cost, materials, the office's
本中心办事指南, the clause word for word), the state of each material at the counter, the status buttons and
the note.  It only shows a presentation item and asks for changes (``state_requested``,
``material_requested``); the case view saves them through the application layer."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
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

from desktop.core.present import ItemDoc
from desktop.ui import strings as S
from desktop.ui.views.material_panel import MaterialPanel
from desktop.ui.views.step_html import item_html

STATUS_ORDER = ("done", "not_applicable", "pending", "waived")


class StepDetail(QWidget):
    state_requested = Signal(str, str, str)  # item key, status, note
    leave_requested = Signal()  # Esc in the note: back to the step list
    material_requested = Signal(str, str, str, str, str)  # item key, material name, state, form, note

    def __init__(self) -> None:
        super().__init__()
        self.item: ItemDoc | None = None
        self.note_text = ""  # the note as last saved (or being saved)
        self.read_only = False
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(S.A11Y_STEP_DETAIL)
        self.materials = MaterialPanel()
        self.materials.material_requested.connect(self.material_requested)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for status in STATUS_ORDER:
            button = QPushButton(f"{S.STATUS_LABELS[status]}（{S.STATUS_SHORTCUTS[status]}）")
            button.setCheckable(True)
            button.setAccessibleName(S.A11Y_MARK.format(status=S.STATUS_LABELS[status]))
            self.group.addButton(button)
            self.buttons[status] = button
            buttons.addWidget(button)
            button.clicked.connect(lambda _c=False, s=status: self._status_clicked(s))
        buttons.addStretch(1)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(S.NOTE_PLACEHOLDER)
        self.note.setMaximumHeight(90)
        self.note.setTabChangesFocus(True)
        self.note.setAccessibleName(S.A11Y_NOTE)
        self.note.installEventFilter(self)
        note_label = QLabel(S.NOTE_LABEL)
        note_label.setBuddy(self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.materials)
        layout.addLayout(buttons)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        self._note_timer = QTimer(self, singleShot=True, interval=400)
        self._note_timer.timeout.connect(self.flush_note)
        self.note.textChanged.connect(self._note_timer.start)
        self.show_item(None)

    def show_item(self, item: ItemDoc | None, read_only: bool = False) -> None:
        """Show ``item`` (a pending note edit of the previous item is saved first)."""
        same = self.item is not None and item is not None and item.key == self.item.key
        if self.item is not None and not same:
            self.flush_note()
        scroll = self.browser.verticalScrollBar().value() if same else 0
        self.item = item
        self.read_only = read_only
        enabled = item is not None and not read_only
        for b in self.buttons.values():
            b.setEnabled(enabled)
        self.note.setReadOnly(not enabled)
        self.note.setEnabled(item is not None)
        self.materials.show_item(item, not enabled)
        # Tab: the step's text, its materials (each one's state, then its note), the status buttons, the note
        chain = [self.browser, *self.materials.focus_chain(), *(self.buttons[s] for s in STATUS_ORDER), self.note]
        for first, then in itertools.pairwise(chain):
            QWidget.setTabOrder(first, then)
        if item is None:
            self.browser.setHtml("")
            self._set_note("")
            return
        self.browser.setHtml(item_html(item))
        self.browser.verticalScrollBar().setValue(scroll)
        if not self._note_timer.isActive():  # never overwrite what is being typed
            self._set_note(item.note)
        self.buttons[item.status].setChecked(True)

    def _set_note(self, text: str) -> None:
        self.note_text = text
        if self.note.toPlainText() != text:
            self.note.blockSignals(True)
            self.note.setPlainText(text)
            self.note.blockSignals(False)

    def _status_clicked(self, status: str) -> None:
        if self.item is None or self.read_only:
            return
        self._note_timer.stop()
        self.note_text = self.note.toPlainText()
        self.state_requested.emit(self.item.key, status, self.note_text)

    def set_status(self, status: str) -> None:
        """Keyboard route: mark the shown item."""
        if self.item is not None and self.buttons[status].isEnabled():
            self.buttons[status].setChecked(True)
            self._status_clicked(status)

    def flush_note(self) -> None:
        """Save a pending note edit now (on item switch, tab switch and close)."""
        if self._note_timer.isActive():
            self._note_timer.stop()
        if self.item is not None and not self.read_only and self.note.toPlainText() != self.note_text:
            self.note_text = self.note.toPlainText()  # before emitting: the save re-enters show_item
            self.state_requested.emit(self.item.key, self.item.status, self.note_text)

    def focus_note(self) -> None:
        self.note.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # Qt API name
        if obj is self.note and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape:
                self.flush_note()
                self.leave_requested.emit()
                return True
        return False
