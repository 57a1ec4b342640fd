"""``qingdan pdf CASE.json -o OUT.pdf [--kind KIND] [--large]``: render a case's documents headless.

``--kind self`` is the owner's 我的办事清单; ``all`` is the counter's set and does not include it.

The case file (format ``qingdan-case/1``, resources/schema/case-v1.schema.json) is checked against the
bundled checklists; every failure — missing or malformed file, unknown checklist, unwritable output,
no usable font — is one line and a non-zero exit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop import paths
from desktop.commands import CommandError
from desktop.core.casefile import CaseFileError, load_case_file
from desktop.core.catalog import load_catalog
from desktop.core.workdays import HolidayCalendar
from desktop.reports import COUNTER_KINDS, KIND_NAMES, KIND_TITLES


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("pdf", help="为案件文件生成 PDF 文书")
    p.add_argument("case", type=Path, help="案件文件（qingdan-case/1 JSON）")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出的 PDF 文件")
    p.add_argument("--kind", default="summary", choices=KIND_NAMES,
                   help="文书类型（默认 summary）：" + "，".join(f"{k} {KIND_TITLES[k]}" for k in KIND_NAMES)
                   + "；all 为窗口文书（" + "、".join(KIND_TITLES[k] for k in COUNTER_KINDS) + "），不含 self")
    p.add_argument("--large", action="store_true", help="大字版（正文 14 磅）")
    p.add_argument("--mask", action="store_true", help="隐去申请人的身份证号码和电话（个人信息保护）")
    p.set_defaults(func=cmd_pdf)


def cmd_pdf(args: argparse.Namespace) -> int:
    from desktop.reports.fonts import FontNotFound
    from desktop.reports.render import render_case_pdf

    out: Path = args.output
    if out.is_dir():
        raise CommandError(f"{out}: 是目录，请给出 PDF 文件名")
    if not out.parent.is_dir():
        raise CommandError(f"{out}: 目录不存在：{out.parent}")
    if not args.case.exists():
        raise CommandError(f"{args.case}: 文件不存在")
    catalog = load_catalog(paths.checklist_dir(), paths.source_dir())
    try:
        case = load_case_file(args.case, catalog)
    except CaseFileError as exc:
        raise CommandError(str(exc)) from None
    blocking = [p for p in catalog.problems if p.blocking]  # as in the app: review findings do not count
    if blocking:
        print(f"警告：内容校验有 {len(blocking)} 个问题（运行 qingdan validate 查看）", file=sys.stderr)
    try:
        written = render_case_pdf(catalog, case, out, kind=args.kind, large=args.large,
                                  calendar=_office_calendar(), mask_personal=args.mask)
    except FontNotFound as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"{out}: 无法写入：{exc.strerror or exc}") from None
    print(f"已生成 {written}")
    return 0


def _office_calendar() -> HolidayCalendar | None:
    """The office's own holiday file in the data dir, as the GUI uses it (a bad file is reported)."""
    from desktop.context import office_calendar

    notices: list[str] = []
    calendar = office_calendar(paths.data_dir(), notices)
    for line in notices:
        print(f"提示：{line}", file=sys.stderr)
    return calendar
