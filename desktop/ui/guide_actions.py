"""办事指南 menu: the administrator mode (a passphrase set on first use, kept only as a scrypt hash, changed
in the administrator mode), the form for the 本中心办事指南, import and export of guide files, and importing
the guide a content pack carries.

Every change needs the administrator mode: the clerk mode can read the guide (in the step pane and every
document) but not change it.  ``install`` adds the menu; :func:`set_visible` hides it in 企业自查.
After a change the open case is drawn again, so the step pane shows the guide as it now is.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox

from desktop.core.errors import UserError
from desktop.ui import strings as S
from desktop.ui.guard import bug_message

if TYPE_CHECKING:
    from desktop.context import AppContext
    from desktop.services.guide import GuideService
    from desktop.ui.dialogs.guide_editor import GuideEditor
    from desktop.ui.main_window import MainWindow


class GuideUi:
    """The window's part of the guide: the service (whose ``admin`` is this session's mode; made when first
    used, so the first paint does not pay for it), the menu, the administrator action and the status-bar mark.
    A plain class: defining a dataclass costs ~0.5 ms at every start."""

    def __init__(self, ctx: AppContext, menu: QMenu, admin_action: QAction, admin_label: QLabel) -> None:
        self.ctx, self.menu, self.admin_action, self.admin_label = ctx, menu, admin_action, admin_label
        self._service: GuideService | None = None

    @property
    def service(self) -> GuideService:
        if self._service is None:
            from desktop.services.guide import GuideService

            self._service = GuideService(self.ctx)
        return self._service

    @property
    def admin(self) -> bool:
        return self._service is not None and self._service.admin


def install(window: MainWindow) -> GuideUi:
    menu = window.menuBar().addMenu(S.MENU_GUIDE)
    admin_action = QAction(S.ADMIN_ENTER, window)
    admin_action.triggered.connect(lambda: toggle_admin(window))
    menu.addAction(admin_action)
    change = QAction(S.ADMIN_CHANGE, window)
    change.triggered.connect(lambda: change_passphrase(window))
    menu.addAction(change)
    menu.addSeparator()
    for text, slot in ((S.GUIDE_EDIT, lambda: edit_guide(window)), (S.GUIDE_IMPORT, lambda: choose_guide(window)),
                       (S.GUIDE_IMPORT_PACK, lambda: import_pack_guide(window)),
                       (S.GUIDE_EXPORT, lambda: export_guide(window))):
        action = QAction(text, window)
        action.triggered.connect(slot)
        menu.addAction(action)
    label = QLabel(S.ADMIN_ON)
    label.setVisible(False)
    window.statusBar().addPermanentWidget(label)
    return GuideUi(window.ctx, menu, admin_action, label)


def set_visible(window: MainWindow, visible: bool) -> None:
    window.guide_ui.menu.menuAction().setVisible(visible)
    if not visible:
        leave_admin(window)


def _show_admin(window: MainWindow) -> None:
    ui = window.guide_ui
    ui.admin_action.setText(S.ADMIN_LEAVE if ui.admin else S.ADMIN_ENTER)
    ui.admin_label.setVisible(ui.admin)


def enter_admin(window: MainWindow) -> bool:
    """Ask for the passphrase (or, on first use, have one set); True once in the administrator mode."""
    from desktop.ui.dialogs.passphrase import PassphraseDialog

    service = window.guide_ui.service
    if service.admin:
        return True
    setting = not service.passphrase_set()
    dialog = PassphraseDialog(setting, service.set_passphrase if setting else service.unlock, window)
    dialog.exec()
    _show_admin(window)
    if service.admin:
        window.statusBar().showMessage(S.ADMIN_ENTERED, 5000)
    return service.admin


def change_passphrase(window: MainWindow) -> bool:
    """A new passphrase, typed twice, in the administrator mode (entered first if need be); True once changed.
    The old one stops working at once; only the new one's scrypt hash is kept."""
    from desktop.ui.dialogs.passphrase import PassphraseDialog

    if not enter_admin(window):
        return False
    changed: list[bool] = []

    def change(text: str) -> None:
        window.guide_ui.service.set_passphrase(text)
        changed.append(True)

    PassphraseDialog(True, change, window, changing=True).exec()
    if changed:
        window.statusBar().showMessage(S.ADMIN_CHANGED, 5000)
    return bool(changed)


