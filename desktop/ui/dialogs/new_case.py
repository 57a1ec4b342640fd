"""新建办理: the applicant's details and the checklist(s) to bundle into one case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.catalog import Catalog
from desktop.core.limits import TEXT_LIMITS
from desktop.core.model import Applicant
from desktop.ui import strings as S
from desktop.ui.widgets import guard_wheel, name


@dataclass(frozen=True)
class NewCaseRequest:
    applicant: Applicant
    checklists: list[str]
    received_on: dt.date
    clerk: str
    office: str


def check_id_number(text: str) -> tuple[bool, str]:
    """(ok, message) for the ID field; empty is allowed (filled in later)."""
    if not text.strip():
        return True, ""
    from desktop.core.identifiers import check_id

    result = check_id(text)
    return result.valid, (f"✓ {result.kind}" if result.valid else f"✗ {result.reason}")


class NewCaseDialog(QDialog):
    def __init__(self, catalog: Catalog, clerk: str, office: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(S.NEW_CASE_TITLE)
        self.setMinimumWidth(560)
        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.id_status = QLabel()
        self.id_override = QCheckBox(S.ID_OVERRIDE)
        self.id_override.hide()
        self.contact = QLineEdit()
        self.phone = QLineEdit()
        self.received = QDateEdit(QDate.currentDate())
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("yyyy-MM-dd")
        name(self.received, S.A11Y_RECEIVED)
        guard_wheel(self.received)
        self.clerk = QLineEdit(clerk)
        self.office = QLineEdit(office)
        self.lists = QListWidget()
        for cl in catalog.checklists.values():
            row = QListWidgetItem(S.CHECKLIST_ROW.format(title=cl.title, n=len(cl.items)))
            row.setData(Qt.ItemDataRole.UserRole, cl.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Unchecked)
            self.lists.addItem(row)
        if self.lists.count():  # nothing ticked: the clerk chooses what the applicant came for
            self.lists.setCurrentRow(0)
        for edit, field in ((self.name, "name"), (self.id_number, "id_number"), (self.contact, "contact"),
                            (self.phone, "phone"), (self.clerk, "clerk"), (self.office, "office")):
            edit.setMaxLength(TEXT_LIMITS[field])  # the limits the store enforces (desktop/core/limits.py)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout()
        for label, widget in ((S.APPLICANT_NAME, self.name), (S.APPLICANT_ID, self.id_number),
                              ("", self.id_status), ("", self.id_override), (S.APPLICANT_CONTACT, self.contact),
                              (S.APPLICANT_PHONE, self.phone), (S.RECEIVED_ON, self.received),
                              (S.CLERK_LABEL, self.clerk), (S.OFFICE_LABEL, self.office)):
            lab = QLabel(label)
            lab.setBuddy(widget)
            form.addRow(lab, widget)
        lists_label = QLabel(S.CHOOSE_CHECKLISTS)
        lists_label.setBuddy(self.lists)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(lists_label)
        layout.addWidget(self.lists)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.id_number.textChanged.connect(self._check_id)
        self.name.setFocus()

    def _check_id(self, text: str) -> None:
        ok, message = check_id_number(text)
        self.id_status.setText(message)
        self.id_status.setStyleSheet("color: #2e7d32" if ok else "color: #b00020")
        self.id_override.setVisible(not ok)
        if ok:
            self.id_override.setChecked(False)

    def chosen(self) -> list[str]:
        return [str(self.lists.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.lists.count())
                if self.lists.item(i).checkState() == Qt.CheckState.Checked]

    def accept(self) -> None:
        if not self.name.text().strip():
            self.error.setText(S.NEED_NAME)
            self.name.setFocus()
            return
        if not self.chosen():
            self.error.setText(S.NEED_CHECKLIST)
            self.lists.setFocus()
            return
        ok, _ = check_id_number(self.id_number.text())
        if not ok and not self.id_override.isChecked():
            self.error.setText(S.ID_FAILED_HINT)
            self.id_number.setFocus()
            return
        super().accept()

    def request(self) -> NewCaseRequest:
        applicant = Applicant(self.name.text().strip(), self.id_number.text().strip().upper(),
                              self.contact.text().strip(), self.phone.text().strip(),
                              id_override=self.id_override.isChecked())
        return NewCaseRequest(applicant, self.chosen(), _to_date(self.received.date()),
                              self.clerk.text().strip(), self.office.text().strip())


def _to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())
