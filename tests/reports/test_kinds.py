"""一次性告知单, 告知承诺书, 依据附录 and ``all``: content read back with pypdf, fonts embedded, qpdf clean."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.core.catalog import Catalog, load_catalog
from desktop.core.model import Case, ItemState
from desktop.reports import KIND_NAMES
from desktop.reports.story import kinds
from desktop.services.documents import render_case_pdf

NAME = "<b>张三&李四</b> \"测试\" 'x<y'"
KINDS = ["notice", "commitment", "basis", "all"]


def flat_text(path: Path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in PdfReader(str(path)).pages))


def flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.fixture
def pending_case(make_case: Callable[..., Case]) -> Case:
    """A01 (with a commitment material) and C01 still pending; A02 waived."""
    return make_case(states={"fx-kaiban/A02": ItemState("waived", ""),
                             "fx-commit/C01": ItemState("pending", "申请人选择提交证明")})


def render(catalog: Catalog, case: Case, tmp_path: Path, kind: str) -> Path:
    return render_case_pdf(catalog, case, tmp_path / f"{kind}.pdf", kind=kind, invariant=True)


def test_kind_names_match_the_registry() -> None:
    assert tuple(kinds()) == KIND_NAMES


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_prints_the_applicant_exactly(catalog: Catalog, pending_case: Case, tmp_path: Path,
                                                kind: str) -> None:
    pdf = render(catalog, pending_case, tmp_path, kind)
    text = "\n".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages)
    assert (NAME in text) or kind == "basis"  # the appendix has no applicant block
    assert "QD-TEST-0001" in text


def test_notice_lists_every_missing_material_once(catalog: Catalog, pending_case: Case, tmp_path: Path) -> None:
    body = flat_text(render(catalog, pending_case, tmp_path, "notice"))
    assert "一次性告知单" in body
    for expected in ("1.全体股东身份证明（原件及复印件，1份）", "2.住所（经营场所）使用证明（复印件，1份，可告知承诺）",
                     "1.告知承诺书（原件，2份）", "省市场监管厅牵头", "登记机关", "经办人（签字）", "申请人（签字）",
                     "经办人备注申请人选择提交证明", "吉政办发〔2021〕17号", "国办发〔2020〕42号"):
        assert flat(expected) in body, expected
    # done, waived and non-applicable items are not asked for again
    for absent in ("免费刻制公章", "出示电子营业执照免交复印件", "个体工商户专项事项"):
        assert absent not in body, absent


def test_notice_when_nothing_is_missing(catalog: Catalog, make_case: Callable[..., Case], tmp_path: Path) -> None:
    done = {k: ItemState("done", "") for k in ("fx-kaiban/A01", "fx-kaiban/A02", "fx-commit/C01")}
    body = flat_text(render(catalog, make_case(states=done), tmp_path, "notice"))
    assert "无需补充材料" in body and "所需材料" not in body


def test_commitment_has_every_element_of_42_hao(catalog: Catalog, pending_case: Case, tmp_path: Path) -> None:
    body = flat_text(render(catalog, pending_case, tmp_path, "commitment"))
    for element in ("事项名称", "设定依据", "证明内容或者许可条件和材料要求", "承诺方式", "不实承诺的法律责任",
                    "行政机关核查权力", "承诺书是否公开、公开范围及时限"):
        assert element in body, element
    assert "可以承诺代替的材料：住所（经营场所）使用证明（复印件）" in body
    # legal wording is quoted from the bundled source, with its citation
    quotes = ["对在核查或者日常监管中发现承诺不实的，行政机关要依法终止办理、责令限期整改、撤销行政决定或者予以行政处罚，"
              "并纳入信用记录。涉嫌犯罪的，依法移送司法机关。",
              "要针对事项特点等分类确定核查办法，将承诺人的信用状况作为确定核查办法的重要因素，明确核查时间、标准、方式以及"
              "是否免予核查。"]
    for q in quotes:
        assert q in body
    assert "国办发〔2020〕42号）（八）" in body and "国办发〔2020〕42号）（四）" in body
    assert "本人（本单位）已知晓上述告知事项，已符合相关条件，愿意承担不实承诺的法律责任" in body
    assert "申请人（签字或盖章）" in body
    assert "一式两份" not in body  # no bundled source requires it


def test_commitment_without_the_source_leaves_blanks(catalog: Catalog, pending_case: Case, tmp_path: Path) -> None:
    bare = Catalog(sources={k: v for k, v in catalog.sources.items() if k != "fx-commit"},
                   questions=catalog.questions, checklists={"fx-kaiban": catalog.checklists["fx-kaiban"]})
    pending_case.checklists = ["fx-kaiban"]
    pending_case.states = {}
    body = flat_text(render(bare, pending_case, tmp_path, "commitment"))
    assert "承诺方式" in body and "（由行政机关填写）" in body
    assert "依法移送司法机关" not in body and "国办发〔2020〕42号" not in body


def test_commitment_when_no_item_allows_it(catalog: Catalog, make_case: Callable[..., Case], tmp_path: Path) -> None:
    case = make_case(checklists=["fx-commit"], states={})
    body = flat_text(render(catalog, case, tmp_path, "commitment"))
    assert "没有可以用告知承诺方式替代的证明材料" in body
    assert "行政机关书面告知" not in body and "不实承诺的法律责任" not in body


def test_basis_appendix_has_every_cited_clause_in_full(catalog: Catalog, pending_case: Case, tmp_path: Path) -> None:
    body = flat_text(render(catalog, pending_case, tmp_path, "basis"))
    for sid in ("fx-prov", "fx-commit"):
        src = catalog.sources[sid]
        assert flat(src.title) in body and src.wenhao in body and src.issuer in body
        assert src.date.isoformat() in body
    assert "效力：2021年度实施方案" in body
    for cid, iid in (("fx-kaiban", "A01"), ("fx-kaiban", "A02"), ("fx-kaiban", "A04"), ("fx-commit", "C01")):
        item = catalog.checklists[cid].item(iid)
        assert item is not None
        for b in item.basis:
            assert flat(b.quote) in body
        assert flat(item.title) in body
    assert "国市监注〔2020〕129号" not in body  # cited only by a superseded variant


def test_all_concatenates_the_four_documents(catalog: Catalog, pending_case: Case, tmp_path: Path) -> None:
    pdf = render(catalog, pending_case, tmp_path, "all")
    firsts = [flat(p.extract_text() or "")[:6] for p in PdfReader(str(pdf)).pages]
    # each document starts a page with its title (the page text starts with the title)
    starts = [next(n for n, t in enumerate(firsts) if t.startswith(title))
              for title in ("办理清单", "一次性告知单", "告知承诺书", "依据附录")]
    assert starts == sorted(starts) and starts[0] == 0


@pytest.mark.skipif(shutil.which("pdffonts") is None or shutil.which("qpdf") is None,
                    reason="poppler-utils / qpdf not installed")
@pytest.mark.parametrize("kind", KINDS)
def test_fonts_embedded_and_qpdf_clean(catalog: Catalog, pending_case: Case, tmp_path: Path, kind: str) -> None:
    pdf = render(catalog, pending_case, tmp_path, kind)
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows and all(r.split()[-5] == "yes" for r in rows), rows
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_notice_names_an_article_once_when_an_item_cites_two_of_its_clauses(
        make_case: Callable[..., Case], tmp_path: Path) -> None:
    """Without the quotes, two clauses of one article would print as two identical 依据 lines."""
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures" / "content", content)
    kaiban = content / "checklists" / "fx-kaiban.toml"
    second = '\n[[items.basis]]\nsource = "fx-prov"\narticle = "一、1."\nquote = "全面推行“一网通办”"\n'
    anchor = '\n[[items]]\nid = "A00"'
    kaiban.write_text(kaiban.read_text(encoding="utf-8").replace(anchor, second + anchor, 1), encoding="utf-8")
    catalog = load_catalog(content / "checklists", content / "sources")
    assert catalog.problems == []
    a01 = next(i for i in catalog.checklists["fx-kaiban"].items if i.id == "A01")
    assert [b.article for b in a01.basis] == ["一、1.", "一、1."]
    case = make_case(states={"fx-kaiban/A01": ItemState("pending", "")})
    body = flat_text(render(catalog, case, tmp_path, "notice"))
    assert body.count(flat("吉政办发〔2021〕17号）一、1.")) == 1, body
