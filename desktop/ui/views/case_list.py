"""The case list panel: newest first, a filter box, and 新建办理."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from desktop.store.repository import CaseRow
from desktop.ui import strings as S

Index = QModelIndex | QPersistentModelIndex


class CaseTableModel(QAbstractTableModel):
    def __init__(self, titles: dict[str, str]) -> None:
        super().__init__()
        self.rows: list[CaseRow] = []
        self.titles = titles

    def set_rows(self, rows: list[CaseRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(S.CASE_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return S.CASE_COLUMNS[section]
        return None

    def data(self, index: Index, role: int = 0) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        r = self.rows[index.row()]
        checklists = "、".join(self.titles.get(c, c) for c in r.checklists.split(",") if c)
        return (r.id, r.name, mask_id(r.id_number), r.received_on, checklists, str(r.done))[index.column()]


def mask_id(value: str) -> str:
    """Personal ID numbers are masked in the list (统一社会信用代码 are public and shown whole)."""
    if len(value) == 18 and value[:17].isdigit():
        return value[:6] + "********" + value[-4:]
    return value


class CaseListView(QWidget):
    open_requested = Signal(str)
    new_requested = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        titles = {c.id: c.title for c in ctx.catalog.checklists.values()}
        self.model = CaseTableModel(titles)
        self.filter = QLineEdit(placeholderText=S.FILTER_PLACEHOLDER)
        self.filter.setClearButtonEnabled(True)
        self.new_button = QPushButton(S.NEW_CASE)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.empty = QLabel(S.NO_CASES)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.refresh)
        self.filter.textChanged.connect(self._debounce.start)
        self.filter.returnPressed.connect(self._focus_table)
        self.new_button.clicked.connect(self.new_requested)
        self.table.activated.connect(self._open_index)
        QShortcut(QKeySequence("Ctrl+F"), self, self.filter.setFocus)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(self.ctx.repo.list_cases(self.filter.text()))
        self.empty.setVisible(not self.model.rows and not self.filter.text())
        if self.model.rows and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _focus_table(self) -> None:
        if self.model.rows:
            self.table.setFocus()
            self.table.selectRow(0)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.rows[index.row()].id)

    def selected_case(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()].id if index.isValid() else None
