"""PDF figures for `make bench`: the four counter documents (kind ``all``) of a 100-item case against
two references laying out the same paragraphs:

- the floor: a bare reportlab script (``SimpleDocTemplate`` + one ``Paragraph`` per paragraph of the
  app's story, same sizes and leading, the same TrueType font resources/fonts/wqy-microhei.ttc);
- what an office would otherwise do: LibreOffice Writer converting an equivalent HTML document (the
  same paragraphs, the same font made visible to it through fontconfig) to PDF headless.

Run by bench/run.py; ``python bench/pdf_compare.py --once app|bare OUT [PARAGRAPHS.json]`` renders once
in a fresh process and prints the seconds from before the first reportlab import to the written file
(the cold figure: imports, font loading, rendering; the app's catalog is loaded before, as at a
counter), ``--warm N`` renders N times in one process after a warm-up and prints the seconds of each
run as JSON (app and bare interleaved); ``--warm N synthetic`` does the same for bench/pdf.py's synthetic
100-step case.
"""

from __future__ import annotations

import datetime as dt
import gc
import html
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
# Answers that make 111 of the 171 items of the six bundled checklists apply: a 100-item case.
PROFILE: dict[str, object] = {
    "entity_type": "有限责任公司", "region": "长春市", "is_new": True, "has_employees": True, "industry": "餐饮业",
    "employees": 20, "revenue": 500, "assets": 300, "taxpayer_type": "小规模纳税人", "small_low_profit": True,
    "need_power": True, "power_voltage": "低压", "power_supply": "单电源", "power_capacity_kw": 100,
    "need_water": True, "need_gas": True, "external_works": True, "construction_project": False,
    "need_financing": True, "has_union": True, "first_business": True, "months_operating": 6,
    "township_location": True, "ge_zhuan_qi": True, "export_amount": 10, "credit_bad": False,
    "small_social_project": True, "transfer_power": True, "utility_transfer": True, "disabled_founder": False,
}
TODAY = dt.date(2026, 11, 25)


def load() -> Any:
    from desktop import paths
    from desktop.core.catalog import load_catalog

    return load_catalog(paths.checklist_dir(), paths.source_dir())


def synthetic() -> tuple[Any, Any] | None:
    """bench/pdf.py's synthetic case (one checklist of exactly 100 applicable steps), when present."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        import pdf  # bench/pdf.py
    except ImportError:
        return None
    return pdf.big_catalog(100), pdf.big_case(100)


def bench_case(catalog: Any) -> Any:
    """All bundled checklists, the profile above, a few steps done or waived with notes."""
    from desktop.core.model import Applicant, Case, ItemState

    case = Case(id="QD-20261125-0001", applicant=Applicant("长春市鑫源餐饮有限公司", "91220101MA0000000X", "李四",
                                                             "0431-88888888"),
                checklists=list(catalog.checklists), received_on=TODAY, clerk="王五",
                office="长春市政务服务中心 3号窗口", profile=dict(PROFILE))
    for n, (cid, checklist) in enumerate(catalog.checklists.items()):
        for i, item in enumerate(checklist.items[:6]):
            status = ("done", "waived", "pending")[(i + n) % 3]
            case.states[f"{cid}/{item.id}"] = ItemState(status, "已现场核验。" if status != "pending" else "")
    return case


def applicable_items(catalog: Any, case: Any) -> tuple[int, int]:
    from desktop.core.evaluate import evaluate_case
    from desktop.core.facts import case_facts

    views = evaluate_case(catalog, case, case_facts(case.profile, case.received_on))
    return len(views), sum(1 for v in views if v.applies)


def render_app(catalog: Any, case: Any, out: Path) -> None:
    from desktop.services.documents import render_case_pdf

    render_case_pdf(catalog, case, out, kind="all", today=TODAY)


def paragraphs(catalog: Any, case: Any) -> list[tuple[str, float, float]]:
    """(markup, font size, leading) of every Paragraph in the app's ``all`` story, tables included."""
    from reportlab.platypus import Paragraph

    from desktop.reports.fonts import pdf_font
    from desktop.reports.story import build_story
    from desktop.reports.styles import make_styles
    from desktop.services.documents import case_document as case_doc

    out: list[tuple[str, float, float]] = []

    def walk(obj: Any) -> None:
        if isinstance(obj, Paragraph):
            out.append((obj.text, float(obj.style.fontSize), float(obj.style.leading)))
        elif isinstance(obj, list | tuple):
            for x in obj:
                walk(x)
        else:
            for attr in ("_content", "_cellvalues"):
                if hasattr(obj, attr):
                    walk(getattr(obj, attr))

    doc = case_doc(catalog, case, today=TODAY)
    walk(build_story(doc, "all", make_styles(pdf_font().name)))
    return out


