"""The retention purge, so that a purged case's personal data is really gone from the data dir.

:func:`purge` (``qingdan purge --closed-days N --yes``; the GUI's 清理已办结办件 calls it too):

1. holds the data dir alone (a running GUI or command is named and the purge refused);
2. in the live database, deletes the cases closed more than N days ago and redacts the audit entries
   of every case that no longer exists (desktop/store/repository.py ``purge_closed_cases``; migration
   005), with ``secure_delete``; rebuilds the search index; then ``VACUUM`` and a truncating WAL
   checkpoint, so neither the database file nor its ``-wal`` keeps the old bytes;
3. rewrites every backup (``backups/``) and moved-aside copy (``qingdan.db.before-restore-*``,
   ``.corrupt-*`` …) the same way — the purged cases, and any case the same rule would purge that is
   no longer in the live database, are deleted and the copy vacuumed; the old file is overwritten with
   zeros before it is unlinked.  A copy that cannot be checked (damaged, a schema this program did not
   build) cannot be cleaned: it is overwritten and deleted, and the report names it;
4. deletes the print-preview temp PDFs and the lines of the error log (``logs/qingdan.log*``) that name
   a purged case's applicant, ID number, contact or phone.

What it cannot reach: files outside the data dir (exports, saved PDFs, ``qingdan backup -o``
copies) and blocks a file system or SSD keeps after a file is rewritten (docs/reliability.md).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.limits import InputError
from desktop.store import schema
from desktop.store.backup import list_backups
from desktop.store.db import DB_NAME, open_database
from desktop.store.housekeeping import TEMP_DIR, clean_leftovers
from desktop.store.lock import UseLock, exclusive_data_dir
from desktop.store.migrations import MIGRATIONS
from desktop.store.repository import PURGE_ACTIONS, Repository, purge_cutoff
from desktop.store.restore import SIDE_FILES, finish_interrupted, fsync_dir, new_scratch

LOG_DIR, LOG_NAME = "logs", "qingdan.log"  # desktop/logs.py (not imported: it is not a store module)


class _Unusable(Exception):
    """A copy that cannot be cleaned (and so is deleted)."""


@dataclass
class PurgeReport:
    days: int
    purged: list[str] = field(default_factory=list)
    rewritten: list[Path] = field(default_factory=list)
    dropped: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # not processed: cancelled
    temp_files: int = 0
    log_lines: int = 0

    @property
    def lines(self) -> list[str]:
        out = [f"已清除 {len(self.purged)} 个办结超过 {self.days} 天的办件。"]
        if self.purged:
            out.append("办理记录中这些办件的内容已抹去（只保留曾有记录这一事实）；数据库已压缩，删除的数据不留在文件中。")
        if self.rewritten:
            out.append(f"已重写 {len(self.rewritten)} 个备份或旧数据库副本，其中的这些办件已删除。")
        out += [f"已删除 {path.name}：{why}，无法从中清除个人信息。" for path, why in self.dropped]
        if self.skipped:
            out.append(f"已取消：{len(self.skipped)} 个备份或副本未处理，仍可能含有已清除办件的个人信息"
                       f"（{'、'.join(p.name for p in self.skipped[:3])}{'等' if len(self.skipped) > 3 else ''}）。")
        if self.temp_files:
            out.append(f"已删除 {self.temp_files} 个打印预览临时文件。")
        if self.log_lines:
            out.append(f"已从日志中删除 {self.log_lines} 行含有这些办件信息的内容。")
        out.append("数据目录以外的文件（导出的办件文件、保存的 PDF、另存的备份）不受影响，请自行删除。")
        return out

    @property
    def message(self) -> str:
        return "\n".join(self.lines)


def shred(path: Path) -> None:
    """Overwrite a file with zeros, sync, delete it (best effort on copy-on-write disks and SSDs)."""
    try:
        size = path.stat().st_size
        with path.open("r+b") as fh:
            block = b"\0" * (1 << 20)
            for _ in range(0, size, len(block)):
                fh.write(block)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        pass
    path.unlink(missing_ok=True)


def copies(data_dir: Path) -> list[Path]:
    """Backups and moved-aside databases in the data dir (their -wal/-shm go with them)."""
    aside = [p for p in data_dir.glob(f"{DB_NAME}.*")
             if p.is_file() and not p.name.endswith(SIDE_FILES) and not p.name.endswith(".part")]
    return list_backups(data_dir) + sorted(aside)


def _personal_values(repo: Repository, ids: list[str]) -> set[str]:
    values: set[str] = set()
    for cid in ids:
        case = repo.get_case(cid)
        if case is not None:
            a = case.applicant
            values |= {v for v in (a.name, a.id_number, a.contact, a.phone) if len(v) >= 4}
    return values


def _live(data_dir: Path, days: int, who: str, today: dt.date | None) -> tuple[list[str], set[str], set[str]]:
    """Purge and compact the live database: (purged ids, personal values, ids still live)."""
    db = open_database(data_dir)  # migrated: the redaction needs migration 005
    repo = Repository(db)
    try:
        values = _personal_values(repo, repo.purge_due(days, today))
        purged = repo.purge_closed_cases(days, who, today)
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return purged, values, set(repo.case_ids())
    finally:
        db.conn.close()


def _clean_copy(path: Path, scratch: Path, purged: list[str], live: set[str], cutoff: str) -> None:
    """Rewrite one copy without the purged cases (see the module docstring); raises _Unusable."""
    work = scratch / "work.db"
    for suffix in ("", "-wal"):
        if Path(f"{path}{suffix}").exists():
            shutil.copyfile(f"{path}{suffix}", f"{work}{suffix}")
    try:
        conn = sqlite3.connect(str(work), isolation_level=None)
    except sqlite3.Error as exc:
        raise _Unusable(f"无法打开（{exc}）") from None
    try:
        if [str(r[0]) for r in conn.execute("PRAGMA integrity_check(1)")] != ["ok"]:
            raise _Unusable("文件已损坏")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if not 1 <= version <= len(MIGRATIONS) or schema.differences(conn, version):
            raise _Unusable("不是本程序建立的数据库结构")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA foreign_keys = ON")
        _delete(conn, purged, live, cutoff)
        if schema.differences(conn, version):
            raise _Unusable("清除后结构检查未通过")
        conn.execute("VACUUM")
    except sqlite3.DatabaseError as exc:
        raise _Unusable(f"无法处理（{exc}）") from None
    finally:
        conn.close()
    keep = scratch / "old.db"
    try:
        os.link(path, keep)
    except OSError:
        keep = path  # no second name: the old blocks are freed, not overwritten
    os.chmod(work, 0o600)
    os.replace(work, path)
    if keep != path:
        shred(keep)
    for suffix in SIDE_FILES:
        if Path(f"{path}{suffix}").exists():
            shred(Path(f"{path}{suffix}"))


def _delete(conn: sqlite3.Connection, purged: list[str], live: set[str], cutoff: str) -> None:
    """Delete the purged cases and the rule's cases gone from the live database; redact orphans' audit
    entries.  The audit triggers of an older schema forbid that: they are dropped for this one
    transaction and recreated from their own text (the schema is compared again afterwards)."""
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'"
                            ).fetchall()
    has_fts = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'cases_fts'").fetchone() is not None
    redacted = any(r[1] == "redacted" for r in conn.execute("PRAGMA table_info(audit)"))
    closed = ("coalesce(closed_at, updated_at)" if any(r[1] == "closed_at" for r in conn.execute("PRAGMA table_info(cases)"))
              else "updated_at")  # schema version 1 had no closed_at
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TEMP TABLE purge_ids (id TEXT PRIMARY KEY)")
        conn.executemany("INSERT OR IGNORE INTO purge_ids VALUES (?)", [(i,) for i in purged])
        due = conn.execute(f"SELECT id FROM cases WHERE status = 'closed' AND {closed} < ?", [cutoff]).fetchall()
        conn.executemany("INSERT OR IGNORE INTO purge_ids VALUES (?)", [r for r in due if r[0] not in live])
        conn.execute("DELETE FROM cases WHERE id IN (SELECT id FROM purge_ids)")
        for name, _sql in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        mark = ", redacted = 1" if redacted else ""
        conn.execute(f"UPDATE audit SET old = NULL, new = NULL{mark}"
                     f" WHERE action NOT IN ({', '.join('?' * len(PURGE_ACTIONS))})"
                     " AND case_id NOT IN (SELECT id FROM cases)", PURGE_ACTIONS)
        for _name, sql in triggers:
            conn.execute(sql)
        if has_fts:
            conn.execute("INSERT INTO cases_fts (cases_fts) VALUES ('rebuild')")
        conn.execute("DROP TABLE temp.purge_ids")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def log_files(data_dir: Path) -> list[Path]:
    """The error log and its rotations (desktop/logs.py), and the single log of older versions."""
    logs = data_dir / LOG_DIR
    rotated = sorted(p for p in logs.glob(f"{LOG_NAME}*") if p.is_file()) if logs.is_dir() else []
    legacy = data_dir / LOG_NAME
    return ([legacy] if legacy.is_file() else []) + rotated


def _scrub_log(data_dir: Path, values: set[str]) -> int:
    """Remove the log lines naming a purged value, in place (a running logger keeps appending to the
    same file): the file is zeroed, then the kept lines are written back.  Returns the lines removed."""
    needles = [v.encode("utf-8") for v in values]
    removed = 0
    for log in log_files(data_dir) if needles else []:
        lines = log.read_bytes().splitlines(keepends=True)
        kept = b"".join(line for line in lines if not any(n in line for n in needles))
        if len(kept) == sum(map(len, lines)):
            continue
        removed += sum(1 for line in lines if any(n in line for n in needles))
        with log.open("r+b") as fh:
            fh.write(b"\0" * log.stat().st_size)
            fh.flush()
            os.fsync(fh.fileno())
            fh.seek(0)
            fh.write(kept)
            fh.truncate()
            os.fsync(fh.fileno())
    return removed


def purge(data_dir: Path, days: int, who: str, today: dt.date | None = None, own: UseLock | None = None,
          holder: str = "命令行 purge", progress: Callable[[int, int, str], None] | None = None,
          cancel: Callable[[], bool] | None = None) -> PurgeReport:
    """The whole purge (module docstring).  ``own``: the caller's use slot (its connection closed).

    ``progress(done, total, name)`` per backup or copy; ``cancel()`` is asked between copies (the live
    database is already purged then; the report lists the copies left unprocessed).
    """
    if days < 0:
        raise InputError("保留天数不能为负数")
    report = PurgeReport(days)
    with exclusive_data_dir(data_dir, holder, "清除过期办件", own):
        finish_interrupted(data_dir)
        tmp = data_dir / TEMP_DIR
        for path in list(tmp.iterdir()) if tmp.is_dir() else []:
            if path.is_file():
                shred(path)
                report.temp_files += 1
        clean_leftovers(data_dir)
        report.purged, values, live = _live(data_dir, days, who, today)
        cutoff = purge_cutoff(days, today)
        todo = copies(data_dir)
        for n, path in enumerate(todo, 1):
            if cancel is not None and cancel():
                report.skipped = todo[n - 1:]
                break
            scratch = new_scratch(data_dir, "purge-")
            try:
                _clean_copy(path, scratch, report.purged, live, cutoff)
                report.rewritten.append(path)
            except _Unusable as exc:
                for suffix in ("", *SIDE_FILES):
                    shred(Path(f"{path}{suffix}"))
                report.dropped.append((path, str(exc)))
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
            if progress is not None:
                progress(n, len(todo), path.name)
        report.log_lines = _scrub_log(data_dir, values)
        fsync_dir(data_dir)
    return report
