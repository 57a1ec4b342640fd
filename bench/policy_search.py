"""政策检索 at ten times today's content, for `make bench` (issue 14):

    python bench/policy_search.py RUNS [SCALE]

prints JSON: for each query, the seconds of each run of :func:`desktop.content.search.policy_search`
(the path the CLI and the Ctrl+K dialog take: index or LIKE candidates, then every hit checked and
built from the catalog) over a database holding SCALE (default 10) renamed copies of every shipped
checklist and source, imported as one release the way real content is.  Synthetic rows exist only
in this benchmark's temporary data dir.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop import paths  # noqa: E402
from desktop.content.load import ContentManager  # noqa: E402
from desktop.content.search import policy_search  # noqa: E402
from desktop.core.catalog import Catalog, load_catalog, without_invalid  # noqa: E402
from desktop.store.content import SHIPPED  # noqa: E402
from desktop.store.db import open_database  # noqa: E402

QUERIES = {  # name -> query: 1, 2, 3+ characters, a 文号, two words, no match
    "1 char 证": "证", "2 chars 公章": "公章", "4 chars 营业执照": "营业执照", "文号 国办发〔2020〕42号": "国办发〔2020〕42号",
    "2 words 一网通办 公章": "一网通办 公章", "5 chars 告知承诺制": "告知承诺制", "no match": "不存在的词语甲乙",
}


def scaled(catalog: Catalog, scale: int) -> Catalog:
    """``scale`` copies of every checklist and source, ids suffixed ``-x<n>``, each copy citing its own sources."""
    out = Catalog(questions=catalog.questions)
    for n in range(scale):
        for sid, src in catalog.sources.items():
            out.sources[f"{sid}-x{n}"] = dataclasses.replace(src, id=f"{sid}-x{n}")
        for cid, cl in catalog.checklists.items():
            items = tuple(dataclasses.replace(i, basis=tuple(dataclasses.replace(b, source=f"{b.source}-x{n}")
                                                             for b in i.basis)) for i in cl.items)
            out.checklists[f"{cid}-x{n}"] = dataclasses.replace(cl, id=f"{cid}-x{n}", items=items)
    return out


def main(runs: int, scale: int) -> dict[str, object]:
    base = without_invalid(load_catalog(paths.checklist_dir(), paths.source_dir()))
    big = scaled(base, scale)
    with tempfile.TemporaryDirectory(prefix="qingdan-bench-search-") as tmp:
        data = Path(tmp)
        db = open_database(data)
        manager = ContentManager(db, data, paths.checklist_dir(), paths.source_dir())
        t0 = time.perf_counter()
        _release, catalog = manager.install(big, SHIPPED, "bench", None, None, [])
        imported = time.perf_counter() - t0
        rows = {t: db.execute(f"SELECT count(*) FROM content_{t}").fetchone()[0]
                for t in ("checklists", "items", "basis", "sources", "excerpts")}
        samples: dict[str, list[float]] = {}
        hits: dict[str, int] = {}
        for name, query in QUERIES.items():
            hits[name] = len(policy_search(db, catalog, query))  # warm-up
            samples[name] = []
            for _ in range(runs):
                t0 = time.perf_counter()
                policy_search(db, catalog, query)
                samples[name].append(time.perf_counter() - t0)
        db.conn.close()
    return {"scale": scale, "rows": rows, "import_s": round(imported, 2), "hits": hits, "samples": samples}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 7,
                          int(sys.argv[2]) if len(sys.argv) > 2 else 10), ensure_ascii=False))
