"""``qingdan pdf CASE.json -o OUT.pdf [--kind KIND] [--large]``: render a case's documents headless.

The default kind is ``brief``, the 办理清单（简版） the counter hands over (one or two pages).
``--kind self`` is the owner's 我的办事清单; ``all`` is the counter's full set (办理清单, 一次性告知单,
告知承诺书, 依据附录) and includes neither.

The case file (format ``qingdan-case/1`` or ``/2`` with the materials' states, resources/schema/case-v*.schema.json;
the 一次性告知单 of a v2 case lists its outstanding materials with this data dir's 本中心办事指南) is checked against the
content and opened as a snapshot (:mod:`desktop.services.casefiles`), the same evaluation ``qingdan
evaluate`` and the GUI show; every failure — missing or malformed file, unknown checklist, unwritable
output, no usable font, a character no font has (named with its code point and field) — is one line
and a non-zero exit.  Emoji are printed as "[表情]"; each field where that happened is one ``提示：``
line on stderr (and a line in the document).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.commands import CommandError, open_context
from desktop.reports import COUNTER_KINDS, DEFAULT_KIND, KIND_NAMES, KIND_TITLES


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("pdf", help="为办件文件生成 PDF 文书")
    p.add_argument("case", type=Path, help="办件文件（qingdan-case/1 或 qingdan-case/2 JSON）")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="PDF文件", help="输出的 PDF 文件")
    p.add_argument("--kind", default=DEFAULT_KIND, choices=KIND_NAMES, metavar="类型",
                   help=f"文书类型（默认 {DEFAULT_KIND}，即窗口默认交给申请人的{KIND_TITLES[DEFAULT_KIND]}，一至两页）："
                   + "，".join(f"{k} {KIND_TITLES[k]}" for k in KIND_NAMES)
                   + "；all 为窗口全套文书（" + "、".join(KIND_TITLES[k] for k in COUNTER_KINDS) + "），不含 brief 和 self")
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
        notices: list[str] = []
        try:
            written = render(snap, out, args.kind, calendar=ctx.calendar, large=args.large, mask=args.mask,
                             notices=notices)
        except OSError as exc:
            from desktop.store.errors import environment_message

            raise CommandError(environment_message(exc, out) or f"{out}: 无法写入：{exc.strerror or exc}") from None
    for line in notices:
        print(f"提示：{line}", file=sys.stderr)
    print(f"已生成 {written}")
    return 0