def leave_admin(window: MainWindow) -> None:
    if window.guide_ui.admin:
        window.guide_ui.service.lock()
        window.statusBar().showMessage(S.ADMIN_LEFT, 5000)
    _show_admin(window)


def toggle_admin(window: MainWindow) -> None:
    if window.guide_ui.admin:
        leave_admin(window)
    else:
        enter_admin(window)


def _redraw_case(window: MainWindow) -> None:
    view = window.case_view
    if view is not None:
        view.show_snapshot(view.service.open(view.snap.case.id), view.steps.current_key())


def edit_guide(window: MainWindow) -> GuideEditor | None:
    """Open the form (in the administrator mode), at the step shown in the open case if there is one."""
    from desktop.ui.dialogs.guide_editor import GuideEditor

    if not enter_admin(window):
        return None
    start = window.case_view.steps.current_key() if window.case_view is not None else None
    editor = GuideEditor(window.guide_ui.service, window.ctx.catalog, window, start)
    editor.finished.connect(lambda _r: _redraw_case(window))
    editor.open()
    return editor


def choose_guide(window: MainWindow) -> None:
    if not enter_admin(window):
        return
    from desktop.ui.dialogs.files import open_file_name

    path = open_file_name(window, S.GUIDE_IMPORT, Path.home(), S.GUIDE_FILTER)
    if path is not None:
        QMessageBox.information(window, S.GUIDE_EDITOR_TITLE, import_guide(window, path))


def _error(exc: Exception) -> str:
    return str(exc) if isinstance(exc, UserError) else bug_message(exc)


def import_guide(window: MainWindow, path: Path | None = None) -> str:
    """Import a guide file (``path``) or the content pack's guide (None); returns the message shown.  A refused
    file changes nothing and lists every line that refused it."""
    from desktop.services.guide import GuideRefused

    service = window.guide_ui.service
    try:
        done = service.import_file(path) if path is not None else service.import_pack_guide()
    except GuideRefused as exc:
        return S.GUIDE_IMPORT_REFUSED.format(n=len(exc.lines), lines="\n".join(exc.lines[:20]))
    except Exception as exc:  # a file the administrator chose: never a traceback
        return S.GUIDE_IMPORT_FAILED.format(error=_error(exc))
    _redraw_case(window)
    message = S.GUIDE_IMPORTED.format(summary=done.summary())
    if done.warnings:
        message += S.GUIDE_WARNINGS.format(lines="\n".join(done.warnings[:20]))
    window.statusBar().showMessage(message.split("\n")[0], 10000)
    return message


def import_pack_guide(window: MainWindow) -> None:
    if enter_admin(window):
        QMessageBox.information(window, S.GUIDE_EDITOR_TITLE, import_guide(window))


def export_guide(window: MainWindow, path: Path | None = None) -> str:
    """Write the guide in use to a file (anyone may: it holds no personal data); returns the message shown."""
    if path is None:
        from desktop.ui.dialogs.files import save_file_name

        path = save_file_name(window, S.GUIDE_EXPORT, Path.home() / S.GUIDE_EXPORT_NAME, S.GUIDE_FILTER)
        if path is None:
            return ""
    try:
        n = window.guide_ui.service.export(path)
    except Exception as exc:  # told, never a traceback
        message = S.GUIDE_EXPORT_FAILED.format(error=_error(exc))
    else:
        message = S.GUIDE_EXPORTED.format(n=n, path=path)
    window.statusBar().showMessage(message, 10000)
    return message
