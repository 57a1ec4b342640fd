"""How the printouts read: Chinese line breaking in every kind (and the 大字版) for ten varied cases with
the bundled content, read back line by line; the 大字版's header and footer; its first page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop import paths
from desktop.core.catalog import Catalog, load_catalog
from desktop.core.model import Applicant, Case, ItemState
from desktop.reports.linebreak import CLOSING, OPENING
from desktop.reports.styles import FRAME_HEIGHT, MARGIN_BOTTOM
from desktop.services.documents import render_case_pdf

TODAY = dt.date(2026, 11, 25)
ALL_LISTS = ["kaiban-jilin", "shuidianqi", "xiaowei", "chengnuo", "zhengzhao-jilin", "zhuxiao-jilin"]
# the marks of the issue: no line may start with these ...
CLOSE = set("，。、；：？！）》」』”’〕】")
# ... or end with these
OPEN = set("（《「『“‘〔【")
assert CLOSE <= CLOSING and OPEN <= OPENING

NOTE = "申请人称：“材料已备齐，明日（周四）提交”。请核对《营业执照》副本；联系人电话见上。"
CASES: list[tuple[str, list[str], dict[str, object], dict[str, ItemState]]] = [
    ("长春市某某科技有限公司", ["kaiban-jilin", "xiaowei"],
     {"region": "长春市", "entity_type": "有限责任公司", "industry": "软件和信息技术服务业", "employees": 12,
      "revenue": 80, "has_employees": True}, {"kaiban-jilin/K14": ItemState("done", "公章已刻制")}),
    ("我的小店（个体）", ["kaiban-jilin", "xiaowei"],
     {"region": "长春市", "entity_type": "个体工商户", "industry": "零售业", "employees": 3, "revenue": 50}, {}),
    ("吉林市松江餐饮管理有限公司", ["kaiban-jilin", "shuidianqi", "xiaowei"],
     {"region": "吉林市", "entity_type": "有限责任公司", "industry": "餐饮业", "employees": 25, "revenue": 600,
      "need_power": True, "power_voltage": "低压", "power_capacity_kw": 80, "need_water": True, "need_gas": True,
      "external_works": True}, {"shuidianqi/B01": ItemState("done", NOTE)}),
    ("延边长白山农产品专业合作社", ["kaiban-jilin", "xiaowei", "chengnuo"],
     {"region": "延边朝鲜族自治州", "entity_type": "农民专业合作社", "industry": "农业", "employees": 8,
      "revenue": 120, "credit_bad": False}, {}),
    ("四平市“老字号”食品股份有限公司", ALL_LISTS,
     {"region": "四平市", "entity_type": "股份有限公司", "industry": "制造业", "employees": 150, "revenue": 9000,
      "assets": 12000, "taxpayer_type": "一般纳税人", "has_employees": True, "need_financing": True}, {}),
    ("白城市个人独资建材商行", ["kaiban-jilin", "shuidianqi", "zhengzhao-jilin"],
     {"region": "白城市", "entity_type": "个人独资企业", "industry": "批发业", "employees": 5,
      "need_power": True, "power_voltage": "10千伏", "power_capacity_kw": 400}, {}),
    ("通化某合伙企业（有限合伙）", ["kaiban-jilin", "zhuxiao-jilin", "chengnuo"],
     {"region": "通化市", "entity_type": "合伙企业", "industry": "商务服务业"},
     {"kaiban-jilin/K08": ItemState("waived", "")}),
    ("松原市返乡创业服务部", ["kaiban-jilin", "xiaowei"],
     {"region": "松原市", "entity_type": "个体工商户", "industry": "居民服务、修理和其他服务业", "employees": 2,
      "revenue": 20, "founder_group": "返乡农民工", "first_business": True, "months_operating": 3,
      "township_location": True, "has_employees": True}, {}),
    ("长春新区分公司", ALL_LISTS, {"region": "长春市", "entity_type": "分支机构"}, {}),
    ("辽源市某某物业管理有限公司", ["kaiban-jilin", "shuidianqi", "xiaowei", "zhuxiao-jilin"],
     {"region": "辽源市", "entity_type": "有限责任公司", "industry": "物业管理", "employees": 40, "revenue": 700,
      "utility_transfer": True, "has_union": True, "gp_category": "服务"},
     {"kaiban-jilin/K17": ItemState("not_applicable", NOTE)}),
]


@pytest.fixture(scope="module")
def real() -> Catalog:
    return load_catalog(paths.checklist_dir(), paths.source_dir())


def make(n: int) -> Case:
    name, lists, profile, states = CASES[n]
    return Case(f"QD-20261125-{n:04d}", Applicant(name, "", "王五", "13800000000"), lists,
                dt.date(2026, 11, 20), clerk="李四", office="长春市政务服务中心 企业开办专区 3号窗口",
                profile=profile, states=states)


def bad_lines(pdf: Path) -> list[tuple[int, str]]:
    """(page, line) for each extracted line that starts with a closing mark or ends with an opening one."""
    out = []
    for n, page in enumerate(PdfReader(str(pdf)).pages, 1):
        for line in (page.extract_text() or "").splitlines():
            text = line.strip()
            if text and (text[0] in CLOSE or text[-1] in OPEN):
                out.append((n, text))
    return out


@pytest.mark.parametrize("n", range(len(CASES)))
def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(real: Catalog, tmp_path: Path,
                                                                      n: int) -> None:
    case = make(n)
    for large in (False, True):
        # "all" holds 办理清单, 一次性告知单, 告知承诺书 and 依据附录
        for kind in ("brief", "all", "self"):
            pdf = render_case_pdf(real, case, tmp_path / f"{kind}-{large}.pdf", kind=kind, invariant=True,
                                  large=large, today=TODAY)
            assert bad_lines(pdf) == [], (kind, large)


def _text_sizes(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(y, font size, text) of every piece of text on ``page``."""
    out: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            out.append((tm[5] * cm[3] + cm[5], size * tm[3], text.strip()))

    PdfReader(str(pdf)).pages[page].extract_text(visitor_text=visit)
    return out


