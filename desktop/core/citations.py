"""Citation text handling: normalisation of PDF-converted text, the "quote is in its source" check,
and how citations are formatted for display and print.

Normalisation (applied to seed text, bundled excerpts and quotes alike):
- page-marker lines are dropped (``# Page 1231:`` in seed 001, footers like ``—３—`` in seed 003);
- Markdown heading marks the PDF conversion put before headings are dropped;
- full-width ASCII forms (U+FF01–U+FF5E) are folded to half-width and U+3000 to a space;
- every whitespace character (spaces, line breaks, the blank lines inside paragraphs) is removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from desktop.core.model import LegalBasis, Source

_PAGE_MARKER = re.compile(r"^\s*(#\s*Page\s*\d+\s*:?|[—－\-]+\s*[0-9０-９]+\s*[—－\-]+)\s*$")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_WHITESPACE = re.compile(r"\s+")
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20


def fold_width(text: str) -> str:
    """Fold full-width ASCII forms to half-width ("２０２０" → "2020", "（" stays: it is not ASCII)."""
    return text.translate(_FOLD)


def normalise(text: str) -> str:
    """Normalise text for the quote check (see the module docstring)."""
    kept: list[str] = []
    for line in text.splitlines():
        if _PAGE_MARKER.match(line):
            continue
        kept.append(_HEADING.sub("", line))
    return _WHITESPACE.sub("", fold_width("".join(kept)))


def display_text(text: str) -> str:
    """Readable form of an excerpt: page markers dropped and PDF line breaks joined into paragraphs.

    A line break is kept only after sentence-ending punctuation or a heading-like short line; blank
    lines inside a sentence (a PDF artefact) disappear.
    """
    out: list[str] = []
    buf = ""
    for raw in text.splitlines():
        if _PAGE_MARKER.match(raw):
            continue
        line = _HEADING.sub("", raw).strip()
        if not line:
            continue
        buf += line
        if buf.endswith(("。", "：", ":", "；", "！", "？", "”", "」")) or len(line) < 20:
            out.append(buf)
            buf = ""
    if buf:
        out.append(buf)
    return "\n".join(out)


class SourceIndex:
    """Normalised excerpts of every source, for fast repeated quote look-ups."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self.sources = {s.id: s for s in sources}
        self._norm: dict[str, tuple[str, ...]] = {
            s.id: tuple(normalise(e.text) for e in s.excerpts) for s in self.sources.values()
        }

    def contains(self, source_id: str, quote: str) -> bool:
        """True when the normalised quote is inside one normalised excerpt of the source."""
        needle = normalise(quote)
        return bool(needle) and any(needle in hay for hay in self._norm.get(source_id, ()))

    def excerpt_for(self, source_id: str, quote: str) -> str | None:
        """The excerpt's line range that holds the quote, or None."""
        source = self.sources.get(source_id)
        if source is None:
            return None
        needle = normalise(quote)
        for excerpt, hay in zip(source.excerpts, self._norm[source_id], strict=True):
            if needle and needle in hay:
                return excerpt.lines
        return None


def short_citation(basis: LegalBasis, source: Source | None) -> str:
    """《title》（文号）article — one line, for lists and the summary document."""
    name = source.citation_name if source else basis.source
    return f"{name}{basis.article}"
