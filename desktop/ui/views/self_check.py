"""企业自查: the business owner's one screen — 我的企业 profile (saved, reused), the matters to handle,
and a report of what to do next and which benefits apply, with the clause behind each; a personal PDF
and a case-file export to bring to the service window.

The owner's case is opened through the application layer as of today (due dates read "if you start
today"), from the same snapshot the personal PDF prints; it follows the current content (the owner has no
clerk to confirm an update: the update is made, and logged, when the screen opens).  Every write is
guarded like the clerk's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.content_contract import SELF_CHECK_FAMILIES
from desktop.core.errors import UserError
from desktop.core.limits import TEXT_LIMITS
from desktop.core.model import Applicant, Case
from desktop.core.vocab import CaseStatus
from desktop.services.cases import CaseService, CaseSnapshot, NewCase
from desktop.ui import strings as S
from desktop.ui.dialogs.files import save_file_name
from desktop.ui.dialogs.new_case import check_id_number
from desktop.ui.guard import bug_message, guarded
from desktop.ui.views.profile_form import ProfileForm
from desktop.ui.views.self_html import report_html
from desktop.ui.workers import run_task

SELF_CASE_KEY = "self_case_id"


def ensure_self_case(service: CaseService) -> str:
    """The owner's own case (created on first use with the three main families chosen), kept open and
    on the current content."""
    repo = service.repo
    case_id = repo.setting(SELF_CASE_KEY)
    if case_id and repo.get_case(case_id) is not None:
        if repo.case_status(case_id) == CaseStatus.CLOSED:
            service.reopen(case_id)
        if service.open(case_id).outdated:
            service.update_to_latest(case_id)
        return case_id
    chosen = [c.id for c in service.ctx.catalog.checklists.values() if c.family in SELF_CHECK_FAMILIES]
    case_id = service.create(NewCase(Applicant(S.SELF_NAME_DEFAULT), chosen, dt.date.today(),
                                     case_id=f"ZC-{dt.datetime.now():%Y%m%d-%H%M%S}"))
    repo.set_setting(SELF_CASE_KEY, case_id)
    return case_id


class SelfCheckView(QWidget):
    saved = Signal(str)

    def __init__(self, service: CaseService) -> None:
        super().__init__()
        self.service = service
        self.ctx = ctx = service.ctx
        self.case_id = ensure_self_case(service)
        self.snap: CaseSnapshot = service.open(self.case_id, owner=True)
        case = self.snap.case
        self.name = QLineEdit(case.applicant.name)
        self.name.setAccessibleName(S.A11Y_SELF_NAME)
        self.name.setMaxLength(TEXT_LIMITS["name"])
        name_label = QLabel(S.SELF_NAME)
        name_label.setBuddy(self.name)
        self.id_number = QLineEdit(case.applicant.id_number, placeholderText=S.SELF_ID_HINT)
        self.id_number.setAccessibleName(S.SELF_ID_HINT)
        self.id_status = QLabel()
        self.contact = QLineEdit(case.applicant.contact, placeholderText=S.SELF_CONTACT_HINT)
        self.contact.setAccessibleName(S.SELF_CONTACT_HINT)
        self.phone = QLineEdit(case.applicant.phone, placeholderText=S.SELF_PHONE_HINT)
        self.phone.setAccessibleName(S.SELF_PHONE_HINT)
        for edit, field in ((self.id_number, "id_number"), (self.contact, "contact"), (self.phone, "phone")):
            edit.setMaxLength(TEXT_LIMITS[field])
        self.lists = QListWidget()
        self.lists.setAccessibleName(S.A11Y_SELF_LISTS)
        for cl in ctx.catalog.checklists.values():
            row = QListWidgetItem(cl.title)
            row.setData(Qt.ItemDataRole.UserRole, cl.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked if cl.id in case.checklists else Qt.CheckState.Unchecked)
            self.lists.addItem(row)
        self.lists.setMaximumHeight(self.lists.sizeHintForRow(0) * self.lists.count() + 2 * self.lists.frameWidth() + 2)
        lists_label = QLabel(S.SELF_LISTS)
        lists_label.setBuddy(self.lists)
        intro = QLabel(S.SELF_INTRO)
        intro.setWordWrap(True)
        self.form_holder = QVBoxLayout()
        self.profile: ProfileForm | None = None
        left = QWidget()
        lay = QVBoxLayout(left)
        name_row = QHBoxLayout()
        name_row.addWidget(name_label)
        name_row.addWidget(self.name, 1)
        lay.addLayout(name_row)
        lay.addWidget(self.id_number)
        lay.addWidget(self.id_status)
        contact_row = QHBoxLayout()
        contact_row.addWidget(self.contact)
        contact_row.addWidget(self.phone)
        lay.addLayout(contact_row)
        lay.addWidget(lists_label)
        lay.addWidget(self.lists)
        lay.addWidget(intro)
        lay.addLayout(self.form_holder, 1)
        self.report = QTextBrowser()
        self.report.setAccessibleName(S.A11Y_SELF_REPORT)
        self.pdf_button = QPushButton(S.SELF_PDF)
        self.export_button = QPushButton(S.SELF_EXPORT)
        self.status = QLabel()
        self.status.setWordWrap(True)
        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.addWidget(self.report, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        rlay.addLayout(buttons)
        rlay.addWidget(self.status)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([520, 760])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.name.editingFinished.connect(self._name_changed)
        for edit in (self.id_number, self.contact, self.phone):
            edit.editingFinished.connect(self._name_changed)
        self.id_number.textChanged.connect(self._check_id)
        self._check_id(self.id_number.text())
        self.lists.itemChanged.connect(self._lists_changed)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.export_button.clicked.connect(self.export)
        self._build_form()
        self.refresh()

    @property
    def case(self) -> Case:
        return self.snap.case

    # ------------------------------------------------------------ state

    def _build_form(self) -> None:
        if self.profile is not None:
            self.profile.flush()
            self.form_holder.removeWidget(self.profile)
            self.profile.deleteLater()
        questions = self.snap.catalog.questions_for(self.snap.case.checklists)
        self.profile = ProfileForm(questions, self.snap.case.profile)
        self.profile.answer_changed.connect(self.on_answer)
        self.form_holder.addWidget(self.profile)

    def refresh(self, snap: CaseSnapshot | None = None) -> None:
        """Show a snapshot (default: the case as stored now), evaluated as of today."""
        self.snap = snap or self.service.open(self.case_id, owner=True)
        owner = self.snap.doc.owner
        assert owner is not None
        bar = self.report.verticalScrollBar()
        position = bar.value()  # answering a question must not throw the reader back to the top
        self.report.setHtml(report_html(owner))
        bar.setValue(position)
        if self.profile is not None:
            size = self.snap.evaluation.size
            self.profile.show_size(S.SELF_SIZE.format(size=size.size) if size and size.size else S.SELF_SIZE_NEED)

    def _write(self, action: Callable[[], CaseSnapshot], saved: str) -> bool:
        snap = guarded(self, action)
        self.refresh(snap)
        if snap is not None:
            self.saved.emit(saved)
        return snap is not None

    def on_answer(self, question_id: str, value: object) -> None:
        self._write(lambda: self.service.answer(self.case_id, question_id, value, owner=True), question_id)

    def _check_id(self, text: str) -> None:
        ok, message = check_id_number(text)
        self.id_status.setText(message)
        self.id_status.setVisible(bool(message))
        self.id_status.setStyleSheet("color: #2e7d32" if ok else "color: #b00020")

    def _name_changed(self) -> None:
        """Name, ID number, contact and phone: saved as typed (an ID that fails its check is kept and
        marked, since the owner may still be filling it in; the clerk sees the mark at import)."""
        name = self.name.text().strip() or S.SELF_NAME_DEFAULT
        id_number = self.id_number.text().strip().upper()
        ok, _ = check_id_number(id_number)
        current = self.snap.case.applicant
        applicant = dataclasses.replace(current, name=name, id_number=id_number, contact=self.contact.text().strip(),
                                        phone=self.phone.text().strip(), id_override=not ok)
        if applicant != current:
            self._write(lambda: self.service.update_applicant(self.case_id, applicant, owner=True), "name")

    def chosen(self) -> list[str]:
        return [str(self.lists.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.lists.count())
                if self.lists.item(i).checkState() == Qt.CheckState.Checked]

    def _lists_changed(self, _row: QListWidgetItem) -> None:
        chosen = self.chosen()
        if self._write(lambda: self.service.set_checklists(self.case_id, chosen, owner=True), "checklists"):
            self._build_form()

    # ------------------------------------------------------------ outputs

    def save_pdf(self) -> None:
        folder = self.ctx.repo.setting("last_pdf_dir", str(Path.home()))
        path = save_file_name(self, S.SELF_PDF, Path(folder) / S.SELF_PDF_NAME, S.PDF_FILTER)
        if path is not None:
            self.write_pdf(path)

    def write_pdf(self, path: Path) -> None:
        from desktop.services.documents import render

        self.ctx.repo.set_setting("last_pdf_dir", str(path.parent))
        if self.profile is not None:
            self.profile.flush()
        snapshot, calendar = self.snap, self.ctx.calendar  # the report on the screen, as printed
        self.pdf_button.setEnabled(False)

        def done(p: Path) -> None:
            self.pdf_button.setEnabled(True)
            self.status.setText(S.PDF_SAVED.format(path=p))

        def failed(exc: Exception) -> None:
            self.pdf_button.setEnabled(True)
            self.status.setText(S.PDF_FAILED.format(error=exc if isinstance(exc, UserError) else bug_message(exc)))

        run_task(lambda: render(snapshot, path, "self", calendar=calendar), done, failed)

    def export(self) -> None:
        folder = self.ctx.repo.setting("last_export_dir", str(Path.home()))
        name = S.SELF_EXPORT_NAME.format(name=self.snap.case.applicant.name)
        path = save_file_name(self, S.SELF_EXPORT, Path(folder) / name, S.CASE_FILE_FILTER)
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> Path:
        from desktop.core.casefile import write_case_file

        self.ctx.repo.set_setting("last_export_dir", str(path.parent))
        if self.profile is not None:
            self.profile.flush()
        written = write_case_file(self.service.open(self.case_id).case, path)
        self.status.setText(S.SELF_EXPORTED.format(path=written) + "\n" + S.SELF_EXPORT_NOTE)
        return written
