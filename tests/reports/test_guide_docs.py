"""The office's guide and the materials at the counter in every document: the guide under its own heading
with its origin and never among the clauses (依据附录 has none of it); the 一次性告知单 lists exactly the
outstanding materials with where and by when; the 补正通知 lists the 容缺 materials; read back from the PDFs."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop import paths
from desktop.core.catalog import Catalog, load_catalog
from desktop.core.guide import GuideEntry, read_guide
from desktop.core.model import Applicant, Case, ItemState, MaterialRecord
from desktop.services.documents import render_case_pdf

GUIDES = Path(__file__).resolve().parents[1] / "fixtures" / "guide"
KEY = "kaiban-jilin/K05"
ID_CARD, PREMISES, FORM = "经营者身份证明（示例）", "经营场所使用证明（示例）", "个体工商户登记申请书（示例）"
HEADING = "本中心办事指南（示例市政务服务中心办事指南（示例），示例-2026-1，2026-03-01）"
TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(paths.checklist_dir(), paths.source_dir())


@pytest.fixture(scope="module")
def guide() -> dict[str, GuideEntry]:
    return read_guide(GUIDES / "guide-example.json").entries


def case(materials: dict[str, MaterialRecord] | None = None, status: str = "pending") -> Case:
    return Case("QD-20261125-0001", Applicant("示例个体工商户"), ["kaiban-jilin"], dt.date(2026, 11, 25),
                "李四", "示例窗口", profile={"region": "长春市", "entity_type": "个体工商户"},
                states={KEY: ItemState(status, "")},
                materials={KEY: materials} if materials is not None else {})


WORKED = {ID_CARD: MaterialRecord("received", "原件"), PREMISES: MaterialRecord("deferred", due="2026-12-02"),
          FORM: MaterialRecord("missing", note="未带")}


def text_of(catalog: Catalog, c: Case, kind: str, tmp_path: Path, guide: dict[str, GuideEntry]) -> str:
    out = render_case_pdf(catalog, c, tmp_path / f"{kind}.pdf", kind=kind, invariant=True, today=TODAY, guide=guide)
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(out).pages))


def test_the_notice_lists_exactly_the_outstanding_materials_with_where_and_by_when(
        catalog: Catalog, guide: dict[str, GuideEntry], tmp_path: Path) -> None:
    text = text_of(catalog, case(WORKED), "notice", tmp_path, guide)
    assert ID_CARD not in text  # received: not asked for again
    assert f"{PREMISES}（复印件，1份，可容缺受理，示例：可先容缺受理）——容缺受理，请于2026-12-02前补正" in text
    assert f"{FORM}（原件，1份）——缺（备注：未带）" in text
    assert HEADING in text and "办理地点示例市政务服务中心一楼示例3号窗口" in text and "咨询电话0000-0000000" in text
    assert "以下为本中心的办事安排，不是法律依据" in text


def test_a_step_marked_done_with_a_material_still_on_容缺_stays_on_the_notice(
        catalog: Catalog, guide: dict[str, GuideEntry], tmp_path: Path) -> None:
    text = text_of(catalog, case(WORKED, status="done"), "notice", tmp_path, guide)
    assert "请于2026-12-02前补正" in text and FORM in text
    done = {ID_CARD: MaterialRecord("received", "原件"), PREMISES: MaterialRecord("received", "复印件"),
            FORM: MaterialRecord("received", "原件")}
    assert "个体工商户开办" not in text_of(catalog, case(done, status="done"), "notice", tmp_path, guide)


def test_without_a_guide_the_notice_still_says_where_the_law_lists_nothing(catalog: Catalog, tmp_path: Path) -> None:
    text = text_of(catalog, case(), "notice", tmp_path, {})
    assert "依据文件和本中心办事指南均未列明具体材料，以受理部门要求为准" in text and "本中心办事指南（" not in text


def test_the_correction_notice_lists_the_容缺_materials(catalog: Catalog, guide: dict[str, GuideEntry],
                                                     tmp_path: Path) -> None:
    text = text_of(catalog, case(WORKED), "correction", tmp_path, guide)
    assert text.startswith("补正通知") and PREMISES in text and "2026-12-02" in text
    assert FORM not in text and ID_CARD not in text  # missing is not 容缺; received is done
    assert HEADING in text and "申请人（签收）" in text
    late = text_of(catalog, case(WORKED), "correction", tmp_path, guide)
    assert "已逾期" not in late
    overdue = render_case_pdf(catalog, case(WORKED), tmp_path / "late.pdf", kind="correction", invariant=True,
                              today=dt.date(2026, 12, 3), guide=guide)
    assert "已逾期" in "".join(p.extract_text() for p in PdfReader(overdue).pages)
    assert "没有容缺受理、尚需补正的材料" in text_of(catalog, case(), "correction", tmp_path, guide)


def test_the_guide_is_apart_from_the_law_in_the_full_list_and_absent_from_the_appendix(
        catalog: Catalog, guide: dict[str, GuideEntry], tmp_path: Path) -> None:
    summary = text_of(catalog, case(WORKED), "summary", tmp_path, guide)
    block = summary[summary.index("个体工商户开办“一网通办”"):]
    assert block.index(HEADING) < block.index("依据")  # its own heading, before the clauses
    assert f"{ID_CARD}（原件，1份）——已收（原件）" in block
    assert "示例市政务服务中心" not in text_of(catalog, case(WORKED), "basis", tmp_path, guide)


def test_the_brief_says_what_is_still_to_bring_and_where(catalog: Catalog, guide: dict[str, GuideEntry],
                                                         tmp_path: Path) -> None:
    text = text_of(catalog, case(WORKED), "brief", tmp_path, guide)
    assert f"带齐材料：{PREMISES}" in text and "容缺受理，请于2026-12-02前补正" in text
    assert ID_CARD not in text
    assert f"{HEADING}：办理地点：示例市政务服务中心一楼示例3号窗口" in text


def test_hostile_guide_text_is_escaped_and_checked_for_glyphs(catalog: Catalog, guide: dict[str, GuideEntry],
                                                             tmp_path: Path) -> None:
    from dataclasses import replace

    hostile = {KEY: replace(guide[KEY], place="<b>示例</b> x<y & 😀", phone="<img src='/etc/passwd'/>")}
    notices: list[str] = []
    out = render_case_pdf(catalog, case(WORKED), tmp_path / "h.pdf", kind="notice", invariant=True, today=TODAY,
                          guide=hostile, notices=notices)
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "<b>示例</b> x<y & [表情]" in text and "<img src='/etc/passwd'/>" in text and notices
