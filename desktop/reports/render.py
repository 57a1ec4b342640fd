"""The thin renderer: page template, header and footer, and an atomic write of the PDF file.

A4 portrait with a binding margin on the left.  Every page has the office name at the top
(``企业自查`` on the owner's document, which has no office) and a footer
``第 x 页 共 y 页 · 办件编号 … · 内容包 … 第N版　内容版本 …`` (the total is known only at the end, so the canvas keeps
each page's state and draws the footers in ``save`` — the NumberedCanvas recipe).  The file is written
to a temporary file in the target directory and renamed over the target: never a half-written PDF.
``invariant=True`` makes the output byte-stable (no dates, fixed ids) for tests.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from desktop.core.present import CaseDoc
from desktop.reports.fonts import pdf_font
from desktop.reports.markup import one_line
from desktop.reports.owner import HEADER as OWNER_HEADER
from desktop.reports.story import build_story, kind_info, kinds
from desktop.reports.styles import (
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MUTED,
    PAGE_SIZE,
    RULE,
    make_styles,
)

APP_TITLE = "营商办事清单"


@dataclass(frozen=True)
class PageFurniture:
    """What the header and footer print on every page."""

    font: str
    office: str
    case_id: str
    id_label: str
    versions: str  # the content line: where the content came from (内容包 … 第N版) and its versions
    printed_at: str  # "" when invariant


@functools.lru_cache(maxsize=64)
def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with … so it fits ``width`` (header and footer are single lines).

    Linear in the text length: the case number may be any string the case file holds.  Cached: the
    same header and footer lines are fitted on every page.
    """
    if stringWidth(text, font, size) <= width:
        return text
    room = width - stringWidth("…", font, size)
    used, end = 0.0, 0
    for end, ch in enumerate(text):  # noqa: B007  # end is used after the loop
        used += stringWidth(ch, font, size)
        if used > room:
            break
    return text[:end] + "…"


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    """Defers page output until the page count is known, then draws header and footer."""

    furniture: PageFurniture  # set on the per-render subclass

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab API name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._furniture(total)
            super().showPage()
        super().save()

    def _furniture(self, total: int) -> None:
        f = self.furniture
        width, height = PAGE_SIZE
        right = width - MARGIN_RIGHT
        self.saveState()
        self.setFont(f.font, 8.5)
        self.setFillColor(MUTED)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        top = height - MARGIN_TOP + 8
        self.drawString(MARGIN_LEFT, top, _fit(f.office, f.font, 8.5, FRAME_WIDTH * 0.7))
        self.drawRightString(right, top, APP_TITLE)
        self.line(MARGIN_LEFT, top - 3, right, top - 3)
        bottom = MARGIN_BOTTOM - 12
        self.line(MARGIN_LEFT, bottom + 10, right, bottom + 10)
        self.setFont(f.font, 9)
        self.setFillColor(MUTED)
        page = f"第 {self._pageNumber} 页 共 {total} 页"
        self.drawRightString(right, bottom, page)
        left = f"{f.id_label} {f.case_id}" + (f"　打印时间 {f.printed_at}" if f.printed_at else "")
        room = FRAME_WIDTH - stringWidth(page, f.font, 9) - 12
        self.drawString(MARGIN_LEFT, bottom, _fit(left, f.font, 9, room))
        self.setFont(f.font, 7.5)
        self.drawString(MARGIN_LEFT, bottom - 11, _fit(f.versions, f.font, 7.5, FRAME_WIDTH))
        self.restoreState()


def render_doc(doc: CaseDoc, out_path: str | os.PathLike[str], kind: str = "summary", invariant: bool = False,
               large: bool = False) -> Path:
    """Render a prepared :class:`CaseDoc` (for kind ``self`` one with the owner's view) to ``out_path``.

    ``large`` is the 大字版 (body 14 pt); ``invariant`` makes the output byte-stable for tests.  Raises
    :class:`~desktop.reports.fonts.FontNotFound` without a usable CJK font, ``OSError`` when the file cannot
    be written (the target is then left as it was), ``ValueError`` for an unknown kind.  Documents are
    made from a case's snapshot by :mod:`desktop.services.documents`.
    """
    if kind not in kinds():
        raise ValueError(f"未知的文书类型“{kind}”；可选：{'、'.join(kinds())}")
    font = pdf_font()
    styles = make_styles(font.name, large=large)
    story = build_story(doc, kind, styles)
    printed = "" if invariant else dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    info = kind_info(kind)
    owner = info is not None and info.for_owner
    furniture = PageFurniture(font.name, OWNER_HEADER if owner else one_line(doc.office), one_line(doc.case_id),
                              "编号" if owner else "办件编号", one_line(_content_line(doc)), printed)
    canvas_class = type("CaseCanvas", (_NumberedCanvas,), {"furniture": furniture})
    target = Path(out_path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem[:40]}-", suffix=".pdf.tmp", dir=target.parent or ".")
    os.close(fd)
    try:
        template = BaseDocTemplate(
            tmp, pagesize=PAGE_SIZE, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM, invariant=1 if invariant else 0, initialFontName=font.name,
            title=f"{APP_TITLE} {one_line(doc.case_id)}", author=one_line(doc.office) or APP_TITLE,
            subject=kind, creator=f"qingdan {_version()}",
        )
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, FRAME_WIDTH, PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        template.build(story, canvasmaker=canvas_class)
        os.chmod(tmp, 0o600)  # it names the applicant: owner-only, like every file with personal data
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _content_line(doc: CaseDoc) -> str:
    """``内容包 吉林省营商清单 第3版　内容版本 id@version…``: the pack first, so fitting never cuts it."""
    return (f"{doc.content_source}　" if doc.content_source else "") + f"内容版本 {doc.versions}"


def _version() -> str:
    from desktop import __version__

    return __version__
