"""Restore is check → migrate a copy → verify → swap (issue 15): a file whose schema is not exactly the
app's (wrong columns, an extra trigger, dropped audit triggers, a view), whose data is outside the
limits or whose migration fails is refused and the live database stays; a live file's WAL comes
along; the content cache of a backup is never trusted; the old database's new path is named."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.app import main
from desktop.context import build_context
from desktop.store import backup, migrations
from desktop.store.backup import make_backup, open_with_recovery
from desktop.store.db import DB_NAME, open_database
from desktop.store.errors import BackupError, StoreError
from desktop.store.restore import RestoreReport, restore_database
from tests.store.conftest import read_only, worked_case


def _saved(data: Path, *names: str) -> Path:
    """A data dir with cases ``names``; returns a backup of it (made with the app's own backup)."""
    ctx = build_context(data)
    try:
        for name in names:
            worked_case(ctx, name)
        return make_backup(data, ctx.repo.db)
    finally:
        ctx.close()


def _names(data: Path) -> list[str]:
    ctx = build_context(data)
    try:
        return sorted(r.name for r in ctx.repo.list_cases())
    finally:
        ctx.close()


def _tamper(path: Path, *sql: str) -> Path:
    conn = sqlite3.connect(str(path), isolation_level=None)
    for statement in sql:
        conn.execute(statement)
    conn.close()
    return path


def _live_with(data: Path, name: str) -> None:
    ctx = build_context(data)
    worked_case(ctx, name)
    ctx.close()


def _refused(data: Path, file: Path, match: str) -> str:
    before = (data / DB_NAME).read_bytes()
    with pytest.raises(StoreError, match=match) as exc:
        backup.restore(data, file)  # the entry point the GUI uses
    message = str(exc.value)
    assert "当前数据库未改动" in message and "\n" not in message
    assert (data / DB_NAME).read_bytes() == before
    assert not list(data.glob(f"{DB_NAME}.before-restore-*")) and not list(data.glob("restore-*"))
    return message


def test_restore_reports_where_the_old_database_went(tmp_path: Path) -> None:
    saved = _saved(tmp_path / "src", "示例甲")
    data = tmp_path / "data"
    _live_with(data, "示例乙")
    report = restore_database(data, saved)
    assert isinstance(report, RestoreReport) and report.aside is not None and report.aside.exists()
    assert str(report.aside) in report.message and "before-restore" in report.aside.name
    assert _names(data) == ["示例甲"]
    conn = sqlite3.connect(str(report.aside))
    assert [r[0] for r in conn.execute("SELECT applicant_name FROM cases")] == ["示例乙"]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    conn.close()


@pytest.mark.parametrize("sql", ["ALTER TABLE cases DROP COLUMN office", "ALTER TABLE cases ADD COLUMN extra TEXT"])
def test_restore_refuses_right_tables_wrong_columns(tmp_path: Path, sql: str) -> None:
    saved = _saved(tmp_path / "src", "示例甲")
    _tamper(saved, sql)  # right table names, wrong columns
    data = tmp_path / "data"
    _live_with(data, "示例乙")
    assert "表 cases 的定义与本程序不同" in _refused(data, saved, "结构")
    assert _names(data) == ["示例乙"]


@pytest.mark.parametrize("sql", [
    ["CREATE TRIGGER wipe AFTER INSERT ON cases BEGIN UPDATE item_states SET status = 'pending'; END"],
    ["CREATE TRIGGER rename AFTER INSERT ON cases BEGIN UPDATE cases SET applicant_name = 'x'; END"],
    ["DROP TRIGGER audit_no_update", "DROP TRIGGER audit_no_delete"],
    ["CREATE VIEW everyone AS SELECT applicant_name, phone FROM cases"],
    ["CREATE INDEX extra ON cases (phone)"],
    ["CREATE TABLE extra (x)"],
], ids=["wipe-trigger", "rename-trigger", "audit-triggers-dropped", "view", "index", "table"])
def test_restore_refuses_extra_or_missing_schema_objects(tmp_path: Path, sql: list[str]) -> None:
    saved = _tamper(_saved(tmp_path / "src", "示例甲"), *sql)
    data = tmp_path / "data"
    _live_with(data, "示例乙")
    _refused(data, saved, "结构")
    ctx = build_context(data)  # the live audit log is still append-only
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        ctx.repo.db.execute("DELETE FROM audit")
    ctx.close()


def test_recovery_skips_a_backup_with_a_forged_schema(tmp_path: Path) -> None:
    data = tmp_path / "data"
    good = _saved(data, "示例甲")
    forged = _tamper(_saved(data, "示例乙"),
                     "CREATE TRIGGER wipe AFTER INSERT ON cases BEGIN DELETE FROM item_states; END")
    (data / DB_NAME).write_bytes(b"garbage" * 1000)
    for side in ("-wal", "-shm"):
        Path(f"{data / DB_NAME}{side}").unlink(missing_ok=True)
    db, report = open_with_recovery(data)
    assert report is not None and report.restored_from == good and report.skipped == (forged,)
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'wipe'").fetchone()[0] == 0
    db.conn.close()


def test_restore_drops_the_content_cache(tmp_path: Path) -> None:
    saved = _saved(tmp_path / "src", "示例甲")
    conn = sqlite3.connect(str(saved), isolation_level=None)
    # the content rows of the backup are edited (the ledger outside the database knows the real digest)
    assert conn.execute("UPDATE content_checklists SET title = '伪造的清单标题'").rowcount > 0
    conn.close()
    data = tmp_path / "data"
    restore_database(data, saved)
    ctx = build_context(data)
    try:
        assert ctx.content_imported  # re-imported and validated from the shipped files
        assert "伪造的清单标题" not in {c.title for c in ctx.catalog.checklists.values()}
    finally:
        ctx.close()


def test_restore_whose_migration_fails_leaves_the_live_database(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    conn = sqlite3.connect(str(tmp_path / "old.db"), isolation_level=None)  # a backup at schema version 1
    migrations.apply(migrations.Database(conn), 1)
    conn.execute("INSERT INTO cases (id, applicant_name, received_on, created_at, updated_at)"
                 " VALUES ('QD-20261125-0001', '示例旧', '2026-11-25', '2026-11-25T09:00:00', '2026-11-25T09:00:00')")
    conn.close()
    data = tmp_path / "data"
    _live_with(data, "示例乙")
    real = migrations.apply

    def failing(db: migrations.Database, number: int) -> None:
        if number == 2:
            raise sqlite3.OperationalError("模拟的升级失败")
        real(db, number)

    monkeypatch.setattr(migrations, "apply", failing)
    assert "无法升级" in _refused(data, tmp_path / "old.db", "无法升级")
    monkeypatch.undo()
    assert _names(data) == ["示例乙"]
    restore_database(data, tmp_path / "old.db")  # the same file migrates fine without the fault
    assert _names(data) == ["示例旧"]


def test_restore_from_a_live_database_includes_its_wal(tmp_path: Path) -> None:
    source_dir = tmp_path / "other"
    source_dir.mkdir()
    writer = open_database(source_dir)  # another data dir, still open, with its changes in the -wal
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("INSERT INTO cases (id, applicant_name, received_on, created_at, updated_at) VALUES"
                   " ('QD-20261125-0001', '示例在WAL中', '2026-11-25', '2026-11-25T09:00:00', '2026-11-25T09:00:00')")
    assert Path(f"{source_dir / DB_NAME}-wal").stat().st_size > 0
    data = tmp_path / "data"
    restore_database(data, source_dir / DB_NAME)
    writer.conn.close()
    assert _names(data) == ["示例在WAL中"]


@pytest.mark.parametrize(("sql", "why"), [
    ("UPDATE cases SET applicant_name = hex(zeroblob(5000000))", "申请人名称过长"),
    ("UPDATE cases SET received_on = 'not-a-date'", "受理日期无效"),
    ("UPDATE cases SET closed_at = 'not-a-date', status = 'closed'", "办结时间无效"),
    ("INSERT INTO cases (id, applicant_name, received_on, created_at, updated_at) VALUES ('QD' || char(10)"
     " || 'forged', 'x', '2026-11-25', '2026-11-25T09:00:00', '2026-11-25T09:00:00')", "办件编号"),
    ("UPDATE answers SET value = '1' || substr(hex(zeroblob(200)), 1, 400)", "数值回答超出范围"),
    ("UPDATE cases SET applicant_name = CAST(x'e4b8ff' AS TEXT)", "无效的文字编码"),
    ("UPDATE cases SET phone = x'00ff'", "不是文字"),
], ids=["long-name", "bad-date", "bad-closed-at", "id-with-newline", "huge-number", "bad-utf8", "blob"])
def test_restore_refuses_data_outside_the_limits(tmp_path: Path, sql: str, why: str) -> None:
    saved = _saved(tmp_path / "src", "示例甲")
    conn = sqlite3.connect(str(saved), isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(sql)
    conn.close()
    data = tmp_path / "data"
    _live_with(data, "示例乙")
    assert why in _refused(data, saved, "超出本程序的限制")


def test_restore_refuses_the_live_database_itself_and_missing_files(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _live_with(data, "示例乙")
    with pytest.raises(BackupError, match="就是正在使用的数据库"):
        restore_database(data, data / DB_NAME)
    with pytest.raises(BackupError, match=r"文件不存在.*当前数据库未改动"):
        restore_database(data, tmp_path / "missing.db")


def test_restore_on_a_read_only_data_dir_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    saved = _saved(tmp_path / "src", "示例甲")
    data = tmp_path / "data"
    _live_with(data, "示例乙")
    with read_only(data):
        code = main(["--data-dir", str(data), "restore", str(saved)])
        err = capsys.readouterr().err
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and "只读" in lines[0] and str(data) in lines[0]
    assert "内部错误" not in err and "当前数据库未改动" in err
    assert _names(data) == ["示例乙"]


def test_a_restored_backup_from_an_older_version_is_migrated(tmp_path: Path) -> None:
    conn = sqlite3.connect(str(tmp_path / "v1.db"), isolation_level=None)
    migrations.apply(migrations.Database(conn), 1)
    conn.close()
    data = tmp_path / "data"
    report = restore_database(data, tmp_path / "v1.db")
    assert report.from_version == 1 and report.to_version == len(migrations.MIGRATIONS)
    assert any("已升级" in line for line in report.lines)
    db = open_database(data)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(migrations.MIGRATIONS)
    db.conn.close()
    assert backup.restore(data, tmp_path / "v1.db") is not None  # the GUI's entry point
    shutil.rmtree(data)
