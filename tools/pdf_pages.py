"""Regenerate the page images of the printed documents: docs/pdf/<kind>.png (first page, 70 dpi), both
pages of the 办理清单（简版） (brief.png, brief-2.png) and the first page of the 大字版 办理清单（简版）
(brief-large.png); and for a 长春 个体工商户 at the counter with the 示例 本中心办事指南 of tests/fixtures/guide/
(one material received, one accepted on 容缺, one missing) its 一次性告知单 (notice-materials.png) and 补正通知
(correction.png).

Usage (needs poppler-utils for ``pdftoppm``):
  .venv/bin/python tools/pdf_pages.py [OUT_DIR] [--keep-pdf]     (default: docs/pdf)

The case is a realistic one with the bundled content: a 长春 有限责任公司 (a restaurant, 12 employees)
opening with 开办企业 + 水电气报装 + 小微企业 benefits, received five days before the print date, with
some steps done and noted by the clerk and one connection step overdue.  Rendered with
``invariant=True`` and a fixed "today", so the images change only when the layout or content does.
``--keep-pdf`` also writes the PDFs next to the images (not committed) for a closer look.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop import paths  # noqa: E402
from desktop.core.catalog import load_catalog  # noqa: E402
from desktop.core.guide import read_guide  # noqa: E402
from desktop.core.model import Applicant, Case, ItemState, MaterialRecord  # noqa: E402
from desktop.services.documents import render_case_pdf  # noqa: E402

# (image name, kind, 大字版, page)
PAGES = (("brief", "brief", False, 1), ("brief-2", "brief", False, 2), ("brief-large", "brief", True, 1),
         ("summary", "summary", False, 1), ("notice", "notice", False, 1), ("commitment", "commitment", False, 1),
         ("basis", "basis", False, 1), ("self", "self", False, 1))
# (image name, kind) for the case at the counter with the office's guide
COUNTER_PAGES = (("notice-materials", "notice"), ("correction", "correction"))
TODAY = dt.date(2026, 11, 25)
EXAMPLE_GUIDE = ROOT / "tests" / "fixtures" / "guide" / "guide-example.json"


def counter_case() -> Case:
    """示例 某某小吃店（个体工商户） in 长春, received 2026-11-25; the 示例 guide's three materials for K05."""
    return Case(
        id="QD-20261125-0012",
        applicant=Applicant("某某小吃店（个体工商户）", "", "王五", "13800000000"),
        checklists=["kaiban-jilin"],
        received_on=TODAY,
        clerk="王丽",
        office="长春市政务服务中心 企业开办专区 3号窗口",
        profile={"entity_type": "个体工商户", "region": "长春市"},
        materials={"kaiban-jilin/K05": {
            "经营者身份证明（示例）": MaterialRecord("received", "原件"),
            "经营场所使用证明（示例）": MaterialRecord("deferred", due="2026-12-02", note="申请人承诺按期补交"),
            "个体工商户登记申请书（示例）": MaterialRecord("missing")}},
    )


def sample_case() -> Case:
    """长春市鑫源餐饮管理有限公司 at the 企业开办专区, received 2026-11-20."""
    done = "done"
    return Case(
        id="QD-20261120-0037",
        applicant=Applicant("长春市鑫源餐饮管理有限公司", "91220101MA17XK3P5A", "刘芳", "13904318826"),
        checklists=["kaiban-jilin", "shuidianqi", "xiaowei"],
        received_on=dt.date(2026, 11, 20),
        clerk="王丽",
        office="长春市政务服务中心 企业开办专区 3号窗口",
        profile={"entity_type": "有限责任公司", "region": "长春市", "is_new": True, "has_employees": True,
                 "industry": "餐饮业", "employees": 12, "revenue": 300, "assets": 200,
                 "taxpayer_type": "小规模纳税人", "need_power": True, "power_voltage": "低压",
                 "power_capacity_kw": 60, "need_water": True, "need_gas": True, "external_works": False,
                 "gp_category": "不参加政府采购", "need_financing": False},
        states={
            "kaiban-jilin/K08": ItemState(done, "名称已自主申报通过：长春市鑫源餐饮管理有限公司"),
            "kaiban-jilin/K09": ItemState(done, "住所为商业用房，不在负面清单内，已现场核对租赁合同"),
            "kaiban-jilin/K10": ItemState(done, ""),
            "shuidianqi/B01": ItemState(done, "已在“网上国网”提交，申请编号 2611200417"),
            "xiaowei/C01": ItemState("pending", "申请人提供上年度财务报表后再确认划型"),
        },
    )


def main(argv: list[str]) -> int:
    keep = "--keep-pdf" in argv
    args = [a for a in argv[1:] if a != "--keep-pdf"]
    out_dir = Path(args[0]) if args else ROOT / "docs" / "pdf"
    if shutil.which("pdftoppm") is None:
        print("需要 pdftoppm（poppler-utils）", file=sys.stderr)
        return 1
    out_dir.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog(paths.checklist_dir(), paths.source_dir())
    case = sample_case()
    with tempfile.TemporaryDirectory() as tmp:
        for name, kind, large, page in PAGES:
            pdf = render_case_pdf(catalog, case, Path(tmp) / f"{name}.pdf", kind=kind, invariant=True, today=TODAY,
                                  large=large)
            stem = out_dir / name
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                            str(stem)], check=True)
            if keep and page == 1:
                shutil.copyfile(pdf, out_dir / f"{name}.pdf")
            print(f"{stem}.png")
        guide = read_guide(EXAMPLE_GUIDE).entries
        for name, kind in COUNTER_PAGES:
            pdf = render_case_pdf(catalog, counter_case(), Path(tmp) / f"{name}.pdf", kind=kind, invariant=True,
                                  today=TODAY, guide=guide)
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                            str(out_dir / name)], check=True)
            if keep:
                shutil.copyfile(pdf, out_dir / f"{name}.pdf")
            print(f"{out_dir / name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
