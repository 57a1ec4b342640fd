"""Due dates (办结期限, 已逾期), the 未通过校验 mark, the case-number QR code, the 大字版 of every kind and
the compact 一次性告知单 — read back from the PDFs with pypdf."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.core.catalog import Catalog
from desktop.core.model import Applicant, Case, ItemState
from desktop.core.workdays import HolidayCalendar
from desktop.reports import KIND_NAMES
from desktop.reports.notice import NO_MATERIALS
from desktop.reports.story import QrCode, qr_code, title_block
from desktop.reports.styles import make_styles
from desktop.services.documents import case_document as case_doc
from desktop.services.documents import render_case_pdf

TODAY = dt.date(2026, 11, 25)  # the fixture case's received date (a Wednesday)
VALID_USCC = "91220101MA17XK3P5A"
BAD_ID = "91220101MA0000000X"  # check character should be 0
ALL_KINDS = list(KIND_NAMES)


def flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


def pages(path: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(str(path)).pages]


def body(path: Path) -> str:
    return flat("".join(pages(path)))


def render(catalog: Catalog, case: Case, tmp_path: Path, kind: str, **kw: object) -> Path:
    return render_case_pdf(catalog, case, tmp_path / f"{kind}.pdf", kind=kind, invariant=True, **kw)  # type: ignore[arg-type]


@pytest.fixture
def pending(make_case: Callable[..., Case]) -> Case:
    """A01 (1 个工作日, with materials) and C01 (no time limit, with materials) pending; A02 waived."""
    return make_case(states={"fx-kaiban/A02": ItemState("waived", "")})


# -- due dates ----------------------------------------------------------------------------------------


def test_summary_prints_the_due_date_of_each_step_with_a_time_limit(catalog: Catalog, pending: Case,
                                                                    tmp_path: Path) -> None:
    text = body(render(catalog, pending, tmp_path, "summary", today=TODAY))
    # 1 个工作日 from Wednesday 2026-11-25: the day of receipt is not counted
    assert "办结期限2026-11-26（受理当日不计入）" in text
    assert text.count("办结期限") == 1  # C01 and A02 have no time limit
    assert "已逾期" not in text


def test_the_calendar_is_passed_through(catalog: Catalog, pending: Case, tmp_path: Path) -> None:
    holiday = HolidayCalendar({dt.date(2026, 11, 26): "测试假日"}, {}, frozenset({2026}))
    text = body(render(catalog, pending, tmp_path, "summary", today=TODAY, calendar=holiday))
    assert "办结期限2026-11-27" in text and "2026-11-26" not in text


def test_overdue_steps_are_marked_in_summary_and_notice(catalog: Catalog, pending: Case, tmp_path: Path) -> None:
    later = dt.date(2026, 12, 10)
    for kind in ("summary", "notice"):
        text = body(render(catalog, pending, tmp_path, kind, today=later))
        assert "2026-11-26已逾期" in text, kind
        assert "一网通办提交开办申请已逾期" in text, kind  # beside the title too
    done = render(catalog, pending, tmp_path, "summary", today=later)
    assert body(done).count("已逾期") == 2  # one step only: title and due date
    doc = case_doc(catalog, pending, today=later)
    assert [i.item_id for i in doc.items if i.overdue] == ["A01"]


def test_done_steps_are_never_overdue(catalog: Catalog, make_case: Callable[..., Case]) -> None:
    doc = case_doc(catalog, make_case(), today=dt.date(2027, 6, 1))  # A01 is done in the default case
    assert not any(i.overdue for i in doc.items)
    assert next(i for i in doc.items if i.item_id == "A01").due == "2026-11-26"


def test_notice_uses_due_dates_and_a_blank_line_only_for_undated_steps(
        catalog: Catalog, pending: Case, make_case: Callable[..., Case], tmp_path: Path) -> None:
    text = body(render(catalog, pending, tmp_path, "notice", today=TODAY))
    assert "办结期限2026-11-26（受理当日不计入）" in text
    assert "上述未注明期限的事项和材料，请于＿＿＿＿年＿＿月＿＿日前补齐并办理。" in text  # C01 has none
    only_dated = make_case(checklists=["fx-kaiban"], states={"fx-kaiban/A02": ItemState("waived", "")})
    text = body(render(catalog, only_dated, tmp_path, "notice", today=TODAY))
    assert "办结期限2026-11-26" in text and "＿＿＿＿年" not in text.split("经办人（签字）")[0]


# -- 一次性告知单: steps without materials ------------------------------------------------------------


def test_steps_without_materials_share_one_line(catalog: Catalog, make_case: Callable[..., Case],
                                                tmp_path: Path) -> None:
    case = make_case(states={}, profile={"entity_type": "有限责任公司", "region": "长春市", "has_employees": True})
    text = body(render(catalog, case, tmp_path, "notice", today=TODAY))
    assert text.count(NO_MATERIALS) == 1
    assert "以下2项依据文件和本中心办事指南均未列明具体材料，以受理部门要求为准" in text
    # the steps with materials come first, in full; the others after, numbered on
    assert text.index("1.一网通办提交开办申请") < text.index("2.以告知承诺替代住所证明") < text.index("3.免费刻制公章")
    assert "4.员工社保登记与社保卡" in text
    assert "申领方式：开办时一并申请，无需另行办理" in text
    assert "依据未列明具体材料" not in text  # the old per-step boilerplate


def test_real_notice_is_compact(tmp_path: Path) -> None:
    from desktop import paths
    from desktop.core.catalog import load_catalog

    real = load_catalog(paths.checklist_dir(), paths.source_dir())
    case = Case("QD-REAL-1", Applicant("长春市测试有限公司", VALID_USCC), ["kaiban-jilin", "xiaowei"], TODAY,
                profile={"entity_type": "有限责任公司", "region": "长春市", "industry": "零售业", "employees": 5,
                         "revenue": 80, "has_employees": True})
    text = body(render(real, case, tmp_path, "notice", today=TODAY))
    assert text.count(NO_MATERIALS) == 1
    assert "自主申报企业名称" in text and "刻制公章" in text


# -- 未通过校验 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_a_failing_id_number_is_marked_in_every_document(catalog: Catalog, make_case: Callable[..., Case],
                                                         tmp_path: Path, kind: str) -> None:
    case = make_case(applicant=Applicant("张三", BAD_ID, "李四", "0431-1", id_override=True))
    pdf = render(catalog, case, tmp_path, kind, today=TODAY)
    assert f"{BAD_ID}（未通过校验）" in "".join(pages(pdf))
    if kind == "all":  # each of the four documents
        assert body(pdf).count(f"{BAD_ID}（未通过校验）") == 4


def test_the_mark_comes_from_the_check_not_the_flag(catalog: Catalog, make_case: Callable[..., Case]) -> None:
    lying = make_case(applicant=Applicant("张三", VALID_USCC, id_override=True))
    assert case_doc(catalog, lying).id_shown == VALID_USCC
    unflagged = make_case(applicant=Applicant("张三", BAD_ID, id_override=False))
    assert case_doc(catalog, unflagged).id_shown == f"{BAD_ID}（未通过校验）"
    empty = make_case(applicant=Applicant("张三", ""))
    assert case_doc(catalog, empty).id_shown == ""


# -- QR code -------------------------------------------------------------------------------------------


def test_title_block_carries_the_case_number_as_qr() -> None:
    styles = make_styles("Helvetica")
    block = title_block("办理清单", "开办企业", styles, qr="QD-TEST-0001")
    codes = [c for row in block[0]._cellvalues for c in row if isinstance(c, QrCode)]
    assert [c.value for c in codes] == ["QD-TEST-0001"]
    assert len(codes[0].modules) > 50  # the encoded modules, drawn as rectangles
    assert qr_code("") is None and qr_code("\x00\n") is None
    assert qr_code("<" * 5000) is None  # too long for a scannable code: none rather than a failed build
    assert qr_code("办件编号😀") is not None


def _rects(pdf: Path, page: int) -> int:
    contents = PdfReader(str(pdf)).pages[page].get_contents()
    assert contents is not None
    return len(re.findall(r" re f\b", contents.get_data().decode("latin-1")))


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_first_page_of_each_document_has_the_qr_code(catalog: Catalog, make_case: Callable[..., Case],
                                                     tmp_path: Path, kind: str) -> None:
    with_code = render(catalog, make_case(), tmp_path, kind, today=TODAY)
    (tmp_path / "none").mkdir()
    without = render(catalog, make_case(id=""), tmp_path / "none", kind, today=TODAY)
    assert _rects(with_code, 0) - _rects(without, 0) > 50
    if kind == "all":
        starts = [n for n, t in enumerate(pages(with_code))
                  if flat(t).startswith(("办理清单", "一次性告知单", "告知承诺书", "依据附录"))]
        assert len(starts) == 4
        assert all(_rects(with_code, n) - _rects(without, n) > 50 for n in starts)


# -- 大字版 --------------------------------------------------------------------------------------------


def _sizes(pdf: Path) -> Counter[float]:
    sizes: Counter[float] = Counter()

    def visit(text: str, cm: object, tm: list[float], font: object, size: float) -> None:
        if text.strip():
            sizes[round(size * tm[3], 1)] += len(text.strip())

    for page in PdfReader(str(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_large_print_body_is_at_least_14_pt_in_every_kind(catalog: Catalog, pending: Case, tmp_path: Path,
                                                         kind: str) -> None:
    normal = render(catalog, pending, tmp_path, kind, today=TODAY)
    (tmp_path / "large").mkdir()
    large = render(catalog, pending, tmp_path / "large", kind, today=TODAY, large=True)
    body_size = _sizes(large).most_common(1)[0][0]
    assert body_size >= 14, _sizes(large).most_common(4)
    assert _sizes(normal).most_common(1)[0][0] < 14
    assert len(pages(large)) >= len(pages(normal))
