"""Content commands: ``list``, ``show ID`` and ``validate [PATH ...]``."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import Any

from desktop import paths
from desktop.commands import CommandError, emit_json
from desktop.core.catalog import Catalog, load_catalog
from desktop.core.model import Checklist


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("list", help="列出清单")
    p.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    p.set_defaults(func=cmd_list)
    p = sub.add_parser("show", help="显示一个清单的全部内容")
    p.add_argument("id", metavar="清单编号", help="要显示的清单编号（见 qingdan list）")
    p.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    p.set_defaults(func=cmd_show)
    p = sub.add_parser("validate", help="校验清单文件和引文")
    p.add_argument("paths", nargs="*", type=Path, metavar="文件", help="只校验这些清单文件（默认全部）")
    p.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    p.set_defaults(func=cmd_validate)


def _catalog() -> Catalog:
    return load_catalog(paths.checklist_dir(), paths.source_dir())


def checklist_json(cl: Checklist, full: bool) -> dict[str, Any]:
    head: dict[str, Any] = {"id": cl.id, "title": cl.title, "family": cl.family, "region": cl.region,
                            "version": cl.version}
    if not full:
        head["items"] = len(cl.items)
        return head
    head["summary"] = cl.summary
    head["questions"] = list(cl.questions)
    head["items"] = [dataclasses.asdict(i) for i in cl.items]
    for raw in head["items"]:
        raw["basis"] = [{k: b[k] for k in ("source", "article", "quote")} for b in raw["basis"]]
    return head


def cmd_list(args: argparse.Namespace) -> int:
    cat = _catalog()
    rows = [checklist_json(cl, full=False) for cl in cat.checklists.values()]
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            print(f"{r['id']}\t{r['title']}\t{r['family']}\t{r['region']}\t{r['version']}\t{r['items']} 项")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    cat = _catalog()
    cl = cat.checklists.get(args.id)
    if cl is None:
        known = "、".join(sorted(cat.checklists)) or "（无）"
        raise CommandError(f"没有编号为“{args.id}”的清单；现有：{known}")
    if args.json:
        data = checklist_json(cl, full=True)
        data["questions"] = [dataclasses.asdict(cat.questions[q]) for q in cl.questions if q in cat.questions]
        emit_json(data)
        return 0
    print(f"{cl.title}（{cl.id}，版本 {cl.version}）\n{cl.summary}\n")
    for item in cl.items:
        print(f"[{item.id}] {item.title}")
        print(f"    {item.what}")
        for b in item.basis:
            src = cat.sources.get(b.source)
            print(f"    依据：{src.citation_name if src else b.source} {b.article}：“{b.quote}”")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    for p in args.paths:
        if not p.is_file():
            raise CommandError(f"{p}: 文件不存在")
    cat = load_catalog(paths.checklist_dir(), paths.source_dir(), only=args.paths or None)
    problems = [str(p) for p in cat.problems]
    if args.json:
        emit_json({"ok": not problems, "checklists": len(cat.checklists),
                   "items": sum(len(c.items) for c in cat.checklists.values()), "problems": problems})
    else:
        for line in problems:
            print(line)
        if not problems:
            n = sum(len(c.items) for c in cat.checklists.values())
            print(f"通过：{len(cat.checklists)} 个清单，{n} 个事项，{len(cat.sources)} 个依据文件")
    return 1 if problems else 0
