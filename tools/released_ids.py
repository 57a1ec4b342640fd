"""Keep checklists/released.toml, the lock of released item ids (see checklists/README.md, 已发布编号).

Usage:
  .venv/bin/python tools/released_ids.py            show what --update would add (changes nothing)
  .venv/bin/python tools/released_ids.py --update   add the ids of the current content to the lock

Ids are only ever added: an id that left the content stays in the lock, and ``qingdan validate`` reports
it until it is registered under ``retired`` with the reason (or the item is put back).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.core.catalog import checklist_files
from desktop.core.problems import Problem
from desktop.core.reader import read_toml
from desktop.core.released import LOCK_FILE, read_lock, render, updated

ROOT = Path(__file__).resolve().parent.parent


def current_ids(checklist_dir: Path) -> list[tuple[str, list[str]]]:
    """(checklist id, item ids in file order) of every checklist file that parses."""
    out: list[tuple[str, list[str]]] = []
    for path in checklist_files(checklist_dir):
        data = read_toml(path, [])
        if data is None or not isinstance(data.get("id"), str):
            continue
        items = data.get("items", [])
        ids = [i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)] \
            if isinstance(items, list) else []
        out.append((data["id"], ids))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true", help="write the lock")
    parser.add_argument("--checklists", type=Path, default=ROOT / "checklists", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    path = args.checklists / LOCK_FILE
    problems: list[Problem] = []
    lock = read_lock(path, problems) or {}
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        return 1
    new = updated(lock, current_ids(args.checklists))
    added = {cid: [i for i in e.ids if i not in (lock[cid].ids if cid in lock else [])] for cid, e in new.items()}
    for cid, ids in sorted(added.items()):
        if ids:
            print(f"{cid}: 新增 {len(ids)} 个编号：{'、'.join(ids)}")
    if not any(added.values()):
        print("已发布编号清单无需更新")
    if args.update:
        path.write_text(render(new), encoding="utf-8")
        print(f"已写入 {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
