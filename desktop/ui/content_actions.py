"""内容 menu: 政策检索 (Ctrl+K), 导入内容包 and 受信任的公钥.  ``install`` adds the menu to the main window;
each action opens its dialog (desktop/ui/dialogs/policy_search.py, content_pack.py, trusted_keys.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from desktop.ui import strings as S

if TYPE_CHECKING:
    from desktop.ui.dialogs.policy_search import PolicySearchDialog
    from desktop.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    menu = window.menuBar().addMenu(S.MENU_CONTENT)
    actions = ((S.POLICY_SEARCH, "Ctrl+K", lambda: open_search(window)),
               (S.IMPORT_PACK, "", lambda: choose_pack(window)),
               (S.TRUSTED_KEYS, "", lambda: manage_keys(window)))
    for text, keys, slot in actions:
        action = QAction(text, window, shortcut=QKeySequence(keys))
        action.triggered.connect(slot)
        menu.addAction(action)


def open_search(window: MainWindow) -> PolicySearchDialog:
    """Show the search box (one per window, kept between uses)."""
    from desktop.ui.dialogs.policy_search import PolicySearchDialog

    dialog = window.findChild(PolicySearchDialog)
    if dialog is None:
        dialog = PolicySearchDialog(window.ctx, window)
    dialog.show()
    dialog.raise_()
    dialog.box.setFocus()
    dialog.box.selectAll()
    return dialog


def choose_pack(window: MainWindow) -> None:
    path, _ = QFileDialog.getOpenFileName(window, S.IMPORT_PACK_TITLE, str(Path.home()), S.PACK_FILTER)
    if path:
        import_pack(window, Path(path))


def import_pack(window: MainWindow, path: Path, confirm: bool = True) -> str:
    """Verify the pack, show its changes, import on 导入; returns the message shown to the user."""
    from desktop.content.load import ContentError
    from desktop.content.packs import PackError
    from desktop.services.packs import apply_pack, preview_pack
    from desktop.ui.dialogs.content_pack import PackImportDialog

    try:
        preview = preview_pack(window.ctx, path)
    except PackError as exc:
        message = S.PACK_REFUSED.format(error=exc)
        if confirm:
            QMessageBox.warning(window, S.IMPORT_PACK_TITLE, message)
        return message
    if confirm and PackImportDialog(preview, window).exec() != QDialog.DialogCode.Accepted:
        return ""
    window.close_case()
    try:
        moved = apply_pack(window.ctx, preview)
    except (PackError, ContentError) as exc:
        message = S.PACK_FAILED.format(error=exc)
    else:
        message = S.PACK_DONE.format(label=preview.pack.label, n=moved)
    _show_current_content(window)
    window.statusBar().showMessage(message.replace("\n", "  "))
    if confirm:
        QMessageBox.information(window, S.IMPORT_PACK_TITLE, message)
    return message


def _show_current_content(window: MainWindow) -> None:
    """After an import: the case list, or in 企业自查 a self-check screen built afresh on the new content."""
    from desktop.ui.main_window import MODE_SELF

    if window.mode == MODE_SELF and window.self_view is not None:
        window.stack.removeWidget(window.self_view)
        window.self_view.deleteLater()
        window.self_view = None
    window.set_mode(window.mode)


def manage_keys(window: MainWindow) -> None:
    from desktop.ui.dialogs.trusted_keys import TrustedKeysDialog

    TrustedKeysDialog(window.ctx.data_dir, window).exec()
