"""Calculator commands: ``classify`` (中小企业划型), ``check-id`` (代码/证件号校验), ``due`` (办理时限).

Exit codes: 0 = a result; 1 = the result is negative (invalid code, or 划型 impossible for lack of a
number) — the reason is still printed; 2 = bad input (unknown industry, malformed date …), one line.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from desktop.commands import CommandError, emit_json
from desktop.core import eligibility, identifiers, workdays


def _number(text: str) -> float:
    try:
        value = float(text.replace(",", "").replace("，", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是数字") from None
    return value


def _days(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("classify", help="中小企业划型（工信部联企业〔2011〕300号，结果仅供参考）")
    p.add_argument("--industry", required=True, help="行业：16 个分组之一或常用行业名称（如 制造业）")
    p.add_argument("--employees", type=_number, help="从业人员（人）")
    p.add_argument("--revenue", type=_number, help="营业收入（万元）")
    p.add_argument("--assets", type=_number, help="资产总额（万元）")
    p.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    p.set_defaults(func=cmd_classify)

    p = sub.add_parser("check-id", help="校验统一社会信用代码或居民身份证号码")
    p.add_argument("code", metavar="号码", help="统一社会信用代码（18 位）或居民身份证号码")
    p.add_argument("--kind", choices=[identifiers.USCC, identifiers.RIC], help="只按这一种号码校验")
    p.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    p.set_defaults(func=cmd_check_id)

    p = sub.add_parser("due", help="计算办理时限的到期日（工作日扣除法定节假日，计入调休上班日）")
    p.add_argument("--from", dest="start", required=True, help="受理日期 YYYY-MM-DD（按小时计时可加 HH:MM）")
    p.add_argument("--days", type=_days, required=True, help="时限数值")
    p.add_argument("--unit", default="工作日", help="工作日（默认）、自然日、小时、即办")
    p.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    p.set_defaults(func=cmd_due)


def cmd_classify(args: argparse.Namespace) -> int:
    try:
        r = eligibility.classify(args.industry, args.employees, args.revenue, args.assets)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        emit_json({"size": r.size, "rule": r.rule, "group": r.group, "missing": r.missing,
                   "advisory": r.advisory, "citation": r.citation, "notes": r.notes})
    else:
        print(r.size or "无法划型")
        print(r.rule)
        for note in r.notes:
            print(note)
        print(f"依据：{r.citation}")
        print(f"提示：{r.advisory}")
    return 0 if r.size else 1


def cmd_check_id(args: argparse.Namespace) -> int:
    r = identifiers.check_id(args.code, kind=args.kind)
    if args.json:
        emit_json({"valid": r.valid, "kind": r.kind, "reason": r.reason, "normalized": r.normalized,
                   "problem": r.problem, "note": r.note})
    else:
        print(f"{r.kind}：{r.reason}" if r.kind != identifiers.UNKNOWN else r.reason)
        if r.note:
            print(f"提示：{r.note}")
    return 0 if r.valid else 1


def _parse_start(text: str) -> dt.date | dt.datetime:
    value = text.strip()
    try:
        if len(value) > 10:
            return dt.datetime.fromisoformat(value.replace("T", " "))
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"受理日期“{text}”不是有效日期：应为 YYYY-MM-DD，如 2026-11-25") from None


def due_json(r: workdays.DueDate) -> dict[str, Any]:
    return {
        "due": r.due.isoformat(),
        "warning": r.warning,
        "from": r.start.isoformat(),
        "days": r.days,
        "unit": r.unit,
        "note": r.note,
        "due_at": r.due_at.isoformat(timespec="minutes") if r.due_at else None,
        "counted": [d.isoformat() for d in r.counted],
        "skipped": [{"date": d.isoformat(), "reason": why} for d, why in r.skipped],
    }


def cmd_due(args: argparse.Namespace) -> int:
    start = _parse_start(args.start)
    try:
        r = workdays.due_date(start, args.days, args.unit)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        emit_json(due_json(r))
        return 0
    when = r.due_at.isoformat(sep=" ", timespec="minutes") if r.due_at else r.due.isoformat()
    limit = "即办" if r.unit == "即办" else f"{r.days} 个{r.unit}" if r.unit != "小时" else f"{r.days} 小时"
    print(f"到期：{when}（{r.start.isoformat()} 受理，{limit}）")
    if r.note:
        print(r.note)
    holidays = sorted({why for _, why in r.skipped if not why.startswith("周")})
    if holidays:
        print(f"已跳过：{'、'.join(holidays)}等休息日共 {len(r.skipped)} 天")
    elif r.skipped:
        print(f"已跳过周末 {len(r.skipped)} 天")
    if r.warning:
        print(f"警告：{r.warning}")
    return 0
