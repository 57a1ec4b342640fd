"""企业自查: the business owner's one screen — 我的企业 profile (saved, reused), the matters to handle,
and a report of what to do next and which benefits apply, with the clause behind each; a personal PDF
and a case-file export to bring to the service window."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
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

from desktop.context import AppContext
from desktop.core.evaluate import ItemView, evaluate_case
from desktop.core.facts import case_facts
from desktop.core.model import Applicant, Case
from desktop.core.selfcheck import SelfCheck, self_check
from desktop.core.vocabulary import SELF_CHECK_FAMILIES
from desktop.ui import strings as S
from desktop.ui.dialogs.new_case import check_id_number
from desktop.ui.views.profile_form import ProfileForm
from desktop.ui.views.self_html import report_html
from desktop.ui.workers import run_task

SELF_CASE_KEY = "self_case_id"


def ensure_self_case(ctx: AppContext) -> str:
    """The owner's own case (created on first use with the three main families chosen)."""
    case_id = ctx.repo.setting(SELF_CASE_KEY)
    if case_id and ctx.repo.get_case(case_id) is not None:
        return case_id
    chosen = [(c.id, c.version) for c in ctx.catalog.checklists.values() if c.family in SELF_CHECK_FAMILIES]
    case_id = ctx.repo.create_case(Applicant(S.SELF_NAME_DEFAULT), chosen, dt.date.today(), "", "", "企业自查",
                                   case_id=f"ZC-{dt.datetime.now():%Y%m%d-%H%M%S}")
    ctx.repo.set_setting(SELF_CASE_KEY, case_id)
    return case_id


class SelfCheckView(QWidget):
    saved = Signal(str)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.case_id = ensure_self_case(ctx)
        case = ctx.repo.get_case(self.case_id)
        assert case is not None
        self.case: Case = case
        self.check = SelfCheck()
        self.views: list[ItemView] = []
        self.name = QLineEdit(case.applicant.name)
        name_label = QLabel(S.SELF_NAME)
        name_label.setBuddy(self.name)
        self.id_number = QLineEdit(case.applicant.id_number, placeholderText=S.SELF_ID_HINT)
        self.id_status = QLabel()
        self.contact = QLineEdit(case.applicant.contact, placeholderText=S.SELF_CONTACT_HINT)
        self.phone = QLineEdit(case.applicant.phone, placeholderText=S.SELF_PHONE_HINT)
        self.lists = QListWidget()
        self.lists.setMaximumHeight(150)
        for cl in ctx.catalog.checklists.values():
            row = QListWidgetItem(cl.title)
            row.setData(Qt.ItemDataRole.UserRole, cl.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked if cl.id in case.checklists else Qt.CheckState.Unchecked)
            self.lists.addItem(row)
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
        split.setSizes([460, 740])
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

    # ------------------------------------------------------------ state

    def _build_form(self) -> None:
        if self.profile is not None:
            self.form_holder.removeWidget(self.profile)
            self.profile.deleteLater()
        questions = self.ctx.catalog.questions_for(self.case.checklists)
        self.profile = ProfileForm(questions, self.case.profile)
        self.profile.answer_changed.connect(self.on_answer)
        self.form_holder.addWidget(self.profile)

    def today_case(self) -> Case:
        """The case as of today: self-check due dates read "if you start today"."""
        return dataclasses.replace(self.case, received_on=dt.date.today())

    def refresh(self) -> None:
        case = self.today_case()
        facts = case_facts(case.profile, case.received_on)
        self.views = evaluate_case(self.ctx.catalog, case, facts, self.ctx.calendar)
        self.check = self_check(self.views)
        self.report.setHtml(report_html(self.check, self.ctx.catalog, self.ctx.catalog.labels()))
        if self.profile is not None:
            size = facts.get("size")
            self.profile.show_size(f"{size}（仅供参考）" if size else "请选择行业并填写从业人员、营业收入、资产总额")

    def on_answer(self, question_id: str, value: object) -> None:
        self.ctx.repo.set_answer(self.case_id, question_id, value, "企业自查")
        self.case.set_answer(question_id, value)
        self.saved.emit(question_id)
        self.refresh()

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
        applicant = dataclasses.replace(self.case.applicant, name=name, id_number=id_number,
                                        contact=self.contact.text().strip(), phone=self.phone.text().strip(),
                                        id_override=not ok)
        if applicant == self.case.applicant:
            return
        self.ctx.repo.update_applicant(self.case_id, applicant, "企业自查")
        self.case.applicant = applicant
        self.saved.emit("name")

    def chosen(self) -> list[str]:
        return [str(self.lists.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.lists.count())
                if self.lists.item(i).checkState() == Qt.CheckState.Checked]

    def _lists_changed(self, _row: QListWidgetItem) -> None:
        chosen = self.chosen()
        versions = [(cid, self.ctx.catalog.checklists[cid].version) for cid in chosen]
        self.ctx.repo.set_case_checklists(self.case_id, versions, "企业自查")
        self.case.checklists = chosen
        self.case.versions = dict(versions)
        self._build_form()
        self.refresh()
        self.saved.emit("checklists")

    # ------------------------------------------------------------ outputs

    def save_pdf(self) -> None:
        folder = self.ctx.repo.setting("last_pdf_dir", str(Path.home()))
        path, _ = QFileDialog.getSaveFileName(self, S.SELF_PDF, str(Path(folder) / "我的办事清单.pdf"), S.PDF_FILTER)
        if path:
            self.write_pdf(Path(path))

    def write_pdf(self, path: Path) -> None:
        from desktop.reports.render import render_case_pdf

        self.ctx.repo.set_setting("last_pdf_dir", str(path.parent))
        case, catalog, calendar = self.today_case(), self.ctx.catalog, self.ctx.calendar
        self.pdf_button.setEnabled(False)

        def done(p: Path) -> None:
            self.pdf_button.setEnabled(True)
            self.status.setText(S.PDF_SAVED.format(path=p))

        def failed(exc: Exception) -> None:
            self.pdf_button.setEnabled(True)
            self.status.setText(S.PDF_FAILED.format(error=exc))

        run_task(lambda: render_case_pdf(catalog, case, path, kind="self", calendar=calendar), done, failed)

    def export(self) -> None:
        folder = self.ctx.repo.setting("last_export_dir", str(Path.home()))
        name = f"{self.case.applicant.name}-自查.json"
        path, _ = QFileDialog.getSaveFileName(self, S.SELF_EXPORT, str(Path(folder) / name), S.CASE_FILE_FILTER)
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> Path:
        from desktop.core.casefile import write_case_file

        self.ctx.repo.set_setting("last_export_dir", str(path.parent))
        case = self.ctx.repo.get_case(self.case_id) or self.case
        written = write_case_file(case, path)
        self.status.setText(S.SELF_EXPORTED.format(path=written) + "\n" + S.SELF_EXPORT_NOTE)
        return written
