"""Content packs and trusted keys on the command line (docs/content-packs.md):

    qingdan pack keygen -o KEY            qingdan pack build DIR -k KEY -o FILE
    qingdan pack verify FILE              qingdan pack import FILE [--yes]
    qingdan trust add PUBKEY_FILE [--name NAME] · qingdan trust list [--json] · qingdan trust remove FINGERPRINT

Every refusal is one line on stderr and a non-zero exit; nothing is changed by a refused import.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.commands import CommandError, emit_json, open_context

if TYPE_CHECKING:
    from desktop.context import AppContext
    from desktop.services.packs import PackPreview

CLI_USER = "命令行"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pack = sub.add_parser("pack", help="内容包：生成密钥、打包签名、校验、导入").add_subparsers(
        dest="pack_command", required=True, metavar="{keygen,build,verify,import}", title="子命令")
    p = pack.add_parser("keygen", help="生成发布单位的签名密钥（私钥仅本人可读，另写 KEY.pub 公钥）")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="私钥文件",
                   help="私钥文件（公钥写在同名 .pub 文件）")
    p.set_defaults(func=cmd_keygen)
    p = pack.add_parser("build", help="把目录（pack.toml、checklists/、sources/、可选 guide.json）打包并签名")
    p.add_argument("directory", type=Path, metavar="目录", help="含 pack.toml、checklists/、sources/ 的目录")
    p.add_argument("-k", "--key", required=True, type=Path, metavar="私钥文件", help="用于签名的私钥文件")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="内容包", help="输出的内容包（.zip）")
    p.set_defaults(func=cmd_build)
    p = pack.add_parser("verify", help="校验内容包：签名、文件完整、版本、内容；并列出将发生的变化")
    p.add_argument("file", type=Path, metavar="内容包", help="要校验的内容包（.zip）")
    p.set_defaults(func=cmd_verify)
    p = pack.add_parser("import", help="导入内容包（先列出变化并确认）")
    p.add_argument("file", type=Path, metavar="内容包", help="要导入的内容包（.zip）")
    p.add_argument("--yes", action="store_true", help="不再询问，直接导入（已核对变化时）")
    p.set_defaults(func=cmd_import)
    trust = sub.add_parser("trust", help="受信任的内容包签名公钥").add_subparsers(
        dest="trust_command", required=True, metavar="{add,list,remove}", title="子命令")
    p = trust.add_parser("add", help="信任一个公钥（先与发布单位电话核对指纹）")
    p.add_argument("file", type=Path, metavar="公钥文件", help="发布单位的公钥文件（KEY.pub）")
    p.add_argument("--name", default="", metavar="单位", help="公钥所属单位，例如 吉林省政务服务和数字化建设管理局")
    p.set_defaults(func=cmd_trust_add)
    p = trust.add_parser("list", help="列出受信任的公钥")
    p.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    p.set_defaults(func=cmd_trust_list)
    p = trust.add_parser("remove", help="不再信任一个公钥")
    p.add_argument("fingerprint", metavar="指纹", help="要删除的公钥指纹（可只给前几位）")
    p.set_defaults(func=cmd_trust_remove)


def _data_dir() -> Path:
    from desktop import paths

    try:
        return paths.data_dir()
    except OSError as exc:
        raise CommandError(f"无法使用数据目录：{exc.strerror or exc}") from None


def cmd_keygen(args: argparse.Namespace) -> int:
    from desktop.content.keys import KeyFileError, generate_key, short_fingerprint

    try:
        pub, fp = generate_key(args.output)
    except KeyFileError as exc:
        raise CommandError(str(exc)) from None
    print(f"私钥：{args.output}（仅本人可读；请妥善保管，不要随内容包分发）")
    print(f"公钥：{pub}（发给各窗口的管理员）")
    print(f"指纹：{short_fingerprint(fp)}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from desktop.content.keys import KeyFileError, short_fingerprint
    from desktop.content.packs import PackError, build_pack

    if not args.directory.is_dir():
        raise CommandError(f"{args.directory}：目录不存在")
    try:
        manifest, ignored, fp = build_pack(args.directory, args.key, args.output)
    except (PackError, KeyFileError) as exc:
        raise CommandError(str(exc)) from None
    for name in ignored:
        print(f"提示：已忽略 {name}（内容包只收 checklists/、sources/ 中的 .toml 和 guide.json）", file=sys.stderr)
    print(f"已生成 {args.output}：{manifest.label}，{len(manifest.members)} 个文件，签名指纹 {short_fingerprint(fp)}")
    return 0


def _show_preview(ctx: AppContext, file: Path) -> PackPreview:
    """Verify the pack against this data dir and print what it would change; a refusal is one line."""
    from desktop.content.packs import PackError
    from desktop.services.packs import preview_pack

    try:
        preview = preview_pack(ctx, file)
    except PackError as exc:
        raise CommandError(str(exc), code=1) from None
    for line in preview.head() + preview.lines():
        print(line)
    return preview


def cmd_verify(args: argparse.Namespace) -> int:
    with open_context() as ctx:
        _show_preview(ctx, args.file)
    print("校验通过：签名有效，文件完整，版本较新，内容校验通过")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.content.load import ContentError
    from desktop.content.packs import PackError
    from desktop.services.packs import apply_pack

    with open_context() as ctx:
        preview = _show_preview(ctx, args.file)
        if not args.yes:
            if not sys.stdin.isatty():
                raise CommandError("未导入：请核对以上变化后加 --yes 重新运行", code=1)
            answer = input("确认导入？输入 y 导入，其他键取消：").strip().lower()
            if answer not in ("y", "yes", "是"):
                print("已取消，未做任何改动")
                return 1
        try:
            ctx.user = CLI_USER
            moved = apply_pack(ctx, preview)
        except (PackError, ContentError) as exc:
            raise CommandError(str(exc), code=1) from None
    print(f"已导入{preview.pack.label}；{moved} 件办理中的办件已更新到新版本")
    return 0


def cmd_trust_add(args: argparse.Namespace) -> int:
    from desktop.content.keys import KeyFileError, TrustStore, load_public_key

    try:
        raw = load_public_key(args.file)
        entry, new = TrustStore(_data_dir()).add(raw, args.name)
    except KeyFileError as exc:
        raise CommandError(str(exc)) from None
    state = "已添加" if new else "已在信任列表中"
    print(f"{state}：{entry.name or '（未命名）'}　指纹 {entry.short}")
    print("请与发布单位电话核对以上指纹；不一致时立即用 qingdan trust remove 删除。")
    return 0


def cmd_trust_list(args: argparse.Namespace) -> int:
    from desktop.content.keys import KeyFileError, TrustStore

    try:
        keys = TrustStore(_data_dir()).keys()
    except KeyFileError as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        emit_json([{"fingerprint": k.short, "sha256": k.fingerprint, "name": k.name, "added_at": k.added_at}
                   for k in keys])
        return 0
    if not keys:
        print("（没有受信任的公钥：内容包无法导入）")
    for k in keys:
        print(f"{k.short}\t{k.name or '（未命名）'}\t添加于 {k.added_at}")
    return 0


def cmd_trust_remove(args: argparse.Namespace) -> int:
    from desktop.content.keys import KeyFileError, TrustStore

    try:
        entry = TrustStore(_data_dir()).remove(args.fingerprint)
    except KeyFileError as exc:
        raise CommandError(str(exc)) from None
    print(f"已不再信任：{entry.name or '（未命名）'}　指纹 {entry.short}")
    return 0
