"""Case open: the time from asking for a case to its view being shown (evaluation, presentation model,
step list, step pane), for a 长春 case bundling 开办企业, 水电气报装 and 小微企业 with a worked profile.

Usage: python bench/case_open.py DATA_DIR [RUNS]   → one JSON line {"median", "min", "max", "items"} in seconds.

It runs against whichever ``desktop`` package is first on the path, so the same script measures an older
checkout (``PYTHONPATH=<old checkout>``) for a before/after ratio in one run; it speaks both the case
view of before the application layer (``CaseView(ctx, case_id)``) and after (``CaseView(service, case_id)``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

PROFILE = {"region": "长春市", "entity_type": "有限责任公司", "industry": "餐饮业", "employees": 12, "revenue": 300,
           "assets": 200, "has_employees": True, "is_new": True, "need_power": True, "power_voltage": "低压",
           "need_water": True, "need_gas": True}
CHECKLISTS = ["kaiban-jilin", "shuidianqi", "xiaowei"]


def main() -> None:
    data = Path(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from desktop.context import build_context
    from desktop.core.model import Applicant
    from desktop.ui.views.case_view import CaseView

    ctx = build_context(data)
    try:
        from desktop.services.cases import CaseService, NewCase

        service: object = CaseService(ctx)
        case_id = service.create(NewCase(Applicant("示例：基准测试"), CHECKLISTS, dt.date(2026, 11, 25)))  # type: ignore[attr-defined]
        for qid, value in PROFILE.items():
            service.answer(case_id, qid, value)  # type: ignore[attr-defined]

        def open_view() -> object:
            return CaseView(service, case_id)  # type: ignore[arg-type]
    except ImportError:  # before the application layer
        versions = [(c, ctx.catalog.checklists[c].version) for c in CHECKLISTS]
        case_id = ctx.repo.create_case(Applicant("示例：基准测试"), versions, dt.date(2026, 11, 25), "", "", "bench")
        for qid, value in PROFILE.items():
            ctx.repo.set_answer(case_id, qid, value, "bench")

        def open_view() -> object:
            return CaseView(ctx, case_id)  # type: ignore[arg-type]

    samples = []
    items = 0
    for n in range(runs + 2):
        t0 = time.perf_counter()
        view = open_view()
        view.show()  # type: ignore[attr-defined]
        app.processEvents()
        elapsed = time.perf_counter() - t0
        items = len(view.views)  # type: ignore[attr-defined]
        view.close()  # type: ignore[attr-defined]
        view.deleteLater()  # type: ignore[attr-defined]
        app.processEvents()
        if n >= 2:  # two warm-ups: imports and first-use caches are start-up, not case open
            samples.append(elapsed)
    ctx.close()
    print(json.dumps({"median": round(statistics.median(samples), 4), "min": round(min(samples), 4),
                      "max": round(max(samples), 4), "items": items}))


if __name__ == "__main__":
    main()
