"""汇总与打印: the case's progress (the same sentence every place prints), 生成PDF (save dialog), in-app
preview (QPdfView) and 打印.  Documents are rendered in the background from the case view's snapshot —
exactly what the screen shows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

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

from desktop.core.errors import UserError
from desktop.core.progress import Progress, progress_text
from desktop.ui import strings as S
from desktop.ui.dialogs.files import save_file_name
from desktop.ui.guard import bug_message
from desktop.ui.workers import run_task

if TYPE_CHECKING:
    from desktop.ui.views.case_view import CaseView

COUNTER_KINDS = ("summary", "notice", "commitment", "basis", "all")  # the self-check PDF is not a counter document


class SummaryPanel(QWidget):
    def __init__(self, case_view: CaseView) -> None:
        super().__init__()
        ctx = case_view.ctx
        self.ctx = ctx
        self.case_view = case_view
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        from desktop.reports import KIND_TITLES

        self.kind = QComboBox()
        for key in COUNTER_KINDS:
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
        row = QHBoxLayout()
        self.kind.setAccessibleName(S.A11Y_KIND)
        kind_label = QLabel(S.KIND_CHOICE)
        kind_label.setBuddy(self.kind)
        row.addWidget(kind_label)
        row.addWidget(self.kind)
        row.addWidget(self.large)
        row.addWidget(self.mask_box)
        for b in (self.pdf_button, self.preview_button, self.print_button):
            row.addWidget(b)
        row.addStretch(1)
        self.preview_area = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addLayout(self.preview_area, 1)
        self.pdf_view: QWidget | None = None
        self.pdf_button.clicked.connect(self.save_pdf)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_)
        self.last_pdf: Path | None = None

    def show_progress(self, progress: Progress) -> None:
        self.counts.setText(progress_text(progress))

    # ------------------------------------------------------------ rendering

    def render_pdf(self, out: Path, then: Callable[[Path], None]) -> None:
        """Render the chosen document in the background, then call ``then(path)`` on the GUI thread."""
        from desktop.services.documents import render

        self.case_view.flush()
        snapshot = self.case_view.snap  # immutable: safe to hand to the worker
        kind = str(self.kind.currentData())
        large = self.large.isChecked()
        calendar = self.ctx.calendar
        mask = self.mask_box.isChecked()
        self.status.setText(S.PDF_RENDERING)
        for b in (self.pdf_button, self.preview_button, self.print_button):
            b.setEnabled(False)

        def done(path: Path) -> None:
            self._enable()
            self.last_pdf = path
            then(path)

        def failed(exc: Exception) -> None:
            self._enable()
            self.status.setText(S.PDF_FAILED.format(error=exc if isinstance(exc, UserError) else bug_message(exc)))

        run_task(lambda: render(snapshot, out, kind, calendar=calendar, large=large, mask=mask), done, failed)

    def _enable(self) -> None:
        for b in (self.pdf_button, self.preview_button, self.print_button):
            b.setEnabled(True)

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
        from desktop.store.housekeeping import temp_pdf_path  # owner-only <data dir>/tmp; cleaned at start

        return temp_pdf_path(self.ctx.data_dir)

    def preview(self) -> None:
        self.render_pdf(self._temp_path(), self.show_preview)

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
        if not self.status.text().startswith(S.PDF_SAVED.split("{")[0]):
            self.status.setText(S.PREVIEW_PAGES.format(n=pdf_view.document().pageCount()))

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
