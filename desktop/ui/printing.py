"""Printing a rendered PDF through QPrinter: each page rasterised by QtPdf at the printer's
resolution and painted onto the page (works for real printers and for print-to-PDF)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from desktop.ui import strings as S


class PrintError(Exception):
    pass


def print_pdf(pdf: Path, printer: QPrinter) -> int:
    """Print every page of ``pdf``; returns the page count."""
    document = QPdfDocument()
    error = document.load(str(pdf))
    if error != QPdfDocument.Error.None_:
        raise PrintError(S.PRINT_UNREADABLE.format(name=pdf.name, error=error.name))
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(S.PRINT_NO_PRINTER)
    try:
        dpi = printer.resolution()
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            size_pt = document.pagePointSize(page)
            target = painter.viewport()
            scale = min(target.width() / size_pt.width(), target.height() / size_pt.height())
            pixels = QSize(int(size_pt.width() * min(scale, dpi / 72)), int(size_pt.height() * min(scale, dpi / 72)))
            image = document.render(page, pixels)
            painter.drawImage(target.topLeft(), image.scaled(int(size_pt.width() * scale),
                                                             int(size_pt.height() * scale)))
    finally:
        painter.end()
    return document.pageCount()
