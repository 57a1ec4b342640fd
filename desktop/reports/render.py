"""The thin renderer: page template, header and footer, and an atomic write of the PDF file.

A4 portrait with a binding margin on the left.  Every page has the office name at the top
(``企业自查`` on the owner's document, which has no office) and a footer: ``办件编号 …`` and
``第 x 页 共 y 页``, then the print time, the content's origin (``内容包 … 第N版`` or ``程序自带内容``) and a
short ``内容版本`` (the total is known only at the end, so the canvas keeps each page's state and draws
the footers in ``save`` — the NumberedCanvas recipe).  Header and footer scale with the body: larger in
the 大字版.  The document is checked for characters no font has before anything is laid out
(:func:`desktop.reports.glyphs.prepare`).  The file is written
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
from desktop.reports.glyphs import draw_string, prepare, string_width
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
    """What the header and footer print on every page, and at what size (they scale with the body)."""

    font: str
    office: str
    case_id: str
    id_label: str
    versions: str  # the content line: where the content came from (内容包 … 第N版) and its versions
    printed_at: str  # "" when invariant
    scale: float = 1.0  # body size / 10.5: the 大字版 has a larger header and footer too


@functools.lru_cache(maxsize=64)
def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with … so it fits ``width`` (header and footer are single lines).

    Linear in the text length: the case number may be any string the case file holds.  Cached: the
    same header and footer lines are fitted on every page.  Measured run by run (a fallback font may
    set some of the characters).
    """
    if string_width(text, font, size) <= width:
        return text
    room = width - stringWidth("…", font, size)
    used, end = 0.0, 0
    for end, ch in enumerate(text):  # noqa: B007  # end is used after the loop
        used += string_width(ch, font, size)
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
        """Header: the office (left) and the app (right) over a rule.  Footer under a rule: the case
        number (left) and 第 x 页 共 y 页 (right), then the print time and the short content version."""
        f = self.furniture
        head, foot, note = 8.5 * f.scale, 9 * f.scale, 7.5 * f.scale
        width, height = PAGE_SIZE
        right = width - MARGIN_RIGHT
        self.saveState()
        self.setFillColor(MUTED)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        top = height - MARGIN_TOP + 3 + head * 0.6
        self.setFont(f.font, head)
        draw_string(self, MARGIN_LEFT, top, _fit(f.office, f.font, head, FRAME_WIDTH * 0.7), f.font, head)
        self.drawRightString(right, top, APP_TITLE)
        self.line(MARGIN_LEFT, top - 3, right, top - 3)
        rule = MARGIN_BOTTOM - 2
        self.line(MARGIN_LEFT, rule, right, rule)
        bottom = rule - foot * 1.15
        self.setFont(f.font, foot)
        page = f"第 {self._pageNumber} 页 共 {total} 页"
        self.drawRightString(right, bottom, page)
        room = FRAME_WIDTH - stringWidth(page, f.font, foot) - 12
        draw_string(self, MARGIN_LEFT, bottom, _fit(f"{f.id_label} {f.case_id}", f.font, foot, room), f.font, foot)
        self.setFont(f.font, note)
        # the origin first: fitting cuts the end of the line, never the pack that was used
        second = "　".join(x for x in (f.printed_at and f"打印时间 {f.printed_at}", f.versions) if x)
        draw_string(self, MARGIN_LEFT, bottom - note * 1.35, _fit(second, f.font, note, FRAME_WIDTH), f.font, note)
        self.restoreState()


def short_versions(doc: CaseDoc) -> str:
    """The content version for the footer: the first 8 characters of each checklist's version, in the
    order of the checklists (no checklist ids: the footer is read by the applicant too)."""
    return "/".join(one_line(s.version)[:8] for s in doc.sections)


def render_doc(doc: CaseDoc, out_path: str | os.PathLike[str], kind: str = "brief", invariant: bool = False,
               large: bool = False, notices: list[str] | None = None) -> Path:
    """Render a prepared :class:`CaseDoc` (for kind ``self`` one with the owner's view) to ``out_path``;
    the default kind is the 办理清单（简版） the counter hands over.

    ``large`` is the 大字版 (body 14 pt); ``invariant`` makes the output byte-stable for tests;
    ``notices`` (when given) receives one line per field whose emoji were printed as "[表情]" (the
    document says so too), for the caller to show.  Raises :class:`~desktop.reports.fonts.FontNotFound`
    without a usable CJK font, :class:`~desktop.reports.glyphs.UnprintableCharacter` naming a character
    no font has (before anything is written), ``OSError`` when the file cannot be written (the target is
    then left as it was), ``ValueError`` for an unknown kind.  Documents are made from a case's snapshot
    by :mod:`desktop.services.documents`.
    """
    if kind not in kinds():
        raise ValueError(f"未知的文书类型“{kind}”；可选：{'、'.join(kinds())}")
    font = pdf_font()
    doc, replaced = prepare(doc)  # before anything is laid out: an unprintable character stops here
    if notices is not None:
        notices += replaced
    styles = make_styles(font.name, large=large)
    story = build_story(doc, kind, styles, replaced)
    printed = "" if invariant else dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    info = kind_info(kind)
    owner = info is not None and info.for_owner
    furniture = PageFurniture(font.name, OWNER_HEADER if owner else one_line(doc.office), one_line(doc.case_id),
                              "编号" if owner else "办件编号", _content_line(doc), printed, styles.size / 10.5)
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
    """``内容包 吉林省营商清单 第3版　内容版本 2a4a8e45/…``: the pack first, so fitting never cuts it."""
    return (f"{one_line(doc.content_source)}　" if doc.content_source else "") + f"内容版本 {short_versions(doc)}"


def _version() -> str:
    from desktop import __version__

    return __version__
