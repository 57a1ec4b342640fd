"""One open case: header with progress, then three tabs — 基本情况 (profile), 办理事项 (steps with
their legal basis) and 汇总与打印 (summary, PDF, preview, print).  Every change is saved through the
repository at once; the view re-evaluates applicability after each answer."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.core.eligibility import Classification
from desktop.core.evaluate import ItemView, evaluate_case, progress
from desktop.core.facts import case_facts, classify_profile
from desktop.core.model import Case
from desktop.core.versions import ChecklistDiff, diff_checklists
from desktop.ui import strings as S
from desktop.ui.dialogs.new_case import check_id_number
from desktop.ui.dialogs.update_content import UpdateContentDialog
from desktop.ui.views.audit_view import AuditView
from desktop.ui.views.profile_form import ProfileForm
from desktop.ui.views.step_detail import StepDetail
from desktop.ui.views.summary import SummaryPanel

KEY_ROLE = Qt.ItemDataRole.UserRole
GREY = QBrush(QColor("#888888"))
RED = QBrush(QColor("#b00020"))


class CaseView(QWidget):
    saved = Signal(str)  # a message for the status bar
    failed = Signal(str)
    reopen_requested = Signal(str)  # the case must be shown afresh (content version changed)

    def __init__(self, ctx: AppContext, case_id: str) -> None:
        super().__init__()
        self.ctx = ctx
        case = ctx.repo.get_case(case_id)
        if case is None:
            raise KeyError(case_id)
        self.case: Case = case
        self.catalog = ctx.case_catalog(case)
        questions = self.catalog.questions_for(case.checklists)
        self.labels = self.catalog.labels()
        self.views: list[ItemView] = []
        self._next_due: object = ...  # unknown until the first refresh

        self.header = QLabel()
        self.header.setObjectName("caseHeader")
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.profile = ProfileForm(questions, case.profile)
        self.steps = QListWidget()
        self.detail = StepDetail(self.catalog, self.labels)
        split = QSplitter()
        split.addWidget(self.steps)
        split.addWidget(self.detail)
        split.setStretchFactor(1, 2)
        split.setSizes([360, 720])
        self.summary = SummaryPanel(ctx, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.profile, S.TAB_PROFILE)
        self.tabs.addTab(split, S.TAB_STEPS)
        self.tabs.addTab(self.summary, S.TAB_SUMMARY)
        self.audit = AuditView(self.labels)
        self.tabs.addTab(self.audit, S.TAB_AUDIT)
        self.outdated = QLabel(S.OUTDATED)
        self.update_button = QPushButton(S.UPDATE_BUTTON)
        self.close_button = QPushButton()
        banner = QHBoxLayout()
        banner.addWidget(self.header, 1)
        banner.addWidget(self.outdated)
        banner.addWidget(self.update_button)
        banner.addWidget(self.close_button)
        self.update_button.clicked.connect(self.update_content)
        self.close_button.clicked.connect(self.toggle_closed)
        layout = QVBoxLayout(self)
        layout.addLayout(banner)
        layout.addWidget(self.bar)
        layout.addWidget(self.tabs, 1)

        self.profile.answer_changed.connect(self.on_answer)
        self.detail.state_requested.connect(self.on_state)
        self.steps.currentItemChanged.connect(self._show_current)
        self.tabs.currentChanged.connect(self._tab_changed)
        for n in range(4):
            QShortcut(QKeySequence(f"Alt+{n + 1}"), self, lambda n=n: self.tabs.setCurrentIndex(n))
        QShortcut(QKeySequence("Ctrl+M"), split, self.detail.focus_note)
        # status keys act at once (a button's own shortcut would animate the click for 100 ms)
        for status, keys in S.STATUS_SHORTCUTS.items():
            QShortcut(QKeySequence(keys), split, lambda s=status: self.detail.set_status(s))
        self._show_version_state()
        self._show_closed_state()
        self.refresh()
        self.tabs.setCurrentIndex(0 if questions and not case.profile else 1)

    # ------------------------------------------------------------ state

    def refresh(self, keep: str | None = None) -> None:
        size = classify_profile(self.case.profile)
        facts = case_facts(self.case.profile, self.case.received_on, size)
        self.views = evaluate_case(self.catalog, self.case, facts, self.ctx.calendar)
        pending = [v.due.due for v in self.views if v.applies and v.due and v.state.status == "pending"]
        next_due = min(pending, default=None)
        if next_due != self._next_due:  # refresh runs per keystroke: write only when it changes
            self.ctx.repo.set_next_due(self.case.id, next_due)
            self._next_due = next_due
        self._show_size(size)
        done = progress(self.views)
        a = self.case.applicant
        id_text = a.id_number
        if a.id_number and not check_id_number(a.id_number)[0]:
            id_text += S.ID_UNCHECKED
        self.header.setText(f"{self.case.id}　{a.name}　{id_text}　受理日期 {self.case.received_on.isoformat()}")
        self.bar.setMaximum(max(done.total, 1))
        self.bar.setValue(done.done)
        self.bar.setFormat(S.PROGRESS.format(done=done.done, total=done.total))
        current = keep or self._current_key()
        self.steps.blockSignals(True)
        self.steps.clear()
        last_checklist = None
        select = None
        for view in self.views:
            if view.checklist_id != last_checklist:
                last_checklist = view.checklist_id
                cl = self.catalog.checklists[view.checklist_id]
                head = QListWidgetItem(f"■ {cl.title}")
                head.setFlags(Qt.ItemFlag.NoItemFlags)
                self.steps.addItem(head)
            row = QListWidgetItem(self._row_text(view))
            row.setData(KEY_ROLE, view.key)
            if not view.applies:
                row.setForeground(GREY)
            elif view.overdue(dt.date.today()):
                row.setForeground(RED)
            self.steps.addItem(row)
            if view.key == current:
                select = row
        self.steps.blockSignals(False)
        if select is None:
            select = next((self.steps.item(i) for i in range(self.steps.count())
                           if self.steps.item(i).data(KEY_ROLE)), None)
        if select is not None:
            self.steps.setCurrentItem(select)
        self._show_current()
        self.summary.update_counts(self.views)

    def _row_text(self, view: ItemView) -> str:
        """Status and title; a second line with the reason (not applicable) or the due date."""
        mark = S.STATUS_LABELS[view.state.status] if view.applies else view.label
        kind = "【政策】" if view.item.kind == "benefit" else ("【告知】" if view.item.kind == "notice" else "")
        text = f"[{mark}] {kind}{view.item.title}"
        if view.reasons:
            text += "\n　　" + "；".join(view.reasons)
        elif view.missing:
            text += "\n　　待回答：" + "、".join(self.labels.get(m, m) for m in view.missing)
        elif view.due is not None and view.state.status == "pending":
            late = "（已逾期）" if view.overdue(dt.date.today()) else ""
            text += f"\n　　办结期限 {view.due.due.isoformat()}{late}"
        return text

    def _show_size(self, result: Classification | None) -> None:
        if result is None:
            self.profile.show_size("请先选择行业并填写从业人员、营业收入、资产总额")
            return
        text = result.rule if result.size else "还需填写：" + "、".join(result.missing)
        self.profile.show_size(f"{text}\n{result.advisory}")

    def _current_key(self) -> str | None:
        item = self.steps.currentItem()
        return str(item.data(KEY_ROLE)) if item is not None and item.data(KEY_ROLE) else None

    def current_view(self) -> ItemView | None:
        key = self._current_key()
        return next((v for v in self.views if v.key == key), None)

    def _show_current(self) -> None:
        self.detail.show_item(self.current_view())

    def _tab_changed(self, index: int) -> None:
        self.detail.flush_note()
        if self.tabs.widget(index) is self.audit:
            self.audit.show_entries(self.ctx.repo.audit_log(self.case.id))

    # ------------------------------------------------------------ actions

    def on_answer(self, question_id: str, value: object) -> None:
        try:
            self.ctx.repo.set_answer(self.case.id, question_id, value, self.ctx.user)
        except Exception as exc:
            self.failed.emit(S.SAVE_FAILED.format(error=exc))
            return
        self.case.set_answer(question_id, value)
        self.saved.emit(question_id)
        self.refresh()

    def on_state(self, key: str, status: str, note: str) -> None:
        checklist_id, item_id = key.split("/", 1)
        try:
            state = self.ctx.repo.set_item_state(self.case.id, checklist_id, item_id, status, note, self.ctx.user)
        except Exception as exc:
            self.failed.emit(S.SAVE_FAILED.format(error=exc))
            return
        self.case.states[key] = state
        self.saved.emit(key)
        self.refresh(keep=key)

    # ------------------------------------------------------------ content version, life cycle

    def diffs(self) -> list[ChecklistDiff]:
        out = []
        for cid in self.case.checklists:
            current = self.ctx.catalog.checklists.get(cid)
            pinned = self.catalog.checklists.get(cid)
            if current is not None and pinned is not None and current.version != pinned.version:
                out.append(diff_checklists(pinned, current))
        return out

    def _show_version_state(self) -> None:
        outdated = bool(self.diffs())
        self.outdated.setVisible(outdated)
        self.update_button.setVisible(outdated)

    def update_content(self, confirm: bool = True) -> None:
        diffs = self.diffs()
        if not diffs:
            return
        if confirm:
            titles = {c.id: c.title for c in self.ctx.catalog.checklists.values()}
            if UpdateContentDialog(diffs, titles, self).exec() != QDialog.DialogCode.Accepted:
                return
        self.detail.flush_note()
        for d in diffs:
            reset = [new.id for _old, new in d.changed]
            self.ctx.repo.update_case_version(self.case.id, d.checklist_id, d.new_version, reset, self.ctx.user)
        self.reopen_requested.emit(self.case.id)

    def _show_closed_state(self) -> None:
        closed = self.ctx.repo.case_status(self.case.id) == "closed"
        self.close_button.setText(S.REOPEN_CASE if closed else S.CLOSE_CASE)

    def toggle_closed(self) -> None:
        self.detail.flush_note()
        if self.ctx.repo.case_status(self.case.id) == "closed":
            self.ctx.repo.reopen_case(self.case.id, self.ctx.user)
        else:
            self.ctx.repo.close_case(self.case.id, self.ctx.user)
        self._show_closed_state()
        self.saved.emit("status")

    def set_current_status(self, status: str) -> None:
        self.detail.set_status(status)

    def flush(self) -> None:
        self.detail.flush_note()
