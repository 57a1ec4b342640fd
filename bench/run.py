"""`make bench`: every figure of issue 7 measured side by side in one run, written to
bench/results.json and printed as a table (docs/performance.md explains each one).

Each figure is the median of ``--runs`` runs (default 7, at least 5) with min and max:

1. start-up: ``qingdan --startup-check`` (warm: content cached) against a bare PySide6 window shown
   until its first paint on the same interpreter and platform plugin — the floor;
2. PDF: the four counter documents (kind ``all``) of a 100-item case against a bare reportlab script
   laying out the same paragraphs in the same font (the floor), warm (in one process) and cold (a
   fresh process each: interpreter, imports, font loading), and against LibreOffice converting the
   same paragraphs from HTML to PDF headless (bench/pdf_compare.py);
3. content load: cold (empty data dir: validate and import everything) and warm (digest skip);
4. cases: case-list first page and search at 10k and 100k cases (data from bench/cases.py), timed through
   the case list's own model (``CaseTableModel.reload``: the first page, and the total when it is full);
5. memory: peak RSS with the 100-item case open in the GUI, offscreen (bench/memory.py);
6. case open (bench/case_open.py): a 3-checklist 长春 case from asking to shown (evaluation, presentation
   model, step list), in one process;
7. policy search (政策检索, issue 14): ``qingdan search``'s path over ten times today's content
   (bench/policy_search.py: renamed copies of every checklist and source), the worst of seven queries.

Sub-processes run with bytecode caching on (in a temporary ``PYTHONPYCACHEPREFIX``), as an installed
app runs, even when the calling environment sets ``PYTHONDONTWRITEBYTECODE``.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import pdf_compare  # noqa: E402

BARE_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1200, 800)
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False
f = F(); w.installEventFilter(f); w.show(); app.exec()
"""
TARGETS = {  # figure -> (comparison, limit) as in issue 7
    "startup_ratio": ("<=", 1.5), "pdf_warm_ratio": ("<=", 1.3), "pdf_libreoffice_speedup": (">=", 10.0),
    "content_warm_ms": ("<=", 50.0), "search_100k_worst_ms": ("<=", 50.0), "peak_rss_mb": ("<=", 200.0),
    "policy_search_10x_worst_ms": ("<=", 50.0),
}


def figure(samples: list[float], scale: float = 1.0, digits: int = 4) -> dict[str, float]:
    s = [x * scale for x in samples]
    return {"median": round(statistics.median(s), digits), "min": round(min(s), digits),
            "max": round(max(s), digits), "runs": len(s)}


def run_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPYCACHEPREFIX"] = os.environ.get("PYTHONPYCACHEPREFIX") or tempfile.mkdtemp(prefix="qingdan-pyc-")
    return env


def timed(cmd: list[str], env: dict[str, str], **kw: Any) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, capture_output=True, **kw)
    return time.perf_counter() - start


