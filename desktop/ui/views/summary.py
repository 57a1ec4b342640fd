"""汇总与打印: the case's progress (the same sentence every place prints), 生成PDF (save dialog), in-app
preview (QPdfView) and 打印.  Documents are rendered in the background from the case view's snapshot —
exactly what the screen shows."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.core.errors import UserError
from desktop.core.progress import Progress, progress_text
from desktop.ui import strings as S
from desktop.ui.dialogs.files import save_file_name
from desktop.ui.guard import bug_message
from desktop.ui.widgets import guard_wheel
from desktop.ui.workers import run_task

if TYPE_CHECKING:
    from desktop.ui.views.case_view import CaseView

class SummaryPanel(QWidget):
    """Left: the progress as a breakdown and the sentence every place prints, then the document, its options
    and the actions (生成PDF, 打印 — Ctrl+P prints in one key).  Right: the chosen document, previewed inline
    and kept current while the tab is shown."""

    def __init__(self, case_view: CaseView) -> None:
        super().__init__()
        ctx = case_view.ctx
        self.ctx = ctx
        self.case_view = case_view
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.breakdown = QLabel()
        self.breakdown.setTextFormat(Qt.TextFormat.RichText)
        self.breakdown.setAccessibleName(S.A11Y_BREAKDOWN)
        from desktop.reports import COUNTER_KINDS, DEFAULT_KIND, KIND_TITLES

        self.kind = QComboBox()
        # the first is the default choice: the 办理清单（简版） handed over at the counter
        # the 补正通知 follows the 一次性告知单: it is issued when materials were accepted on 容缺
        kinds = [k for c in COUNTER_KINDS for k in ((c, "correction") if c == "notice" else (c,))]
        for key in (DEFAULT_KIND, *kinds, "all"):
            self.kind.addItem(KIND_TITLES[key], key)
        self.large = QCheckBox(S.LARGE_PRINT)
        self.large.setChecked(ctx.repo.setting("pdf_large") == "1")
        self.large.toggled.connect(lambda on: ctx.repo.set_setting("pdf_large", "1" if on else "0"))
        self.mask_box = QCheckBox(S.MASK_PRINT)
        self.mask_box.setChecked(ctx.repo.setting("pdf_mask") == "1")
        self.mask_box.toggled.connect(lambda on: ctx.repo.set_setting("pdf_mask", "1" if on else "0"))
        self.pdf_button = QPushButton(S.MAKE_PDF)
        self.preview_button = QPushButton(S.PREVIEW)
        self.print_button = QPushButton(S.PRINT)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.kind.setAccessibleName(S.A11Y_KIND)
        guard_wheel(self.kind)
        kind_label = QLabel(S.KIND_CHOICE)
        kind_label.setBuddy(self.kind)
        left = QWidget()
        left.setMaximumWidth(380)
        side = QVBoxLayout(left)
        side.setContentsMargins(0, 0, 0, 0)
        title = QLabel(S.SUMMARY_TITLE)
        title.setObjectName("caseHeader")
        side.addWidget(title)
        side.addWidget(self.breakdown)
        side.addWidget(self.counts)
        side.addSpacing(12)
        side.addWidget(kind_label)
        side.addWidget(self.kind)
        side.addWidget(self.large)
        side.addWidget(self.mask_box)
        buttons = QHBoxLayout()
        for b in (self.print_button, self.pdf_button, self.preview_button):
            buttons.addWidget(b)
        side.addLayout(buttons)
        side.addWidget(self.status)
        side.addStretch(1)
        self.preview_area = QVBoxLayout()
        self.preview_info = QLabel()
        self.preview_area.addWidget(self.preview_info)
        right = QWidget()
        right.setLayout(self.preview_area)
        self.preview_area.setContentsMargins(0, 0, 0, 0)
        layout = QHBoxLayout(self)
        layout.addWidget(left)
        layout.addWidget(right, 1)
        self._preview_timer = QTimer(self, singleShot=True, interval=300)
        self._preview_timer.timeout.connect(self.preview)
        for signal in (self.kind.currentIndexChanged, self.large.toggled, self.mask_box.toggled):
            signal.connect(self.schedule_preview)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_)
        self._temp: Path | None = None
        self._busy = self._again = self._gone = False
        self.pdf_view: QWidget | None = None
        self.pdf_button.clicked.connect(self.save_pdf)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_)
        self.last_pdf: Path | None = None

    def show_progress(self, progress: Progress) -> None:
        self.counts.setText(progress_text(progress))
        rows = [(S.BD_APPLICABLE, progress.applicable, True), (S.BD_DONE, progress.done, False),
                (S.BD_WAIVED, progress.waived, False), (S.BD_MARKED_NA, progress.marked_not_applicable, False),
                (S.BD_PENDING, progress.pending, False), (S.BD_UNDATED, progress.undated, False),
                (S.BD_UNKNOWN, progress.unknown, True), (S.BD_NOT_APPLICABLE, progress.not_applicable, True),
                (S.BD_EXPIRED, progress.expired + progress.not_yet, True), (S.BD_SUPERSEDED, progress.superseded, True),
                (S.BD_NOTICES, progress.notices, True)]
        cells = "".join(
            f"<tr><td style='padding:1px 12px 1px {0 if top else 18}px'>{label}</td>"
            f"<td align='right'><b>{n}</b></td></tr>" for label, n, top in rows if n or label == S.BD_APPLICABLE)
        self.breakdown.setText(f"<table>{cells}</table>")
        if self.isVisible():
            self.schedule_preview()

    def schedule_preview(self) -> None:
        """Keep the inline preview current (debounced; only while the tab is shown)."""
        if self.isVisible():
            self._preview_timer.start()

    def showEvent(self, event: QShowEvent) -> None:  # Qt API name
        super().showEvent(event)
        self.schedule_preview()

    # ------------------------------------------------------------ rendering

    def render_pdf(self, out: Path, then: Callable[[Path], None], preview: bool = False) -> None:
        """Render the chosen document in the background, then call ``then(path)`` on the GUI thread.  A
        preview reports in the preview's own line, never over the result of a save or a print."""
        from desktop.services.documents import render

        self.case_view.flush()
        snapshot = self.case_view.snap  # immutable: safe to hand to the worker
        kind = str(self.kind.currentData())
        large = self.large.isChecked()
        calendar = self.ctx.calendar
        mask = self.mask_box.isChecked()
        line = self.preview_info if preview else self.status
        line.setText(S.PDF_RENDERING)
        self._busy = True
        for b in (self.pdf_button, self.preview_button, self.print_button):
            b.setEnabled(False)

        def done(path: Path) -> None:
            if self._gone or not isValid(self.pdf_button):  # the case was closed while rendering: drop what nobody will see
                if path == self._temp or path.parent == self.ctx.data_dir / "tmp":
                    path.unlink(missing_ok=True)
                return
            self._finish()
            self.last_pdf = path
            then(path)

        def failed(exc: Exception) -> None:
            if self._gone or not isValid(self.pdf_button):
                return
            self._finish()
            line.setText(S.PDF_FAILED.format(error=exc if isinstance(exc, UserError) else bug_message(exc)))

        notices: list[str] = []  # characters printed in place of others (emoji → [表情]): told beside the result

        def rendered(path: Path) -> None:
            done(path)
            if notices and not self._gone:
                line.setText(line.text() + "\n" + "\n".join(notices))

        run_task(lambda: render(snapshot, out, kind, calendar=calendar, large=large, mask=mask, notices=notices),
                 rendered, failed)

    def _finish(self) -> None:
        self._busy = False
        for b in (self.pdf_button, self.preview_button, self.print_button):
            b.setEnabled(True)
        if self._again:  # the case or the options changed while rendering: show the newer one
            self._again = False
            self.schedule_preview()

    def default_name(self) -> str:
        return f"{self.case_view.snap.case.id}-{self.kind.currentText()}.pdf"

    def save_pdf(self) -> None:
        folder = self.ctx.repo.setting("last_pdf_dir", str(Path.home()))
        path = save_file_name(self, S.MAKE_PDF, Path(folder) / self.default_name(), S.PDF_FILTER)
        if path is not None:
            self.save_to(path)

    def save_to(self, path: Path) -> None:
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        self.ctx.repo.set_setting("last_pdf_dir", str(path.parent))

        def saved(p: Path) -> None:
            self.status.setText(S.PDF_SAVED.format(path=p))
            self.show_preview(p)

        self.render_pdf(path, saved)

    def _temp_path(self) -> Path:
        """A fresh temporary file for a preview or print; the previous one is deleted (no longer shown)."""
        from desktop.store.housekeeping import temp_pdf_path  # owner-only <data dir>/tmp; cleaned at start

        self.discard_temp()
        self._temp = temp_pdf_path(self.ctx.data_dir)
        return self._temp

    def shut(self) -> None:
        """The case view is closing: no preview any more, and its temporary file goes."""
        self._gone = True
        self._preview_timer.stop()
        self.discard_temp()

    def discard_temp(self) -> None:
        """Delete the temporary PDF no longer shown (on Windows a file still open stays until next time)."""
        if self._temp is not None:
            with contextlib.suppress(OSError):
                self._temp.unlink(missing_ok=True)
            self._temp = None

    def preview(self) -> None:
        if self._busy:
            self._again = True
            return
        self.render_pdf(self._temp_path(), self.show_preview, preview=True)

    def show_preview(self, path: Path) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        if self.pdf_view is None:
            # The document belongs to the panel and is created before the view: a document owned by the
            # view would be destroyed inside the view's destructor and signal a half-destroyed view (crash).
            self.pdf_document = QPdfDocument(self)
            view = QPdfView(self)
            view.setPageMode(QPdfView.PageMode.MultiPage)
            view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            view.setDocument(self.pdf_document)
            self.preview_area.addWidget(view)
            self.pdf_view = view
        pdf_view = self.pdf_view
        assert isinstance(pdf_view, QPdfView)
        pdf_view.document().load(str(path))
        self.preview_info.setText(S.PREVIEW_PAGES.format(n=pdf_view.document().pageCount()))

    def print_(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: object) -> None:
        from desktop.ui.printing import print_pdf

        def go(path: Path) -> None:
            try:
                pages = print_pdf(path, printer)  # type: ignore[arg-type]
            except Exception as exc:
                QMessageBox.warning(self, S.APP_TITLE, S.PRINT_FAILED.format(error=exc))
                return
            self.status.setText(S.PRINT_SENT.format(n=pages))

        self.render_pdf(self._temp_path(), go)
