"""Every character prints, or the user is told which one cannot: fonts per run, emoji, the check.

* :func:`runs` splits a text into runs of one font each: the main font where it has the character,
  otherwise the first fallback font that has it (:func:`desktop.reports.fonts.fallback_fonts`).
  :func:`desktop.reports.markup.esc` wraps the fallback runs in ``<font name=…>``; the page header and
  footer draw them with :func:`draw_string`.
* Emoji — a pictograph, a flag, a keycap, a sequence joined by U+200D, with its skin tone and
  presentation selectors — are one :data:`EMOJI` "[表情]" each: a printed form would be a different
  picture or several, and an empty one would hide that something was there.  A symbol no font has is
  treated the same way.
* :func:`prepare` runs on a whole :class:`~desktop.core.present.CaseDoc` before anything is laid out:
  it replaces the emoji (and says where, for the caller and for a line in the document) and raises
  :class:`UnprintableCharacter` — one Chinese line naming the character, its code point and the
  field — for any other character no font has.  A document is never printed with a character missing.

Invisible characters (format characters such as U+200B or U+202E, variation selectors) have no glyph
to print; :func:`desktop.reports.markup.clean` drops them.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable
from typing import Any, TypeVar

from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.core.errors import UserError
from desktop.reports.fonts import chars_of, fallback_fonts, pdf_font

EMOJI = "[表情]"
ZWJ = "\u200d"
KEYCAP = "\u20e3"
VS15, VS16 = "\ufe0e", "\ufe0f"
# BMP characters shown as emoji by default (Unicode Emoji_Presentation=Yes)
_EMOJI_BMP = frozenset(
    chr(c) for lo, hi in (
        (0x231A, 0x231B), (0x23E9, 0x23EC), (0x23F0, 0x23F0), (0x23F3, 0x23F3), (0x25FD, 0x25FE),
        (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F), (0x2693, 0x2693), (0x26A1, 0x26A1),
        (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5), (0x26CE, 0x26CE), (0x26D4, 0x26D4),
        (0x26EA, 0x26EA), (0x26F2, 0x26F3), (0x26F5, 0x26F5), (0x26FA, 0x26FA), (0x26FD, 0x26FD),
        (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728), (0x274C, 0x274C), (0x274E, 0x274E),
        (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797), (0x27B0, 0x27B0), (0x27BF, 0x27BF),
        (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55),
    ) for c in range(lo, hi + 1))


class UnprintableCharacter(UserError, ValueError):
    """A character no font has: the message is one Chinese line naming it, its code point and the field
    (the CLI prints it and exits non-zero; the GUI shows it)."""

    def __init__(self, char: str, field: str) -> None:
        self.char, self.field = char, field
        super().__init__(f"无法打印：{field}中的字符“{char}”（U+{ord(char):04X}）在所有可用字体中都没有字形，"
                         f"文书未生成。请核对该字符。")


def _is_pictograph(ch: str) -> bool:
    return "\U0001f000" <= ch <= "\U0001faff" or ch in _EMOJI_BMP


def _modifier(ch: str) -> bool:
    return ch in (VS15, VS16) or "\U0001f3fb" <= ch <= "\U0001f3ff" or "\U000e0020" <= ch <= "\U000e007f"


def _emoji_end(text: str, i: int, printable: Callable[[str], bool]) -> int:
    """Where the emoji starting at ``text[i]`` ends, or ``i`` when none starts there."""
    ch = text[i]
    n = len(text)
    if ch in "0123456789#*":  # keycap: 1️⃣
        j = i + 1 + (i + 1 < n and text[i + 1] == VS16)
        return j + 1 if j < n and text[j] == KEYCAP else i
    if not (_is_pictograph(ch) or (i + 1 < n and text[i + 1] == VS16 and not printable(ch))
            or (unicodedata.category(ch) == "So" and not printable(ch))):
        return i
    j = i + 1
    if "\U0001f1e6" <= ch <= "\U0001f1ff" and j < n and "\U0001f1e6" <= text[j] <= "\U0001f1ff":
        j += 1  # a flag: two regional indicators
    while j < n:
        if _modifier(text[j]) or text[j] == KEYCAP:
            j += 1
        elif text[j] == ZWJ and j + 1 < n and not text[j + 1].isspace() and ord(text[j + 1]) >= 0x2000:
            j += 2
        else:
            break
    return j


def substitute_emoji(text: str, printable: Callable[[str], bool] | None = None) -> tuple[str, int]:
    """``text`` with each emoji (sequence) replaced by :data:`EMOJI`, and how many were replaced."""
    if text.isascii():
        return text, 0
    ok = printable or has_glyph
    out: list[str] = []
    count = i = 0
    n = len(text)
    while i < n:
        end = _emoji_end(text, i, ok)
        if end > i:
            out.append(EMOJI)
            count += 1
            i = end
        else:
            out.append(text[i])
            i += 1
    return ("".join(out), count) if count else (text, 0)


def main_chars() -> frozenset[str]:
    return chars_of(pdf_font().name)


def _main_only(text: str, main: frozenset[str]) -> bool:
    """Does the main font have every character of ``text`` (white space aside: a line break has no glyph)?"""
    if text.isascii():
        return True
    missing = set(text).difference(main)
    return not missing or all(ch.isspace() for ch in missing)


def has_glyph(ch: str) -> bool:
    """Does the main font or a fallback font have ``ch``?"""
    return ch in main_chars() or any(ch in f.chars for f in fallback_fonts())


def runs(text: str) -> list[tuple[str | None, str]]:
    """``text`` as ``(font name, piece)`` runs; None is the main font.  A character no font has stays
    in the main font (:func:`prepare` has refused such a text before it gets here)."""
    main = main_chars()
    if _main_only(text, main):
        return [(None, text)]
    fallbacks = fallback_fonts()
    out: list[tuple[str | None, str]] = []
    for ch in text:
        font = None
        if ch not in main and not ch.isspace():
            font = next((f.name for f in fallbacks if ch in f.chars), None)
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return out


def string_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` drawn with :func:`draw_string`."""
    return float(sum(stringWidth(piece, name or font, size) for name, piece in runs(text)))


