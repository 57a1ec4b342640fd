"""更新到最新版本: show what changed between the checklist versions the case uses and the current ones,
then apply it (unchanged items keep their state and notes; changed items go back to 待办)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.core.versions import ChecklistDiff
from desktop.ui import strings as S


class UpdateContentDialog(QDialog):
    def __init__(self, diffs: list[ChecklistDiff], titles: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(S.UPDATE_TITLE)
        self.resize(640, 420)
        lines: list[str] = []
        for d in diffs:
            lines.append(S.UPDATE_HEAD.format(title=titles.get(d.checklist_id, d.checklist_id), old=d.old_version,
                                              new=d.new_version))
            lines += [f"  {line}" for line in d.lines()] or [S.UPDATE_NO_ITEM_CHANGE]
            lines.append(S.UPDATE_KEPT.format(n=len(d.unchanged)))
        text = QPlainTextEdit("\n".join(lines))
        text.setReadOnly(True)
        text.setAccessibleName(S.UPDATE_TITLE)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(S.UPDATE_APPLY)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        intro = QLabel(S.UPDATE_INTRO)
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(text, 1)
        layout.addWidget(buttons)