class BareReportlab:
    """The floor: what a bare reportlab script does with the same paragraphs and font."""

    def __init__(self, paras: list[tuple[str, float, float]]) -> None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        if "BenchCJK" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("BenchCJK", str(FONT), subfontIndex=0))
        self.paras = paras

    def render(self, out: Path) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph, SimpleDocTemplate

        styles: dict[tuple[float, float], ParagraphStyle] = {}
        story = []
        for text, size, leading in self.paras:
            style = styles.get((size, leading))
            if style is None:
                style = styles[(size, leading)] = ParagraphStyle(f"s{len(styles)}", fontName="BenchCJK", fontSize=size,
                                                                 leading=leading, wordWrap="CJK")
            story.append(Paragraph(text, style))
        SimpleDocTemplate(str(out), pagesize=A4).build(story)


def write_html(paras: list[tuple[str, float, float]], path: Path) -> None:
    """The same paragraphs as an HTML document in the same font, for LibreOffice."""
    import re

    tag = re.compile(r"<[^>]+>")
    body = "\n".join(f'<p style="font-size:{size}pt;line-height:{leading}pt;margin:0">'
                     f"{html.escape(html.unescape(tag.sub('', text)))}</p>" for text, size, leading in paras)
    path.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"><title>办理清单</title>'
                    '<style>body{font-family:"WenQuanYi Micro Hei"} @page{size:A4;margin:2cm}</style></head>'
                    f"<body>{body}</body></html>", encoding="utf-8")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_env(work: Path) -> tuple[dict[str, str], list[str]]:
    """Environment (fontconfig sees the bundled font) and the fixed part of the soffice command line."""
    conf = work / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f"<dir>{FONT.parent}</dir><cachedir>{work / 'fc-cache'}</cachedir></fontconfig>")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    exe = soffice()
    assert exe
    profile = (work / "lo-profile").as_uri()
    return env, [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
                 "--outdir", str(work / "lo-out")]


def pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--once"]:  # the first print in a fresh process: imports, font loading, rendering
        which, out = argv[1], Path(argv[2])
        if which == "app":
            catalog = load()  # already loaded when the app prints: not part of the figure
            case = bench_case(catalog)
            t0 = time.perf_counter()
            render_app(catalog, case, out)
        else:
            paras = [tuple(p) for p in json.loads(Path(argv[3]).read_text(encoding="utf-8"))]
            t0 = time.perf_counter()
            BareReportlab(paras).render(out)
        print(json.dumps({"seconds": time.perf_counter() - t0}))
        return 0
    if argv[:1] == ["--warm"]:
        runs = int(argv[1])
        if argv[2:] == ["synthetic"]:
            pair = synthetic()
            if pair is None:
                print(json.dumps({"skipped": "bench/pdf.py not present"}))
                return 0
            catalog, case = pair
        else:
            catalog = load()
            case = bench_case(catalog)
        paras = paragraphs(catalog, case)
        bare = BareReportlab(paras)
        with tempfile.TemporaryDirectory() as tmp:
            app_out, bare_out = Path(tmp) / "app.pdf", Path(tmp) / "bare.pdf"
            render_app(catalog, case, app_out)  # warm-up: imports, font registration
            bare.render(bare_out)
            app_s, bare_s = [], []
            for _ in range(runs):
                gc.collect()  # neither side pays for the other's garbage
                t0 = time.perf_counter()
                render_app(catalog, case, app_out)
                t1 = time.perf_counter()
                gc.collect()
                t2 = time.perf_counter()
                bare.render(bare_out)
                t3 = time.perf_counter()
                app_s.append(t1 - t0)
                bare_s.append(t3 - t2)
            total, applicable = applicable_items(catalog, case)
            print(json.dumps({"app": app_s, "bare": bare_s, "items": total, "applicable": applicable,
                              "paragraphs": len(paras), "app_pages": pages(app_out), "bare_pages": pages(bare_out),
                              "chars": sum(len(p[0]) for p in paras)}))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
