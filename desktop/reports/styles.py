"""Page geometry, colours and paragraph styles of the printed documents.

One :class:`Styles` per render, built for the registered CJK font and a body size: 10.5 pt normally
(五号), 14 pt for the 大字版 (large) option, where no text style is smaller than the body.  Every
style wraps CJK-style (``wordWrap="CJK"``), which also breaks long unbroken Latin strings instead of
letting them run off the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

PAGE_SIZE = A4
MARGIN_LEFT = 25 * mm  # binding margin
MARGIN_RIGHT = 15 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_WIDTH = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT
FRAME_HEIGHT = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM
# An item block is kept on one page only while less than this much room is left on the current one;
# with more room it starts here and runs on (no half-empty pages before a long item): blocks.KeepBlock.
KEEP_MAX = FRAME_HEIGHT * 0.3

INK = colors.HexColor("#1a1a1a")
MUTED_HEX = "#5a5a5a"  # for <font color=...> in fixed markup
MUTED = colors.HexColor(MUTED_HEX)
ACCENT = colors.HexColor("#1f4e8c")  # headings and rules; prints as a dark grey in black and white
RULE = colors.HexColor("#b8c4d6")
QUOTE_BG = colors.HexColor("#f2f4f7")
QUOTE_BAR = colors.HexColor("#7d8fa8")
HEAD_BG = colors.HexColor("#e8eef6")
DONE = colors.HexColor("#1d6b35")
STOP_HEX = "#8a1c1c"  # overdue marks (fixed markup)
STOP = colors.HexColor(STOP_HEX)


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of one render."""

    font: str
    size: float
    title: ParagraphStyle
    subtitle: ParagraphStyle
    section: ParagraphStyle
    subsection: ParagraphStyle
    item_title: ParagraphStyle
    body: ParagraphStyle
    label: ParagraphStyle
    small: ParagraphStyle
    quote: ParagraphStyle
    cite: ParagraphStyle
    context: ParagraphStyle
    status: ParagraphStyle

    @property
    def leading(self) -> float:
        return float(self.body.leading)


def make_styles(font: str, large: bool = False) -> Styles:
    """Styles for ``font``; ``large`` is the 大字版 (body 14 pt) for elderly applicants."""
    size = 14.0 if large else 10.5
    lead = size * 1.5
    # in the 大字版 nothing the applicant reads is smaller than the body: notes, quotes and citations
    # are told apart by colour and the quote box, not by a smaller size
    minor = size if large else size * 0.85
    quoted = size if large else size * 0.95

    def style(name: str, **kw: object) -> ParagraphStyle:
        base: dict[str, object] = {"fontName": font, "fontSize": size, "leading": lead, "textColor": INK,
                                   "wordWrap": "CJK", "alignment": TA_LEFT}
        base.update(kw)
        return ParagraphStyle(name, **base)

    return Styles(
        font=font,
        size=size,
        title=style("title", fontSize=size * 2, leading=size * 2.6, alignment=TA_CENTER, spaceAfter=size * 0.3),
        subtitle=style("subtitle", fontSize=size * 1.1, leading=size * 1.6, alignment=TA_CENTER,
                       textColor=MUTED, spaceAfter=size),
        section=style("section", fontSize=size * 1.45, leading=size * 2, textColor=ACCENT, spaceBefore=size,
                      spaceAfter=size * 0.3, keepWithNext=1),
        subsection=style("subsection", fontSize=size * 1.15, leading=size * 1.7, textColor=ACCENT,
                         spaceBefore=size * 0.8, spaceAfter=size * 0.3, keepWithNext=1),
        item_title=style("item_title", fontSize=size * 1.2, leading=size * 1.6),
        body=style("body"),
        label=style("label", textColor=MUTED),
        small=style("small", fontSize=minor, leading=minor * 1.47, textColor=MUTED),
        quote=style("quote", fontSize=quoted, leading=size * 1.5),
        cite=style("cite", fontSize=quoted, leading=quoted * 1.47),
        context=style("context", fontSize=minor, leading=minor * 1.53, textColor=MUTED),
        status=style("status", fontSize=size * 0.95, leading=size * 1.3, alignment=TA_CENTER),
    )
