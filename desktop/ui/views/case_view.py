"""One open case: header with progress, then four tabs — 基本情况 (profile), 办理事项 (steps with their
legal basis), 汇总与打印 and 办理记录.

The view shows a :class:`~desktop.services.cases.CaseSnapshot` and nothing else: every change goes
through the :class:`~desktop.services.cases.CaseService` (guarded: a refused write is told, never lost
silently), which returns the new snapshot; the header, the step list, the step pane and the 汇总 tab are
all drawn from it.  A closed case is read-only until 重新打开.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.eligibility import Classification
from desktop.core.evaluate import ItemView
from desktop.core.model import Case
from desktop.core.present import ItemDoc
from desktop.core.progress import progress_line, progress_text
from desktop.core.vocab import case_status_label
from desktop.services.cases import CaseService, CaseSnapshot
from desktop.ui import strings as S
from desktop.ui.dialogs.update_content import UpdateContentDialog
from desktop.ui.guard import guarded
from desktop.ui.views.audit_view import AuditView
from desktop.ui.views.profile_form import ProfileForm
from desktop.ui.views.step_detail import StepDetail
from desktop.ui.views.step_tree import StepTree
from desktop.ui.views.summary import SummaryPanel

MAX_LISTED = 15  # open steps named in the 办结 question


class CaseView(QWidget):
    saved = Signal(str)  # a message for the status bar
    reopen_requested = Signal(str)  # the case must be shown afresh (content version changed)
    closed_changed = Signal(str)  # the case was closed or reopened

    def __init__(self, service: CaseService, case_id: str, splitter_state: bytes | None = None) -> None:
        super().__init__()
        self.service = service
        self.ctx = service.ctx
        self.snap: CaseSnapshot = service.open(case_id)
        case = self.snap.case
        questions = self.snap.catalog.questions_for(case.checklists)

        self.header = QLabel()
        self.header.setObjectName("caseHeader")
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setAccessibleName(S.A11Y_PROGRESS)
        self._questions = questions
        self._profile: ProfileForm | None = None  # built when first needed: opening a case stays quick
        self._profile_page = QWidget()
        self._profile_layout = QVBoxLayout(self._profile_page)
        self._profile_layout.setContentsMargins(0, 0, 0, 0)
        self.steps = StepTree()
        self.detail = StepDetail()
        self.split = QSplitter()
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.steps)
        self.split.addWidget(self.detail)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 3)
        if not (splitter_state and self.split.restoreState(splitter_state)):
            self.split.setSizes([480, 720])
        self.summary = SummaryPanel(self)
        self.audit = AuditView()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(S.A11Y_CASE_TABS)
        self.tabs.addTab(self._profile_page, S.TAB_PROFILE)
        self.tabs.addTab(self.split, S.TAB_STEPS)
        self.tabs.addTab(self.summary, S.TAB_SUMMARY)
        self.tabs.addTab(self.audit, S.TAB_AUDIT)
        self.outdated = QLabel(S.OUTDATED)
        self.update_button = QPushButton(S.UPDATE_BUTTON)
        self.closed_banner = QLabel()
        self.closed_banner.setObjectName("closedBanner")
        self.close_button = QPushButton()
        banner = QHBoxLayout()
        banner.addWidget(self.header, 1)
        banner.addWidget(self.outdated)
        banner.addWidget(self.update_button)
        banner.addWidget(self.close_button)
        self.update_button.clicked.connect(lambda: self.update_content())
        self.close_button.clicked.connect(lambda: self.toggle_closed())
        layout = QVBoxLayout(self)
        layout.addLayout(banner)
        layout.addWidget(self.closed_banner)
        layout.addWidget(self.bar)
        layout.addWidget(self.tabs, 1)

        self.detail.state_requested.connect(self.on_state)
        self.detail.material_requested.connect(self.on_material)
        self.detail.leave_requested.connect(self.steps.setFocus)
        self.steps.current_changed.connect(self._show_current)
        self.tabs.currentChanged.connect(self._tab_changed)
        for n in range(4):
            QShortcut(QKeySequence(f"Alt+{n + 1}"), self, lambda n=n: self.tabs.setCurrentIndex(n))
        QShortcut(QKeySequence("Ctrl+M"), self.split, self.detail.focus_note)
        # status keys act at once (a button's own shortcut would animate the click for 100 ms)
        for status, keys in S.STATUS_SHORTCUTS.items():
            QShortcut(QKeySequence(keys), self.split, lambda s=status: self.detail.set_status(s))
        self.show_snapshot(self.snap)
        self.tabs.setCurrentIndex(0 if questions and not case.profile else 1)
        if self.tabs.currentIndex() == 0:
            _ = self.profile  # opening on 基本情况: the form is needed now

    @property
    def case(self) -> Case:
        """The case as shown (the snapshot's)."""
        return self.snap.case

    @property
    def views(self) -> tuple[ItemView, ...]:
        """The evaluated items as shown (the snapshot's)."""
        return self.snap.views

    def select(self, key: str) -> None:
        """Make the item with this key current in the step list."""
        row = self.steps.rows.get(key)
        if row is not None:
            self.steps.setCurrentItem(row)

    # ------------------------------------------------------------ showing the snapshot

    def show_snapshot(self, snap: CaseSnapshot, keep: str | None = None) -> None:
        """Draw everything from one snapshot."""
        self.snap = snap
        case, doc, progress = snap.case, snap.doc, snap.progress
        self.header.setText(S.CASE_HEADER.format(
            id=case.id, name=case.applicant.name, id_number=doc.id_shown or S.NO_ID,
            received=case.received_on.isoformat(), status=case_status_label(snap.status),
            progress=progress_line(progress)))
        self.bar.setMaximum(max(progress.applicable, 1))
        self.bar.setValue(progress.settled if progress.applicable else 1)
        self.bar.setFormat(progress_line(progress))
        self.bar.setToolTip(progress_text(progress))
        self._show_size(snap.evaluation.size)
        self.outdated.setVisible(bool(snap.outdated) and not snap.closed)
        self.update_button.setVisible(bool(snap.outdated) and not snap.closed)
        self.close_button.setText(S.REOPEN_CASE if snap.closed else S.CLOSE_CASE)
        self.closed_banner.setVisible(snap.closed)
        self.closed_banner.setText(S.CLOSED_BANNER.format(at=(snap.closed_at or "").replace("T", " ")))
        if self._profile is not None:
            self._profile.set_read_only(snap.closed)
        self.steps.show_case(doc, keep)
        self.summary.show_progress(progress)
        if self.tabs.currentWidget() is self.audit:
            self._show_audit()

    @property
    def profile(self) -> ProfileForm:
        """The 基本情况 form, built the first time it is needed (its tab shown, a test, a flush)."""
        if self._profile is None:
            form = ProfileForm(self._questions, self.snap.case.profile)
            form.answer_changed.connect(self.on_answer)
            self._profile_layout.addWidget(form)
            self._profile = form
            form.set_read_only(self.snap.closed)
            self._show_size(self.snap.evaluation.size)
        return self._profile

    def _show_size(self, result: Classification | None) -> None:
        if self._profile is None:
            return  # shown when the form is built
        if result is None:
            self._profile.show_size(S.SIZE_NEED)
            return
        text = result.rule if result.size else S.SIZE_MISSING + "、".join(result.missing)
        self._profile.show_size(f"{text}\n{result.advisory}")

    def current_item(self) -> ItemDoc | None:
        key = self.steps.current_key()
        return self.snap.items.get(key) if key else None

    def _show_current(self, _key: str = "") -> None:
        self.detail.show_item(self.current_item(), read_only=self.snap.closed)

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self._profile_page:
            _ = self.profile  # build on first show
        elif self._profile is not None:
            self._profile.flush()
        self.detail.flush_note()
        if self.tabs.currentWidget() is self.audit:
            self._show_audit()

    def _show_audit(self) -> None:
        self.audit.show_entries(self.snap.catalog, self.ctx.repo.audit_log(self.snap.case.id))

    # ------------------------------------------------------------ writes (all through the service)

    def _apply(self, action: Callable[[], CaseSnapshot], saved: str, keep: str | None = None) -> bool:
        snap = guarded(self, action)
        if snap is None:
            self.show_snapshot(self.service.open(self.snap.case.id), keep)  # show what is really stored
            return False
        self.show_snapshot(snap, keep)
        self.saved.emit(saved)
        return True

    def on_answer(self, question_id: str, value: object) -> None:
        self._apply(lambda: self.service.answer(self.snap.case.id, question_id, value), question_id)

    def on_state(self, key: str, status: str, note: str) -> None:
        # keep whatever is current now: a note is saved as the clerk moves on to the next item
        keep = self.steps.current_key() or key
        self._apply(lambda: self.service.mark(self.snap.case.id, key, status, note), key, keep=keep)

    def on_material(self, key: str, name: str, state: str, form: str, note: str) -> None:
        keep = self.steps.current_key() or key
        self._apply(lambda: self.service.set_material(self.snap.case.id, key, name, state, form, note), key, keep=keep)

    def update_content(self, confirm: bool = True) -> None:
        diffs = list(self.snap.outdated)
        if not diffs:
            return
        if confirm:
            titles = {c.id: c.title for c in self.ctx.catalog.checklists.values()}
            if UpdateContentDialog(diffs, titles, self).exec() != QDialog.DialogCode.Accepted:
                return
        self.detail.flush_note()
        if guarded(self, lambda: self.service.update_to_latest(self.snap.case.id)) is not None:
            self.reopen_requested.emit(self.snap.case.id)

    def toggle_closed(self, confirm: bool = True) -> bool:
        """办结 (asking first when steps are still 待办) or 重新打开."""
        self.detail.flush_note()
        case_id = self.snap.case.id
        if self.snap.closed:
            done = self._apply(lambda: self.service.reopen(case_id), "status")
        else:
            open_steps = self.snap.open_steps()
            if confirm and open_steps and not self._confirm_close(open_steps):
                return False
            done = self._apply(lambda: self.service.close(case_id), "status")
        if done:
            self.closed_changed.emit(case_id)
            self._show_current()
        return done

    def _confirm_close(self, open_steps: list[ItemDoc]) -> bool:
        names = "\n".join(f"· {i.title}" for i in open_steps[:MAX_LISTED])
        if len(open_steps) > MAX_LISTED:
            names += "\n" + S.CLOSE_MORE.format(n=len(open_steps) - MAX_LISTED)
        box = QMessageBox(QMessageBox.Icon.Question, S.CLOSE_TITLE,
                          S.CLOSE_OPEN_STEPS.format(n=len(open_steps), names=names),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setObjectName("closeConfirm")
        return box.exec() == QMessageBox.StandardButton.Yes

    def set_current_status(self, status: str) -> None:
        self.detail.set_status(status)

    def flush(self) -> None:
        if self._profile is not None:
            self._profile.flush()
        self.detail.flush_note()

    def closing(self) -> None:
        """The view leaves the screen: save what is pending and delete the preview's temporary file."""
        self.flush()
        self.summary.shut()
