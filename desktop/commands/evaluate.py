"""``qingdan evaluate CASE.json [--on YYYY-MM-DD] [--json]``: a case's snapshot, headless — the same
evaluation the GUI shows and the documents print (progress, each item's applicability, status, due date
and reasons; the office's 本中心办事指南 heading and each material's state at the counter, with what is
still outstanding)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from desktop.commands import CommandError, emit_json, open_context
from desktop.core.progress import progress_text
from desktop.core.vocab import status_label


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是 YYYY-MM-DD 格式的日期") from None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("evaluate", help="计算办件文件的办理情况：进度、每个事项是否适用、状态、期限和原因")
    p.add_argument("case", type=Path, help="办件文件（qingdan-case/1 或 qingdan-case/2 JSON）")
    p.add_argument("--on", type=_date, metavar="YYYY-MM-DD",
                   help="按这一天计算（有效期和期限从这天起算；默认按受理日期）")
    p.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    p.set_defaults(func=cmd_evaluate)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from desktop.services.casefiles import open_case_file

    if not args.case.is_file():
        raise CommandError(f"{args.case}: 文件不存在")
    with open_context() as ctx:
        snap = open_case_file(ctx, args.case, on=args.on)
    doc = snap.doc
    progress = snap.progress
    items: list[dict[str, Any]] = []
    for item in doc.items:
        items.append({"checklist": item.key.split("/", 1)[0], "id": item.item_id, "title": item.title,
                      "kind": item.kind, "applicability": item.applicability, "applicability_code": item.code,
                      "status": item.status, "status_label": status_label(item.status), "counted": item.counted,
                      "due": item.due or None, "overdue": item.overdue, "reasons": list(item.reasons),
                      "period": item.period, "guide": item.guide.heading if item.guide is not None else None,
                      "materials": [{"name": m.name, "asked": m.detail, "state": m.state or None,
                                     "state_label": m.status_text, "due": m.due or None,
                                     "outstanding": m in item.outstanding} for m in item.counter]})
    if args.json:
        emit_json({"case": doc.case_id, "on": snap.evaluation.on.isoformat(), "progress": progress.as_dict(),
                   "progress_text": progress_text(progress),
                   "next_due": snap.next_due.isoformat() if snap.next_due else None, "items": items})
        return 0
    print(f"{doc.case_id}　{doc.name}　（按 {snap.evaluation.on.isoformat()} 计算）")
    print(progress_text(progress))
    for it in items:
        state = f"{it['applicability']}·{it['status_label']}" if it["counted"] else it["applicability"]
        due = f"　期限 {it['due']}" if it["due"] and it["status"] == "pending" and it["counted"] else ""
        reasons = f"　（{'；'.join(it['reasons'])}）" if it["reasons"] else ""
        print(f"[{state}] {it['checklist']}/{it['id']} {it['title']}{due}{reasons}")
        for m in it["materials"]:
            if m["state"] is not None:
                print(f"    材料：{m['name']}　{m['state_label']}")
    sys.stdout.flush()
    return 0
