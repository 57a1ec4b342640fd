"""The office's 本中心办事指南 on the command line:

    qingdan guide import FILE            import a guide file (format qingdan-guide/1); --pack: the guide the
                                         content pack in use carries
    qingdan guide export -o FILE         write the guide in use as a guide file
    qingdan guide show CHECKLIST/ITEM [--json]   one step's guide as every place shows it, with its history
    qingdan guide passphrase             set (first use) or change the administrator's passphrase

Importing changes the guide, so it needs the administrator's passphrase: from ``QINGDAN_ADMIN_PASSPHRASE``
(for scripts), else asked on the terminal, else read as the first line of standard input.  A guide that
contradicts the law is refused as a whole — one line per problem on stderr, naming the step and the clause
— and exit 1; nothing is changed.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from desktop.commands import CommandError, emit_json, open_context

PASSPHRASE_ENV = "QINGDAN_ADMIN_PASSPHRASE"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    guide = sub.add_parser("guide", help="本中心办事指南：导入、导出、查看，管理员口令").add_subparsers(
        dest="guide_command", required=True, metavar="{import,export,show,passphrase}", title="子命令")
    p = guide.add_parser("import", help="导入办事指南文件（需管理员口令；与依据不符的整份拒绝）")
    p.add_argument("file", nargs="?", type=Path, metavar="文件", help="办事指南文件（qingdan-guide/1 JSON）")
    p.add_argument("--pack", action="store_true", help="导入当前内容包附带的办事指南（guide.json）")
    p.set_defaults(func=cmd_import)
    p = guide.add_parser("export", help="把本中心办事指南导出为文件")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="文件", help="输出的办事指南文件（.json）")
    p.set_defaults(func=cmd_export)
    p = guide.add_parser("show", help="查看一个事项的本中心办事指南及修改记录")
    p.add_argument("key", metavar="清单/事项", help="事项，如 kaiban-jilin/K05（见 qingdan show 清单编号）")
    p.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    p.set_defaults(func=cmd_show)
    p = guide.add_parser("passphrase", help="设置（首次）或修改管理员口令")
    p.set_defaults(func=cmd_passphrase)


def read_passphrase(prompt: str, env: str | None = PASSPHRASE_ENV) -> str:
    """From the environment (scripts), the terminal, or the next line of standard input."""
    if env is not None and os.environ.get(env):
        return os.environ[env]
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline()
    if not line:
        raise CommandError(f"需要管理员口令：请设置环境变量 {PASSPHRASE_ENV}，或在终端中运行")
    return line.rstrip("\r\n")


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.services.guide import GuideRefused, GuideService

    if (args.file is None) == (not args.pack):
        raise CommandError("请给出办事指南文件，或用 --pack 导入内容包附带的办事指南（二选一）")
    if args.file is not None and not args.file.is_file():
        raise CommandError(f"{args.file}: 文件不存在")
    with open_context("命令行 guide import") as ctx:
        service = GuideService(ctx)
        ctx.user = "命令行"
        if not service.passphrase_set():  # say so before asking for one
            service.unlock("")
        service.unlock(read_passphrase("管理员口令："))
        try:
            done = service.import_file(args.file) if args.file is not None else service.import_pack_guide()
        except GuideRefused as exc:
            print(f"错误：办事指南未导入（未做任何改动），有 {len(exc.lines)} 处问题：", file=sys.stderr)
            for line in exc.lines:
                print(line, file=sys.stderr)
            return 1
    for line in done.warnings:
        print(line, file=sys.stderr)
    print(done.summary())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.services.guide import GuideService

    out: Path = args.output
    if out.is_dir():
        raise CommandError(f"{out}: 是目录，请给出文件名")
    if not out.parent.is_dir():
        raise CommandError(f"{out}: 目录不存在：{out.parent}")
    with open_context("命令行 guide export") as ctx:
        n = GuideService(ctx).export(out)
    print(f"已导出 {n} 项办事指南：{out}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from desktop.core.counter import guide_doc, guide_material_detail
    from desktop.core.guide_checks import find_item
    from desktop.services.guide import GuideService

    key: str = args.key
    with open_context() as ctx:
        item = find_item(ctx.catalog, key)
        if item is None:
            raise CommandError(f"没有事项“{key}”（格式：清单编号/事项编号，如 kaiban-jilin/K05）")
        service = GuideService(ctx)
        entry = service.entry(key)
        history = service.history(key)
        doc = guide_doc(entry, item, ctx.catalog) if entry is not None else None
    versions = [{"version": v.version, "action": v.action, "who": v.entered_by, "at": v.entered_at,
                 "source": v.source} for v in history]
    if args.json:
        data: dict[str, Any] = {"key": key, "title": item.title, "guide": None, "history": versions}
        if entry is not None and doc is not None:
            data["guide"] = {"office": entry.office, "origin": entry.origin.as_dict(), "heading": doc.heading,
                             **entry.content(), "conflicts": list(doc.conflicts), "warnings": list(doc.warnings)}
        emit_json(data)
        return 0
    print(f"{key} {item.title}")
    if doc is None:
        print("本中心办事指南：本事项尚未录入。")
    else:
        print(doc.heading)
        for label, value in doc.rows():
            print(f"  {label}：{value}")
        for n, m in enumerate(doc.materials, 1):
            detail = guide_material_detail(m)
            print(f"  材料 {n}. {m.name}" + (f"（{detail}）" if detail else ""))
        for line in doc.conflicts:
            print(f"  与现行依据不一致，已不采用：{line}")
        for line in doc.warnings:
            print(f"  提醒：{line}")
    for v in versions:
        print(f"  第{v['version']}版 {v['action']} {v['who']} {v['at']}" + (f" {v['source']}" if v["source"] else ""))
    return 0


def cmd_passphrase(args: argparse.Namespace) -> int:
    from desktop.services.guide import GuideService

    with open_context("命令行 guide passphrase") as ctx:
        service = GuideService(ctx)
        if service.passphrase_set():
            service.unlock(read_passphrase("当前管理员口令："))
        new = read_passphrase("新的管理员口令：", env=None)
        if sys.stdin.isatty() and getpass.getpass("再输入一次：") != new:
            raise CommandError("两次输入的口令不一致，未修改")
        service.set_passphrase(new)
    print("已设置管理员口令（只保存其 scrypt 散列，不保存口令本身）")
    return 0
