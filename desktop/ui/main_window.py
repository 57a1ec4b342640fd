"""The main window: assembles the case list and the case view, owns the menus, and routes signals.
No business logic lives here: use cases are the application layer's (:mod:`desktop.services`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox, QStackedWidget

from desktop import __version__
from desktop.context import AppContext
from desktop.core.errors import UserError
from desktop.ui import content_actions, guide_actions, theme
from desktop.ui import strings as S
from desktop.ui.guard import bug_message, guarded
from desktop.ui.views.case_list import CaseListView

if TYPE_CHECKING:
    from desktop.services.cases import CaseService, NewCase  # imported when first used: not for the first paint
    from desktop.ui.dialogs.new_case import NewCaseDialog
    from desktop.ui.views.case_view import CaseView
    from desktop.ui.views.self_check import SelfCheckView

MODE_KEY, MODE_CLERK, MODE_SELF = "mode", "clerk", "self"
GEOMETRY_KEY, SPLITTER_KEY = "window_geometry", "case_splitter"
DERIVED_BATCH = 100


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, font_family: str | None) -> None:
        super().__init__()
        self.ctx = ctx
        self.holder = S.GUI_HOLDER
        self.font_family = font_family
        self.setWindowTitle(S.APP_TITLE)
        self.resize(1200, 800)
        self._restore_geometry()
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.case_list = CaseListView(ctx)
        self.stack.addWidget(self.case_list)
        self.case_view: CaseView | None = None
        self.self_view: SelfCheckView | None = None
        self._build_menus()
        self.set_mode(self.mode)
        QTimer.singleShot(3000, self.daily_backup)  # after start-up, off the GUI thread
        QTimer.singleShot(500, self.refresh_derived)  # derived data computed with other holiday data or rules
        self.case_list.new_requested.connect(self.new_case)
        self.case_list.open_requested.connect(self.open_case)
        self.statusBar().showMessage(S.DATA_DIR.format(path=ctx.data_dir))
        notices = list(ctx.notices)
        if ctx.recovery is not None:
            notices.insert(0, S.RECOVERED.format(message=ctx.recovery.message))
        if ctx.problems:
            notices.append(S.CONTENT_PROBLEMS.format(lines="\n".join(str(p) for p in ctx.problems[:10])))
        if notices:
            self.statusBar().showMessage(notices[0].replace("\n", "  "))
            box = QMessageBox(QMessageBox.Icon.Warning, S.APP_TITLE, "\n\n".join(notices), parent=self)
            box.setModal(False)
            self.notice_box = box
            QTimer.singleShot(0, box.show)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(S.MENU_FILE)
        self.new_action = _action(self, S.NEW_CASE, "Ctrl+N", self.new_case)
        self.back_action = _action(self, S.BACK_TO_LIST, "Ctrl+W", self.show_list)
        self.back_action.setEnabled(False)
        quit_action = _action(self, S.QUIT, "Ctrl+Q", self.close)
        for a in (self.new_action, self.back_action, quit_action):
            file_menu.addAction(a)
        data_menu = self.menuBar().addMenu(S.MENU_DATA)
        self.data_actions = {
            "import": _action(self, S.IMPORT_CASES, "Ctrl+I", lambda: _data().import_cases(self)),
            "export": _action(self, S.EXPORT_ONE, "Ctrl+E", lambda: _data().export_current(self)),
            "export_all": _action(self, S.EXPORT_ALL, "", lambda: _data().export_all(self)),
            "csv": _action(self, S.EXPORT_CSV, "", lambda: _data().export_csv(self)),
            "backup": _action(self, S.BACKUP_NOW, "", lambda: _data().backup_now(self)),
            "restore": _action(self, S.RESTORE, "", lambda: _data().restore_backup(self)),
            "purge": _action(self, S.PURGE, "", lambda: _data().purge_closed(self)),
        }
        for key, action in self.data_actions.items():
            if key in ("backup", "purge"):
                data_menu.addSeparator()
            data_menu.addAction(action)
        self.data_menu = data_menu
        content_actions.install(self)  # 内容: 政策检索 (Ctrl+K), 导入内容包, 受信任的公钥
        self.guide_ui = guide_actions.install(self)  # 办事指南: 管理员模式, the office's guide
        view_menu = self.menuBar().addMenu(S.MENU_VIEW)
        sizes = QActionGroup(self)
        current = self.ctx.repo.setting("font_size", "normal")
        self.font_actions: dict[str, QAction] = {}
        for key, label, keys in (("normal", S.FONT_NORMAL, "Ctrl+-"), ("large", S.FONT_LARGE, "Ctrl+=")):
            action = QAction(label, self, checkable=True, shortcut=QKeySequence(keys))
            action.setChecked(key == current)
            action.triggered.connect(lambda _c=False, k=key: self.set_font_size(k))
            sizes.addAction(action)
            view_menu.addAction(action)
            self.font_actions[key] = action
        view_menu.addSeparator()
        mode_menu = view_menu.addMenu(S.MODE_MENU)
        modes = QActionGroup(self)
        self.mode_actions: dict[str, QAction] = {}
        for key, label in ((MODE_CLERK, S.MODE_CLERK), (MODE_SELF, S.MODE_SELF)):
            action = QAction(label, self, checkable=True)
            action.triggered.connect(lambda _c=False, k=key: self.set_mode(k))
            modes.addAction(action)
            mode_menu.addAction(action)
            self.mode_actions[key] = action
        help_menu = self.menuBar().addMenu(S.MENU_HELP)
        help_menu.addAction(_action(self, S.ABOUT, "F1", self.about))

    # ------------------------------------------------------------ modes

    @property
    def mode(self) -> str:
        """The stored mode; an unknown value (a damaged or hand-edited setting) reads as 窗口办理."""
        value = self.ctx.repo.setting(MODE_KEY, MODE_CLERK)
        return value if value in (MODE_CLERK, MODE_SELF) else MODE_CLERK

    def set_mode(self, mode: str) -> None:
        """窗口办理 shows the case list; 企业自查 shows the owner's own screen and hides clerk actions."""
        if mode != self.mode:  # no write (and fsync) at start-up when the mode is unchanged
            self.ctx.repo.set_setting(MODE_KEY, mode)
        self.mode_actions[mode].setChecked(True)
        self.close_case()
        clerk = mode == MODE_CLERK
        self.ctx.user = (self.ctx.repo.setting("clerk_name") or S.CLERK_DEFAULT) if clerk else S.SELF_USER
        self.new_action.setVisible(clerk)
        self.data_menu.menuAction().setVisible(clerk)
        guide_actions.set_visible(self, clerk)
        self.back_action.setVisible(clerk)
        self.back_action.setEnabled(False)
        if clerk:
            self.setWindowTitle(S.APP_TITLE)
            self.case_list.refresh()
            self.stack.setCurrentWidget(self.case_list)
            return
        if self.self_view is None:
            from desktop.ui.views.self_check import SelfCheckView

            self.ctx.user = S.SELF_USER
            self.self_view = SelfCheckView(self.cases)
            self.self_view.saved.connect(lambda _k: self.statusBar().showMessage(S.SAVED_AT.format(time=_clock()), 5000))
            self.stack.addWidget(self.self_view)
        self.setWindowTitle(f"{S.SELF_TITLE} — {S.APP_TITLE}")
        self.stack.setCurrentWidget(self.self_view)

    # ------------------------------------------------------------ routes

    def new_case(self) -> None:
        from desktop.ui.dialogs.new_case import NewCaseDialog

        dialog = NewCaseDialog(self.ctx.catalog, self.ctx.repo.setting("clerk_name"),
                               self.ctx.repo.setting("office"), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.create_case(dialog)

    def create_case(self, dialog: NewCaseDialog) -> str | None:
        req = dialog.request()
        if req.clerk != self.ctx.repo.setting("clerk_name"):
            self.ctx.repo.set_setting("clerk_name", req.clerk)
            self.ctx.user = req.clerk or S.CLERK_DEFAULT
        if req.office != self.ctx.repo.setting("office"):
            self.ctx.repo.set_setting("office", req.office)
        case_id = guarded(self, lambda: self.cases.create(
            _new_case(req.applicant, req.checklists, req.received_on, req.clerk, req.office)))
        if case_id is None:
            return None
        self.case_list.refresh()
        self.open_case(case_id)
        return case_id

    def open_case(self, case_id: str) -> None:
        self.close_case()
        from desktop.ui.views.case_view import CaseView

        state = bytes(QByteArray.fromBase64(self.ctx.repo.setting(SPLITTER_KEY).encode()).data())
        view = guarded(self, lambda: CaseView(self.cases, case_id, state or None))
        if view is None:
            return
        view.saved.connect(lambda _k: self.statusBar().showMessage(S.SAVED_AT.format(time=_clock()), 5000))
        view.reopen_requested.connect(self.open_case, Qt.ConnectionType.QueuedConnection)
        view.closed_changed.connect(lambda _c: self.case_list.refresh())
        self.case_view = view
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        self.back_action.setEnabled(True)
        self.setWindowTitle(f"{case_id} {view.snap.case.applicant.name} — {S.APP_TITLE}")

    def close_case(self) -> None:
        if self.case_view is not None:
            self.case_view.closing()
            self._remember_splitter()
            self.stack.removeWidget(self.case_view)
            self.case_view.deleteLater()
            self.case_view = None

    def show_list(self) -> None:
        self.close_case()
        self.back_action.setEnabled(False)
        self.setWindowTitle(S.APP_TITLE)
        self.case_list.refresh()
        self.stack.setCurrentWidget(self.case_list)
        self.case_list.table.setFocus()

    @cached_property
    def cases(self) -> CaseService:
        """The application layer's case use cases (imported when first needed: not for the first paint)."""
        from desktop.services.cases import CaseService

        return CaseService(self.ctx)

    def _release_data(self) -> str:
        """Close the case and the connection before a whole-database operation (the use slot goes too, so
        the operation holds the data dir alone)."""
        self.close_case()
        self.ctx.close()
        return self.holder

    def _reopen(self, verify_all: bool) -> list[str]:
        """Open the data dir again after a restore or purge; returns what the user must be told."""
        from desktop.context import build_context

        ctx = build_context(self.ctx.data_dir, verify_all=verify_all)  # nothing restored is used unchecked
        for name in ("repo", "catalog", "content", "release", "lock", "content_imported", "problems", "recovery"):
            setattr(self.ctx, name, getattr(ctx, name))
        self.cases.refresh_stale()  # data derived with other inputs (holiday data, rules)
        self.case_list.ctx = self.ctx
        self.show_list()
        return list(ctx.notices)

    def restore_from(self, path: Path, then: Callable[[str], object]) -> None:
        """Swap the live database for a checked backup, off the GUI thread (check → migrate a copy → verify →
        swap, desktop/store/restore.py); the context reopens on the result — or on the untouched database."""
        from desktop.store.restore import restore_database
        from desktop.ui.bulk import run_bulk

        data_dir = self.ctx.data_dir
        self._release_data()

        def work(_progress: object, _cancelled: object) -> str:
            return "\n".join(restore_database(data_dir, path, holder=S.RESTORE_HOLDER).lines)

        def done(message: str) -> None:
            then("\n".join([message, *self._reopen(verify_all=True)]))

        def failed(exc: Exception) -> None:
            told = str(exc) if isinstance(exc, UserError) else bug_message(exc)
            then("\n".join([S.RESTORE_FAILED.format(error=told), *self._reopen(verify_all=False)]))

        run_bulk(self, S.RESTORE_TITLE, work, done, failed, cancellable=False)

    def purge(self, days: int, then: Callable[[str], object]) -> None:
        """Remove the personal data of cases closed more than ``days`` days ago — from the database, the
        audit log, every backup and moved-aside copy (desktop/store/purge.py) — off the GUI thread."""
        from desktop.store.purge import purge
        from desktop.ui.bulk import run_bulk

        data_dir, user = self.ctx.data_dir, self.ctx.user
        self._release_data()

        def work(progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]) -> str:
            report = purge(data_dir, days, user, holder=S.PURGE_HOLDER, progress=progress, cancel=cancelled)
            return "\n".join(report.lines)

        def done(message: str) -> None:
            then("\n".join([message, *self._reopen(verify_all=False)]))

        def failed(exc: Exception) -> None:
            told = str(exc) if isinstance(exc, UserError) else bug_message(exc)
            then("\n".join([S.PURGE_FAILED.format(error=told), *self._reopen(verify_all=False)]))

        run_bulk(self, S.PURGE_TITLE, work, done, failed)

    def refresh_derived(self) -> None:
        """Recompute stale derived data (progress, next due date) a batch at a time on the GUI thread (the
        connection stays on its thread; a batch takes a few ms), then refresh the list once."""
        if not self.ctx.repo.is_open:
            return
        if self.cases.refresh_stale(limit=DERIVED_BATCH):
            QTimer.singleShot(0, self.refresh_derived)
            self._derived_refreshed = True
        elif getattr(self, "_derived_refreshed", False):
            self._derived_refreshed = False
            self.case_list.refresh()

    def daily_backup(self) -> None:
        from desktop.store.backup import daily_backup_in_own_connection
        from desktop.ui.workers import run_task

        data_dir = self.ctx.data_dir
        run_task(lambda: daily_backup_in_own_connection(data_dir), lambda _p: None,
                 lambda exc: self.statusBar().showMessage(S.BACKUP_FAILED.format(error=exc)))

    def set_font_size(self, key: str) -> None:
        self.ctx.repo.set_setting("font_size", key)
        self.font_actions[key].setChecked(True)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_font(app, self.font_family, key)

    def about(self) -> None:
        QMessageBox.about(self, S.APP_TITLE, S.ABOUT_TEXT.format(version=__version__, data_dir=self.ctx.data_dir))

    def _restore_geometry(self) -> None:
        saved = self.ctx.repo.setting(GEOMETRY_KEY)
        if saved:
            self.restoreGeometry(QByteArray.fromBase64(saved.encode()))

    def _remember_splitter(self) -> None:
        if self.case_view is not None:
            state = bytes(self.case_view.split.saveState().toBase64().data()).decode()
            if state != self.ctx.repo.setting(SPLITTER_KEY):
                self.ctx.repo.set_setting(SPLITTER_KEY, state)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.ctx.repo.is_open:  # the context was closed first (a test, or a failed restore)
            super().closeEvent(event)
            return
        if self.case_view is not None:
            self.case_view.closing()
            self._remember_splitter()
        if self.self_view is not None and self.self_view.profile is not None:
            self.self_view.profile.flush()
        geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        if geometry != self.ctx.repo.setting(GEOMETRY_KEY):  # a write (and its sync) only when it moved
            self.ctx.repo.set_setting(GEOMETRY_KEY, geometry)
        super().closeEvent(event)


def _new_case(*args: object) -> NewCase:
    from desktop.services.cases import NewCase

    return NewCase(*args)  # type: ignore[arg-type]


def _data() -> ModuleType:
    """The data menu's actions, imported when one is used (not needed for the first paint)."""
    from desktop.ui import data_actions

    return data_actions


def _action(parent: QMainWindow, text: str, keys: str, slot: Callable[[], object]) -> QAction:
    action = QAction(text, parent, shortcut=QKeySequence(keys))
    action.triggered.connect(slot)
    return action


def _clock() -> str:
    import datetime as dt

    return dt.datetime.now().strftime("%H:%M:%S")
