"""`make bench`: measured figures, written to bench/results.json and printed as a table.

Each figure is the median of N runs with min and max.  So far: start-up (`qingdan --startup-check`,
warm, content cached) against the floor of the stack (a bare PySide6 window shown until first paint on
the same interpreter and platform plugin).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
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


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def figure(samples: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(samples), 4), "min": round(min(samples), 4),
            "max": round(max(samples), 4), "runs": len(samples)}


def main() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    data = tempfile.mkdtemp()
    app_cmd = [sys.executable, "-m", "desktop", "--data-dir", data, "--startup-check"]
    timed(app_cmd, env)  # first run imports the content; the figures are warm starts
    timed([sys.executable, "-c", BARE_WINDOW], env)
    app_runs, bare_runs = [], []
    for _ in range(RUNS):  # interleaved, so both see the same machine state
        app_runs.append(timed(app_cmd, env))
        bare_runs.append(timed([sys.executable, "-c", BARE_WINDOW], env))
    results = {
        "machine": {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
                    "python": platform.python_version(), "platform": platform.platform(),
                    "qt_platform": env["QT_QPA_PLATFORM"]},
        "startup_s": figure(app_runs),
        "bare_window_s": figure(bare_runs),
    }
    results["startup_ratio"] = round(results["startup_s"]["median"] / results["bare_window_s"]["median"], 2)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"{'figure':<28}{'median':>10}{'min':>10}{'max':>10}")
    for key in ("startup_s", "bare_window_s"):
        f = results[key]
        print(f"{key:<28}{f['median']:>10.3f}{f['min']:>10.3f}{f['max']:>10.3f}")
    print(f"startup / bare window: {results['startup_ratio']}×")


if __name__ == "__main__":
    main()
