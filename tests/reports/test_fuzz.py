"""Any text in any case field still builds every document kind (``all``) — or is refused with one line
naming a character no font has — and what the fonts can show comes back verbatim."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from desktop.core.catalog import Catalog
from desktop.core.model import Applicant, Case, ItemState
from desktop.reports.glyphs import UnprintableCharacter, has_glyph
from desktop.reports.markup import clean, esc
from desktop.services.documents import render_case_pdf

NASTY = [
    "<b>张三&李四</b>", "<img src=/etc/passwd>", '<img src="/etc/passwd"/>', "&amp;&#65;&lt;", "x<y", "a&b",
    "\u202eRTL\u200f\u200e", "😀🇨🇳👨‍👩‍👧", "𠀀𪚥𝕏", "\x00\x01\x07\x1b[31m\x7f", "\ud800lone", "\ufffe\uffff",
    "]]></para>", "<para>", "<br/>", "\n\n\r\n\t", "Ａｂｃ　全角", "ab\u0301\u0327",
]
unbroken = st.builds(lambda ch, n: ch * n, st.sampled_from(["字", "W", "😀", "&", "<"]), st.integers(800, 5000))
any_text = st.one_of(st.text(max_size=200), st.sampled_from(NASTY), unbroken,
                     st.lists(st.sampled_from(NASTY), max_size=6).map("".join))

SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _case(name: str, other: str, note: str) -> Case:
    return Case(id=other or "X", applicant=Applicant(name or "-", other, other, other),
                checklists=["fx-kaiban", "fx-commit"], received_on=dt.date(2026, 11, 25),
                clerk=other, office=other, profile={"region": "长春市"},
                states={"fx-kaiban/A01": ItemState("pending", note), "fx-commit/C01": ItemState("pending", note)})


def _render(catalog: Catalog, case: Case) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        out = render_case_pdf(catalog, case, Path(tmp) / "f.pdf", kind="all", invariant=True)
        reader = PdfReader(str(out))
        assert len(reader.pages) >= 1
        return "".join(page.extract_text() or "" for page in reader.pages)


@SETTINGS
@given(name=any_text, other=any_text, note=any_text)
@example(name="\x00" * 5000, other="<" * 5000, note="😀" * 5000)
@example(name="𠀀𪚥䶮", other="👨\u200d👩\u200d👧🇨🇳1️⃣", note="\u202e\ufe0f")
def test_any_text_in_any_field_builds_a_pdf(catalog: Catalog, name: str, other: str, note: str) -> None:
    try:
        text = _render(catalog, _case(name, other, note))  # raises if the PDF does not build or read back
    except UnprintableCharacter as exc:  # refused before anything is written: one line naming it
        assert not has_glyph(exc.char) and exc.char in name + other + note
        assert f"U+{ord(exc.char):04X}" in str(exc) and "\n" not in str(exc)
        return
    assert "办理清单" in text and "依据附录" in text


# characters the bundled font has (CJK, ASCII incl. markup characters, CJK punctuation), no whitespace
printable = st.text(st.one_of(st.characters(min_codepoint=0x21, max_codepoint=0x7E),
                              st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
                              st.sampled_from("，。：；“”（）《》〔〕、")), min_size=1, max_size=40)


@SETTINGS
@given(name=printable, note=printable)
def test_printable_text_comes_back_verbatim(catalog: Catalog, name: str, note: str) -> None:
    body = re.sub(r"\s+", "", _render(catalog, _case(name, "", note)))
    assert name in body and note in body


def test_clean_strips_controls_and_keeps_line_breaks() -> None:
    assert clean("a\x00b\x1bc\x7fd\r\ne\tf\ud800g\uffff") == "abcd\ne fg"
    assert clean("张三 😀") == "张三 😀"  # emoji are kept (glyphs.prepare replaces them)
    # invisible characters have no glyph to print: format characters and variation selectors go
    assert clean("张\u200b三\u202e\ufe0f\U000e0100") == "张三"
    assert clean("a\u00a0b\u2003c\u3000d\u2028e") == "a b c\u3000d\ne"


def test_esc_neutralises_markup() -> None:
    assert esc('<img src="x"/>&\n') == '&lt;img src="x"/&gt;&amp;<br/>'

