"""Every character prints: CJK Extension A–F names come back exactly from every kind with every font
embedded; a character no font has stops the print with one line naming it; emoji become "[表情]"."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop import paths
from desktop.core.catalog import Catalog
from desktop.core.model import Case, ItemState
from desktop.reports import KIND_NAMES
from desktop.reports.fonts import fallback_fonts
from desktop.reports.glyphs import EMOJI, UnprintableCharacter, has_glyph, runs, substitute_emoji
from desktop.services.documents import render_case_pdf

RARE = "张𠀀𪚥"  # CJK Extension B, as on real ID cards
EXT_A = "刘䶮"
BIANG = "\U00030EDD"  # 𰻝 (biáng), CJK Extension G: in no bundled font


def text_of(pdf: Path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages)


def test_the_fallback_fonts_ship_with_their_licence() -> None:
    folder = paths.resource_path("fonts", "fallback")
    assert {p.name for p in folder.glob("*.ttf")} == {"HanaMinA-extra.ttf", "HanaMinB.ttf"}
    licence = (folder / "LICENSE-hanazono.txt").read_text(encoding="utf-8")
    assert "Hanazono Font License" in licence and "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "GlyphWiki" in licence
    assert [f.path.name for f in fallback_fonts()] == ["HanaMinA-extra.ttf", "HanaMinB.ttf"]


def _assigned(lo: int, hi: int) -> list[str]:
    return [chr(c) for c in range(lo, hi + 1) if unicodedata.category(chr(c)) == "Lo"]


@pytest.mark.parametrize(("block", "lo", "hi", "missing"), [
    ("Extension A", 0x3400, 0x4DBF, 10),  # U+4DB6–U+4DBF came with Unicode 13, after the font
    ("Extension B", 0x20000, 0x2A6DF, 9),  # U+2A6D7–U+2A6DF came with Unicode 13 and 14, after the font
    ("Extension C", 0x2A700, 0x2B73F, 4),
    ("Extension D", 0x2B740, 0x2B81F, 0),
    ("Extension E", 0x2B820, 0x2CEAF, 0),
    ("Extension F", 0x2CEB0, 0x2EBEF, 0),
    ("Compatibility Supplement", 0x2F800, 0x2FA1F, 0),
])
def test_coverage_of_the_extensions(block: str, lo: int, hi: int, missing: int) -> None:
    chars = _assigned(lo, hi)
    lacking = [f"U+{ord(c):04X}" for c in chars if not has_glyph(c)]
    assert len(lacking) == missing, (block, lacking[:20])


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_a_rare_name_comes_back_exactly_from_every_kind(catalog: Catalog, make_case: Callable[..., Case],
                                                        tmp_path: Path, kind: str) -> None:
    case = make_case(name=RARE, note=f"{EXT_A}代办，已核验。", clerk=RARE)
    pdf = render_case_pdf(catalog, case, tmp_path / f"{kind}.pdf", kind=kind, invariant=True)
    text = text_of(pdf)
    assert RARE in text, kind
    if kind in ("summary", "all"):  # the clerk's note (of a done step) is printed there
        assert EXT_A in text


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils (pdffonts) not installed")
@pytest.mark.parametrize("kind", KIND_NAMES)
def test_every_font_is_embedded_with_rare_characters(catalog: Catalog, make_case: Callable[..., Case],
                                                     tmp_path: Path, kind: str) -> None:
    case = make_case(name=RARE + EXT_A, office=f"{RARE}窗口")
    pdf = render_case_pdf(catalog, case, tmp_path / f"{kind}.pdf", kind=kind, invariant=True)
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert any("HanaMinB" in r[0] for r in rows) and any("HanaMinA" in r[0] for r in rows), rows
    assert all(r[-5] == "yes" for r in rows), rows  # emb
    assert all(r[-3] == "yes" for r in rows), rows  # uni: a ToUnicode map for every font
    if shutil.which("qpdf"):
        check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout


def test_rare_characters_in_the_page_header_and_footer(catalog: Catalog, make_case: Callable[..., Case],
                                                       tmp_path: Path) -> None:
    case = make_case(office=f"{RARE}市政务服务中心", id=f"QD-{RARE}")
    pages = PdfReader(str(render_case_pdf(catalog, case, tmp_path / "s.pdf", kind="summary",
                                          invariant=True))).pages
    for page in pages:
        text = page.extract_text() or ""
        assert f"{RARE}市政务服务中心" in text and f"办件编号 QD-{RARE}" in text


@pytest.mark.parametrize(("field", "label"), [("name", "申请人"), ("note", "事项“一网通办提交开办申请”的经办人备注"),
                                              ("office", "受理窗口")])
def test_a_character_no_font_has_stops_the_print_and_names_it(
        catalog: Catalog, make_case: Callable[..., Case], tmp_path: Path, field: str, label: str) -> None:
    assert not has_glyph(BIANG)
    target = tmp_path / "out.pdf"
    target.write_bytes(b"previous")
    with pytest.raises(UnprintableCharacter) as exc:
        render_case_pdf(catalog, make_case(**{field: f"老王{BIANG}面馆"}), target, kind="summary", invariant=True)
    message = str(exc.value)
    assert message.startswith(f"无法打印：{label}中的字符“{BIANG}”（U+30EDD）") and "\n" not in message
    assert exc.value.char == BIANG and exc.value.field == label
    assert isinstance(exc.value, ValueError)
    assert target.read_bytes() == b"previous" and [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_private_use_and_unassigned_characters_are_refused_too(catalog: Catalog, make_case: Callable[..., Case],
                                                              tmp_path: Path) -> None:
    for ch in ("\ue000", "\U0003fffd"):
        with pytest.raises(UnprintableCharacter, match=f"U\\+{ord(ch):04X}"):
            render_case_pdf(catalog, make_case(name=f"张{ch}"), tmp_path / "x.pdf", kind="brief", invariant=True)


@pytest.mark.parametrize(("text", "expected"), [
    ("张三😀", f"张三{EMOJI}"),
    ("一家👨\u200d👩\u200d👧人", f"一家{EMOJI}人"),  # joined: one substitute
    ("点赞👍🏽！", f"点赞{EMOJI}！"),  # skin tone
    ("中国🇨🇳加油", f"中国{EMOJI}加油"),  # flag: two regional indicators
    ("第1️⃣名", f"第{EMOJI}名"),  # keycap
    ("爱❤️你", f"爱{EMOJI}你"),  # presentation selector
    ("🏳️\u200d🌈", EMOJI),
    ("⌚⭐", EMOJI * 2),
    ("2026年1月 No.1 ©", "2026年1月 No.1 ©"),  # not emoji
])
def test_emoji_become_one_visible_substitute_each(text: str, expected: str) -> None:
    assert substitute_emoji(text)[0] == expected


def test_emoji_are_replaced_with_a_notice_in_the_document_and_for_the_caller(
        catalog: Catalog, make_case: Callable[..., Case], tmp_path: Path) -> None:
    notices: list[str] = []
    case = make_case(name="张三😀", states={"fx-kaiban/A01": ItemState("pending", "已电话联系👍")})
    pdf = render_case_pdf(catalog, case, tmp_path / "s.pdf", kind="summary", invariant=True, notices=notices)
    assert notices == ["申请人中的 1 个表情符号无法打印，已以“[表情]”代替",
                       "事项“一网通办提交开办申请”的经办人备注中的 1 个表情符号无法打印，已以“[表情]”代替"]
    text = text_of(pdf)
    assert f"张三{EMOJI}" in text and f"已电话联系{EMOJI}" in text
    assert "注：申请人中的 1 个表情符号无法打印" in text.replace("\n", "")


def test_runs_use_the_main_font_where_it_can() -> None:
    assert runs("张三 ABC") == [(None, "张三 ABC")]
    parts = runs(f"申请人{RARE}，{EXT_A}")
    assert [p for _, p in parts] == ["申请人张", "𠀀𪚥", "，刘", "䶮"]
    assert parts[0][0] is None and parts[1][0] is not None and "HanaMinB" in str(parts[1][0])
    assert "HanaMinA" in str(parts[3][0])


def test_a_symbol_no_font_has_is_a_substitute_not_an_error() -> None:
    symbol = "\U0001f700"  # an alchemical symbol: in no bundled font
    assert not has_glyph(symbol)
    assert substitute_emoji(f"甲{symbol}乙")[0] == f"甲{EMOJI}乙"


def test_ordinary_documents_never_load_the_fallback_fonts(catalog: Catalog, make_case: Callable[..., Case],
                                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fallback fonts (34 MB) are read only for a text that needs them: line breaks in notes and
    quotes have no glyph and must not count as missing."""
    from desktop.reports import glyphs

    def refuse() -> tuple[object, ...]:
        raise AssertionError("fallback fonts loaded")

    monkeypatch.setattr(glyphs, "fallback_fonts", refuse)
    assert runs("张三\n李四") == [(None, "张三\n李四")]
    case = make_case(note="第一行\n第二行", states={"fx-kaiban/A01": ItemState("pending", "备注\n第二行")})
    for kind in ("all", "brief"):
        render_case_pdf(catalog, case, tmp_path / f"{kind}.pdf", kind=kind, invariant=True)
