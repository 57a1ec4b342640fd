"""The step list of a case: one branch per checklist; the items that apply or wait for an answer as rows
(status, title, and a second line with the due date or the reason); a variant of a rule superseded by
another level's folded under the variant that applies; the items that do not apply (other region,
expired, not yet in force) folded into one branch per checklist.  Rows show the full title on hover."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem

from desktop.core.present import CaseDoc, ItemDoc
from desktop.core.vocab import Applicability, ItemKind
from desktop.ui import strings as S

KEY_ROLE = Qt.ItemDataRole.UserRole
GREY = QBrush(QColor("#5f5f5f"))
RED = QBrush(QColor("#b00020"))
FOLDED = {Applicability.NOT_APPLICABLE, Applicability.EXPIRED, Applicability.NOT_YET}


def row_text(item: ItemDoc) -> str:
    """Status (or applicability) and title; a second line with the due date or the reason."""
    mark = item.status_label if item.counted else item.applicability  # a notice has nothing to mark
    if item.counted and item.undated:
        mark += "·" + item.applicability
    kind = {ItemKind.BENEFIT: S.ROW_BENEFIT, ItemKind.NOTICE: S.ROW_NOTICE}.get(ItemKind(item.kind), "")
    text = f"[{mark}] {kind}{item.title}"
    if item.applies and item.due and item.status == "pending" and item.counted:
        text += "\n　　" + S.ROW_DUE.format(due=item.due) + (S.ROW_OVERDUE if item.overdue else "")
    elif item.reasons and not item.undated:  # 时效未明 is in the mark; its reason is in the pane
        text += "\n　　" + "；".join(item.reasons)
    missing = [m for m in item.outstanding if m.state == "missing"]
    deferred = sorted(m.due for m in item.deferred)
    parts = ([S.ROW_MISSING.format(n=len(missing))] if missing else []) + (
        [S.ROW_DEFERRED.format(n=len(deferred), due=deferred[0])] if deferred else [])
    if parts:  # materials the clerk recorded as still to come, at a glance
        text += "\n　　" + S.ROW_MATERIALS.format(parts="，".join(parts))
    return text


class StepTree(QTreeWidget):
    current_changed = Signal(str)  # the key of the item now current ("" for none)

    def __init__(self) -> None:
        super().__init__()
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName(S.A11Y_STEP_LIST)
        self.rows: dict[str, QTreeWidgetItem] = {}
        self.currentItemChanged.connect(lambda *_: self.current_changed.emit(self.current_key() or ""))

    def current_key(self) -> str | None:
        row = self.currentItem()
        key = row.data(0, KEY_ROLE) if row is not None else None
        return str(key) if key else None

    def show_case(self, doc: CaseDoc, keep: str | None = None) -> None:
        """Rebuild the rows from the presentation model, keeping the current item (and expanded branches)."""
        current = keep or self.current_key()
        expanded = {self._path(r) for r in self._all_rows() if r.isExpanded()}
        self.blockSignals(True)
        self.clear()
        self.rows = {}
        bold = QFont(self.font())
        bold.setBold(True)
        for section in doc.sections:
            head = QTreeWidgetItem([f"{section.title}"])
            head.setFont(0, bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addTopLevelItem(head)
            applying = {i.group: i for i in section.items if i.group and i.applies}
            folded: list[ItemDoc] = []
            children: dict[str, list[ItemDoc]] = {}
            for item in section.items:
                if item.code == Applicability.SUPERSEDED and item.group in applying:
                    children.setdefault(applying[item.group].key, []).append(item)
                elif Applicability(item.code) in FOLDED:
                    folded.append(item)
            for item in section.items:
                if (item.code == Applicability.SUPERSEDED and item.group in applying) or item in folded:
                    continue
                row = self._row(item)
                head.addChild(row)
                for variant in children.get(item.key, []):
                    row.addChild(self._row(variant, S.ROW_VARIANT))
            if folded:
                branch = QTreeWidgetItem([S.ROW_FOLDED.format(n=len(folded))])
                branch.setFlags(Qt.ItemFlag.ItemIsEnabled)
                branch.setForeground(0, GREY)
                head.addChild(branch)
                for item in folded:
                    branch.addChild(self._row(item))
            head.setExpanded(True)
        for row in self._all_rows():
            if self._path(row) in expanded:
                row.setExpanded(True)
        self.blockSignals(False)
        target = self.rows.get(current or "") or next(iter(self.rows.values()), None)
        if target is not None:
            parent = target.parent()
            while parent is not None:
                parent.setExpanded(True)
                parent = parent.parent()
            self.setCurrentItem(target)
        self.current_changed.emit(self.current_key() or "")

    def _row(self, item: ItemDoc, prefix: str = "") -> QTreeWidgetItem:
        row = QTreeWidgetItem([prefix + row_text(item)])
        row.setData(0, KEY_ROLE, item.key)
        row.setToolTip(0, item.title + ("\n" + "；".join(item.reasons) if item.reasons else ""))
        if not item.applies:
            row.setForeground(0, GREY)
        elif item.overdue:
            row.setForeground(0, RED)
        self.rows[item.key] = row
        return row

    def _all_rows(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            row = stack.pop()
            if row is None:
                continue
            out.append(row)
            stack += [row.child(i) for i in range(row.childCount())]
        return out

    @staticmethod
    def _path(row: QTreeWidgetItem) -> str:
        key = row.data(0, KEY_ROLE)
        if key:
            return str(key)
        parent = row.parent()
        return (parent.text(0) + "/" if parent is not None else "") + row.text(0).split("（")[0]

    def row_texts(self) -> dict[str, str]:
        """Key → the text the row shows (for tests and the property test)."""
        return {key: row.text(0) for key, row in self.rows.items()}
