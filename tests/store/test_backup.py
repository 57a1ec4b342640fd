"""Backups (backup API, daily at most, before migrations, retention), restore with checks, start-up
recovery of a damaged database, and owner-only file modes."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from desktop.context import build_context
from desktop.core.model import Applicant
from desktop.store import backup
from desktop.store.backup import BackupError, list_backups, make_backup, maybe_daily_backup, open_with_recovery
from desktop.store.db import DB_NAME, NewerSchema, StoreError, open_database
from desktop.store.migrations import MIGRATIONS
from desktop.store.repository import Repository


def _repo(data: Path) -> Repository:
    return Repository(open_database(data))


def _case(repo: Repository, name: str = "张三") -> str:
    return repo.create_case(Applicant(name), [("kaiban", "v1")], dt.date(2026, 11, 25), "", "", "李四")


def _names(data: Path) -> list[str]:
    repo = _repo(data)
    try:
        return [r.name for r in repo.list_cases()]
    finally:
        repo.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_backup_is_a_consistent_self_contained_copy(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _case(repo, "甲")
    target = make_backup(tmp_path, repo.db)
    _case(repo, "乙")  # after the snapshot
    assert target.parent == tmp_path / "backups" and target.name.endswith("-manual.db")
    assert not Path(f"{target}-wal").exists()
    assert backup.check_file(target) == len(MIGRATIONS)
    conn = sqlite3.connect(str(target))
    assert [r[0] for r in conn.execute("SELECT applicant_name FROM cases")] == ["甲"]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_daily_backup_at_most_once_a_day_and_retention(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    day = dt.date.today()
    first = maybe_daily_backup(tmp_path, repo.db)
    assert first is not None and first.name.endswith("-daily.db")
    assert maybe_daily_backup(tmp_path, repo.db) is None
    assert maybe_daily_backup(tmp_path, repo.db, today=day + dt.timedelta(days=1)) is not None
    for _ in range(12):
        make_backup(tmp_path, repo.db, keep=10)
    kept = list_backups(tmp_path)
    assert len(kept) == 10 and first not in kept  # the oldest went first
    assert kept == sorted(kept, key=lambda p: p.name, reverse=True)


def test_migration_takes_a_backup_api_snapshot(tmp_path: Path) -> None:
    import sqlite_utils

    from desktop.store.migrations import apply

    conn = sqlite3.connect(str(tmp_path / DB_NAME), isolation_level=None)
    apply(sqlite_utils.Database(conn), 1)  # a database from before migration 2
    conn.close()
    _repo(tmp_path).close()
    snaps = list_backups(tmp_path)
    assert len(snaps) == 1 and snaps[0].name.endswith("-before-migration-1.db")
    assert backup.check_file(snaps[0]) == 1
    _repo(tmp_path).close()  # nothing to migrate: no new snapshot
    assert list_backups(tmp_path) == snaps


def test_restore_checks_the_file_and_keeps_the_old_database(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _case(repo, "甲")
    saved = make_backup(tmp_path, repo.db)
    _case(repo, "乙")
    repo.close()
    aside = backup.restore(tmp_path, saved)
    assert aside is not None and aside.name.startswith(f"{DB_NAME}.before-restore-")
    assert _names(tmp_path) == ["甲"]
    conn = sqlite3.connect(str(aside))
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 2
    conn.close()


@pytest.mark.parametrize(("content", "message"), [
    (b"not a database at all" * 100, "不是有效的数据库"),
    (b"", "不是营商办事清单的数据库"),
])
def test_restore_refuses_bad_files_and_leaves_the_live_database(tmp_path: Path, content: bytes,
                                                               message: str) -> None:
    repo = _repo(tmp_path)
    _case(repo, "甲")
    repo.close()
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    with pytest.raises(BackupError, match=message):
        backup.restore(tmp_path, bad)
    with pytest.raises(BackupError, match="文件不存在"):
        backup.restore(tmp_path, tmp_path / "missing.db")
    assert _names(tmp_path) == ["甲"]
    assert not list(tmp_path.glob("*.restore-tmp*"))


def test_restore_refuses_other_sqlite_files_and_newer_schemas(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(str(other))
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(BackupError, match="不是营商办事清单"):
        backup.restore(tmp_path, other)
    (tmp_path / "newer").mkdir()
    repo = _repo(tmp_path / "newer")
    repo.db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    newer = backup.snapshot(repo.db, tmp_path / "newer.db")
    with pytest.raises(BackupError, match="更新版本"):
        backup.restore(tmp_path, newer)


def _garble_header(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.write(b"\xde\xad\xbe\xef" * 64)


def test_garbage_header_recovers_from_the_newest_good_backup(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _case(repo, "甲")
    old = make_backup(tmp_path, repo.db)
    _case(repo, "乙")
    newest = make_backup(tmp_path, repo.db)
    _case(repo, "丙")
    repo.close()
    _garble_header(tmp_path / DB_NAME)
    _garble_header(newest)  # the newest backup is damaged too: it is skipped
    db, report = open_with_recovery(tmp_path)
    assert report is not None
    assert report.restored_from == old and report.skipped == (newest,)
    assert report.moved_to is not None and report.moved_to.name.startswith(f"{DB_NAME}.corrupt-")
    assert report.moved_to.exists()
    assert "已损坏" in report.message and "备份恢复" in report.message and "Traceback" not in report.message
    assert [r[0] for r in db.execute("SELECT applicant_name FROM cases")] == ["甲"]
    db.conn.close()
    db, again = open_with_recovery(tmp_path)  # the next start is normal: no loop
    assert again is None
    db.conn.close()


def test_damaged_page_found_by_quick_check_and_no_backup_gives_a_fresh_database(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    for n in range(300):
        _case(repo, f"企业{n}" * 20)
    repo.close()
    path = tmp_path / DB_NAME
    size = path.stat().st_size
    with path.open("r+b") as fh:  # scribble over the middle pages, keep the header
        fh.seek(size // 2)
        fh.write(os.urandom(8192))
    db, report = open_with_recovery(tmp_path)
    assert report is not None and report.restored_from is None
    assert "没有可用的备份" in report.message and "新建空数据库" in report.message
    assert db.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
    db.conn.close()


def test_a_damaged_database_is_never_backed_up_over_good_backups(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    for n in range(300):
        _case(repo, f"企业{n}" * 20)
    good = make_backup(tmp_path, repo.db, keep=1)
    repo.close()
    path = tmp_path / DB_NAME
    with path.open("r+b") as fh:
        fh.seek(path.stat().st_size // 2)
        fh.write(os.urandom(8192))
    db = open_database(tmp_path)  # the header is fine: opening alone does not notice
    with pytest.raises(BackupError, match="检查未通过"):
        make_backup(tmp_path, db, keep=1)
    assert list_backups(tmp_path) == [good]
    db.conn.close()
    db, report = open_with_recovery(tmp_path, full_check=True)
    assert report is not None and report.restored_from == good
    assert db.execute("SELECT count(*) FROM cases").fetchone()[0] == 300
    db.conn.close()


def test_build_context_exposes_the_recovery_report(tmp_path: Path) -> None:
    ctx = build_context(tmp_path)
    assert ctx.recovery is None
    ctx.close()
    _garble_header(tmp_path / DB_NAME)
    ctx = build_context(tmp_path)
    assert ctx.recovery is not None and ctx.catalog.checklists
    ctx.close()


def test_a_newer_database_is_never_moved_aside(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    repo.close()
    with pytest.raises(NewerSchema):
        open_with_recovery(tmp_path)
    assert (tmp_path / DB_NAME).exists() and not list(tmp_path.glob("*.corrupt-*"))
    assert issubclass(NewerSchema, StoreError)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_data_dir_database_and_backups_are_owner_only(tmp_path: Path) -> None:
    ctx = build_context(tmp_path / "fresh")
    made = make_backup(ctx.data_dir, ctx.repo.db)
    assert _mode(ctx.data_dir) == 0o700
    assert _mode(ctx.data_dir / DB_NAME) == 0o600
    assert _mode(Path(f"{ctx.data_dir / DB_NAME}-wal")) == 0o600
    assert _mode(made.parent) == 0o700 and _mode(made) == 0o600
    ctx.close()
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / DB_NAME).touch(mode=0o644)
    os.chmod(loose / DB_NAME, 0o644)
    _repo(loose).close()
    assert _mode(loose / DB_NAME) == 0o600
