"""The four counter documents (``--kind all``) of a 100-item case: time to render, median/min/max.

    .venv/bin/python bench/pdf.py [--runs 5] [--items 100]

The case is synthetic but shaped like real content: one checklist of ``--items`` applicable steps, each
with a department, a time limit (so every step gets a due date), two materials (one of them may be
replaced by a commitment) and a clause quoted from the bundled 国办发〔2020〕42号 text, a third of them
done with a clerk's note.  One warm-up render (font registration, imports) is not counted; each run
then renders the whole ``all`` PDF to a file, as the app does.  The figures go to bench/pdf-results.json;
no test asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.core.catalog import Catalog, load_catalog  # noqa: E402
from desktop.core.model import Applicant, Case, Checklist, Item, ItemState, LegalBasis, Material, TimeLimit  # noqa: E402
from desktop.services.documents import render_case_pdf  # noqa: E402

RESULTS = ROOT / "bench" / "pdf-results.json"
QUOTE = ("申请人书面承诺已经符合告知的相关要求并愿意承担不实承诺的法律责任，行政机关不再索要有关证明并依据书面承诺"
         "办理相关行政事项")


def big_catalog(items: int) -> Catalog:
    """The bundled catalog plus one checklist of ``items`` applicable steps."""
    base = load_catalog(paths.checklist_dir(), paths.source_dir())
    source = next(s.id for s in base.sources.values() if s.wenhao == "国办发〔2020〕42号")
    steps = tuple(
        Item(id=f"B{n:03d}", title=f"第{n}项：企业开办相关事项的办理（基准测试）", kind="step",
             what="按照“一网通办”要求，在线提交申请材料，经审核后办结并领取结果。" * 2,
             department="长春市政务服务中心", time_limit=TimeLimit(float(1 + n % 20), "工作日"),
             channel="线上：吉林省政务服务网；线下：政务服务大厅综合窗口",
             materials=(Material("申请书", "原件", 1), Material("住所（经营场所）使用证明", "复印件", 1, commitment=True)),
             basis=(LegalBasis(source, "（四）", QUOTE),), jurisdiction="国家")
        for n in range(1, items + 1))
    checklist = Checklist(id="bench", title="基准测试清单", family="开办企业", region="全国", version="bench",
                          summary="基准测试用的合成清单。", questions=(), items=steps)
    return Catalog(sources=base.sources, questions=base.questions,
                   checklists={**base.checklists, "bench": checklist})


def big_case(items: int) -> Case:
    states = {f"bench/B{n:03d}": ItemState("done", f"第{n}项已现场核验原件。") for n in range(1, items + 1, 3)}
    return Case("QD-BENCH-0001", Applicant("长春市鑫源餐饮管理有限公司", "91220101MA17XK3P5A", "刘芳", "13904318826"),
                ["bench"], dt.date(2026, 11, 20), clerk="王丽", office="长春市政务服务中心 企业开办专区 3号窗口",
                states=states)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--items", type=int, default=100)
    args = ap.parse_args(argv)
    catalog, case = big_catalog(args.items), big_case(args.items)
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "all.pdf"
        render_case_pdf(catalog, case, out, kind="all")  # warm-up: font registration, imports
        for _ in range(args.runs):
            start = time.perf_counter()
            render_case_pdf(catalog, case, out, kind="all")
            times.append(time.perf_counter() - start)
        pages = len(PdfReader(str(out)).pages)
    figure = {"median": round(statistics.median(times), 4), "min": round(min(times), 4),
              "max": round(max(times), 4), "runs": args.runs}
    result = {
        "machine": {"cpu": platform.machine(), "python": platform.python_version(), "platform": platform.platform()},
        "pdf_all_s": figure,
        "case": {"items": args.items, "kind": "all", "pages": pages},
        "target_s": 1.0,
    }
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"all ({args.items} 项, {pages} 页): 中位数 {figure['median']:.3f} s（最小 {figure['min']:.3f}，"
          f"最大 {figure['max']:.3f}，{args.runs} 次）→ {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
