"""Every menu action and every dialog of both modes opens and closes without error, and no window has two
controls on one mnemonic (Alt+letter) or one shortcut.  Modal dialogs are closed the way a user cancels them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.context import build_context
from desktop.core.model import Applicant
from desktop.core.versions import diff_checklists
from desktop.services.cases import CaseService, NewCase
from desktop.ui import strings as S
from desktop.ui.dialogs.mode_choice import choose_mode
from desktop.ui.dialogs.new_case import NewCaseDialog
from desktop.ui.dialogs.update_content import UpdateContentDialog
from desktop.ui.main_window import MODE_CLERK, MODE_SELF, MainWindow

MNEMONIC = re.compile(r"&(\w)")


def _actions(menu: QMenu) -> list[QAction]:
    out: list[QAction] = []
    for action in menu.actions():
        if action.menu() is not None:
            out += _actions(action.menu())  # type: ignore[arg-type]
        elif not action.isSeparator():
            out.append(action)
    return out


class Closer:
    """Cancels whatever modal dialog is up, as a user pressing Esc / 取消 would; records what it closed."""

    def __init__(self) -> None:
        self.closed: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(30)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            return
        self.closed.append(widget.windowTitle() or type(widget).__name__)
        if isinstance(widget, QMessageBox):
            button = widget.button(QMessageBox.StandardButton.No) or widget.escapeButton() or widget.defaultButton()
            if button is not None:
                button.click()
                return
        if isinstance(widget, QDialog):
            widget.reject()
        else:
            widget.close()


def _mnemonics(window: QWidget) -> list[str]:
    """The Alt+letter keys the visible controls of a window take (menus counted apart by Qt)."""
    keys = []
    for widget in window.findChildren(QAbstractButton) + window.findChildren(QLabel):
        if widget.isVisibleTo(window):
            m = MNEMONIC.search(widget.text())
            if m:
                keys.append(m.group(1).upper())
    return keys


def test_every_action_and_dialog_of_both_modes(qtbot: QtBot, tmp_path: Path) -> None:
    ctx = build_context(tmp_path / "data")
    service = CaseService(ctx)
    case_id = service.create(NewCase(Applicant("示例：某某有限公司"), ["kaiban-jilin"], dt.date(2026, 11, 25)))
    service.answer(case_id, "region", "长春市")
    service.answer(case_id, "entity_type", "有限责任公司")
    window = MainWindow(ctx, None)
    qtbot.addWidget(window)
    window.show()
    closer = Closer()
    triggered: list[str] = []
    for mode in (MODE_CLERK, MODE_SELF):
        window.set_mode(mode)
        if mode == MODE_CLERK:
            window.open_case(case_id)
            assert window.case_view is not None
            menu_keys = [k.upper() for m in window.menuBar().findChildren(QMenu) if m.parent() is window.menuBar()
                         for k in MNEMONIC.findall(m.title())]
            keys = _mnemonics(window) + menu_keys
            assert len(keys) == len(set(keys)), sorted(keys)
        for menu in window.menuBar().findChildren(QMenu):
            if menu.parent() is not window.menuBar() or not menu.menuAction().isVisible():
                continue
            for action in _actions(menu):
                if not action.isVisible() or not action.isEnabled() or action.text() == S.QUIT:
                    continue
                triggered.append(action.text())
                action.trigger()
                qtbot.wait(60)
                if window.mode != mode:  # the mode actions switch modes: come back
                    window.set_mode(mode)
                if mode == MODE_CLERK and window.case_view is None:
                    window.open_case(case_id)
        shortcuts = [a.shortcut().toString() for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
        assert len(shortcuts) == len(set(shortcuts)), sorted(shortcuts)
    # the dialogs not behind a menu action
    dialog = NewCaseDialog(ctx.catalog, "", "", window)
    qtbot.addWidget(dialog)
    QTimer.singleShot(0, dialog.reject)
    dialog.exec()
    keys = _mnemonics(dialog)
    assert len(keys) == len(set(keys)), sorted(keys)
    kaiban = ctx.catalog.checklists["kaiban-jilin"]
    update = UpdateContentDialog([diff_checklists(kaiban, kaiban)], {kaiban.id: kaiban.title}, window)
    qtbot.addWidget(update)
    QTimer.singleShot(0, update.reject)
    update.exec()
    assert choose_mode(window) in (MODE_CLERK, MODE_SELF)
    window.set_mode(MODE_CLERK)
    window.open_case(case_id)
    assert window.case_view is not None
    assert window.case_view.snap.open_steps()
    window.case_view.toggle_closed()  # asks (open steps): the closer answers 否
    assert ctx.repo.case_status(case_id) == "open"
    closer.timer.stop()
    assert len(triggered) >= 14, triggered
    assert any(S.RESTORE_TITLE in c or S.PURGE_TITLE in c for c in closer.closed), closer.closed
    window.close()
    ctx.close()
