"""汇总与打印: preview in QPdfView, printing through QPrinter (to a PDF file here), document kinds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from desktop.context import build_context
from desktop.core.model import Applicant
from desktop.services.cases import CaseService
from desktop.ui.views.case_view import CaseView


def _view(qtbot: QtBot, tmp_path: Path) -> CaseView:
    ctx = build_context(tmp_path / "data")
    version = ctx.catalog.checklists["kaiban-jilin"].version
    case_id = ctx.repo.create_case(Applicant("打印测试有限公司"), [("kaiban-jilin", version)], dt.date(2026, 11, 25),
                                   "李四", "一号窗口", "李四")
    ctx.repo.set_answer(case_id, "region", "长春市", "李四")
    view = CaseView(CaseService(ctx), case_id)
    qtbot.addWidget(view)
    view.tabs.setCurrentIndex(2)
    view.show()
    return view


def test_print_goes_through_qprinter(qtbot: QtBot, tmp_path: Path) -> None:
    view = _view(qtbot, tmp_path)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    view.summary.print_to(printer)
    qtbot.waitUntil(lambda: view.summary.status.text().startswith("已发送打印"), timeout=30000)
    pages = int(view.summary.status.text().split("：")[1].split()[0])
    assert pages >= 1
    assert out.exists() and len(PdfReader(out).pages) == pages
    view.ctx.close()


def test_preview_shows_the_document_and_kinds_are_offered(qtbot: QtBot, tmp_path: Path) -> None:
    view = _view(qtbot, tmp_path)
    kinds = [view.summary.kind.itemData(i) for i in range(view.summary.kind.count())]
    assert kinds == ["brief", "summary", "notice", "correction", "commitment", "basis", "all"]
    assert view.summary.kind.currentData() == "brief"  # the counter's default print is the 简版
    view.summary.kind.setCurrentIndex(kinds.index("notice"))
    view.summary.large.setChecked(True)
    assert view.ctx.repo.setting("pdf_large") == "1"
    view.summary.preview()
    qtbot.waitUntil(lambda: view.summary.preview_info.text().startswith("预览"), timeout=30000)
    pdf_view = view.summary.pdf_view
    assert pdf_view is not None
    assert pdf_view.document().pageCount() >= 1  # type: ignore[attr-defined]
    assert view.summary.last_pdf is not None
    text = "".join(p.extract_text() for p in PdfReader(view.summary.last_pdf).pages)
    assert "一次性告知" in text and "打印测试有限公司" in text
    view.ctx.close()
