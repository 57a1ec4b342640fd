"""The 办理清单（简版） (kind ``brief``): the counter's default handout, one or two pages, read back with pypdf."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop import paths
from desktop.core.casefile import load_case_file
from desktop.core.catalog import Catalog, load_catalog
from desktop.core.model import Case, ItemState
from desktop.reports import DEFAULT_KIND, KIND_NAMES
from desktop.reports.story import all_kinds
from desktop.services.documents import render_case_pdf

TODAY = dt.date(2026, 11, 25)
EXAMPLE = paths.resource_path("examples", "case-kaiban.json")


def flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


def pages(pdf: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(str(pdf)).pages]


@pytest.fixture
def pending(make_case: Callable[..., Case]) -> Case:
    """A01 (1 个工作日, two materials) and C01 pending; A02 waived."""
    return make_case(states={"fx-kaiban/A02": ItemState("waived", ""), "fx-commit/C01": ItemState("pending", "")})


def test_brief_is_the_default_and_the_first_kind_but_not_in_all() -> None:
    assert DEFAULT_KIND == "brief" == KIND_NAMES[0]
    assert "brief" not in all_kinds()


def test_the_example_case_fits_two_pages_and_carries_the_signature_lines(tmp_path: Path) -> None:
    real = load_catalog(paths.checklist_dir(), paths.source_dir())
    case = load_case_file(EXAMPLE, real)
    for today in (TODAY, None):  # the fixed day of the screenshots, and the real today
        pdf = render_case_pdf(real, case, tmp_path / "brief.pdf", invariant=True, today=today)
        texts = pages(pdf)
        assert 1 <= len(texts) <= 2, len(texts)
        body = flat("".join(texts))
        assert body.startswith("办理清单（简版）")
        for line in ("申请人（签字）：", "窗口人员（签字）：", "日期：＿＿＿＿年＿＿月＿＿日"):
            assert line in body, line
        assert re.search(r"办件编号QD-\d{8}-", body)  # the case number (its QR code is drawn beside the title)
        # no clause quoted: they are in the 依据附录, which the brief names
        assert "依据附录" in body and "“实行申领营业执照" not in body


def test_steps_in_order_with_where_when_and_what_to_bring(catalog: Catalog, pending: Case, tmp_path: Path) -> None:
    body = flat("".join(pages(render_case_pdf(catalog, pending, tmp_path / "b.pdf", invariant=True, today=TODAY))))
    first = body.index("1.一网通办提交开办申请")
    second = body.index("2.以告知承诺替代住所证明")
    assert first < second
    step = body[first:second]
    for expected in ("在哪里办：省市场监管厅牵头，一网通办；线下一窗领取", "办理时限：1个工作日（开办时间全面压缩至1个工作日内）",
                     "办结期限：2026-11-26（受理当日不计入）",
                     "带齐材料：全体股东身份证明（原件及复印件，1份）；住所（经营场所）使用证明（复印件，1份，可告知承诺）"):
        assert expected in step, expected
    assert "带齐材料：告知承诺书（原件，2份）" in body[second:]
    # the benefit that applies, one line with what it gives (the title does not say it)
    assert "1.免费刻制公章：免费（刻制公章费用由政府支付）" in body
    assert "另有1项告知事项（办理时需要知道的规定），见《办理清单》。" in body
    # the items waiting for an answer: one sentence naming the question
    assert "另有1项需先回答问题（是否招用员工）才能确定是否适用" in body
    assert "办件编号QD-TEST-0001" in body


def test_done_and_overdue_steps(catalog: Catalog, make_case: Callable[..., Case], tmp_path: Path) -> None:
    case = make_case(states={"fx-kaiban/A01": ItemState("done", "股东身份证已现场核验。")})
    body = flat("".join(pages(render_case_pdf(catalog, case, tmp_path / "b.pdf", invariant=True, today=TODAY))))
    assert "1.一网通办提交开办申请已完成经办人备注：股东身份证已现场核验。" in body
    assert "在哪里办：省市场监管厅牵头" not in body  # a done step is one line
    late = make_case(states={})
    body = flat("".join(pages(render_case_pdf(catalog, late, tmp_path / "l.pdf", invariant=True,
                                              today=dt.date(2026, 12, 10)))))
    assert "1.一网通办提交开办申请已逾期" in body and "2026-11-26已逾期" in body


def test_a_case_with_nothing_to_do(catalog: Catalog, make_case: Callable[..., Case], tmp_path: Path) -> None:
    case = make_case(checklists=["fx-commit"], states={"fx-commit/C01": ItemState("not_applicable", "")})
    body = flat("".join(pages(render_case_pdf(catalog, case, tmp_path / "b.pdf", invariant=True, today=TODAY))))
    assert "本办件没有需要办理的事项。" in body and "申请人（签字）" in body
