"""我的办事清单 (kind ``self``): written to the owner from the self-check, not part of ``all``; checked
with the real bundled content for a 零售业 个体工商户 in 长春 (3 employees, 50 万元 revenue)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop import cli, paths
from desktop.core.catalog import Catalog, load_catalog
from desktop.core.evaluate import evaluate_case
from desktop.core.facts import case_facts
from desktop.core.model import Applicant, Case, ItemState
from desktop.core.selfcheck import SelfCheck, self_check
from desktop.reports import COUNTER_KINDS, KIND_NAMES, KIND_TITLES
from desktop.reports.owner import build_self
from desktop.reports.story import CheckBox, all_kinds, kind_info, kinds
from desktop.reports.styles import make_styles
from desktop.services.documents import case_document as case_doc
from desktop.services.documents import render_case_pdf

TODAY = dt.date(2026, 11, 25)


def flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


FURNITURE = ("企业自查", "营商办事清单", "第 ", "编号 ", "办件编号 ", "内容版本 ", "打印时间 ")


def text_of(path: Path) -> str:
    """The text of every page with its header and footer lines taken out (drawn last, so extracted
    last): a block running on to the next page reads as one."""
    lines = [line for page in PdfReader(str(path)).pages for line in (page.extract_text() or "").splitlines()
             if not line.strip().startswith(FURNITURE)]
    return flat("".join(lines))


@pytest.fixture(scope="module")
def real() -> Catalog:
    return load_catalog(paths.checklist_dir(), paths.source_dir())


@pytest.fixture
def shop() -> Case:
    """A 零售业 个体工商户 in 长春 with 3 employees and 50 万元 revenue, checking 开办企业 and 小微企业."""
    return Case("ZC-20261125-090000", Applicant("我的小店"), ["kaiban-jilin", "xiaowei"], TODAY,
                profile={"entity_type": "个体工商户", "region": "长春市", "industry": "零售业", "employees": 3,
                         "revenue": 50, "has_employees": True})


def check_of(catalog: Catalog, case: Case) -> SelfCheck:
    return self_check(evaluate_case(catalog, case, case_facts(case.profile, TODAY)))


@pytest.fixture
def shop_pdf(real: Catalog, shop: Case, tmp_path: Path) -> Path:
    return render_case_pdf(real, shop, tmp_path / "self.pdf", kind="self", invariant=True, today=TODAY)


# -- registry ----------------------------------------------------------------------------------------


def test_self_is_a_kind_but_not_part_of_all() -> None:
    assert tuple(kinds()) == KIND_NAMES
    assert tuple(all_kinds()) == COUNTER_KINDS
    assert "self" in KIND_NAMES and "self" not in COUNTER_KINDS
    info = kind_info("self")
    assert info is not None and info.for_owner and not info.in_all
    for kind in kinds()[:-1]:
        k = kind_info(kind)
        assert k is not None and k.title == KIND_TITLES[kind]


def test_all_does_not_contain_the_owner_document(catalog: Catalog, make_case: Callable[..., Case],
                                                 tmp_path: Path) -> None:
    body = text_of(render_case_pdf(catalog, make_case(), tmp_path / "all.pdf", kind="all", invariant=True))
    assert "办理清单" in body and "依据附录" in body
    assert "我的办事清单" not in body and "您需要办理的事项" not in body


# -- content with the real bundled checklists ----------------------------------------------------------


def test_next_steps_and_applicable_benefits_are_printed(real: Catalog, shop: Case, shop_pdf: Path) -> None:
    check = check_of(real, shop)
    assert check.next_steps and check.benefits
    body = text_of(shop_pdf)
    assert body.startswith("我的办事清单")
    positions = []
    for n, view in enumerate(check.next_steps, 1):
        numbered = f"{n}." + flat(view.item.title)  # numbered in order
        assert numbered in body, numbered
        positions.append(body.index(numbered))
    assert positions == sorted(positions)
    for view in check.benefits:
        assert flat(view.item.title) in body, view.item.title
        for b in view.item.basis:
            assert flat(b.quote) in body  # the clause behind each benefit, verbatim
    assert "您需要办理的事项（按顺序）" in body and "您可以享受的政策" in body


def test_non_applicable_benefits_with_their_reasons(real: Catalog, shop: Case, shop_pdf: Path) -> None:
    check = check_of(real, shop)
    assert check.benefits_not
    body = text_of(shop_pdf)
    apart = body[body.index("暂不适用的政策（及原因）"):]
    for view in check.benefits_not:
        assert flat(view.item.title) in apart
        for reason in view.reasons:
            assert flat(reason) in apart, reason
    assert "市场主体类型为“个体工商户”" in apart


def test_questions_expired_and_answers(real: Catalog, shop: Case, shop_pdf: Path) -> None:
    check = check_of(real, shop)
    body = text_of(shop_pdf)
    questions = body[body.index("还需要您回答的问题"):]
    for qid in check.questions:
        assert flat(real.questions[qid].text) in questions, qid
    expired = body[body.index("已到期或尚未生效的政策"):]
    assert check.expired and all(flat(v.item.title) in expired for v in check.expired)
    assert "已到期" in expired
    # the answers the owner gave, with units
    assert "市场主体类型个体工商户" in body and "从业人员3人" in body and "营业收入50万元" in body


def test_written_for_the_owner_without_counter_fields(shop_pdf: Path) -> None:
    body = text_of(shop_pdf)
    assert "您需要办理" in body
    for counter in ("经办人", "受理窗口", "签字", "申请人（", "一次性告知"):
        assert counter not in body, counter
    first = (PdfReader(str(shop_pdf)).pages[0].extract_text() or "")
    assert first.startswith("我的办事清单") or "企业自查" in first


def test_materials_checklist_has_drawn_boxes(catalog: Catalog, make_case: Callable[..., Case]) -> None:
    case = make_case(states={})
    doc = case_doc(catalog, case, today=TODAY, owner=True)
    assert doc.owner is not None
    names = [m.name for m in doc.owner.materials]
    assert names[:3] == ["全体股东身份证明", "住所（经营场所）使用证明", "告知承诺书"]
    story = build_self(doc, make_styles("Helvetica"))
    table = next(f for f in story if getattr(f, "_cellvalues", None) and isinstance(f._cellvalues[0][0], CheckBox))
    assert len(table._cellvalues) == len(names)


def test_due_date_if_started_today(catalog: Catalog, make_case: Callable[..., Case], tmp_path: Path) -> None:
    # the case was received long ago: the owner's dates count from the day of printing
    case = make_case(states={}, received_on=dt.date(2026, 1, 5))
    body = text_of(render_case_pdf(catalog, case, tmp_path / "s.pdf", kind="self", invariant=True, today=TODAY))
    assert "如今天（2026-11-25）开始，预计2026-11-26前办结" in body
    assert "1.全体股东身份证明（原件及复印件，1份）" in body  # what to bring, under the step
    assert "用于：一网通办提交开办申请" in body


def test_done_steps_are_counted_not_listed_as_next(catalog: Catalog, make_case: Callable[..., Case],
                                                   tmp_path: Path) -> None:
    case = make_case(states={"fx-kaiban/A01": ItemState("done", "")})
    body = text_of(render_case_pdf(catalog, case, tmp_path / "s.pdf", kind="self", invariant=True, today=TODAY))
    assert "已办结1项：一网通办提交开办申请" in body
    assert "1.以告知承诺替代住所证明" in body


def test_render_doc_without_owner_data_is_refused(catalog: Catalog, make_case: Callable[..., Case]) -> None:
    with pytest.raises(ValueError, match="企业自查"):
        build_self(case_doc(catalog, make_case()), make_styles("Helvetica"))


def test_header_shows_no_office(catalog: Catalog, make_case: Callable[..., Case], tmp_path: Path) -> None:
    pdf = render_case_pdf(catalog, make_case(), tmp_path / "s.pdf", kind="self", invariant=True, today=TODAY)
    raw = "".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages)
    assert "长春市政务服务中心" not in raw and "企业自查" in raw and "办件编号" not in raw


# -- file checks and the command line ------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdffonts") is None or shutil.which("qpdf") is None,
                    reason="poppler-utils / qpdf not installed")
@pytest.mark.parametrize("large", [False, True])
def test_self_fonts_embedded_and_qpdf_clean(shop_pdf: Path, real: Catalog, shop: Case, tmp_path: Path,
                                            large: bool) -> None:
    pdf = shop_pdf if not large else render_case_pdf(real, shop, tmp_path / "l.pdf", kind="self", large=True,
                                                      invariant=True, today=TODAY)
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows and all(r.split()[-5] == "yes" for r in rows), rows
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout, check.stdout


def test_cli_renders_the_self_kind(shop: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = {"format": "qingdan-case/1", "checklists": shop.checklists, "applicant": {"name": shop.applicant.name},
            "profile": shop.profile, "received_on": TODAY.isoformat()}
    src = tmp_path / "case.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "mine.pdf"
    assert cli.run(["pdf", str(src), "-o", str(out), "--kind", "self"]) == 0, capsys.readouterr().err
    assert "我的办事清单" in text_of(out)