def draw_string(canvas: Any, x: float, y: float, text: str, font: str, size: float) -> None:
    """``canvas.drawString`` with each run in its font, in one text object (text extraction reads it as
    one line)."""
    line = canvas.beginText(x, y)
    for name, piece in runs(text):
        line.setFont(name or font, size)
        line.textOut(piece)
    canvas.drawText(line)
    canvas.setFont(font, size)


T = TypeVar("T")


def _field_label(obj: object, name: str, outer: str) -> str:
    from desktop.core.present import CaseDoc, ItemDoc, OwnerDoc, SectionDoc

    if isinstance(obj, CaseDoc):
        return CASE_FIELDS.get(name, outer)
    if isinstance(obj, ItemDoc):
        return f"事项“{obj.title}”的经办人备注" if name == "note" else f"事项“{obj.title}”"
    if isinstance(obj, SectionDoc):
        return f"清单“{obj.title}”"
    if isinstance(obj, OwnerDoc) and name == "answers":
        return "企业自查的回答"
    return outer


CASE_FIELDS = {"case_id": "办件编号", "name": "申请人", "id_number": "证件号码", "contact": "联系人",
               "phone": "联系电话", "received_on": "受理日期", "office": "受理窗口", "clerk": "经办人",
               "clauses": "告知承诺条款", "two_copies": "告知承诺条款", "owner": "企业自查"}


def _walk(obj: T, label: str, fix: Callable[[str, str], str]) -> T:
    """``obj`` with ``fix(text, field label)`` applied to every string in it (dataclasses, tuples)."""
    if isinstance(obj, str):
        return fix(obj, label)  # type: ignore[return-value]
    if isinstance(obj, tuple):
        items = tuple(_walk(x, label, fix) for x in obj)
        return obj if all(a is b for a, b in zip(items, obj, strict=True)) else items  # type: ignore[return-value]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            new = _walk(value, _field_label(obj, f.name, label), fix)
            if new is not value:
                changes[f.name] = new
        return dataclasses.replace(obj, **changes) if changes else obj
    return obj


def prepare(doc: T) -> tuple[T, list[str]]:
    """The document with emoji replaced, and one notice per field where that happened.

    Raises :class:`UnprintableCharacter` for the first other character that no font has."""
    from desktop.reports.markup import clean

    main = main_chars()
    replaced: dict[str, int] = {}

    def fix(text: str, label: str) -> str:
        if _main_only(text, main):
            return text
        text, count = substitute_emoji(text)
        if count:
            replaced[label] = replaced.get(label, 0) + count
        for ch in clean(text):
            if ch not in main and not ch.isspace() and not has_glyph(ch):
                raise UnprintableCharacter(ch, label)
        return text

    out = _walk(doc, "文书内容", fix)
    notices = [f"{label}中的 {n} 个表情符号无法打印，已以“{EMOJI}”代替" for label, n in replaced.items()]
    return out, notices
