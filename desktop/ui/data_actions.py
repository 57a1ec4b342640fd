"""文件 menu actions on the data: import and export of case files (one, a zip of all, the CSV list),
backup, restore from a backup, and purging closed cases past the retention period.  Each asks what it
needs, warns about personal data, and reports the result in plain Chinese."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from desktop.core.errors import UserError
from desktop.services.cases import CaseService
from desktop.ui import strings as S
from desktop.ui.bulk import Progress, run_bulk
from desktop.ui.dialogs.files import open_file_name, save_file_name
from desktop.ui.guard import bug_message

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


def _folder(window: MainWindow) -> str:
    return window.ctx.repo.setting("last_export_dir", str(Path.home()))


def _remember(window: MainWindow, path: Path) -> None:
    window.ctx.repo.set_setting("last_export_dir", str(path.parent))


def _confirm_personal_data(parent: QWidget) -> bool:
    answer = QMessageBox.question(parent, S.APP_TITLE, S.PERSONAL_DATA_CONFIRM)
    return answer == QMessageBox.StandardButton.Yes


def _error(exc: Exception) -> str:
    return str(exc) if isinstance(exc, UserError | OSError) else bug_message(exc)


def import_cases(window: MainWindow) -> None:
    path = open_file_name(window, S.IMPORT_TITLE, Path(_folder(window)), S.IMPORT_FILTER)
    if path is not None:
        start_import(window, path, lambda lines: show_import_report(window, lines))


def start_import(window: MainWindow, path: Path, then: Callable[[list[str]], None]) -> None:
    """Import a case file or zip off the GUI thread, member by member with progress (取消 between members);
    ``then(report lines)`` on the GUI thread.  Nothing raises out of here: a failure is a line of the report."""
    from desktop.store.exchange import ImportProgress, ImportReport

    _remember(window, path)
    parent = window.ctx

    def work(progress: Progress, cancelled: Callable[[], bool]) -> list[str]:
        ctx = parent.sibling()  # the GUI's connection stays on the GUI thread
        try:
            def step(p: ImportProgress) -> None:
                progress(p.done, p.total, p.outcome.source)

            report = CaseService(ctx).import_path(path, cancel=cancelled, progress=step)
        finally:
            ctx.close()
        assert isinstance(report, ImportReport)
        return [o.line().replace("\t", "　") for o in report.outcomes]

    def done(lines: list[str]) -> None:
        window.case_list.refresh()
        then(lines)

    run_bulk(window, S.IMPORT_TITLE, work, done, lambda exc: then([S.IMPORT_FAILED.format(error=_error(exc))]))


def import_file(window: MainWindow, path: Path) -> list[str]:
    """Import on the GUI thread (small files, scripts and tests); the menu action uses :func:`start_import`."""
    from desktop.store.exchange import ImportReport

    _remember(window, path)
    try:
        report = window.cases.import_path(path)
    except Exception as exc:  # a file the user chose: never a traceback
        return [S.IMPORT_FAILED.format(error=_error(exc))]
    window.case_list.refresh()
    assert isinstance(report, ImportReport)
    return [o.line().replace("\t", "　") for o in report.outcomes]


def show_import_report(window: MainWindow, lines: list[str]) -> None:
    QMessageBox.information(window, S.IMPORT_TITLE, "\n".join(lines) or S.IMPORT_NOTHING)


def export_current(window: MainWindow) -> None:
    case_id = window.case_view.snap.case.id if window.case_view else window.case_list.selected_case()
    if case_id is None:
        QMessageBox.information(window, S.APP_TITLE, S.EXPORT_NEED_CASE)
        return
    if not _confirm_personal_data(window):
        return
    path = save_file_name(window, S.EXPORT_ONE, Path(_folder(window)) / f"{case_id}.json", S.CASE_FILE_FILTER)
    if path is not None:
        _run_export(window, "one", path, case_id)


def export_all(window: MainWindow) -> None:
    if not _confirm_personal_data(window):
        return
    path = save_file_name(window, S.EXPORT_ALL, Path(_folder(window)) / S.EXPORT_ALL_NAME, S.ZIP_FILTER)
    if path is not None:
        start_export_all(window, path, lambda message: None)


def start_export_all(window: MainWindow, path: Path, then: Callable[[str], None]) -> None:
    """Every case into one zip, off the GUI thread with progress and 取消 (a cancelled export leaves no file)."""
    from desktop.store import exchange

    _remember(window, path)
    parent = window.ctx

    def work(progress: Progress, cancelled: Callable[[], bool]) -> str:
        ctx = parent.sibling()
        try:
            result = exchange.export_cases(ctx.repo, path, progress=lambda n, total: progress(n, total, ""),
                                           cancel=cancelled)
        finally:
            ctx.close()
        return S.EXPORT_DONE.format(n=result.cases, path=result.path)

    def done(message: str) -> None:
        window.statusBar().showMessage(message, 10000)
        then(message)

    def failed(exc: Exception) -> None:
        message = S.EXPORT_CANCELLED if isinstance(exc, exchange.ExportCancelled) else \
            S.EXPORT_FAILED.format(error=_error(exc))
        window.statusBar().showMessage(message, 10000)
        then(message)

    run_bulk(window, S.EXPORT_ALL, work, done, failed)


def export_csv(window: MainWindow) -> None:
    if not _confirm_personal_data(window):
        return
    path = save_file_name(window, S.EXPORT_CSV, Path(_folder(window)) / S.EXPORT_CSV_NAME, S.CSV_FILTER)
    if path is not None:
        _run_export(window, "csv", path)


def _run_export(window: MainWindow, what: str, path: Path, case_id: str = "") -> str:
    from desktop.store import exchange

    _remember(window, path)
    repo = window.ctx.repo
    try:
        if what == "one":
            result = exchange.export_case(repo, case_id, path)
        elif what == "all":
            result = exchange.export_cases(repo, path)
        else:
            filters = window.case_list.current_filters()
            result = exchange.export_csv(repo, path, window.case_list.filter.text(), **filters)
    except Exception as exc:  # told, never a traceback
        message = S.EXPORT_FAILED.format(error=_error(exc))
    else:
        message = S.EXPORT_DONE.format(n=result.cases, path=result.path)
    window.statusBar().showMessage(message, 10000)
    return message


def backup_now(window: MainWindow) -> str:
    from desktop.store.backup import make_backup

    try:
        path = make_backup(window.ctx.data_dir, window.ctx.repo.db)
    except Exception as exc:  # reported, never a traceback
        message = S.BACKUP_FAILED.format(error=_error(exc))
    else:
        message = S.BACKUP_DONE.format(path=path)
    window.statusBar().showMessage(message, 10000)
    return message


def restore_backup(window: MainWindow) -> None:
    from desktop.store.backup import backup_dir

    path = open_file_name(window, S.RESTORE_TITLE, backup_dir(window.ctx.data_dir), S.BACKUP_FILTER)
    if path is None:
        return
    if QMessageBox.question(window, S.RESTORE_TITLE, S.RESTORE_CONFIRM) != QMessageBox.StandardButton.Yes:
        return
    window.restore_from(path, lambda message: QMessageBox.information(window, S.RESTORE_TITLE, message))


def purge_closed(window: MainWindow) -> None:
    stored = window.ctx.repo.setting("retention_days", "365")
    days, ok = QInputDialog.getInt(window, S.PURGE_TITLE, S.PURGE_ASK, int(stored) if stored.isdigit() else 365,
                                   30, 36500)
    if not ok:
        return
    window.ctx.repo.set_setting("retention_days", str(days))  # the office's retention period, kept
    if QMessageBox.question(window, S.PURGE_TITLE, S.PURGE_CONFIRM.format(days=days)) \
            != QMessageBox.StandardButton.Yes:
        return
    window.purge(days, lambda message: QMessageBox.information(window, S.PURGE_TITLE, message))
