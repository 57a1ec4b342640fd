"""Opening the database: pragmas for durability and concurrency, private file modes, then migrations.

- WAL journal, ``synchronous=FULL``: a change is on disk when its transaction commits, so a kill -9
  or a power cut loses nothing the UI has shown as saved.
- ``foreign_keys=ON``; ``busy_timeout`` so a second instance waits instead of failing.  Writes take
  the lock up front (``BEGIN IMMEDIATE``, retried past the timeout: connection.begin_immediate);
  reads run in autocommit mode, so no read transaction is left open between calls.
- The database holds personal data: its files are created owner-only (0600; SQLite gives the -wal
  and -shm files the mode of the database file).
- Before migrating an existing database a snapshot is taken with the SQLite backup API
  (desktop/store/backup.py, same retention as the daily backups).
- Disk full, read-only and permission failures become one Chinese line naming the file
  (desktop/store/errors.py).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from desktop.store import migrations
from desktop.store.connection import Database, retry_locked
from desktop.store.errors import (
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    CorruptDatabase,
    EnvironmentProblem,
    NewerSchema,
    StoreError,
    as_store_error,
    environment_message,
    sqlite_code,
)
from desktop.store.migrations import MIGRATIONS, current_version

__all__ = ["DB_NAME", "CorruptDatabase", "EnvironmentProblem", "NewerSchema", "StoreError", "connect",
           "is_corruption", "make_private", "open_database"]

DB_NAME = "qingdan.db"
# a restore in progress (desktop/store/restore.py): its marker file and its scratch dirs' suffix; here, so a start
# that finds neither need not import the restore machinery
RESTORE_MARKER, SCRATCH_SUFFIX = "restore-pending.json", ".tmp"
FILE_MODE = 0o600
DIR_MODE = 0o700
BUSY_TIMEOUT_MS = 10_000


def is_corruption(exc: sqlite3.DatabaseError) -> bool:
    code = sqlite_code(exc)
    if code is None:  # no code: "file is not a database" style errors are the base class
        return type(exc) is sqlite3.DatabaseError
    return code in (SQLITE_CORRUPT, SQLITE_NOTADB)


def make_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if missing, else tighten its mode to 0600 (POSIX)."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
        os.close(fd)
    except FileExistsError:
        if os.name == "posix" and path.stat().st_mode & 0o077:
            os.chmod(path, FILE_MODE)


def private_dir(path: Path) -> Path:
    """``path`` as a directory, created owner-only (0700) if missing; an existing one is tightened."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if os.name == "posix" and path.stat().st_mode & 0o077:
        os.chmod(path, DIR_MODE)
    return path


def connect(path: Path) -> Database:
    make_private(path)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=True)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        retry_locked(conn, "PRAGMA journal_mode = WAL")  # may need a lock SQLite will not wait for
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    return Database(conn)


def _error(path: Path, exc: sqlite3.DatabaseError) -> StoreError:
    if is_corruption(exc):
        return CorruptDatabase(f"无法打开数据库 {path}：{exc}")
    return as_store_error(exc, path, f"无法打开数据库 {path}：{exc}")


def open_database(data_dir: Path) -> Database:
    """Open (creating if needed) and migrate the database in data_dir.

    Raises :class:`CorruptDatabase` for a damaged file, :class:`NewerSchema` for a database from a
    newer program, :class:`StoreError` otherwise (locked past the timeout, no permission, disk full).
    """
    path = data_dir / DB_NAME
    existed = path.exists() and path.stat().st_size > 0
    try:
        db = connect(path)
    except sqlite3.DatabaseError as exc:
        raise _error(path, exc) from None
    except OSError as exc:
        message = environment_message(exc, path)
        raise (EnvironmentProblem(message) if message else StoreError(f"无法打开数据库 {path}：{exc.strerror}")) from None
    try:
        version = current_version(db)
        if version > len(MIGRATIONS):
            raise NewerSchema(f"数据库 {path} 来自更新版本的程序（结构版本 {version}），请升级程序")
        if existed and version < len(MIGRATIONS):
            from desktop.store import backup  # backup imports this module

            backup.make_backup(data_dir, db, f"before-migration-{version}")
        for number in range(version + 1, len(MIGRATIONS) + 1):
            migrations.apply(db, number)
    except sqlite3.DatabaseError as exc:
        db.conn.close()
        raise _error(path, exc) from None
    except BaseException:
        db.conn.close()
        raise
    return db
