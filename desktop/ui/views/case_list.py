"""The case list panel: newest first, paged (a page is fetched as the list scrolls, so 100k cases stay
instant), a filter box, filters (status, received-date range, checklist, overdue) and 新建办理.
Personal ID numbers and phone numbers are masked in the list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.core.privacy import mask_id, mask_phone
from desktop.core.vocab import case_status_label
from desktop.store.repository import CaseRow
from desktop.ui import strings as S
from desktop.ui.widgets import guard_wheel, name

Index = QModelIndex | QPersistentModelIndex
PAGE = 200


def progress_cell(row: CaseRow) -> str:
    """The 进度 column: settled/applicable, as the case's header shows it (desktop.core.progress)."""
    if row.applicable is None or row.settled is None:
        return S.PROGRESS_PENDING
    return f"{row.settled}/{row.applicable}"


class CaseTableModel(QAbstractTableModel):
    """Rows are fetched a page at a time (canFetchMore/fetchMore) with the current filters."""

    def __init__(self, ctx: AppContext, titles: dict[str, str]) -> None:
        super().__init__()
        self.ctx = ctx
        self.titles = titles
        self.rows: list[CaseRow] = []
        self.total = 0
        self.text = ""
        self.filters: dict[str, Any] = {}

    def reload(self, text: str, filters: dict[str, Any]) -> None:
        self.beginResetModel()
        self.text, self.filters = text, filters
        self.rows = self.ctx.repo.list_cases(text, PAGE, 0, **filters)
        # A short first page is the whole result: no count query.  For a rare 1–2 character word the
        # count scans as much as the page did (~30 ms each at 100k cases, docs/performance.md).
        self.total = len(self.rows) if len(self.rows) < PAGE else self.ctx.repo.count_cases(text, **filters)
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        more = self.ctx.repo.list_cases(self.text, PAGE, len(self.rows), **self.filters)
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(S.CASE_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return S.CASE_COLUMNS[section]
        return None

    def data(self, index: Index, role: int = 0) -> object:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and r.status == "open" and r.next_due \
                and r.next_due < dt.date.today().isoformat():
            return QBrush(QColor("#b00020"))
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        checklists = "、".join(self.titles.get(c, c) for c in r.checklists.split(",") if c)
        status = case_status_label(r.status)
        if r.status == "open" and r.next_due and r.next_due < dt.date.today().isoformat():
            status = S.OVERDUE_MARK
        progress = progress_cell(r)
        return (r.id, r.name, mask_id(r.id_number), mask_phone(r.phone), r.received_on, checklists, status,
                progress)[index.column()]


class CaseListView(QWidget):
    open_requested = Signal(str)
    new_requested = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        titles = {c.id: c.title for c in ctx.catalog.checklists.values()}
        self.model = CaseTableModel(ctx, titles)
        self.filter = QLineEdit(placeholderText=S.FILTER_PLACEHOLDER)
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(S.A11Y_FILTER)
        self.new_button = QPushButton(S.NEW_CASE)
        self.status = QComboBox()
        self.status.setAccessibleName(S.A11Y_STATUS_FILTER)
        for label, value in S.STATUS_FILTERS:
            self.status.addItem(label, value)
        self.checklist = QComboBox()
        self.checklist.setAccessibleName(S.A11Y_CHECKLIST_FILTER)
        self.checklist.addItem(S.ALL_CHECKLISTS, None)
        for cid, title in titles.items():
            self.checklist.addItem(title, cid)
        self.by_date = QCheckBox(S.BY_DATE)
        today = QDate.currentDate()
        self.date_from = _date_edit(today.addDays(-30))
        name(self.date_from, S.A11Y_DATE_FROM)
        self.date_to = _date_edit(today)
        name(self.date_to, S.A11Y_DATE_TO)
        self.overdue = QCheckBox(S.ONLY_OVERDUE)
        guard_wheel(self.status, self.checklist, self.date_from, self.date_to)
        self.count = QLabel()
        self.table = QTableView()
        self.table.setAccessibleName(S.A11Y_CASE_TABLE)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((150, 220, 170, 110, 95, 260, 70)):
            self.table.setColumnWidth(col, width)
        self.table.verticalHeader().hide()
        self.empty = QLabel(S.NO_CASES)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.new_button)
        filters = QHBoxLayout()
        for w in (self.status, self.checklist, self.by_date, self.date_from, QLabel(S.DATE_TO), self.date_to,
                  self.overdue):
            filters.addWidget(w)
        filters.addStretch(1)
        filters.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.refresh)
        self.filter.textChanged.connect(self._debounce.start)
        for signal in (self.status.currentIndexChanged, self.checklist.currentIndexChanged, self.by_date.toggled,
                       self.date_from.dateChanged, self.date_to.dateChanged, self.overdue.toggled):
            signal.connect(self._debounce.start)
        self.filter.returnPressed.connect(self._filter_entered)
        self.new_button.clicked.connect(self.new_requested)
        self.table.activated.connect(self._open_index)
        QShortcut(QKeySequence("Ctrl+F"), self, self.filter.setFocus)
        self.refresh()

    def current_filters(self) -> dict[str, Any]:
        filters: dict[str, Any] = {"status": self.status.currentData(), "checklist": self.checklist.currentData()}
        if self.by_date.isChecked():
            filters["date_from"] = _date(self.date_from.date())
            filters["date_to"] = _date(self.date_to.date())
        if self.overdue.isChecked():
            filters["overdue_on"] = dt.date.today()
        return filters

    def refresh(self) -> None:
        self.model.reload(self.filter.text(), self.current_filters())
        self.count.setText(S.CASE_COUNT.format(n=self.model.total))
        nothing_at_all = not self.model.rows and not self.filter.text() and not any(self.current_filters().values())
        self.empty.setVisible(nothing_at_all)
        if self.model.rows and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _filter_entered(self) -> None:
        """Enter in the filter: a single match opens at once; several go to the list (first selected)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self.refresh()
        if len(self.model.rows) == 1 and self.model.total == 1:
            self.open_requested.emit(self.model.rows[0].id)
        elif self.model.rows:
            self.table.setFocus()
            self.table.selectRow(0)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.rows[index.row()].id)

    def selected_case(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()].id if index.isValid() else None


def _date_edit(value: QDate) -> QDateEdit:
    edit = QDateEdit(value)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())
