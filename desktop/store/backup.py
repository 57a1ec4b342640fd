"""Backups, restore and start-up recovery of the database.

- Snapshots use the SQLite backup API (consistent even while another connection writes) into
  ``<data dir>/backups/qingdan-YYYYmmdd-HHMMSS-ffffff-<kind>.db``, written beside the target and
  renamed into place, owner-only, in rollback-journal mode (one self-contained file).  Kinds:
  ``daily`` (:func:`maybe_daily_backup`, at most one a day), ``before-migration-N`` (db.py),
  ``manual`` (``qingdan backup``).  The newest :data:`KEEP` are kept, whatever their kind.
- :func:`restore` is desktop/store/restore.py's pipeline (check → migrate a copy → verify → swap).
- :func:`open_with_recovery` is how the app opens its database (``quick_check`` while the file is
  small, a light check when it is large; the daily backup checks fully): a damaged file is moved aside as
  ``qingdan.db.corrupt-<timestamp>`` and the newest good backup — checked exactly as a restore checks
  it — (or a fresh database) takes its place, with a :class:`RecoveryReport` in Chinese for the user.
  That swap is a whole-database operation: refused while another process uses the data dir.  It never
  loops and never shows a traceback; a database from a newer program or a locked/unreadable one is
  left alone (:class:`StoreError`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store import migrations
from desktop.store.connection import Database
from desktop.store.db import (
    DB_NAME,
    CorruptDatabase,
    StoreError,
    connect,
    is_corruption,
    make_private,
    open_database,
    private_dir,
)
from desktop.store.errors import BackupError, EnvironmentProblem, environment_message
from desktop.store.lock import UseLock, exclusive_data_dir, use_data_dir
from desktop.store.migrations import MIGRATIONS

if TYPE_CHECKING:
    from desktop.store.restore import Candidate  # the restore machinery: imported when a restore is done

__all__ = ["BackupError", "RecoveryReport", "list_backups", "make_backup", "maybe_daily_backup",
           "open_with_recovery", "restore"]

KEEP = 10
BACKUP_DIR = "backups"
# the tables every schema version has (content_versions went in migration 006, content_* came then)
REQUIRED_TABLES = frozenset({"meta", "settings", "cases", "case_checklists", "answers", "item_states", "audit"})
FULL_CHECK_MAX_BYTES = 64 * 1024 * 1024  # ~20k cases; quick_check takes ~0.2 s there
_NAME = re.compile(r"^qingdan-(\d{8})-(\d{6})-(\d{6})-([a-z0-9-]+)\.db$")


@dataclass(frozen=True)
class RecoveryReport:
    """What start-up recovery did; ``message`` is shown to the user as is."""

    problem: str  # what was wrong with the live database
    moved_to: Path | None  # where the damaged file went
    restored_from: Path | None  # the backup now in use (None: a fresh, empty database)
    skipped: tuple[Path, ...] = field(default=())  # backups that failed their check
    message: str = ""


def backup_dir(data_dir: Path) -> Path:
    try:
        return private_dir(data_dir / BACKUP_DIR)
    except OSError as exc:
        message = environment_message(exc, data_dir / BACKUP_DIR)
        raise (EnvironmentProblem(message) if message else BackupError(f"无法创建备份目录：{exc}")) from None


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def backup_time(path: Path) -> dt.datetime | None:
    """When a backup in ``backups/`` was made (from its name); None for other files."""
    m = _NAME.match(path.name)
    return dt.datetime.strptime(f"{m[1]}{m[2]}{m[3]}", "%Y%m%d%H%M%S%f") if m else None


def list_backups(data_dir: Path) -> list[Path]:
    """Our backups, newest first."""
    folder = data_dir / BACKUP_DIR
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if _NAME.match(p.name)), key=lambda p: p.name[8:30], reverse=True)


def snapshot(db: Database, target: Path) -> Path:
    """Copy the open database to ``target`` with the backup API; owner-only, atomic rename."""
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    try:
        make_private(part)
        dest = sqlite3.connect(str(part))
        try:
            db.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
        finally:
            dest.close()
        os.replace(part, target)
    except (OSError, sqlite3.Error) as exc:
        part.unlink(missing_ok=True)
        message = environment_message(exc, target)
        raise (EnvironmentProblem(message) if message else BackupError(f"无法写入备份 {target}：{exc}")) from None
    return target


def prune(data_dir: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` backups; returns the deleted files."""
    old = list_backups(data_dir)[max(keep, 1):]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def make_backup(data_dir: Path, db: Database, kind: str = "manual", keep: int = KEEP) -> Path:
    """Snapshot into ``backups/``, check the copy, then prune to ``keep``.

    The copy is checked (``quick_check``) before anything is pruned: a damaged database never
    pushes good backups out.  A failed check deletes the copy and raises :class:`BackupError`.
    """
    target = snapshot(db, backup_dir(data_dir) / f"qingdan-{_stamp()}-{kind}.db")
    try:
        check_file(target)
    except BackupError as exc:
        target.unlink(missing_ok=True)
        raise BackupError(f"数据库检查未通过，未做备份：{exc}") from None
    prune(data_dir, keep)
    return target


def maybe_daily_backup(data_dir: Path, db: Database, keep: int = KEEP,
                       today: dt.date | None = None) -> Path | None:
    """Back up unless a backup of any kind was already made today; returns the new file or None."""
    day = today or dt.date.today()
    if any((t := backup_time(p)) is not None and t.date() == day for p in list_backups(data_dir)):
        return None
    return make_backup(data_dir, db, "daily", keep)


