"""Content commands: ``list``, ``show ID`` and ``search TEXT`` over the content in use (the shipped
content or the installed pack, as verified at start-up), and ``validate [PATH ...]`` over files."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any

from desktop import paths
from desktop.commands import CommandError, emit_json, open_context
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
    p = sub.add_parser("search", help="政策检索：在事项名称和内容、依据原文、文件名称和文号中查找")
    p.add_argument("text", nargs="+", metavar="检索词", help="要查找的词（多个词须同时出现）")
    p.add_argument("--limit", type=int, default=0, metavar="条数", help="最多列出多少条（默认全部）")
    p.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    p.set_defaults(func=cmd_search)
    p = sub.add_parser("validate", help="校验清单文件和引文")
    p.add_argument("paths", nargs="*", type=Path, metavar="文件", help="只校验这些清单文件（默认全部）")
    p.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    p.set_defaults(func=cmd_validate)


def active_catalog() -> Catalog:
    """The content in use (verified at start-up), as the GUI and the printouts have it."""
    with open_context() as ctx:
        return ctx.catalog


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
    cat = active_catalog()
    rows = [checklist_json(cl, full=False) for cl in cat.checklists.values()]
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            print(f"{r['id']}\t{r['title']}\t{r['family']}\t{r['region']}\t{r['version']}\t{r['items']} 项")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    cat = active_catalog()
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


def cmd_search(args: argparse.Namespace) -> int:
    from desktop.content.search import policy_search

    if args.limit < 0:
        raise CommandError("--limit 不能为负数")
    text = " ".join(args.text)
    if not text.strip():
        raise CommandError("请给出检索词")
    with open_context() as ctx:
        hits = policy_search(ctx.repo.db, ctx.catalog, text, args.limit or None)
    if args.json:
        emit_json([{"kind": h.kind, "checklist": h.checklist, "checklist_title": h.checklist_title, "item": h.item,
                    "title": h.title, "source": h.source, "source_title": h.source_title, "wenhao": h.wenhao,
                    "article": h.article, "field": h.field, "snippet": h.snippet,
                    "highlights": [list(s) for s in h.spans], "jurisdiction": h.jurisdiction,
                    "validity": h.validity, "quote": h.quote} for h in hits])
        return 0
    if not hits:
        print(f"没有找到“{text}”")
        return 0
    for h in hits:
        cite = f"《{h.source_title}》" + (f"（{h.wenhao}）" if h.wenhao else "") + h.article if h.source else ""
        print(f"{h.checklist}/{h.item}\t{h.title}\t[{h.field}] {h.marked()}\t{cite}\t{h.jurisdiction}\t{h.validity}")
    print(f"共 {len(hits)} 条", file=sys.stderr)
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
