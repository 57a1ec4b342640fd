"""Helpers for the GUI tests: act as a user would (a choice made in a combo, an item picked in the list)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QWidget

from desktop.ui.views.case_view import CaseView


def choose(combo: QWidget, text: str) -> None:
    """Pick ``text`` in a combo the way a user does: the current index changes and ``activated`` fires."""
    assert isinstance(combo, QComboBox)
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def select(view: CaseView, key: str) -> None:
    """Make an item current in the case's step list (it must be shown there)."""
    assert key in view.steps.rows, key
    view.select(key)
    assert view.steps.current_key() == key


def unnamed(root: QWidget) -> list[str]:
    """Focusable controls a screen reader would announce without a name (Qt's accessibility bridge: an
    explicit name, the buddy label, the button text …), or a value box named only by its value."""
    out = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        iface = QAccessible.queryAccessibleInterface(widget)
        announced = iface.text(QAccessible.Text.Name) if iface is not None else ""
        value_only = isinstance(widget, QComboBox | QAbstractSpinBox) and not widget.accessibleName()
        inner = isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), QAbstractSpinBox)
        if not announced.strip() or value_only or (inner and not widget.accessibleName()):
            out.append(f"{type(widget).__name__}({widget.objectName()!r}, {announced!r})")
    return out