def daily_backup_in_own_connection(data_dir: Path, keep: int = KEEP) -> Path | None:
    """:func:`maybe_daily_backup` on a connection of its own: callable from a background thread.

    It holds a use slot of its own while it runs, so a restore or purge never races it (a backup
    written during a purge could keep what the purge removed)."""
    slot = use_data_dir(data_dir, "窗口程序（每日备份）")
    try:
        db = connect(data_dir / DB_NAME)
        try:
            return maybe_daily_backup(data_dir, db, keep)
        finally:
            db.conn.close()
    finally:
        slot.release()


def check_file(path: Path) -> int:
    """Raise :class:`BackupError` unless ``path`` is an intact qingdan database; returns its schema version.

    Opens the file read-write: call it on a copy, never on a file the user gave us.
    """
    try:
        conn = sqlite3.connect(str(path), isolation_level=None)
    except sqlite3.Error as exc:
        raise BackupError(f"{path.name}：无法打开：{exc}") from None
    try:
        result = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
        if result != ["ok"]:
            raise BackupError(f"{path.name}：文件已损坏（{result[0]}）")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path.name}：不是有效的数据库文件（{exc}）") from None
    finally:
        conn.close()
    if not tables >= REQUIRED_TABLES or version < 1:
        raise BackupError(f"{path.name}：不是营商办事清单的数据库")
    if version > len(MIGRATIONS):
        raise BackupError(f"{path.name}：来自更新版本的程序（结构版本 {version}），请升级程序")
    return version


def restore(data_dir: Path, file: str | os.PathLike[str], own: UseLock | None = None) -> Path | None:
    """:func:`desktop.store.restore.restore_database`; returns where the old database went.

    The caller must have closed its own connection; other running instances refuse it (named).
    """
    from desktop.store.restore import restore_database

    return restore_database(data_dir, file, own, holder="窗口程序（从备份恢复）").aside


def _check(db: Database, full: bool) -> str | None:
    """None when the database looks intact, else the first complaint.

    ``full``: ``PRAGMA quick_check`` (reads every page: ~0.8 s at 100k cases, see
    docs/performance-cases.md).  Otherwise a light check that reads the schema and the roots and
    right edges of the main tables — enough for a damaged header or schema; page damage deeper down
    is found by the daily backup's check (:func:`make_backup`).
    """
    light = ["SELECT count(*) FROM sqlite_master", "SELECT count(*) FROM cases", "SELECT max(id) FROM audit"]
    try:
        if not full:
            for sql in light:
                db.execute(sql).fetchall()
            return None
        rows = [str(r[0]) for r in db.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        if is_corruption(exc):
            return str(exc)
        raise StoreError(f"无法检查数据库：{exc}") from None
    return None if rows == ["ok"] else rows[0]


def open_with_recovery(data_dir: Path, full_check: bool | None = None, own: UseLock | None = None,
                       ) -> tuple[Database, RecoveryReport | None]:
    """Open the database; if it is damaged, move it aside and restore the newest good backup.

    ``full_check``: run ``PRAGMA quick_check``; default: only while the database is at most
    :data:`FULL_CHECK_MAX_BYTES` (start-up stays fast with years of cases), else the light check.
    ``own``: the caller's use slot; replacing a damaged database needs the data dir alone.
    """
    live = data_dir / DB_NAME
    if full_check is None:
        full_check = not live.exists() or live.stat().st_size <= FULL_CHECK_MAX_BYTES
    try:
        db = open_database(data_dir)
        problem = _check(db, full_check)
        if problem is None:
            return db, None
        db.conn.close()
    except CorruptDatabase as exc:
        problem = str(exc).split("：", 1)[-1]
    from desktop.store.restore import prepare_candidate, swap_in  # only for a damaged database

    with exclusive_data_dir(data_dir, "数据库恢复", "恢复损坏的数据库", own):
        skipped: list[Path] = []
        for backup in list_backups(data_dir):
            try:
                candidate = prepare_candidate(backup, data_dir)
            except StoreError:
                skipped.append(backup)
                continue
            moved = swap_in(data_dir, candidate, "corrupt")
            return open_database(data_dir), _report(problem, moved, backup, skipped)
        moved = swap_in(data_dir, _fresh_candidate(data_dir), "corrupt")
        return open_database(data_dir), _report(problem, moved, None, skipped)


def _fresh_candidate(data_dir: Path) -> Candidate:
    """A new, empty, migrated database in a scratch dir (rollback-journal mode), ready for swap_in."""
    from desktop.store.restore import CANDIDATE, Candidate, new_scratch

    scratch = new_scratch(data_dir)
    path = scratch / CANDIDATE
    db = connect(path)
    try:
        for number in range(1, len(MIGRATIONS) + 1):
            migrations.apply(db, number)
        db.execute("PRAGMA journal_mode = DELETE")
    finally:
        db.conn.close()
    return Candidate(path, scratch, path, len(MIGRATIONS))


def _report(problem: str, moved: Path | None, restored: Path | None, skipped: list[Path]) -> RecoveryReport:
    where = f"已移至 {moved.name}" if moved else "已移走"
    head = f"数据库文件已损坏（{problem}），{where}，可交技术人员分析。"
    if restored is not None:
        made = backup_time(restored)
        when = f"{made:%Y-%m-%d %H:%M}" if made else restored.name
        body = f"已自动从 {when} 的备份恢复；此后所做的修改未能恢复，请核对最近办理的办件。"
    else:
        body = "没有可用的备份，已新建空数据库。"
    if skipped:
        body += f"（{len(skipped)} 个备份文件也已损坏，已跳过。）"
    return RecoveryReport(problem, moved, restored, tuple(skipped), head + body)
