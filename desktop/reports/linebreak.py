"""Chinese line breaking (禁则) for every paragraph of the printed documents.

reportlab's CJK wrapping knows only part of the rules and applies them in some paths only: its list of
characters that may not start a line lacks "，", "；", "：", "？", "！", "》", "”" and "’", it keeps at
most one of them on the line ("”。" still puts "。" first on the next line), and nothing stops a line
ending with "（", "《" or "“".  :func:`break_points` replaces that wrapping for single-run and
mixed-run paragraphs alike (labels in another colour, a font change for a rare character, escaped data):

* no line starts with a closing mark (:data:`CLOSING`: ，。、；：？！）》」』”’ and the like);
* no line ends with an opening mark (:data:`OPENING`: （《「『“‘ and the like);
* "——" and "……" are never split, a single "—" or "～" between two numbers ("3%—5%") is not split
  from either side, a line never starts with a space, and a run of ASCII letters, digits and signs
  (a case number, a date, an English word) is kept whole while it fits on a line.

A line that cannot be broken by these rules (one unbroken word wider than the line) is broken by the
first two rules alone, and as a last resort anywhere.

One closing mark whose ink sits in the left half of its square (，。、）》” …, :data:`HANG`) may hang
past the end of the line (标点悬挂, as reportlab did already); two marks in a row, or any other mark,
go to the next line together with the character before them, so a line never starts with one.
"""

from __future__ import annotations

from collections.abc import Sequence

CLOSING = frozenset("，。、；：？！）》」』”’〕】〉｝］〗〙〛｠」,.;:?!)]}")
OPENING = frozenset("（《「『“‘〔【〈｛［〖〘〚｟「([{")
NO_SPLIT = frozenset("—…")  # ——, …… are one mark each
RANGE = frozenset("—～")  # alone: "from … to …", bound to both sides
HANG = frozenset("，。、）》」』”’〕】〉］｝")
FUZZ = 1e-8


def _word(ch: str) -> bool:
    """ASCII letters, digits and signs: kept together like a word."""
    return "!" <= ch <= "~"


def _single(text: str, i: int) -> bool:
    """Is ``text[i]`` a "—" or "～" standing alone (not part of "——")?"""
    ch = text[i]
    return (ch in RANGE and (i == 0 or text[i - 1] != ch)
            and (i + 1 == len(text) or text[i + 1] != ch))


def _allowed(text: str, b: int, level: int) -> bool:
    """May a line end before ``text[b]``?  Level 0: every rule; 1: the closing/opening rules only."""
    before, after = text[b - 1], text[b]
    if after in CLOSING or before in OPENING:
        return False
    if level:
        return True
    if after.isspace() or (before == after and before in NO_SPLIT):
        return False
    if _single(text, b) or _single(text, b - 1):
        return False
    return not (_word(before) and _word(after))


def best_break(text: str, start: int, end: int) -> int:
    """The last position ``b`` in ``(start, end]`` where a line ``text[start:b]`` may end.

    ``text[end]`` is the character that no longer fits (or ``end == len(text)``).  When no position
    keeps every rule, the closing/opening rules alone decide; when even they cannot, ``end``."""
    if end == len(text):
        return end
    for level in (0, 1):
        for b in range(end, start, -1):
            if _allowed(text, b, level):
                return b
    return end


def break_points(text: str, widths: Sequence[float], max_widths: Sequence[float],
                 forced: frozenset[int] = frozenset()) -> list[tuple[int, int, float, float]]:
    """Lines of ``text`` as ``(start, end, used width, room of the line)``.

    ``widths[i]`` is the width of ``text[i]``; line ``n`` has room ``max_widths[n]`` (the last value for
    the rest).  A line always ends after a position in ``forced`` (an explicit line break).  Every line
    holds at least one character, so a character wider than the line still makes progress.
    """
    lines: list[tuple[int, int, float, float]] = []
    n = len(text)
    start = i = 0
    used = 0.0
    room = max_widths[0]
    while i < n:
        w = widths[i]
        if used + w > room + FUZZ and i > start:
            if (text[i] in HANG and text[i - 1] not in OPENING
                    and (i + 1 == n or (text[i + 1] not in CLOSING and i + 1 not in forced))):
                i += 1  # hangs; the line ends after it
                lines.append((start, i, used + w, room))
                start = i
                used = 0.0
                room = max_widths[min(len(lines), len(max_widths) - 1)]
                continue
            b = best_break(text, start, i)
            width = used - sum(widths[b:i]) if b < i else used
            lines.append((start, b, width, room))
            start = i = b
            used = 0.0
            room = max_widths[min(len(lines), len(max_widths) - 1)]
            continue
        used += w
        i += 1
        if i - 1 in forced:
            lines.append((start, i, used, room))
            start = i
            used = 0.0
            room = max_widths[min(len(lines), len(max_widths) - 1)]
    if start < n:
        lines.append((start, n, used, room))
    return lines
