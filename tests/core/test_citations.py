"""Normalisation and the quote look-up used by the citation check."""

from __future__ import annotations

import datetime as dt

from desktop.core.citations import SourceIndex, display_text, fold_width, normalise
from desktop.core.model import Excerpt, Source


def _source(text: str) -> Source:
    return Source("s", "标题", "", "发文机关", dt.date(2020, 1, 1), "国家", "全国", "", None, None,
                  "seed.txt", "1-9", (Excerpt("1-9", text),))


def test_fold_width_turns_fullwidth_ascii_into_halfwidth() -> None:
    assert fold_width("国办发〔２０２０〕４２号 Ｕｋｅｙ％") == "国办发〔2020〕42号 Ukey%"


def test_normalise_drops_page_markers_headings_and_whitespace() -> None:
    raw = "# Page 1230:\n开办时间全面压缩\n\n—３—\n至 1 个工作日内。\n## 二、标题\n"
    assert normalise(raw) == "开办时间全面压缩至1个工作日内。二、标题"


def test_quote_across_a_pdf_line_break_is_found_but_a_changed_character_is_not() -> None:
    index = _source("将企业登记、刻制公章\n\n、申领发票整合为1个环节办理。\n")
    assert index_contains(index, "将企业登记、刻制公章、申领发票")
    assert not index_contains(index, "将企业登记、刻制印章、申领发票")
    assert not index_contains(index, "")


def index_contains(source: Source, quote: str) -> bool:
    return SourceIndex([source]).contains(source.id, quote)


def test_excerpt_for_names_the_line_range() -> None:
    src = _source("甲乙丙丁")
    assert SourceIndex([src]).excerpt_for("s", "乙丙") == "1-9"
    assert SourceIndex([src]).excerpt_for("s", "戊") is None
    assert SourceIndex([src]).excerpt_for("unknown", "乙") is None


def test_display_text_joins_broken_lines_into_paragraphs() -> None:
    text = "第一句被PDF断开在这里，继续写到很长很长很长\n的地方。\n第二段。\n"
    assert display_text(text) == "第一句被PDF断开在这里，继续写到很长很长很长的地方。\n第二段。"
