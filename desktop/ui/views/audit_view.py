"""办理记录: the case's append-only audit log (who, when, what, old → new), newest last, in plain Chinese
(:mod:`desktop.core.audit_text`)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop.core.audit_text import AuditLine, audit_line
from desktop.core.catalog import Catalog
from desktop.store.repository import AuditEntry
from desktop.ui import strings as S


class AuditView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[AuditLine] = []
        self.table = QTableWidget(0, len(S.AUDIT_COLUMNS))
        self.table.setHorizontalHeaderLabels(list(S.AUDIT_COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAccessibleName(S.A11Y_AUDIT)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def show_entries(self, catalog: Catalog, entries: list[AuditEntry]) -> None:
        self.lines = [audit_line(catalog, e.at, e.who, e.action, e.field, e.old, e.new) for e in entries]
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            for col, text in enumerate((line.at, line.who, line.action, line.target, line.old, line.new)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        if self.lines:
            self.table.scrollToBottom()
