"""办理记录: the case's append-only audit log (who, when, what, old → new), newest last."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop.store.repository import AuditEntry
from desktop.ui import strings as S


def _describe(entry: AuditEntry, labels: dict[str, str]) -> str:
    if entry.action == "回答问题":
        return labels.get(entry.field, entry.field)
    if entry.action in ("事项状态", "事项备注"):
        return entry.field
    return entry.field


def _value(entry: AuditEntry, value: str | None) -> str:
    if value is None:
        return ""
    if entry.action == "事项状态":
        return S.STATUS_LABELS.get(value, value)
    return value


class AuditView(QWidget):
    def __init__(self, labels: dict[str, str]) -> None:
        super().__init__()
        self.labels = labels
        self.table = QTableWidget(0, len(S.AUDIT_COLUMNS))
        self.table.setHorizontalHeaderLabels(list(S.AUDIT_COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def show_entries(self, entries: list[AuditEntry]) -> None:
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            cells = (e.at.replace("T", " "), e.who, e.action, _describe(e, self.labels), _value(e, e.old),
                     _value(e, e.new))
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        if entries:
            self.table.scrollToBottom()