def output(cmd: list[str], env: dict[str, str]) -> Any:
    done = subprocess.run(cmd, check=True, env=env, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def interleaved(cmds: list[list[str]], env: dict[str, str], runs: int) -> list[list[float]]:
    """Wall time of each command, ``runs`` rounds, alternating so all see the same machine state."""
    for cmd in cmds:  # warm-up: page cache, bytecode cache, first-run content import
        timed(cmd, env)
    samples: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            samples[i].append(timed(cmd, env))
    return samples


def bench_startup(env: dict[str, str], runs: int, work: Path) -> dict[str, Any]:
    data = str(work / "startup-data")
    app, bare = interleaved([[sys.executable, "-m", "desktop", "--data-dir", data, "--startup-check"],
                             [sys.executable, "-c", BARE_WINDOW]], env, runs)
    out: dict[str, Any] = {"startup_s": figure(app), "bare_window_s": figure(bare)}
    out["startup_ratio"] = round(out["startup_s"]["median"] / out["bare_window_s"]["median"], 2)
    return out


def bench_pdf(env: dict[str, str], runs: int, work: Path) -> dict[str, Any]:
    script = str(BENCH / "pdf_compare.py")
    warm = output([sys.executable, script, "--warm", str(runs)], env)
    paras_file, html_file = work / "paragraphs.json", work / "case.html"
    catalog = pdf_compare.load()
    paras = pdf_compare.paragraphs(catalog, pdf_compare.bench_case(catalog))
    paras_file.write_text(json.dumps(paras, ensure_ascii=False), encoding="utf-8")
    pdf_compare.write_html(paras, html_file)
    app_cold, bare_cold = [], []
    for _ in range(runs):
        app_cold.append(output([sys.executable, script, "--once", "app", str(work / "app.pdf")], env)["seconds"])
        bare_cold.append(output([sys.executable, script, "--once", "bare", str(work / "bare.pdf"), str(paras_file)],
                                env)["seconds"])
    out: dict[str, Any] = {
        "pdf_case": {k: warm[k] for k in ("items", "applicable", "paragraphs", "chars", "app_pages", "bare_pages")},
        "pdf_warm_s": figure(warm["app"]), "bare_reportlab_warm_s": figure(warm["bare"]),
        "pdf_cold_s": figure(app_cold), "bare_reportlab_cold_s": figure(bare_cold),
    }
    out["pdf_warm_ratio"] = round(out["pdf_warm_s"]["median"] / out["bare_reportlab_warm_s"]["median"], 2)
    out["pdf_cold_ratio"] = round(out["pdf_cold_s"]["median"] / out["bare_reportlab_cold_s"]["median"], 2)
    synth = output([sys.executable, script, "--warm", str(runs), "synthetic"], env)
    if "skipped" in synth:
        out["pdf_synthetic"] = f"skipped: {synth['skipped']}"
    else:
        out["pdf_synthetic_case"] = {k: synth[k] for k in ("items", "applicable", "paragraphs", "app_pages",
                                                           "bare_pages")}
        out["pdf_synthetic_warm_s"] = figure(synth["app"])
        out["bare_reportlab_synthetic_warm_s"] = figure(synth["bare"])
        out["pdf_synthetic_warm_ratio"] = round(out["pdf_synthetic_warm_s"]["median"]
                                                / out["bare_reportlab_synthetic_warm_s"]["median"], 2)
    if pdf_compare.soffice() is None:
        out["libreoffice"] = "skipped: soffice not installed (apt-get install libreoffice-writer-nogui)"
        return out
    lo_env, lo_cmd = pdf_compare.libreoffice_env(work)
    (lo,) = interleaved([[*lo_cmd, str(html_file)]], {**env, **lo_env}, runs)
    lo_pdf = work / "lo-out" / "case.pdf"
    out["libreoffice_s"] = figure(lo)
    out["libreoffice_pages"] = pdf_compare.pages(lo_pdf)
    out["libreoffice_version"] = subprocess.run([lo_cmd[0], "--version"], capture_output=True, text=True,
                                                env={**env, **lo_env}).stdout.strip()
    # conservative: LibreOffice (a fresh process per document) against the app's cold first print
    out["pdf_libreoffice_speedup"] = round(out["libreoffice_s"]["median"] / out["pdf_cold_s"]["median"], 1)
    out["pdf_libreoffice_speedup_warm"] = round(out["libreoffice_s"]["median"] / out["pdf_warm_s"]["median"], 1)
    return out


def bench_content(env: dict[str, str], runs: int) -> dict[str, Any]:
    res = output([sys.executable, str(BENCH / "content_load.py"), str(runs)], env)
    out = {"content_cold_ms": figure(res["cold"], 1000, 1), "content_warm_ms": figure(res["warm"], 1000, 1),
           "content_checklists": res["checklists"]}
    return out


def bench_case_open(env: dict[str, str], runs: int, work: Path) -> dict[str, Any]:
    """Case open: a 3-checklist 长春 case from asking to shown (bench/case_open.py), in one process."""
    data = work / "case-open"
    data.mkdir(exist_ok=True)
    res = output([sys.executable, str(BENCH / "case_open.py"), str(data), str(runs * 2)], env)
    return {"case_open_ms": {k: round(res[k] * 1000, 1) for k in ("median", "min", "max")},
            "case_open_items": res["items"]}


def bench_policy_search(env: dict[str, str], runs: int, scale: int = 10) -> dict[str, Any]:
    res = output([sys.executable, str(BENCH / "policy_search.py"), str(runs), str(scale)], env)
    queries = {name: figure(s, 1000, 2) for name, s in res["samples"].items()}
    worst = max(queries, key=lambda k: queries[k]["median"])
    return {f"policy_search_{scale}x_worst_ms": queries[worst], f"policy_search_{scale}x_worst_query": worst,
            f"policy_search_{scale}x_all_ms": queries, f"policy_search_{scale}x_hits": res["hits"],
            f"policy_search_{scale}x_rows": res["rows"], f"policy_search_{scale}x_import_s": res["import_s"]}


def measure(fn: Callable[[], object], runs: int) -> dict[str, float]:
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return figure(samples, 1000, 2)


def bench_cases(runs: int, sizes: list[int]) -> dict[str, Any]:
    try:
        import cases
    except ImportError as exc:
        return {"cases": f"skipped: bench/cases.py not importable ({exc})"}
    from types import SimpleNamespace

    from desktop.store.db import open_database
    from desktop.store.repository import Repository
    from desktop.ui.views.case_list import PAGE, CaseTableModel  # the case list's own model: what a search does

    out: dict[str, Any] = {}
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="qingdan-bench-cases-") as tmp:
            repo = Repository(open_database(Path(tmp)))
            t0 = time.perf_counter()
            cases.generate(repo, size)
            generated = time.perf_counter() - t0
            label = f"{size // 1000}k"
            # what the case list does on opening and on each search: the total (for paging) and a page
            model = CaseTableModel(SimpleNamespace(repo=repo), {})  # duck-typed AppContext: only .repo is used

            def page(text: str, m: CaseTableModel = model) -> object:
                m.reload(text, {})  # first page of PAGE rows, and the total when the page is full
                return m.total

            out[f"list_first_page_{label}_ms"] = measure(lambda: page(""), runs)
            searches = {name: measure(functools.partial(page, q), runs) for name, q in cases.queries(repo)}
            worst = max(searches, key=lambda k: searches[k]["median"])
            out[f"search_{label}_worst_ms"] = searches[worst]
            out[f"search_{label}_worst_query"] = worst
            out[f"search_{label}_all_ms"] = searches
            # the first page alone (no total), for comparison
            pages = {name: measure(functools.partial(repo.list_cases, q, PAGE, 0), runs)
                     for name, q in cases.queries(repo)}
            worst = max(pages, key=lambda k: pages[k]["median"])
            out[f"search_page_{label}_worst_ms"] = pages[worst]
            out[f"search_page_{label}_worst_query"] = worst
            out[f"cases_{label}_generated_s"] = round(generated, 1)
            repo.close()
    return out


