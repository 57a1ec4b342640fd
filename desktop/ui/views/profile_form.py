"""The profile questions of a case (基本情况): one widget per question, each answer saved once it is
given (a choice when it is made — the wheel and arrow keys never write a value passed on the way; a number
as it is typed; a text or date when the field is left), and the live, advisory 中小企业划型 result with the
rule that decided it.  Each input is named by its question for screen readers."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.content_contract import INDUSTRY
from desktop.core.limits import check_number, require
from desktop.core.model import Question
from desktop.ui import strings as S
from desktop.ui.widgets import AnswerCombo

NUMBER_PAUSE_MS = 350


def parse_number(text: str) -> float | int | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    value = float(text)
    require(check_number(value))  # finite, not negative, not absurdly large (InputError is a ValueError)
    return int(value) if value.is_integer() else value


class ProfileForm(QWidget):
    answer_changed = Signal(str, object)  # question id, value (None = cleared)

    def __init__(self, questions: list[Question], answers: dict[str, object]) -> None:
        super().__init__()
        self.questions = {q.id: q for q in questions}
        self.widgets: dict[str, QWidget] = {}
        self._pending: dict[str, object] = {}
        self._timer = QTimer(self, singleShot=True, interval=NUMBER_PAUSE_MS)
        self._timer.timeout.connect(self.flush)
        inner = QWidget()
        form = QVBoxLayout(inner)  # each question above its field, across the full width: wraps at any size
        for n, q in enumerate(questions, 1):
            widget = self._make(q, answers.get(q.id))
            self.widgets[q.id] = widget
            # numbered, but no mnemonic: Alt+digit belongs to the tabs
            label = QLabel(f"{n}. {q.text}" + (f"（{q.unit}）" if q.unit else ""))
            label.setWordWrap(True)
            label.setBuddy(widget)
            self.editor(q.id).setAccessibleName(q.text)
            if q.help:
                self.editor(q.id).setAccessibleDescription(q.help)
            row: QWidget = widget
            if q.help:
                box = QWidget()
                lay = QVBoxLayout(box)
                lay.setContentsMargins(0, 0, 0, 0)
                lay.addWidget(widget)
                hint = QLabel(q.help)
                hint.setWordWrap(True)
                hint.setObjectName("helpText")  # #4d4d4d on white: 8.5:1 (theme.STYLE)
                lay.addWidget(hint)
                row = box
            form.addWidget(label)
            form.addWidget(row)
            form.addSpacing(6)
        form.addStretch(1)
        self.size_label = QLabel()
        self.size_label.setObjectName("sizeResult")
        self.size_label.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setAccessibleName(S.A11Y_QUESTIONS)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # questions wrap instead
        self.questions_area = scroll
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        intro = QLabel(S.PROFILE_INTRO)
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if INDUSTRY in self.questions:  # the 划型 result stays in view while numbers are typed
            size_title = QLabel(S.SIZE_PREFIX)
            size_title.setObjectName("caseHeader")
            layout.addWidget(size_title)
            layout.addWidget(self.size_label)
        layout.addWidget(scroll, 1)

    def _make(self, q: Question, value: object) -> QWidget:
        if q.type in ("choice", "bool"):
            combo = AnswerCombo()
            options = list(q.options) if q.type == "choice" else [S.YES, S.NO]
            combo.addItem(S.UNANSWERED, None)
            for opt in options:
                combo.addItem(opt, opt if q.type == "choice" else opt == S.YES)
            combo.set_value(value)
            combo.chosen.connect(lambda v, qid=q.id: self.answer_changed.emit(qid, v))
            return combo
        edit = QLineEdit("" if value is None else str(value))
        if q.type == "number":
            edit.setValidator(QDoubleValidator(0, 1e12, 4))
            edit.setPlaceholderText(q.unit)
            edit.textChanged.connect(lambda text, qid=q.id, e=edit: self._number_changed(qid, e, text))
            edit.editingFinished.connect(self.flush)
            box = QWidget()
            lay = QHBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(edit, 1)
            lay.addWidget(QLabel(q.unit))
            box.setFocusProxy(edit)
            return box
        if q.type == "date":
            edit.setPlaceholderText("YYYY-MM-DD")
        edit.editingFinished.connect(lambda qid=q.id, e=edit: self._text_changed(qid, e))
        return edit

    def _number_changed(self, qid: str, edit: QLineEdit, text: str) -> None:
        """A number is saved when the typing pauses (or the field is left): one answer, not one per digit."""
        try:
            value = parse_number(text)
        except ValueError:
            edit.setStyleSheet("color: #b00020")
            return
        edit.setStyleSheet("")
        self._pending[qid] = value
        self._timer.start()

    def flush(self) -> None:
        """Save a number still being typed (on a pause, on leaving the field, on leaving the case)."""
        self._timer.stop()
        pending, self._pending = self._pending, {}
        for qid, value in pending.items():
            self.answer_changed.emit(qid, value)

    def _text_changed(self, qid: str, edit: QLineEdit) -> None:
        text = edit.text().strip()
        if self.questions[qid].type == "date" and text:
            try:
                dt.date.fromisoformat(text)
            except ValueError:
                edit.setStyleSheet("color: #b00020")
                return
        edit.setStyleSheet("")
        self.answer_changed.emit(qid, text or None)

    def show_size(self, text: str) -> None:
        self.size_label.setText(text)

    def set_read_only(self, read_only: bool) -> None:
        """A closed case: the answers are shown but cannot be changed."""
        for qid in self.widgets:
            editor = self.editor(qid)
            if isinstance(editor, QLineEdit):
                editor.setReadOnly(read_only)
            else:
                editor.setEnabled(not read_only)

    def editor(self, qid: str) -> QWidget:
        """The input widget of a question (the line edit itself for numbers)."""
        widget = self.widgets[qid]
        proxy = widget.focusProxy()
        return proxy if proxy is not None else widget
