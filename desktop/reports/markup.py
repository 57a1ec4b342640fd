"""Making any text safe for reportlab: control characters stripped, markup escaped.

reportlab's ``Paragraph`` parses its text as markup: raw ``x<y`` crashes it, ``<b>`` or ``<font>``
injects formatting, ``<img src=...>`` opens local files and ``A&B`` prints as ``A&B;`` (DESIGN §6).
So every piece of data goes through :func:`esc` (or :func:`para`) — content, applicant fields and notes
alike; only the fixed markup this package writes itself is left unescaped.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph

_NONCHARS = {0xFFFE, 0xFFFF}


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


def clean(text: str) -> str:
    """Drop what cannot be printed or encoded: control characters (line breaks and tabs excepted),
    lone surrogates and the U+FFFE/U+FFFF non-characters; tabs become spaces, CR LF becomes LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if text.replace("\n", "").isprintable():  # the common case, and fast: no Cc, Cs or non-characters
        return text
    return "".join(
        ch for ch in text
        if ch == "\n" or (unicodedata.category(ch) not in ("Cc", "Cs") and ord(ch) not in _NONCHARS)
    )


def one_line(text: str) -> str:
    """:func:`clean` with line breaks turned into spaces (for canvas strings: footer, header)."""
    return " ".join(clean(text).split("\n")).strip()


def esc(text: str) -> str:
    """Paragraph-safe markup for a data string; line breaks are kept as ``<br/>``."""
    return escape(clean(text)).replace("\n", "<br/>")


def para(text: str, style: ParagraphStyle, prefix: str = "") -> Paragraph:
    """A Paragraph of data text.  ``prefix`` is trusted markup written by this package (a label)."""
    return Paragraph(prefix + esc(text), style)
