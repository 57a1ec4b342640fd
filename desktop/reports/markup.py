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
from reportlab.platypus import Paragraph

_NONCHARS = {0xFFFE, 0xFFFF}


def clean(text: str) -> str:
    """Drop what cannot be printed or encoded: control characters (line breaks and tabs excepted),
    lone surrogates and the U+FFFE/U+FFFF non-characters; tabs become spaces, CR LF becomes LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
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
