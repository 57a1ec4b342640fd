"""Helpers for the GUI tests: act as a user would (a choice made in a combo, an item picked in the list)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

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
