"""Content-load figures for `make bench`, run in a fresh process by bench/run.py:

    python bench/content_load.py RUNS

prints JSON: ``cold`` — :func:`desktop.context.build_context` on an empty data dir (database created
and migrated, every checklist and source read, validated — quotes checked against the bundled
sources — and imported); ``warm`` — the same on the now-filled data dir with unchanged content (the
byte digest matches, the cached content is rebuilt without validation).  Seconds per run; one cold
and one warm warm-up run first (imports are not part of the figure).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.context import build_context  # noqa: E402


def timed_build(data: Path) -> tuple[float, bool, int]:
    t0 = time.perf_counter()
    ctx = build_context(data)
    elapsed = time.perf_counter() - t0
    imported, count = ctx.content_imported, len(ctx.catalog.checklists)
    ctx.close()
    return elapsed, imported, count


def main(runs: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        timed_build(base / "warmup")
        timed_build(base / "warmup")
        cold, warm = [], []
        checklists = 0
        for n in range(runs):
            data = base / f"d{n}"
            seconds, imported, checklists = timed_build(data)
            assert imported, "an empty data dir must import the content"
            cold.append(seconds)
            seconds, imported, _ = timed_build(data)
            assert not imported, "unchanged content must be reused (digest skip)"
            warm.append(seconds)
    return {"cold": cold, "warm": warm, "checklists": checklists}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)))