def bench_memory(env: dict[str, str], runs: int) -> dict[str, Any]:
    script = str(BENCH / "memory.py")
    app, bare = [], []
    info: dict[str, Any] = {}
    for _ in range(runs):
        res = output([sys.executable, script, "app"], env)
        info = {"items": res["items"], "applicable": res["applicable"]}
        app.append(res["max_rss_kb"] / 1024)
        bare.append(output([sys.executable, script, "bare"], env)["max_rss_kb"] / 1024)
    return {"peak_rss_mb": figure(app, 1, 1), "bare_window_rss_mb": figure(bare, 1, 1), "memory_case": info}


def machine(env: dict[str, str]) -> dict[str, Any]:
    def first(cmd: list[str], key: str) -> str:
        try:
            text = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
        except OSError:
            return ""
        return next((line[len(key):].lstrip(":= \t") for line in text.splitlines() if line.startswith(key)), "")

    mem_kb = first(["cat", "/proc/meminfo"], "MemTotal").split()[:1]
    qt = subprocess.run([sys.executable, "-c", "import PySide6, reportlab, sqlite3; print(PySide6.__version__,"
                         " reportlab.Version, sqlite3.sqlite_version)"], capture_output=True, text=True, env=env)
    pyside, rl, sqlite = [*qt.stdout.split(), "?", "?", "?"][:3]
    return {"cpu": first(["lscpu"], "Model name") or platform.processor(), "cores": os.cpu_count(),
            "ram_gb": round(int(mem_kb[0]) / 1024 / 1024, 1) if mem_kb else None,
            "os": first(["cat", "/etc/os-release"], "PRETTY_NAME").strip('"') or platform.platform(),
            "kernel": platform.release(), "python": platform.python_version(), "pyside6": pyside,
            "reportlab": rl, "sqlite": sqlite, "qt_platform": env["QT_QPA_PLATFORM"]}


