"""Peak-memory figure for `make bench`, run in a fresh process (offscreen) by bench/run.py:

    python bench/memory.py app   # the app with a 100-item case open
    python bench/memory.py bare  # the floor: a bare PySide6 window shown on the same platform plugin

``app`` builds the context on a temporary data dir, creates the bench case of bench/pdf_compare.py
(all six bundled checklists, 111 applicable items, answers and item states), starts the main window,
opens the case (CaseView) and visits each tab of it, letting Qt paint; then prints JSON with the
process's peak resident set size (``VmHWM``, KiB).
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def settle(app: object, seconds: float = 0.2) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.005)


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    w = QMainWindow()
    w.resize(1200, 800)
    w.show()
    settle(app)


def app_case() -> dict[str, object]:
    import pdf_compare
    from PySide6.QtWidgets import QApplication

    from desktop.context import build_context
    from desktop.ui import theme
    from desktop.ui.main_window import MainWindow

    data = Path(tempfile.mkdtemp(prefix="qingdan-bench-mem-"))
    atexit.register(shutil.rmtree, data, True)
    app = QApplication(sys.argv[:1])
    family = theme.load_cjk_family()
    ctx = build_context(data)
    ctx.repo.set_setting("mode", "clerk")
    theme.apply_font(app, family, "normal")
    app.setStyleSheet(theme.STYLE)
    case = pdf_compare.bench_case(ctx.catalog)
    versions = [(cid, ctx.catalog.checklists[cid].version) for cid in case.checklists]
    case_id = ctx.repo.create_case(case.applicant, versions, case.received_on, case.clerk, case.office, "bench")
    for qid, value in case.profile.items():
        ctx.repo.set_answer(case_id, qid, value, "bench")
    for key, state in case.states.items():
        cid, _, item_id = key.partition("/")
        ctx.repo.set_item_state(case_id, cid, item_id, state.status, state.note, "bench")
    window = MainWindow(ctx, family)
    window.show()
    settle(app)
    window.open_case(case_id)
    view = window.case_view
    assert view is not None
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        settle(app)
    total = len(view.views)
    applicable = sum(1 for v in view.views if v.applies)
    window.close_case()
    ctx.close()
    return {"items": total, "applicable": applicable}


def peak_rss_kb() -> int:
    """Peak resident set size of this process: ``VmHWM`` on Linux (``ru_maxrss`` survives fork and exec,
    so a child of a big bench/run.py would report its parent's peak), else ``ru_maxrss``."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
    return int(line.split()[1])


if __name__ == "__main__":
    info: dict[str, object] = {}
    if sys.argv[1:] == ["app"]:
        info = app_case()
    else:
        bare()
    print(json.dumps({"max_rss_kb": peak_rss_kb(), **info}))