def test_large_print_footer_and_page_numbers_scale_with_the_body(real: Catalog, tmp_path: Path) -> None:
    normal = render_case_pdf(real, make(0), tmp_path / "n.pdf", kind="summary", invariant=True, today=TODAY)
    large = render_case_pdf(real, make(0), tmp_path / "l.pdf", kind="summary", invariant=True, today=TODAY,
                            large=True)

    def furniture(pdf: Path) -> dict[str, float]:
        lines: dict[float, tuple[str, float]] = {}  # y -> (text, smallest size) of the line
        for y, size, text in _text_sizes(pdf, 1):
            old = lines.get(round(y, 1), ("", size))
            lines[round(y, 1)] = (old[0] + text, min(old[1], size))
        sizes = {}
        for text, size in lines.values():
            for key in ("页共", "办件编号", "内容版本", "营商办事清单"):
                if key in text:
                    sizes[key] = min(size, sizes.get(key, size))
        return sizes

    small, big = furniture(normal), furniture(large)
    assert set(small) == set(big) == {"页共", "办件编号", "内容版本", "营商办事清单"}
    for key in small:
        assert big[key] >= small[key] * 14 / 10.5 - 0.01, key
    assert min(big.values()) >= 10  # nothing at about 7 pt in the 大字版


@pytest.mark.parametrize("kind", ["brief", "summary", "notice", "commitment", "self"])
def test_large_print_does_not_start_with_a_half_blank_page(real: Catalog, tmp_path: Path, kind: str) -> None:
    pdf = render_case_pdf(real, make(0), tmp_path / "l.pdf", kind=kind, invariant=True, today=TODAY, large=True)
    if len(PdfReader(str(pdf)).pages) == 1:
        return
    body = [y for y, _, _ in _text_sizes(pdf, 0) if y > MARGIN_BOTTOM + 2]
    # the body text of page 1 reaches into the last quarter of the frame
    assert min(body) < MARGIN_BOTTOM + FRAME_HEIGHT * 0.25, min(body)
