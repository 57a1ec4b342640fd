"""Opening the database: pragmas for durability and concurrency, then migrations.

- WAL journal, ``synchronous=FULL``: a change is on disk when its transaction commits, so a kill -9
  or a power cut loses nothing the UI has shown as saved.
- ``foreign_keys=ON``; ``busy_timeout`` so a second instance waits instead of failing.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import sqlite_utils

from desktop.store import migrations
from desktop.store.migrations import MIGRATIONS, current_version

DB_NAME = "qingdan.db"


class StoreError(Exception):
    """The database cannot be opened or used; the message is for the user."""


def connect(path: Path) -> sqlite_utils.Database:
    conn = sqlite3.connect(str(path), timeout=10.0, isolation_level=None, check_same_thread=True)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return sqlite_utils.Database(conn)


def open_database(data_dir: Path) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database in data_dir.

    Before migrating an existing database it is copied to ``backups/`` so a failed migration can be
    undone by hand.
    """
    path = data_dir / DB_NAME
    existed = path.exists()
    try:
        db = connect(path)
        version = current_version(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"无法打开数据库 {path}：{exc}") from None
    if version > len(MIGRATIONS):
        raise StoreError(f"数据库 {path} 来自更新版本的程序（结构版本 {version}），请升级程序")
    if existed and version < len(MIGRATIONS):
        backups = data_dir / "backups"
        backups.mkdir(exist_ok=True, mode=0o700)
        target = backups / f"before-migration-{version}.db"
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(path, target)
    for number in range(version + 1, len(MIGRATIONS) + 1):
        migrations.apply(db, number)
    return db
