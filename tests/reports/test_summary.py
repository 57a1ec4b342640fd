"""The 办理清单 (summary) PDF: content read back with pypdf, fonts embedded, footer, safe writing."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.core.catalog import Catalog
from desktop.core.evaluate import evaluate_case
from desktop.core.facts import case_facts
from desktop.core.model import Case
from desktop.reports import render as render_module
from desktop.services.documents import render_case_pdf

NAME = "<b>张三&李四</b> \"测试\" 'x<y'"


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def text(path: Path) -> str:
    return "\n".join(page_texts(path))


def flat(s: str) -> str:
    """Whitespace removed: titles and quotes may wrap anywhere in the PDF."""
    return re.sub(r"\s+", "", s)


@pytest.fixture
def pdf(tmp_path: Path, catalog: Catalog, case: Case) -> Path:
    return render_case_pdf(catalog, case, tmp_path / "summary.pdf", kind="summary", invariant=True)


def test_applicant_name_appears_exactly(pdf: Path) -> None:
    assert NAME in text(pdf)
    assert "&amp;" not in text(pdf) and "&;" not in text(pdf)


def test_applicant_block_and_case_particulars(pdf: Path) -> None:
    first = page_texts(pdf)[0]
    for value in ("办理清单", "91220101MA0000000X", "李四", "0431-88888888", "QD-TEST-0001", "2026-11-25",
                  "长春市政务服务中心 3号窗口", "王五"):
        assert value in first, value


def test_every_applicable_item_title_and_every_cited_wenhao(pdf: Path, catalog: Catalog, case: Case) -> None:
    views = evaluate_case(catalog, case, case_facts(case.profile, case.received_on))
    applicable = [v for v in views if v.applies]
    assert {v.item.id for v in applicable} == {"A01", "A02", "A04", "C01"}
    body = flat(text(pdf))
    for v in applicable:
        assert flat(v.item.title) in body, v.item.title
        assert flat(v.item.what) in body, v.item.what
        for b in v.item.basis:
            src = catalog.sources[b.source]
            assert flat(src.wenhao) in body and flat(src.title) in body
            assert flat(b.article) in body
            assert flat(b.quote) in body, b.quote


def test_item_fields_status_and_note(pdf: Path) -> None:
    body = flat(text(pdf))
    for expected in ("省市场监管厅牵头", "1个工作日（开办时间全面压缩至1个工作日内）", "免费（刻制公章费用由政府支付）",
                     "1.全体股东身份证明（原件及复印件，1份）", "住所（经营场所）使用证明（复印件，1份，可告知承诺）",
                     "经办人备注股东身份证已现场核验。", "已完成", "免于办理", "不适用", "待办"):
        assert flat(expected) in body, expected


def test_items_that_do_not_apply_are_listed_apart_with_reason(pdf: Path) -> None:
    body = flat(text(pdf))
    head = body.index("不适用的事项（及原因）")
    apart = body[head:]
    for title, reason in [("个体工商户专项事项", "市场主体类型为“有限责任公司”"),
                          ("2021年底前全免费办理", "已到期：有效期至2021-12-31"),
                          ("企业开办时间（国家规定）", "适用“一网通办提交开办申请”（吉林省）")]:
        assert flat(title) in apart and flat(reason) in apart, title
        # not printed as a numbered applicable item (it may appear as 其他层级规定 context)
        assert re.search(r"\d+\." + re.escape(flat(title)), body[:head]) is None, f"{title} printed as applicable"
    # the level is not doubled when the title names it already
    assert "（国家规定）（国家）" not in body and "（国家）（国家）" not in body


def test_items_waiting_for_an_answer_are_one_short_block(pdf: Path) -> None:
    body = flat(text(pdf))
    waiting = body[body.index("待确认的事项"):]
    assert "以下1项需先回答相应问题，才能确定是否适用：" in waiting
    assert "·是否招用员工（1项）：员工社保登记与社保卡" in waiting
    assert "需先回答：是否招用员工" not in body  # no table row per item


def test_no_internal_ids_or_hashes_in_the_text(pdf: Path, catalog: Catalog) -> None:
    pages = page_texts(pdf)
    for cid in ("fx-kaiban", "fx-commit"):
        version = catalog.checklists[cid].version
        assert cid not in "".join(pages) and version not in "".join(pages)
        assert all("内容版本 " in page and version[:8] in page for page in pages)  # one short line
    body = flat(text(pdf))
    assert re.search(r"[·]A0\d|[·]C0\d", body) is None  # item ids (A01, C01) are not printed


def test_summary_ends_with_signature_lines(pdf: Path) -> None:
    body = flat(text(pdf))
    assert "申请人（签字）：" in body and "窗口人员（签字）：" in body and "日期：＿＿＿＿年＿＿月＿＿日" in body


def test_variants_are_shown_as_context(pdf: Path) -> None:
    body = flat(text(pdf))
    assert flat("其他层级规定：【另有适用规定】国家：企业开办时间（国家规定），4个工作日") in body
    assert "国市监注〔2020〕129号" in body


def test_footer_numbers_every_page_with_total_case_number_and_version(
        tmp_path: Path, catalog: Catalog, make_case: Callable[..., Case]) -> None:
    long_note = "很长的备注。" * 900
    pdf = render_case_pdf(catalog, make_case(note=long_note), tmp_path / "long.pdf", kind="summary", invariant=True)
    pages = page_texts(pdf)
    assert len(pages) >= 3
    version = catalog.checklists["fx-kaiban"].version[:8]
    for n, page in enumerate(pages, 1):
        assert f"第 {n} 页 共 {len(pages)} 页" in page
        assert "QD-TEST-0001" in page and f"内容版本 {version}/" in page
    # the note runs across pages: with each page's header and footer lines (drawn last, so extracted
    # last) taken out, the pages join up into the whole note
    furniture = ("长春市政务服务中心", "营商办事清单", "第 ", "办件编号", "内容版本", "打印时间")
    body = "".join("".join(line for line in page.splitlines() if not line.strip().startswith(furniture))
                   for page in pages)
    assert flat(body).count("很长的备注。") == 900


def test_invariant_output_is_byte_stable(tmp_path: Path, catalog: Catalog, case: Case) -> None:
    a = render_case_pdf(catalog, case, tmp_path / "a.pdf", kind="summary", invariant=True).read_bytes()
    b = render_case_pdf(catalog, case, tmp_path / "b.pdf", kind="summary", invariant=True).read_bytes()
    assert a == b and a.startswith(b"%PDF-")


def test_large_print_uses_bigger_type(tmp_path: Path, catalog: Catalog, case: Case) -> None:
    normal = render_case_pdf(catalog, case, tmp_path / "n.pdf", kind="summary", invariant=True)
    large = render_case_pdf(catalog, case, tmp_path / "l.pdf", kind="summary", invariant=True, large=True)
    assert len(page_texts(large)) > len(page_texts(normal))
    assert NAME in text(large)  # one label/value pair a row: the name still fits one line


def _fonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils (pdffonts) not installed")
def test_every_font_is_embedded(pdf: Path) -> None:
    rows = _fonts(pdf)
    assert rows, "no fonts listed"
    for row in rows:
        # columns from the right: object id, generation, uni, sub, emb
        assert row[-5] == "yes", f"not embedded: {row}"
    assert not any("Helvetica" in r[0] or "STSong" in r[0] for r in rows)


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
def test_qpdf_check_is_clean(pdf: Path) -> None:
    result = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_failed_render_leaves_target_untouched_and_no_temp_file(
        tmp_path: Path, catalog: Catalog, case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"previous")

    def boom(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("story failed")

    monkeypatch.setattr(render_module, "build_story", boom)
    with pytest.raises(RuntimeError):
        render_case_pdf(catalog, case, target, kind="summary", invariant=True)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_unwritable_target_raises_oserror(tmp_path: Path, catalog: Catalog, case: Case) -> None:
    with pytest.raises(OSError):
        render_case_pdf(catalog, case, tmp_path / "missing-dir" / "out.pdf", kind="summary", invariant=True)


def test_unknown_kind_is_refused(tmp_path: Path, catalog: Catalog, case: Case) -> None:
    with pytest.raises(ValueError, match="未知的文书类型"):
        render_case_pdf(catalog, case, tmp_path / "x.pdf", kind="poster")
    assert not (tmp_path / "x.pdf").exists()


def test_markup_in_every_field_is_printed_literally(
        tmp_path: Path, catalog: Catalog, make_case: Callable[..., Case]) -> None:
    evil = '<img src="/etc/passwd"/><font size=40>大</font>&amp;&#x41;<br/>'
    case = make_case(name=evil, note=evil, clerk=evil, office=evil, id=evil)
    body = flat(text(render_case_pdf(catalog, case, tmp_path / "evil.pdf", kind="summary", invariant=True)))
    assert body.count(flat(evil)) >= 4  # name, note, clerk, office (+ case number and header)
    assert re.search("root:", body) is None
