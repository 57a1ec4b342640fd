"""Making any text safe for reportlab: control and invisible characters stripped, markup escaped,
characters the main font lacks set in a fallback font.

reportlab's ``Paragraph`` parses its text as markup: raw ``x<y`` crashes it, ``<b>`` or ``<font>``
injects formatting, ``<img src=...>`` opens local files and ``A&B`` prints as ``A&B;`` (DESIGN §6).
So every piece of data goes through :func:`esc` (or :func:`para`) — content, applicant fields and notes
alike; only the fixed markup this package writes itself is left unescaped.  :func:`esc` also wraps
each run of characters the main font lacks in ``<font name=…>`` of the fallback font that has them
(:mod:`desktop.reports.glyphs`), and :class:`Paragraph` breaks lines by the Chinese rules
(:mod:`desktop.reports.linebreak`).
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph

from desktop.reports.glyphs import runs
from desktop.reports.linebreak import break_points

_NONCHARS = {0xFFFE, 0xFFFF}
# invisible and printable to Python: variation selectors, the combining grapheme joiner, Mongolian FVS
_INVISIBLE = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef\u034f\u180b-\u180f]")
_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def _char_widths(text: str, font: str, size: float) -> list[float]:
    """Per-character widths, remembered per font and size (the same characters recur on every page)."""
    known = _WIDTHS.setdefault((font, size), {})
    out = []
    for ch in text:
        w = known.get(ch)
        if w is None:
            w = known[ch] = stringWidth(ch, font, size)
        out.append(w)
    return out


class Paragraph(paragraph.Paragraph):  # type: ignore[misc]  # reportlab is untyped
    """reportlab's ``Paragraph`` that keeps its line breaks while it is wrapped at the same width again.

    A paragraph in a table inside a table inside ``KeepTogether`` is wrapped up to six times per
    render with the same width (tables re-measure their cells to wrap, split and draw); breaking CJK
    lines is the costliest part of rendering (docs/performance.md).  The layout depends only on the
    width, so the last result is reused as long as it is still the paragraph's own (``split`` drops
    it when the paragraph moves to the next frame; anything else that re-breaks lines replaces it).
    """

    _wrapped: tuple[float, object, float] | None = None  # (width, the blPara it gave, height)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # reportlab API
        last = self._wrapped
        if last is not None and last[0] == availWidth and last[1] is self.__dict__.get("blPara"):
            self.width, self.height = availWidth, last[2]
            return availWidth, last[2]
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, self.blPara, height) if availWidth >= paragraph._FUZZ else None
        return width, height

    def breakLinesCJK(self, maxWidths: float | list[float] | tuple[float, ...]) -> object:  # reportlab API
        """reportlab's CJK line breaking with the Chinese rules of :mod:`desktop.reports.linebreak`,
        for a paragraph of one run and of many alike."""
        frags = self.frags
        if (not frags or self.style.endDots or any(hasattr(f, "cbDefn") for f in frags)
                or (hasattr(self, "blPara") and getattr(self, "_splitpara", 0))):
            return super().breakLinesCJK(maxWidths)  # empty, images/anchors, or the half of a split
        widths: list[float] = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        self.height = 0
        paragraph._handleBulletWidth(self.bulletText, self.style, widths)
        if len(frags) == 1:
            f = frags[0]
            text = f.text if hasattr(f, "text") else "".join(getattr(f, "words", []))
            lines = [(room - used, [text[a:b]])
                     for a, b, used, room in break_points(text, _char_widths(text, f.fontName, f.fontSize), widths)]
            return f.clone(kind=0, lines=lines, ascent=f.fontSize, descent=-0.2 * f.fontSize)
        units: list[paragraph.cjkU] = []
        chars: list[str] = []
        sizes: list[float] = []
        forced: set[int] = set()
        for f in frags:
            text = f.text
            if text:
                ws = _char_widths(text, f.fontName, f.fontSize)
                sizes += ws
                chars.append(text)
                units += [_unit(ch, f, w) for ch, w in zip(text, ws, strict=True)]
            else:  # an empty run: a <br/> (lineBreak) or an empty tag
                if hasattr(f, "lineBreak"):
                    forced.add(len(units))
                sizes.append(0.0)
                chars.append("\n" if hasattr(f, "lineBreak") else "\u200b")
                units.append(_unit("", f, 0.0))
        calc = getattr(self, "autoLeading", getattr(self.style, "autoLeading", "")) not in ("", "off")
        out = []
        for a, b, used, room in break_points("".join(chars), sizes, widths, frozenset(forced)):
            out.append(paragraph.makeCJKParaLine(units[a:b], room, used, room - used,
                                                 hasattr(units[b - 1].frag, "lineBreak"), calc))
        return paragraph.ParaLines(kind=1, lines=out)


def _unit(ch: str, frag: object, width: float) -> paragraph.cjkU:
    """reportlab's one-character run, with the width already measured (not measured again here)."""
    u = str.__new__(paragraph.cjkU, ch)
    u._frag = frag
    u._width = width
    return u


def clean(text: str) -> str:
    """Drop what cannot be printed or encoded: control characters (line breaks and tabs excepted),
    lone surrogates, the U+FFFE/U+FFFF non-characters and the invisible ones (format characters such
    as U+200B or U+202E, variation selectors: no glyph to print); tabs and other spaces become spaces
    (U+3000 stays), CR LF and the Unicode line and paragraph separators become LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if text.replace("\n", "").isprintable() and not _INVISIBLE.search(text):  # the common case, and fast
        return text
    return "".join(_clean_char(ch) for ch in text)


def _clean_char(ch: str) -> str:
    if ch == "\n" or ch == "\u3000":
        return ch
    category = unicodedata.category(ch)
    if category in ("Cc", "Cs", "Cf") or ord(ch) in _NONCHARS or _INVISIBLE.match(ch):
        return ""
    if category == "Zs":
        return " "
    return "\n" if category in ("Zl", "Zp") else ch


def one_line(text: str) -> str:
    """:func:`clean` with line breaks turned into spaces (for canvas strings: footer, header)."""
    return " ".join(clean(text).split("\n")).strip()


def esc(text: str) -> str:
    """Paragraph-safe markup for a data string; line breaks are kept as ``<br/>``; runs of characters
    the main font lacks in the fallback font that has them."""
    text = clean(text)
    if text.isascii():
        return escape(text).replace("\n", "<br/>")
    out = []
    for font, piece in runs(text):
        markup = escape(piece).replace("\n", "<br/>")
        out.append(markup if font is None else f'<font name="{font}">{markup}</font>')
    return "".join(out)


def para(text: str, style: ParagraphStyle, prefix: str = "") -> Paragraph:
    """A Paragraph of data text.  ``prefix`` is trusted markup written by this package (a label)."""
    return Paragraph(prefix + esc(text), style)