def verdicts(results: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, (op, limit) in TARGETS.items():
        value = results.get(key)
        if isinstance(value, dict):
            value = value["median"]
        if not isinstance(value, int | float):
            out[key] = {"target": f"{op} {limit}", "value": None, "met": None}
            continue
        out[key] = {"target": f"{op} {limit}", "value": value, "met": value <= limit if op == "<=" else value >= limit}
    return out


def table(results: dict[str, Any]) -> str:
    rows = [("start-up, qingdan --startup-check", "startup_s", "s"), ("  floor: bare PySide6 window", "bare_window_s", "s"),
            ("PDF 4 documents, warm", "pdf_warm_s", "s"), ("  floor: bare reportlab, warm", "bare_reportlab_warm_s", "s"),
            ("PDF 4 documents, synthetic 100 steps", "pdf_synthetic_warm_s", "s"),
            ("  floor: bare reportlab, same text", "bare_reportlab_synthetic_warm_s", "s"),
            ("PDF 4 documents, cold process", "pdf_cold_s", "s"),
            ("  floor: bare reportlab, cold", "bare_reportlab_cold_s", "s"),
            ("  LibreOffice HTML -> PDF", "libreoffice_s", "s"),
            ("case open, 3 checklists", "case_open_ms", "ms"),
            ("content load, cold", "content_cold_ms", "ms"), ("content load, warm", "content_warm_ms", "ms"),
            ("case list first page, 10k", "list_first_page_10k_ms", "ms"),
            ("case list first page, 100k", "list_first_page_100k_ms", "ms"),
            ("search, worst query, 10k", "search_10k_worst_ms", "ms"),
            ("search, worst query, 100k", "search_100k_worst_ms", "ms"),
            ("  list_cases page alone, 100k", "search_page_100k_worst_ms", "ms"),
            ("peak RSS, 100-item case open", "peak_rss_mb", "MB"), ("  floor: bare window", "bare_window_rss_mb", "MB"),
            ("policy search, worst query, 10x", "policy_search_10x_worst_ms", "ms")]
    lines = [f"{'figure':<36}{'median':>10}{'min':>10}{'max':>10}  unit", "-" * 72]
    for label, key, unit in rows:
        f = results.get(key)
        if isinstance(f, dict):
            lines.append(f"{label:<36}{f['median']:>10.3f}{f['min']:>10.3f}{f['max']:>10.3f}  {unit}")
        else:
            lines.append(f"{label:<36}{'—':>10}  {results.get(key.split('_')[0], 'not measured')}")
    lines.append("-" * 72)
    for key, v in results["targets"].items():
        mark = "—" if v["met"] is None else ("met" if v["met"] else "MISSED")
        lines.append(f"{key:<36}{v['value'] if v['value'] is not None else '—'!s:>10}  target {v['target']:<8} {mark}")
    for key in ("pdf_synthetic_warm_ratio", "pdf_cold_ratio", "pdf_libreoffice_speedup_warm", "search_100k_worst_query",
                "search_page_100k_worst_query", "policy_search_10x_worst_query"):
        if key in results:
            lines.append(f"{key:<36}{results[key]!s:>10}")
    for key in ("pdf_synthetic", "libreoffice", "cases"):
        if isinstance(results.get(key), str):
            lines.append(results[key])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (>= 5)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="case counts")
    parser.add_argument("--only", nargs="+",
                        choices=["startup", "pdf", "case_open", "content", "cases", "memory", "policy"])
    args = parser.parse_args(argv)
    runs = max(args.runs, 5)
    env = run_env()
    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine(env), "runs": runs}
    sections = args.only or ["startup", "pdf", "case_open", "content", "cases", "memory", "policy"]
    with tempfile.TemporaryDirectory(prefix="qingdan-bench-") as tmp:
        for name in sections:
            t0 = time.perf_counter()
            print(f"bench: {name} …", file=sys.stderr, flush=True)
            if name == "startup":  # cheap and the noisiest (0.1 s scale): three times the runs
                results.update(bench_startup(env, runs * 3, Path(tmp)))
            elif name == "pdf":
                results.update(bench_pdf(env, runs, Path(tmp)))
            elif name == "case_open":
                results.update(bench_case_open(env, runs, Path(tmp)))
            elif name == "content":
                results.update(bench_content(env, runs))
            elif name == "cases":
                results.update(bench_cases(runs, args.sizes))
            elif name == "memory":
                results.update(bench_memory(env, runs))
            elif name == "policy":
                results.update(bench_policy_search(env, runs))
            print(f"bench: {name} done in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    results["targets"] = verdicts(results)
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    target = BENCH / "results.json"
    tmp_file = target.with_suffix(".json.tmp")
    tmp_file.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp_file.replace(target)
    print(table(results))
    print(f"written {target.relative_to(ROOT)} in {results['bench_seconds']} s")
    if "qingdan-pyc-" in env["PYTHONPYCACHEPREFIX"]:
        shutil.rmtree(env["PYTHONPYCACHEPREFIX"], ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
