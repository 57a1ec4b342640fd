"""Saved-case (办件) commands: ``cases``, ``export``, ``import``, ``backup``, ``restore`` and ``purge`` (DESIGN §4).

The data dir comes from ``--data-dir`` / ``QINGDAN_DATA_DIR``.  Opening goes through start-up
recovery, so a damaged database is reported (one line on stderr) and replaced, never a traceback.
Every command holds a use slot on the data dir while it runs (desktop/store/lock.py): commands and
a running GUI share the data dir; ``restore`` and ``purge`` need it alone and refuse, naming the
holder, otherwise.  Every command that writes personal data to a file says so on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop import paths
from desktop.commands import CommandError, emit_json, open_context
from desktop.core.limits import InputError
from desktop.core.vocab import case_status_label
from desktop.store import backup, exchange
from desktop.store.errors import StoreError
from desktop.store.housekeeping import open_data_dir
from desktop.store.repository import CaseRow, Repository

CLI_USER = "命令行"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("cases", help="列出已保存的办件")
    p.add_argument("--search", default="", metavar="文字", help="按办件编号、申请人、证件号码、电话查找")
    p.add_argument("--status", choices=["open", "closed"], help="只列出办理中（open）或已办结（closed）的办件")
    p.add_argument("--limit", type=int, default=0, metavar="N", help="最多列出多少个（默认全部）")
    p.add_argument("--json", action="store_true", help="以 JSON 格式输出")
    p.set_defaults(func=cmd_cases)
    p = sub.add_parser("export", help="导出办件（.json 单个办件，.zip 多个办件，--csv 办件列表）")
    p.add_argument("case_id", nargs="?", metavar="办件编号", help="要导出的办件编号")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="文件", help="输出文件")
    p.add_argument("--all", action="store_true", help="导出全部办件到一个 .zip")
    p.add_argument("--csv", action="store_true", help="导出办件列表为 CSV（UTF-8，可用 Excel 打开）")
    p.add_argument("--search", default="", metavar="文字", help="与 --csv 同用：只导出匹配的办件")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("import", help="导入办件文件（.json）或办件压缩包（.zip）")
    p.add_argument("file", type=Path, metavar="文件", help="要导入的 .json 或 .zip 文件")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("backup", help="备份数据库（默认存入数据目录的 backups/）")
    p.add_argument("-o", "--output", type=Path, metavar="文件", help="备份文件（默认存入数据目录的 backups/）")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="用备份文件替换当前数据库（请先关闭程序窗口）")
    p.add_argument("file", type=Path, metavar="备份文件", help="要恢复的备份文件（.db）")
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser("purge", help="清除办结超过 N 天的办件及其个人信息（含备份；请先关闭程序窗口）")
    p.add_argument("--closed-days", type=int, required=True, metavar="N", help="办结超过多少天的办件被清除")
    p.add_argument("--yes", action="store_true", help="确认执行；不加时只列出将被清除的办件")
    p.set_defaults(func=cmd_purge)


def _data_dir() -> Path:
    try:
        return paths.data_dir()
    except OSError as exc:
        raise CommandError(f"无法使用数据目录：{exc.strerror or exc}") from None


@contextmanager
def _repository(command: str) -> Iterator[tuple[Path, Repository]]:
    data = _data_dir()
    try:
        opened = open_data_dir(data, f"命令行 {command}")
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    for notice in opened.notices:
        print(f"提示：{notice}", file=sys.stderr)
    if opened.recovery is not None:
        print(f"提示：{opened.recovery.message}", file=sys.stderr)
    try:
        yield data, Repository(opened.db)
    except (StoreError, exchange.ExchangeError, InputError) as exc:
        raise CommandError(str(exc)) from None
    finally:
        opened.close()


def case_json(row: CaseRow) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "id_number": row.id_number, "phone": row.phone,
            "received_on": row.received_on, "checklists": [c for c in row.checklists.split(",") if c],
            "status": row.status, "done": row.settled, "updated_at": row.updated_at,
            "progress": {"settled": row.settled, "applicable": row.applicable}, "next_due": row.next_due or None}


def cmd_cases(args: argparse.Namespace) -> int:
    from desktop.services.cases import CaseService

    if args.limit < 0:
        raise CommandError("--limit 不能为负数")
    with open_context("命令行 cases") as ctx:
        CaseService(ctx).refresh_stale()  # derived data computed with older holiday data or rules
        repo = ctx.repo
        limit = args.limit or max(repo.count_cases(args.search, status=args.status), 1)
        rows = repo.list_cases(args.search, limit, status=args.status)
    if args.json:
        emit_json([case_json(r) for r in rows])
    else:
        for r in rows:  # one line per case, whatever an older version stored (tabs, line breaks)
            progress = f"已办结 {r.settled}/{r.applicable}" if r.applicable is not None else ""
            fields = (r.id, r.name, r.received_on, case_status_label(r.status), progress, r.checklists.replace(",", "、"))
            print("\t".join(exchange.one_line(f) if f else "" for f in fields))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    out: Path = args.output
    suffix = out.suffix.lower()
    chosen = [bool(args.case_id), args.all, args.csv]
    if sum(chosen) != 1:
        raise CommandError("请给出一个办件编号，或 --all，或 --csv（三者选一）")
    if not args.csv and suffix not in (".json", ".zip"):
        raise CommandError(f"{out}：输出文件应以 .json 或 .zip 结尾")
    if args.all and suffix != ".zip":
        raise CommandError(f"{out}：--all 导出到 .zip 文件")
    if not out.parent.is_dir():
        raise CommandError(f"{out.parent}：目录不存在")
    with _repository("export") as (_, repo):
        if args.csv:
            result = exchange.export_csv(repo, out, args.search)
        elif args.all:
            result = exchange.export_cases(repo, out)
        elif suffix == ".zip":
            result = exchange.export_cases(repo, out, [args.case_id])
        else:
            result = exchange.export_case(repo, args.case_id, out)
    print(f"已导出 {result.cases} 个办件到 {result.path}")
    print(result.warning, file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.services.cases import CaseService

    if not args.file.is_file():
        raise CommandError(f"{args.file}：文件不存在")
    report = exchange.ImportReport()

    def told(step: exchange.ImportProgress) -> None:
        report.outcomes.append(step.outcome)
        print(step.outcome.line(), flush=True)  # every member, as it is done

    with open_context("命令行 import") as ctx:
        ctx.user = CLI_USER
        CaseService(ctx).import_path(args.file, progress=told)
    print(report.summary(), file=sys.stderr)
    return 0 if report.ok else 1


def cmd_backup(args: argparse.Namespace) -> int:
    with _repository("backup") as (data, repo):
        if args.output is None:
            target = backup.make_backup(data, repo.db, "manual")
        else:
            if not args.output.parent.is_dir():
                raise CommandError(f"{args.output.parent}：目录不存在")
            target = backup.snapshot(repo.db, args.output)
    print(f"已备份到 {target}")
    print(exchange.PERSONAL_DATA_WARNING.replace("导出的文件", "备份文件"), file=sys.stderr)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop.store.restore import restore_database

    data = _data_dir()
    try:
        report = restore_database(data, args.file)
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    print(report.message)
    _check_content(data)
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    from desktop.store.purge import copies, purge

    if args.closed_days < 0:
        raise CommandError("--closed-days 不能为负数")
    if not args.yes:
        with _repository("purge") as (data, repo):
            due = repo.purge_due(args.closed_days)
        for cid in due:
            print(cid)
        print(f"将清除 {len(due)} 个办结超过 {args.closed_days} 天的办件（含办理记录中的个人信息），并重写 "
              f"{len(copies(data))} 个备份或旧数据库副本；确认请加 --yes", file=sys.stderr)
        return 0
    data = _data_dir()
    try:
        report = purge(data, args.closed_days, CLI_USER)
    except (StoreError, InputError) as exc:
        raise CommandError(str(exc)) from None
    for cid in report.purged:
        print(cid)
    for line in report.lines:
        print(line, file=sys.stderr)
    return 0


def _check_content(data: Path) -> None:
    """After a restore: the restored database's content is checked against the ledger at once (and the
    search index rebuilt), so nothing it brought in is used unchecked."""
    from desktop.context import build_context

    try:
        ctx = build_context(data, verify_all=True)
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    for line in ctx.notices:
        print(f"提示：{line}", file=sys.stderr)
    ctx.close()
