"""Small widget behaviours the counter needs everywhere.

- :func:`guard_wheel`: the mouse wheel never changes a combo box, spin box or date field that does not
  have the keyboard focus (scrolling a form must not change the answer under the pointer).  The filter is
  installed on those widgets only: an application-wide Python event filter would see every event of
  the app (it tripled the case list's construction time).
- :class:`AnswerCombo`: a profile answer combo.  The wheel never changes it, arrow keys open the list
  instead of stepping through values, and the answer is reported once, when a choice is made
  (``chosen``) — never once per value passed.
- :func:`plain` strips the mnemonic mark from an action text for a window title ("导出(&E)…" → "导出…").
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QSizePolicy,
    QWidget,
)

_MNEMONIC = re.compile(r"\(&\w\)|&(?=\w)")


def plain(text: str) -> str:
    return _MNEMONIC.sub("", text)


def name(widget: QWidget, text: str) -> None:
    """The accessible name a screen reader announces: what the control is for, not its value.  A spin box
    or date field is also reachable through its inner line edit, which gets the same name."""
    widget.setAccessibleName(text)
    if isinstance(widget, QAbstractSpinBox):
        inner = widget.findChild(QLineEdit)
        if inner is not None:
            inner.setAccessibleName(text)


class WheelGuard(QObject):
    """Event filter for value widgets: a wheel event on one without focus scrolls the page instead."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # Qt API name
        if (event.type() == QEvent.Type.Wheel and isinstance(obj, QComboBox | QAbstractSpinBox)
                and not isinstance(obj, AnswerCombo) and not obj.hasFocus()):
            area = _scroll_area(obj)
            if area is not None:  # the page scrolls as if the pointer were over empty space
                QApplication.sendEvent(area.viewport(), event)
            return True
        return False


_GUARD: WheelGuard | None = None


def guard_wheel(*widgets: QWidget) -> None:
    """Install the one wheel guard on these combo boxes, spin boxes and date fields."""
    global _GUARD
    if _GUARD is None:
        _GUARD = WheelGuard(QApplication.instance())
    for widget in widgets:
        widget.installEventFilter(_GUARD)


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


_IGNORED, _FIXED = QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed
_STEP_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home,
              Qt.Key.Key_End}


class AnswerCombo(QComboBox):
    chosen = Signal(object)  # the chosen item's data, once per choice

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # long options (a whole legal category) must not widen the form past the window: the layout gives
        # the field the width there is (its own size hint ignored); the open list shows options in full.
        # (A size policy, not setSizeAdjustPolicy: that recomputes the hint, ~0.07 ms a combo, per case open.)
        self.setSizePolicy(_IGNORED, _FIXED)
        self._last: object = None
        self.activated.connect(self._activated)

    def set_value(self, value: object) -> None:
        index = self.findData(value)
        self.setCurrentIndex(max(index, 0))
        self._last = self.currentData()

    def _activated(self, _index: int) -> None:
        value = self.currentData()
        if value != self._last:
            self._last = value
            self.chosen.emit(value)

    def wheelEvent(self, event: QWheelEvent) -> None:  # Qt API name
        event.ignore()  # passed on to the parent: the form scrolls, the answer stays

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt API name
        if event.key() in _STEP_KEYS and not self.view().isVisible():
            self.showPopup()  # choose in the list: one answer, not one per value passed
            return
        super().keyPressEvent(event)
