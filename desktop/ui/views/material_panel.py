"""The materials of the shown step at the counter, one row each: the material as asked (the office's guide's,
else the law's), a choice of where it stands — 未核对, 已收（原件/复印件/原件及复印件）, 缺, and where the guide (or
the content) allows it 容缺受理 and 告知承诺 —, for 容缺受理 the date to supply it by, and the clerk's note on it
(what was promised, what exactly is missing; saved on Enter or when the field is left, printed on the 补正通知).

Keyboard: Tab moves from choice to note to the next choice (after the step's text, before the status buttons);
each choice is announced as "材料“…”的情况", each note as "材料“…”的说明"; the arrow keys open the list rather
than step through it (one write per choice, not one per value passed — :class:`~desktop.ui.widgets.AnswerCombo`).
A change asks for the write (``material_requested``); the case view saves it through the application layer and
shows the new snapshot, which this panel then reflects without rebuilding its rows (the focus stays where it was).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from desktop.core.counter import CounterMaterialDoc
from desktop.core.limits import TEXT_LIMITS
from desktop.core.present import ItemDoc
from desktop.core.vocab import MaterialState
from desktop.ui import strings as S
from desktop.ui.widgets import AnswerCombo, name


def choices(m: CounterMaterialDoc) -> list[tuple[str, str, str]]:
    """The states offered for a material: 容缺受理 only where allowed, 告知承诺 likewise (and whatever it
    already is, so a recorded state always shows)."""
    out = []
    for state, form, label in S.MATERIAL_CHOICES:
        allowed = (state != MaterialState.DEFERRED or m.deferrable) and (state != MaterialState.COMMITTED or m.commitment)
        if allowed or (state == m.state and form == m.form):
            out.append((state, form, label))
    return out


class MaterialPanel(QWidget):
    material_requested = Signal(str, str, str, str, str)  # item key, material name, state, form, note

    def __init__(self) -> None:
        super().__init__()
        self.key = ""
        self.names: list[str] = []
        self.combos: dict[str, AnswerCombo] = {}
        self.dues: dict[str, QLabel] = {}
        self.notes: dict[str, QLineEdit] = {}
        self.saved_notes: dict[str, str] = {}  # the note each material has in the case
        self.title = QLabel(S.MATERIALS_TITLE)
        self.rows = QWidget()
        self.grid = QGridLayout(self.rows)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(2, 2)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setWidget(self.rows)
        self.area.setMaximumHeight(150)
        self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.area.setAccessibleName(S.A11Y_MATERIALS)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.area)
        self.setVisible(False)

    def show_item(self, item: ItemDoc | None, read_only: bool) -> None:
        """Show the step's materials (none: the panel hides)."""
        materials = list(item.counter) if item is not None and item.applies else []
        names = [m.name for m in materials]
        if item is None or item.key != self.key or names != self.names:
            self._rebuild(item.key if item is not None else "", materials)
        for m in materials:
            self._reflect(m, read_only)
        self.setVisible(bool(materials))

    def _rebuild(self, key: str, materials: list[CounterMaterialDoc]) -> None:
        while self.grid.count():
            child = self.grid.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()
        self.key, self.names = key, [m.name for m in materials]
        self.combos, self.dues, self.notes, self.saved_notes = {}, {}, {}, {}
        for row, m in enumerate(materials):
            label = QLabel(m.line())
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            combo = AnswerCombo()
            # here the choices are short and the column must hold them whole: the combo's own width counts
            # (an answer combo elsewhere ignores it — a legal category can be longer than the form is wide)
            combo.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            combo.setMinimumWidth(170)
            name(combo, S.A11Y_MATERIAL.format(name=m.name))
            label.setBuddy(combo)
            due = QLabel()
            due.setTextFormat(Qt.TextFormat.PlainText)
            combo.chosen.connect(lambda value, n=m.name: self._chosen(n, str(value)))
            note = QLineEdit()
            note.setPlaceholderText(S.MATERIAL_NOTE_HINT)
            note.setMaxLength(TEXT_LIMITS["note"])
            note.setMinimumWidth(120)
            name(note, S.A11Y_MATERIAL_NOTE.format(name=m.name))
            note.editingFinished.connect(lambda n=m.name: self._noted(n))
            cell = QWidget()  # the material as asked, and under it (容缺受理) the date to supply it by
            lines = QVBoxLayout(cell)
            lines.setContentsMargins(0, 0, 0, 0)
            lines.setSpacing(0)
            lines.addWidget(label)
            lines.addWidget(due)
            self.grid.addWidget(cell, row, 0)
            self.grid.addWidget(combo, row, 1)
            self.grid.addWidget(note, row, 2)
            self.combos[m.name], self.dues[m.name], self.notes[m.name] = combo, due, note

    def _reflect(self, m: CounterMaterialDoc, read_only: bool) -> None:
        combo = self.combos[m.name]
        combo.blockSignals(True)
        combo.clear()
        for state, form, label in choices(m):
            combo.addItem(label, f"{state}|{form}")
        combo.set_value(f"{m.state}|{m.form if m.state == MaterialState.RECEIVED else ''}")
        combo.setEnabled(not read_only)
        combo.blockSignals(False)
        due = ""
        if m.state == MaterialState.DEFERRED and m.due:
            due = S.MATERIAL_DUE.format(due=m.due) + (S.MATERIAL_OVERDUE if m.overdue else "")
        elif m.state == MaterialState.COMMITTED:
            due = S.MATERIAL_COMMITTED
        self.dues[m.name].setText(due)
        self.dues[m.name].setVisible(bool(due))
        self.dues[m.name].setStyleSheet("color:#8a1c1c" if m.overdue else "")
        note = self.notes[m.name]
        self.saved_notes[m.name] = m.note
        if note.text() != m.note and not note.hasFocus():  # never overwrite what the clerk is typing
            note.setText(m.note)
        note.setEnabled(not read_only and bool(m.state))  # a note belongs to a material whose state is known

    def focus_chain(self) -> list[QWidget]:
        """The panel's fields in Tab order: each material's state, then its note."""
        return [w for n in self.names for w in (self.combos[n], self.notes[n])]

    def _chosen(self, material: str, value: str) -> None:
        state, _, form = value.partition("|")
        self.material_requested.emit(self.key, material, state, form, self.notes[material].text().strip())

    def _noted(self, material: str) -> None:
        text = self.notes[material].text().strip()
        if text == self.saved_notes.get(material, "") or not self.notes[material].isEnabled():
            return
        self.saved_notes[material] = text  # asked once: Enter and then leaving the field is one write
        state, _, form = str(self.combos[material].currentData() or "").partition("|")
        self.material_requested.emit(self.key, material, state, form, text)

    def note(self, material: str, text: str) -> None:
        """Keyboard and test route: type a note for a material and press Enter, as a user would."""
        field = self.notes[material]
        field.setText(text)
        field.editingFinished.emit()

    def choose(self, material: str, state: str, form: str = "") -> None:
        """Keyboard and test route: choose a state for a material as a user would."""
        combo = self.combos[material]
        index = combo.findData(f"{state}|{form}")
        if index < 0 or not combo.isEnabled():
            return
        combo.setCurrentIndex(index)
        combo.activated.emit(index)
