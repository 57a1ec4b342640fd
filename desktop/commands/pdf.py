"""``qingdan pdf CASE.json -o OUT.pdf [--kind KIND] [--large]``: render a case's documents headless.

``--kind self`` is the owner's 我的办事清单; ``all`` is the counter's set and does not include it.

The case file (format ``qingdan-case/1``, resources/schema/case-v1.schema.json) is checked against the
content and opened as a snapshot (:mod:`desktop.services.casefiles`), the same evaluation ``qingdan
evaluate`` and the GUI show; every failure — missing or malformed file, unknown checklist, unwritable
output, no usable font — is one line and a non-zero exit.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.commands import CommandError, open_context
from desktop.reports import COUNTER_KINDS, KIND_NAMES, KIND_TITLES


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("pdf", help="为办件文件生成 PDF 文书")
    p.add_argument("case", type=Path, help="办件文件（qingdan-case/1 JSON）")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="PDF文件", help="输出的 PDF 文件")
    p.add_argument("--kind", default="summary", choices=KIND_NAMES, metavar="类型",
                   help="文书类型（默认 summary）：" + "，".join(f"{k} {KIND_TITLES[k]}" for k in KIND_NAMES)
                   + "；all 为窗口文书（" + "、".join(KIND_TITLES[k] for k in COUNTER_KINDS) + "），不含 self")
    p.add_argument("--large", action="store_true", help="大字版（正文 14 磅）")
    p.add_argument("--mask", action="store_true", help="隐去申请人的身份证号码和电话（个人信息保护）")
    p.set_defaults(func=cmd_pdf)


def cmd_pdf(args: argparse.Namespace) -> int:
    from desktop.reports import OWNER_KINDS
    from desktop.services.casefiles import open_case_file
    from desktop.services.documents import render

    out: Path = args.output
    if out.is_dir():
        raise CommandError(f"{out}: 是目录，请给出 PDF 文件名")
    if not out.parent.is_dir():
        raise CommandError(f"{out}: 目录不存在：{out.parent}")
    if not args.case.exists():
        raise CommandError(f"{args.case}: 文件不存在")
    with open_context() as ctx:
        snap = open_case_file(ctx, args.case, owner=args.kind in OWNER_KINDS)
        try:
            written = render(snap, out, args.kind, calendar=ctx.calendar, large=args.large, mask=args.mask)
        except OSError as exc:
            from desktop.store.errors import environment_message

            raise CommandError(environment_message(exc, out) or f"{out}: 无法写入：{exc.strerror or exc}") from None
    print(f"已生成 {written}")
    return 0
