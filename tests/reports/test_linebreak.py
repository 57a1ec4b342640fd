"""Chinese line breaking (禁则): the rules of desktop.reports.linebreak, and the paragraphs that use them."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle

from desktop.reports.fonts import pdf_font
from desktop.reports.linebreak import CLOSING, OPENING, break_points
from desktop.reports.markup import Paragraph, esc


def lines(text: str, per_line: int) -> list[str]:
    """``text`` broken with every character 1 wide on lines of ``per_line``."""
    return [text[a:b] for a, b, _, _ in break_points(text, [1.0] * len(text), [float(per_line)])]


def test_a_closing_mark_never_starts_a_line() -> None:
    # "责任" fills the line; "，" would start the next one: it hangs at the end of this one
    assert lines("愿意承担法律责任，以上承诺", 8) == ["愿意承担法律责任，", "以上承诺"]
    # "；" does not hang (its ink is not at the left): "任" goes along with it
    assert lines("愿意承担法律责任；以上承诺", 8) == ["愿意承担法律责", "任；以上承诺"]


def test_two_closing_marks_in_a_row_move_together() -> None:
    assert lines("他说好的”。然后", 4) == ["他说好", "的”。然", "后"]
    assert lines("他说好的”。然后", 5) == ["他说好的”。", "然后"]  # the second one hangs
    out = lines("他说：“好的”。然后走了", 6)
    assert all(line[0] not in CLOSING for line in out), out
    assert "".join(out) == "他说：“好的”。然后走了"


def test_an_opening_mark_never_ends_a_line() -> None:
    out = lines("依据《中华人民共和国公司法》第一条", 3)
    assert all(line[-1] not in OPENING for line in out), out
    assert lines("文号（吉政办发）", 3)[0] == "文号"


def test_dashes_and_ellipses_stay_whole_and_ranges_are_not_split() -> None:
    assert all("—" not in (line[0], line[-1]) or "——" in line
               for line in lines("甲乙丙——丁戊己", 4))
    assert lines("甲乙丙丁……戊己", 5) == ["甲乙丙丁", "……戊己"]
    assert lines("税率3%—5%之间", 3)[0] == "税率"


def test_ascii_words_are_kept_whole_while_they_fit() -> None:
    assert lines("案件编号 QD-2026-01 已受理", 12) == ["案件编号 ", "QD-2026-01 已", "受理"]


def test_a_word_wider_than_the_line_is_cut_but_never_before_a_closing_mark() -> None:
    out = lines("ABCDEFGHIJ),", 5)
    assert "".join(out) == "ABCDEFGHIJ),"
    assert all(line[0] not in CLOSING for line in out), out


def test_forced_breaks_and_progress() -> None:
    text = "甲乙\n丙丁"
    out = [text[a:b] for a, b, _, _ in break_points(text, [1, 1, 0, 1, 1], [10], frozenset({2}))]
    assert out == ["甲乙\n", "丙丁"]
    assert lines("，，，，，，", 2) == ["，，", "，，", "，，"]  # nothing allowed: still progresses
    assert lines("甲", 0) == ["甲"]


@pytest.mark.parametrize("markup", [
    "本人（本单位）已知晓上述告知事项，已符合相关条件，愿意承担不实承诺的法律责任，以上承诺的意思表示真实。",
    '<font color="#5a5a5a">依据　</font>《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》'
    "（国办发〔2020〕42号）（四）：“申请人书面承诺”。“已经符合”。",
])
def test_paragraphs_of_one_run_and_many_runs_obey_the_rules(markup: str) -> None:
    font = pdf_font().name
    style = ParagraphStyle("t", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    for width in range(60, 400, 7):
        para = Paragraph(markup, style)
        para.wrap(width, 1000)
        texts = [_line_text(line) for line in para.blPara.lines]
        assert all(t and t[0] not in CLOSING and t.rstrip()[-1] not in OPENING for t in texts), (width, texts)


def _line_text(line: object) -> str:
    if isinstance(line, tuple):  # one run: (extra space, [text])
        return "".join(line[1])
    return "".join(w.text for w in line.words)  # type: ignore[attr-defined]


def test_escaped_data_breaks_like_text() -> None:
    font = pdf_font().name
    style = ParagraphStyle("t", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    para = Paragraph("备注：" + esc("甲<乙>&丙，丁”。") * 8, style)
    para.wrap(100, 1000)
    assert all(_line_text(line)[0] not in CLOSING for line in para.blPara.lines)
