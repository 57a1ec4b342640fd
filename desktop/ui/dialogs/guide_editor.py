"""The administrator's form for the 本中心办事指南: pick a checklist and a step, fill in where, hours, phone, fee,
承诺时限 and 补正期限 (工作日), the materials (name, 原件/复印件, 份数, 可容缺受理, 可告知承诺, 说明) and the guide's origin
(title, number or version, date), then 保存.

Saving goes through :class:`desktop.services.guide.GuideService`: the entry is checked against the step's
clauses first — a fee where a clause says 免费, a 承诺时限 over the legal limit are refused with the clause
shown — and every saved version is kept with who saved it and when (shown under 修改记录).  The step's own
time limit and cost are shown beside the form for reference.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.catalog import Catalog
from desktop.core.guide import GuideEntry, GuideMaterial, GuideOrigin
from desktop.core.vocab import GuideAction, MaterialForm, label
from desktop.services.guide import GuideRefused, GuideService
from desktop.ui import guard
from desktop.ui import strings as S
from desktop.ui.widgets import guard_wheel, name

NAME, FORM, COPIES, DEFER, COMMIT, NOTE = range(6)


def _days(spin: QSpinBox) -> int | None:
    return None if spin.value() == spin.minimum() else spin.value()


def _cell(table: QTableWidget, row: int, col: int) -> QTableWidgetItem:
    """The item of a cell every row has (created with the row)."""
    item = table.item(row, col)
    if item is None:  # never for rows made by add_material; kept total for a row added otherwise
        item = QTableWidgetItem()
        table.setItem(row, col, item)
    return item


class GuideEditor(QDialog):
    def __init__(self, service: GuideService, catalog: Catalog, parent: QWidget | None = None,
                 start: str | None = None) -> None:
        super().__init__(parent)
        self.service, self.catalog = service, catalog
        self.key = ""
        self.dirty = False
        self.setWindowTitle(S.GUIDE_EDITOR_TITLE)
        self.resize(1100, 760)
        intro = QLabel(S.GUIDE_EDITOR_INTRO)
        intro.setWordWrap(True)
        self.checklist = QComboBox()
        name(self.checklist, S.GUIDE_CHECKLIST.replace("(&L)：", ""))
        guard_wheel(self.checklist)
        for cl in catalog.checklists.values():
            self.checklist.addItem(cl.title, cl.id)
        checklist_label = QLabel(S.GUIDE_CHECKLIST)
        checklist_label.setBuddy(self.checklist)
        self.items = QListWidget()
        self.items.setAccessibleName(S.A11Y_GUIDE_ITEMS)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(checklist_label)
        left_layout.addWidget(self.checklist)
        left_layout.addWidget(self.items, 1)
        self.split = QSplitter()
        self.split.addWidget(left)
        self.split.addWidget(self._form())
        self.split.setSizes([360, 740])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.split, 1)
        layout.addWidget(close)
        self.checklist.currentIndexChanged.connect(self._fill_items)
        self.items.currentItemChanged.connect(self._item_changed)
        self._fill_items()
        if start:
            self.select(start)

    # ------------------------------------------------------------ building

    def _line(self, form: QFormLayout, text: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(self._touched)
        lab = QLabel(text)
        lab.setBuddy(edit)
        form.addRow(lab, edit)
        return edit

    def _spin(self, form: QFormLayout, text: str, minimum: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(minimum, 365)
        spin.setSpecialValueText(S.GUIDE_NOT_SET)
        name(spin, text.partition("(&")[0])
        spin.valueChanged.connect(self._touched)
        guard_wheel(spin)  # scrolling the form never changes a number under the pointer
        lab = QLabel(text)
        lab.setBuddy(spin)
        form.addRow(lab, spin)
        return spin

    def _form(self) -> QWidget:
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setObjectName("caseHeader")
        self.law = QLabel()
        self.law.setWordWrap(True)
        form = QFormLayout()
        self.office = self._line(form, S.GUIDE_OFFICE)
        self.title = self._line(form, S.GUIDE_ORIGIN_TITLE)
        self.number = self._line(form, S.GUIDE_ORIGIN_NUMBER)
        self.date = self._line(form, S.GUIDE_ORIGIN_DATE, "YYYY-MM-DD")
        self.place = self._line(form, S.GUIDE_PLACE)
        self.hours = self._line(form, S.GUIDE_HOURS)
        self.phone = self._line(form, S.GUIDE_PHONE)
        self.fee = self._line(form, S.GUIDE_FEE, S.GUIDE_FEE_HINT)
        self.promise = self._spin(form, S.GUIDE_PROMISE, -1)
        self.defer = self._spin(form, S.GUIDE_DEFER, 0)
        self.table = QTableWidget(0, len(S.GUIDE_MATERIAL_COLUMNS))
        self.table.setHorizontalHeaderLabels(list(S.GUIDE_MATERIAL_COLUMNS))
        self.table.setAccessibleName(S.A11Y_GUIDE_MATERIALS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(NAME, 260)
        self.table.setMinimumHeight(160)
        self.table.itemChanged.connect(self._touched)
        self.add_button = QPushButton(S.GUIDE_ADD_MATERIAL)
        self.remove_material_button = QPushButton(S.GUIDE_REMOVE_MATERIAL)
        self.add_button.clicked.connect(lambda: self.add_material())
        self.remove_material_button.clicked.connect(self.remove_material)
        rows = QHBoxLayout()
        rows.addWidget(self.add_button)
        rows.addWidget(self.remove_material_button)
        rows.addStretch(1)
        self.findings = QLabel()
        self.findings.setWordWrap(True)
        self.findings.setTextFormat(Qt.TextFormat.PlainText)
        self.findings.setAccessibleName(S.A11Y_GUIDE_FINDINGS)
        self.save_button = QPushButton(S.GUIDE_SAVE)
        self.remove_button = QPushButton(S.GUIDE_REMOVE)
        self.save_button.clicked.connect(lambda: self.save())
        self.remove_button.clicked.connect(lambda: self.remove_entry())
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        self.history = QListWidget()
        self.history.setAccessibleName(S.A11Y_GUIDE_HISTORY)
        self.history.setMaximumHeight(110)
        materials_label = QLabel(S.GUIDE_MATERIALS)
        history_label = QLabel(S.GUIDE_HISTORY)
        history_label.setBuddy(self.history)
        inner = QWidget()
        box = QVBoxLayout(inner)
        for widget in (self.heading, self.law):
            box.addWidget(widget)
        box.addLayout(form)
        box.addWidget(materials_label)
        box.addWidget(self.table)
        box.addLayout(rows)
        box.addWidget(self.findings)
        box.addLayout(actions)
        box.addWidget(history_label)
        box.addWidget(self.history)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(inner)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return area

    # ------------------------------------------------------------ items

    def _fill_items(self) -> None:
        cid = self.checklist.currentData()
        checklist = self.catalog.checklists.get(cid)
        entries = self.service.current()
        self.items.blockSignals(True)
        self.items.clear()
        for item in checklist.items if checklist else ():
            key = f"{cid}/{item.id}"
            row = QListWidgetItem(f"{item.id} {item.title}" + (S.GUIDE_HAS_ENTRY if key in entries else ""))
            row.setData(Qt.ItemDataRole.UserRole, key)
            self.items.addItem(row)
        self.items.blockSignals(False)
        if self.items.count():
            self.items.setCurrentRow(0)

    def select(self, key: str) -> None:
        cid = key.partition("/")[0]
        index = self.checklist.findData(cid)
        if index >= 0 and index != self.checklist.currentIndex():
            self.checklist.setCurrentIndex(index)
        for row in range(self.items.count()):
            if self.items.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.items.setCurrentRow(row)
                return

    def _item_changed(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        key = str(current.data(Qt.ItemDataRole.UserRole))
        if self.dirty and key != self.key:
            answer = QMessageBox.question(self, S.GUIDE_EDITOR_TITLE, S.GUIDE_DISCARD)
            if answer != QMessageBox.StandardButton.Yes and previous is not None:
                self.items.blockSignals(True)
                self.items.setCurrentItem(previous)
                self.items.blockSignals(False)
                return
        self.load(key)

    def load(self, key: str) -> None:
        """Show the entry in use for ``key`` (a new one takes the office and origin of the newest entry)."""
        self.key = key
        cid, _, iid = key.partition("/")
        checklist = self.catalog.checklists.get(cid)
        item = checklist.item(iid) if checklist else None
        entry = self.service.entry(key)
        self.heading.setText(f"{item.title if item else key}" + ("" if entry else S.GUIDE_NONE_YET))
        limit = item.time_limit.label() if item is not None and item.time_limit is not None else S.DETAIL_NOT_STATED
        self.law.setText(S.GUIDE_ITEM_LAW.format(limit=limit, cost=(item.cost if item else "") or S.DETAIL_NOT_STATED))
        template = entry or self._template(key)
        for edit, value in ((self.office, template.office), (self.title, template.origin.title),
                            (self.number, template.origin.number), (self.date, template.origin.date),
                            (self.place, template.place), (self.hours, template.hours), (self.phone, template.phone),
                            (self.fee, template.fee)):
            edit.setText(value)
        for spin, days in ((self.promise, template.promise_days), (self.defer, template.defer_days)):
            spin.blockSignals(True)
            spin.setValue(spin.minimum() if days is None else days)
            spin.blockSignals(False)
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.blockSignals(False)
        for m in template.materials:
            self.add_material(m)
        self.findings.setText("")
        self._show_history()
        self.remove_button.setEnabled(entry is not None)
        self.dirty = False

    def _template(self, key: str) -> GuideEntry:
        newest = max(self.service.current().values(), key=lambda e: (e.entered_at, e.key), default=None)
        if newest is None:
            return GuideEntry(key, self.service.ctx.repo.setting("office"), GuideOrigin(""))
        return GuideEntry(key, newest.office, newest.origin)

    def _show_history(self) -> None:
        self.history.clear()
        for version in reversed(self.service.history(self.key)):
            try:
                action = label(GuideAction(version.action))
            except ValueError:
                action = version.action
            source = f"　{version.source}" if version.source else ""
            self.history.addItem(S.GUIDE_HISTORY_LINE.format(version=version.version, action=action,
                                                             who=version.entered_by,
                                                             at=version.entered_at.replace("T", " "), source=source))

    # ------------------------------------------------------------ materials

    def add_material(self, m: GuideMaterial | None = None) -> int:
        """A new row (empty, or showing ``m``); returns its index."""
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        self.table.setItem(row, NAME, QTableWidgetItem(m.name if m else ""))
        form = QComboBox()
        form.addItem(S.GUIDE_FORM_NONE, "")
        for f in MaterialForm:
            form.addItem(label(f), f.value)
        form.setCurrentIndex(max(form.findData(m.form if m else ""), 0))
        name(form, S.A11Y_GUIDE_MATERIAL_FORM.format(n=row + 1))
        form.currentIndexChanged.connect(self._touched)
        copies = QSpinBox()
        copies.setRange(0, 99)
        copies.setSpecialValueText(S.GUIDE_NOT_SET)
        copies.setValue((m.copies or 0) if m else 0)
        name(copies, S.A11Y_GUIDE_MATERIAL_COPIES.format(n=row + 1))
        copies.valueChanged.connect(self._touched)
        guard_wheel(form, copies)
        self.table.setCellWidget(row, FORM, form)
        self.table.setCellWidget(row, COPIES, copies)
        for col, on in ((DEFER, bool(m and m.deferrable)), (COMMIT, bool(m and m.commitment))):
            box = QTableWidgetItem()
            box.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            box.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.table.setItem(row, col, box)
        self.table.setItem(row, NOTE, QTableWidgetItem(m.note if m else ""))
        self.table.blockSignals(False)
        if m is None:
            self.dirty = True
        return row

    def set_material(self, row: int, m: GuideMaterial) -> None:
        """Fill a row (tests, and a row typed in full)."""
        _cell(self.table, row, NAME).setText(m.name)
        form = self.table.cellWidget(row, FORM)
        assert isinstance(form, QComboBox)
        form.setCurrentIndex(max(form.findData(m.form), 0))
        copies = self.table.cellWidget(row, COPIES)
        assert isinstance(copies, QSpinBox)
        copies.setValue(m.copies or 0)
        _cell(self.table, row, DEFER).setCheckState(Qt.CheckState.Checked if m.deferrable else Qt.CheckState.Unchecked)
        _cell(self.table, row, COMMIT).setCheckState(Qt.CheckState.Checked if m.commitment else Qt.CheckState.Unchecked)
        _cell(self.table, row, NOTE).setText(m.note)

    def remove_material(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self.dirty = True

    def materials(self) -> tuple[GuideMaterial, ...]:
        out = []
        for row in range(self.table.rowCount()):
            text = _cell(self.table, row, NAME).text().strip()
            note = _cell(self.table, row, NOTE).text().strip()
            form, copies = self.table.cellWidget(row, FORM), self.table.cellWidget(row, COPIES)
            assert isinstance(form, QComboBox) and isinstance(copies, QSpinBox)
            if not text and not note:
                continue  # an empty row is not a material
            out.append(GuideMaterial(text, str(form.currentData() or ""), copies.value() or None,
                                     _cell(self.table, row, DEFER).checkState() == Qt.CheckState.Checked,
                                     _cell(self.table, row, COMMIT).checkState() == Qt.CheckState.Checked, note))
        return tuple(out)

    def reject(self) -> None:
        """关闭 (or Esc): unsaved changes of the shown entry are not dropped without asking."""
        if self.dirty and QMessageBox.question(self, S.GUIDE_EDITOR_TITLE, S.GUIDE_DISCARD) \
                != QMessageBox.StandardButton.Yes:
            return
        self.dirty = False
        super().reject()

    # ------------------------------------------------------------ saving

    def _touched(self, *_args: object) -> None:
        self.dirty = True

    def entry(self) -> GuideEntry:
        """The entry as the form shows it now."""
        origin = GuideOrigin(self.title.text().strip(), self.number.text().strip(), self.date.text().strip())
        return GuideEntry(self.key, self.office.text().strip(), origin, self.place.text().strip(),
                          self.hours.text().strip(), self.phone.text().strip(), self.fee.text().strip(),
                          _days(self.promise), _days(self.defer), self.materials())

    def save(self) -> bool:
        """保存: refused entries say why (every line, with the clause) and keep the form as typed."""
        try:
            notes = self.service.save(self.entry())
        except GuideRefused as exc:
            self.findings.setText(S.GUIDE_REFUSED.format(lines="\n".join(exc.lines)))
            guard.report(self, exc)
            return False
        except Exception as exc:  # a UserError (limits, administrator mode) or a bug: told, never lost silently
            self.findings.setText(str(exc))
            guard.report(self, exc)
            return False
        self.dirty = False
        title = self.heading.text().replace(S.GUIDE_NONE_YET, "")
        self.findings.setText(S.GUIDE_SAVED_WARNINGS.format(lines="\n".join(notes)) if notes
                              else S.GUIDE_SAVED.format(title=title))
        self._refresh_marks()
        self._show_history()
        self.heading.setText(title)
        self.remove_button.setEnabled(True)
        return True

    def remove_entry(self, confirm: bool = True) -> bool:
        title = self.heading.text().replace(S.GUIDE_NONE_YET, "")
        if confirm and QMessageBox.question(self, S.GUIDE_EDITOR_TITLE, S.GUIDE_REMOVE_CONFIRM.format(title=title)) \
                != QMessageBox.StandardButton.Yes:
            return False
        if guard.guarded(self, lambda: self.service.remove(self.key)) is None:
            return False
        self._refresh_marks()
        self.load(self.key)
        return True

    def _refresh_marks(self) -> None:
        entries = self.service.current()
        for row in range(self.items.count()):
            item = self.items.item(row)
            key = str(item.data(Qt.ItemDataRole.UserRole))
            text = item.text().replace(S.GUIDE_HAS_ENTRY, "")
            item.setText(text + (S.GUIDE_HAS_ENTRY if key in entries else ""))
